"""The configuration file: optional, and a broken one is a sentence, not a traceback."""

from pathlib import Path

import pytest
from conftest import Advocate
from test_bad_input import refused
from test_cli import new_case, shown

from advocate_tui.rules.errors import ConfigError
from advocate_tui.rules.vocab import AgendaKind
from advocate_tui.storage.config import load_settings, remember


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
        (
            '[agenda]\nhide = ["plans"]\n',
            "In {p}, agenda.hide must be a list of some of alerts, hearings, orders, reviews, risk-reviews, "
            "referrals, follow-ups, quiet-cases, plan-items.",
        ),
        ('[agenda]\nmine = "yes"\n', "In {p}, agenda.mine must be true or false, not 'yes'."),
    ],
    ids=["toml", "table", "areas", "name", "plan", "agenda-kind", "agenda-mine"],
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


def test_settings_the_application_saves_keep_the_file_s_comments_and_order(config_file: Path) -> None:
    write(
        config_file, '# mine\n[agenda]   # the agenda\nmine = false  # all cases\n\n[keys]\n"caseload.filter" = "f"\n'
    )
    remember("agenda", {"mine": True, "hide": ["plan-items"]})
    assert config_file.read_text() == (
        '# mine\n[agenda]   # the agenda\nmine = true  # all cases\nhide = ["plan-items"]\n\n'
        '[keys]\n"caseload.filter" = "f"\n'
    )
    settings = load_settings()  # read afresh
    assert (settings.agenda_mine, settings.agenda_hidden, settings.keys) == (
        True,
        frozenset({AgendaKind.PLAN_ITEMS}),
        {"caseload.filter": "f"},
    )
    assert config_file.stat().st_mode & 0o077 == 0


def test_saving_a_setting_makes_the_file_and_refuses_a_broken_one(isolated_home: Path, config_file: Path) -> None:
    remember("appearance", {"theme": "advocate-light"})
    assert config_file.read_text() == '[appearance]\ntheme = "advocate-light"\n'
    write(config_file, "appearance = 3\n")
    with pytest.raises(ConfigError, match=r"\[appearance\] must be a table of settings\.$"):
        remember("appearance", {"theme": "advocate-dark"})
    assert config_file.read_text() == "appearance = 3\n"
