"""The configuration file: optional, and a broken one is a sentence, not a traceback."""

from pathlib import Path

import pytest
from conftest import Advocate
from test_bad_input import refused
from test_cli import new_case, shown

from advocate_tui.storage.config import load_settings


@pytest.fixture
def config_file(isolated_home: Path) -> Path:
    path = isolated_home / "config" / "advocate-tui" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def write(path: Path, content: str) -> None:
    path.write_text(content)
    load_settings.cache_clear()


def test_the_advocate_and_the_areas_come_from_the_config(sqlite_advocate: Advocate, config_file: Path) -> None:
    write(
        config_file, '[advocate]\nname = "Sam Carter"\n\n[service]\nareas = ["Northshire North", "Northshire South"]\n'
    )
    reference = new_case(sqlite_advocate, "Jo Example", "--area", "northshire south")
    sqlite_advocate("note", reference, "Called")
    case = shown(sqlite_advocate, reference)
    assert (case["area"], case["advocate"], case["notes"][0]["author"]) == (
        "Northshire South",
        "Sam Carter",
        "Sam Carter",
    )
    refused(
        sqlite_advocate("case", "new", "Sam Sample", "--area", "City"),
        "'City' is not one of this service's areas: use one of Northshire North, Northshire South.",
    )


def test_the_service_safety_plan_replaces_the_built_in_one(
    sqlite_advocate: Advocate, config_file: Path, tmp_path: Path
) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text('[[item]]\ncategory = "housing"\ntitle = "Refuge referral discussed"\n')
    write(config_file, f'[service]\nsafety_plan = "{plan}"\n')
    reference = new_case(sqlite_advocate, "Jo Example")
    assert [item["title"] for item in shown(sqlite_advocate, reference)["safety_plan"]] == ["Refuge referral discussed"]


@pytest.mark.parametrize(
    ("content", "sentence"),
    [
        ("[advocate\n", "The config file {p} is not valid TOML"),
        ("service = 3\n", "In {p}, [service] must be a table of settings."),
        ("[service]\nareas = []\n", 'In {p}, service.areas must be a list of names, e.g. ["City", "County"].'),
        ('[advocate]\nname = ""\n', "In {p}, advocate.name must be a non-empty text in quotes."),
        (
            '[service]\nsafety_plan = "/no/such/plan.toml"\n',
            "In {p}, service.safety_plan names /no/such/plan.toml, which is not a file.",
        ),
    ],
    ids=["toml", "table", "areas", "name", "plan"],
)
def test_a_broken_config_is_one_sentence(
    sqlite_advocate: Advocate, config_file: Path, content: str, sentence: str
) -> None:
    write(config_file, content)
    result = sqlite_advocate("case", "new", "Jo Example")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Error: " + sentence.format(p=config_file))
    assert len(result.stderr.splitlines()) == 1
