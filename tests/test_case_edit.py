"""``advocate case edit``: any editable field of a case, its client, its perpetrators and its agency contacts,
with ``--set`` or in the editor as TOML; checked by the forms' cleaners, all or nothing, refused when the case
changed meanwhile, confidential values never shown, the audit trail holding each change."""

import json
import stat
import sys
from pathlib import Path

import pytest
from conftest import Advocate

from advocate_tui.rules.errors import StaleRecordError
from advocate_tui.services.casework import Casework

SAFE_ADDRESS = "Flat 9, 1 Fictional Row, Northtown"


@pytest.fixture
def reference(casework: Casework) -> str:
    """A case with two perpetrators and one agency contact."""
    case = casework.cases.create_case("Jo Example", relationship="ex-partner", perpetrator_name="Pat Notreal")
    casework.parties.add_perpetrator(case.reference, name="Chris Madeup", relationship="friend-acquaintance")
    casework.parties.add_contact(case.reference, kind="police", organisation="Northshire Police", phone="101")
    return case.reference


def shown(advocate: Advocate, reference: str) -> dict:
    result = advocate("case", "show", reference, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def without_views(casework: Casework, reference: str) -> list[tuple[str, str, str]]:
    return [(e.action, e.entity, e.fields) for e in casework.audit.entries(reference) if e.action != "view"]


def refused(result, sentence: str) -> None:
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"Error: {sentence}\n"


def test_each_kind_of_field_is_set_and_the_confidential_ones_not_echoed(
    advocate: Advocate, casework: Casework, reference: str
) -> None:
    result = advocate(
        "case",
        "edit",
        reference,
        "--set",
        "oic_name=DC Notreal",
        "--set",
        f"client.address={SAFE_ADDRESS}",
        "--set",
        "client.voicemail_safe=yes",
        "--set",
        "perpetrators[1].vehicles=Blue hatchback",
        "--set",
        "agency_contacts[0].phone=101 ext 4000",
        "--set",
        "referral_date=20 Nov 2026",
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "referral_date: 2026-11-20",
        "oic_name: DC Notreal",
        "client.voicemail_safe: yes",
        "client.address changed (confidential: not shown)",
        "perpetrators[1].vehicles: Blue hatchback",
        "agency_contacts[0].phone: 101 ext 4000",
    ]
    assert "Fictional Row" not in result.output
    case = shown(advocate, reference)
    assert (case["oic_name"], case["referral_date"]) == ("DC Notreal", "2026-11-20")
    assert (case["client"]["address"], case["client"]["voicemail_safe"]) == (SAFE_ADDRESS, True)
    assert [p["vehicles"] for p in case["perpetrators"]] == [None, "Blue hatchback"]
    assert case["agency_contacts"][0]["phone"] == "101 ext 4000"
    trail = without_views(casework, reference)[-4:]
    assert trail == [
        ("update", "case_file", "oic_name, referral_date"),
        ("update", "client", "address, voicemail_safe"),
        ("update", "perpetrator", "vehicles"),
        ("update", "agency_contact", "phone"),
    ]
    assert casework.audit.verify().breaks == ()


def test_an_empty_value_clears_and_json_lists_the_changed_fields(advocate: Advocate, reference: str) -> None:
    advocate("case", "edit", reference, "--set", "client.pronouns=she/her")
    result = advocate(
        "case",
        "edit",
        reference,
        "--set",
        "client.pronouns=",
        "--set",
        "risk_level=high",
        "--set",
        "risk_reason=Threats to kill",
        "--json",
    )
    assert json.loads(result.stdout) == {
        "format": "advocate-case-edit/1",
        "reference": reference,
        "changed": ["risk_level", "risk_reason", "client.pronouns"],
    }
    assert shown(advocate, reference)["client"]["pronouns"] is None
    assert advocate("case", "edit", reference, "--set", "risk_level=High").stdout == "No changes.\n"


def test_a_risk_level_without_its_reason_is_refused_naming_how_to_give_it(advocate: Advocate, reference: str) -> None:
    before = advocate("case", "show", reference, "--json").stdout
    result = advocate("case", "edit", reference, "--set", "risk_level=high")
    assert result.exit_code == 1 and len(result.stderr.splitlines()) == 1
    assert "--set risk_reason=" in result.stderr
    assert advocate("case", "show", reference, "--json").stdout == before


def test_a_perpetrators_relationship_decides_again_whether_the_case_is_domestic(
    advocate: Advocate, reference: str
) -> None:
    advocate("case", "edit", reference, "--set", "perpetrators[0].relationship=stranger")
    assert shown(advocate, reference)["domestic"] is False


@pytest.mark.parametrize(
    ("assignment", "sentence"),
    [
        (
            "client.date_of_birth=1 Jan 2030",
            "client.date_of_birth: The date of birth (01 Jan 2030) is in the future: give a date on or before today.",
        ),
        ("client.name=", "client.name: The client's name is empty: write something in it."),
        (
            "client.adress=x",
            "'client.adress' is not a field of a case that can be edited: did you mean "
            "client.address or client.name or client.sex? See `advocate case edit --help` for the fields.",
        ),
        (
            "reference=STK-2026-0009",
            "'reference' is not a field of a case that can be edited: did you mean "
            "crime_reference? See `advocate case edit --help` for the fields.",
        ),
        ("perpetrators[2].name=x", "The case has no perpetrators[2] (it has 2, numbered from 0): check the number."),
        ("client.voicemail_safe=maybe", "client.voicemail_safe: The voicemail safe must be yes or no, not 'maybe'."),
        (
            "status=closed",
            "status: a case's status moves only between referred, contacted, assessment, "
            "ongoing-support here; a case ends by being closed, which records why and when.",
        ),
        ("oic_name", "--set oic_name is not FIELD=VALUE: e.g. --set client.pronouns=she/her."),
        (" oic_name=DC Other", "--set names oic_name twice: give each field once."),
    ],
)
def test_a_bad_field_refuses_every_change(advocate: Advocate, reference: str, assignment: str, sentence: str) -> None:
    before = shown(advocate, reference)
    result = advocate("case", "edit", reference, "--set", "oic_name=DC Notreal", "--set", assignment)
    refused(result, sentence)
    assert shown(advocate, reference) == before


def test_a_case_changed_between_reading_and_writing_is_refused_whole(casework: Casework, reference: str) -> None:
    editable = casework.case_edit.read(reference)
    changes = {editable.path("oic_name"): "DC Notreal", editable.path("client.pronouns"): "they/them"}
    client = casework.parties.update_client(editable.records["client"].record_id, 1, language="Polish")
    with pytest.raises(StaleRecordError, match="was changed by someone else since it was read"):
        casework.case_edit.apply(editable, changes)
    case = casework.cases.get_case(reference)
    assert (case.oic_name, case.client and case.client.pronouns) == (None, None)
    assert case.client and case.client.version == client.version


# -- the editor -------------------------------------------------------------------------------------


@pytest.fixture
def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Sets $EDITOR to a small Python program whose body is given (``path`` and ``text`` are the draft's);
    it keeps a copy of the draft it was given, and the draft's mode, beside itself."""
    monkeypatch.delenv("VISUAL", raising=False)

    def use(body: str) -> Path:
        script = tmp_path / "editor.py"
        script.write_text(
            "import os, shutil, stat, sys\n"
            "path = sys.argv[1]\n"
            f"shutil.copyfile(path, {str(tmp_path / 'given.toml')!r})\n"
            f"open({str(tmp_path / 'mode')!r}, 'w').write(oct(stat.S_IMODE(os.stat(path).st_mode)))\n"
            "text = open(path, encoding='utf-8').read()\n" + body
        )
        monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
        return tmp_path

    return use


def drafts(home: Path) -> list[Path]:
    folder = home / "data" / "advocate-tui" / "drafts"
    return sorted(folder.iterdir()) if folder.exists() else []


def replacing(old: str, new: str) -> str:
    return f"open(path, 'w', encoding='utf-8').write(text.replace({old!r}, {new!r}, 1))\n"


def test_the_editor_applies_only_what_changed(
    advocate: Advocate, casework: Casework, reference: str, editor, isolated_home: Path
) -> None:
    advocate("case", "edit", reference, "--set", f"client.address={SAFE_ADDRESS}")
    folder = editor(
        replacing('oic_name = ""', 'oic_name = "DC Notreal"')
        + "text = open(path, encoding='utf-8').read()\n"
        + replacing('address = "Flat 9', 'address = "Flat 10')
    )
    result = advocate("case", "edit", reference)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["oic_name: DC Notreal", "client.address changed (confidential: not shown)"]
    given = (folder / "given.toml").read_text()
    assert given.startswith(f"# Editing {reference}.") and f'address = "{SAFE_ADDRESS}"' in given
    assert "[[perpetrators]]  # perpetrators[1]" in given and "[[agency_contacts]]  # agency_contacts[0]" in given
    assert (folder / "mode").read_text() == "0o600"
    assert drafts(isolated_home) == []  # deleted afterwards
    case = shown(advocate, reference)
    assert (case["oic_name"], case["client"]["address"]) == ("DC Notreal", "Flat 10, 1 Fictional Row, Northtown")
    assert without_views(casework, reference)[-2:] == [
        ("update", "case_file", "oic_name"),
        ("update", "client", "address"),
    ]


def test_the_editor_with_nothing_changed(advocate: Advocate, reference: str, editor, isolated_home: Path) -> None:
    editor("")
    before = shown(advocate, reference)
    assert advocate("case", "edit", reference).stdout == "No changes.\n"
    assert shown(advocate, reference) == before
    assert drafts(isolated_home) == []


def test_invalid_toml_is_refused_and_what_was_written_kept(
    advocate: Advocate, reference: str, editor, isolated_home: Path
) -> None:
    editor(replacing('oic_name = ""', 'oic_name = "DC Notreal'))
    before = shown(advocate, reference)
    result = advocate("case", "edit", reference)
    [kept] = drafts(isolated_home)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith("Error: The edited text is not valid TOML (Illegal character")
    assert f"""line 15 reads 'oic_name = "DC Notreal'; what you wrote is kept in {kept} (delete""" in result.stderr
    assert 'oic_name = "DC Notreal\n' in kept.read_text()
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert stat.S_IMODE(kept.parent.stat().st_mode) == 0o700
    assert shown(advocate, reference) == before


def test_a_bad_value_in_the_editor_keeps_what_was_written(
    advocate: Advocate, reference: str, editor, isolated_home: Path
) -> None:
    editor(replacing('date_of_birth = ""', 'date_of_birth = "1 Jan 2030"'))
    result = advocate("case", "edit", reference)
    [kept] = drafts(isolated_home)
    assert result.stderr == (
        "Error: client.date_of_birth: The date of birth (01 Jan 2030) is in the future: "
        f"give a date on or before today; what you wrote is kept in {kept} (delete it when done).\n"
    )


def test_a_case_changed_while_the_editor_was_open_is_refused(
    advocate: Advocate, reference: str, editor, database_url: str, isolated_home: Path
) -> None:
    """The editor itself changes the client with another `advocate` process, then saves its own change."""
    meanwhile = (
        "import subprocess\n"
        f"subprocess.run([sys.executable, '-m', 'advocate_tui', '--db', {database_url!r}, 'case', 'edit', "
        f"{reference!r}, '--set', 'client.language=Welsh'], check=True, capture_output=True)\n"
    )
    editor(meanwhile + replacing('oic_name = ""', 'oic_name = "DC Notreal"'))
    result = advocate("case", "edit", reference)
    [kept] = drafts(isolated_home)
    refused(
        result,
        f"{reference} was changed by someone else since it was read, so nothing was saved: "
        f"run `advocate case edit {reference}` again; what you wrote is kept in {kept} (delete it when done).",
    )
    case = shown(advocate, reference)
    assert (case["oic_name"], case["client"]["language"]) == (None, "Welsh")


def test_records_cannot_be_added_or_removed_in_the_editor(
    advocate: Advocate, reference: str, editor, isolated_home: Path
) -> None:
    editor(
        replacing(
            "[[agency_contacts]]  # agency_contacts[0]",
            "[[agency_contacts]]\nkind = 'police'\norganisation = 'X'\n[[agency_contacts]]",
        )
    )
    result = advocate("case", "edit", reference)
    assert (
        "The edited text has 2 agency_contacts where the case has 1: they are added and removed in the application"
        in result.stderr
    )
    assert result.exit_code == 1


def test_an_editor_that_fails_changes_nothing_and_leaves_no_draft(
    advocate: Advocate, reference: str, editor, isolated_home: Path
) -> None:
    editor(replacing('oic_name = ""', 'oic_name = "DC Notreal"') + "sys.exit(3)\n")
    result = advocate("case", "edit", reference)
    assert result.stderr.endswith("exited with status 3, so nothing was changed.\n")
    assert shown(advocate, reference)["oic_name"] is None
    assert drafts(isolated_home) == []
