"""Every ``advocate`` command as a person at the shell uses it, on SQLite and PostgreSQL."""

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from conftest import Advocate, _advocate_on
from sqlalchemy.engine import make_url
from typer.main import get_command

from advocate_tui.cli.main import app
from advocate_tui.db import HEAD_REVISION
from advocate_tui.services.casework import Casework

#: The foundation's commands (other features add their own beside them).
COMMANDS = {
    "case new",
    "case list",
    "case show",
    "case close",
    "note",
    "incident log",  # also run as `advocate incident REF TEXT`
    "incident edit",
    "court add",
    "court list",
    "plan",
    "order add",
    "demo",
    "db upgrade",
    "db current",
    "config",
}


def _command_paths(command: Any, prefix: str = "") -> set[str]:
    """Every command's words; a group is asked for its commands (the root loads each one only when asked)."""
    names = command.list_commands(None) if hasattr(command, "list_commands") else []
    if not names:
        return {prefix.strip()}
    return set().union(*(_command_paths(command.get_command(None, name), f"{prefix} {name}") for name in names))


def new_case(advocate: Advocate, *args: str) -> str:
    result = advocate("case", "new", "-q", *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout.strip()


def shown(advocate: Advocate, reference: str) -> dict[str, Any]:
    result = advocate("case", "show", reference, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def listed(advocate: Advocate, *args: str) -> list[dict[str, Any]]:
    result = advocate("case", "list", "--json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


# -- the command set -----------------------------------------------------------------------


def test_the_foundation_commands_are_all_there() -> None:
    assert COMMANDS <= _command_paths(get_command(app))


@pytest.mark.parametrize("path", sorted(_command_paths(get_command(app))))
def test_every_command_has_help(sqlite_advocate: Advocate, path: str) -> None:
    result = sqlite_advocate(*path.split(), "--help")
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Usage: advocate {path} ")
    assert len(result.stdout.splitlines()) > 3


def test_version(sqlite_advocate: Advocate) -> None:
    result = sqlite_advocate("--version")
    assert result.exit_code == 0
    assert result.stdout == "advocate_tui 0.1.0\n"


def test_no_command_opens_the_application_on_the_chosen_database(
    sqlite_advocate: Advocate, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = []
    monkeypatch.setattr("advocate_tui.app.run", lambda db, no_encrypt: opened.append((db, no_encrypt)), raising=False)
    assert sqlite_advocate().exit_code == 0
    assert opened == [(sqlite_url, False)]


# -- cases ---------------------------------------------------------------------------------


def test_case_new_prints_the_reference_first_then_a_summary(advocate: Advocate) -> None:
    result = advocate(
        "case",
        "new",
        "Jo Example",
        "--relationship",
        "ex-partner",
        "--area",
        "county",
        "--source",
        "self",
        "--risk",
        "high",
        "--reason",
        "Threats to kill",
        "--crime-ref",
        "NS/12345/26",
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "STK-2026-0001",
        "Opened for Jo Example: self referral, high risk (by judgement), County, domestic; 12 safety-plan items to start.",
    ]
    case = shown(advocate, "STK-2026-0001")
    assert (case["status"], case["referral_source"], case["risk_level"], case["area"], case["crime_reference"]) == (
        "referred",
        "self",
        "high",
        "County",
        "NS/12345/26",
    )
    assert case["referral_date"] == "2026-11-23"
    assert case["advocate"] == "test-advocate"
    assert case["domestic"] is True
    assert [p["relationship"] for p in case["perpetrators"]] == ["ex-partner"]
    assert case["client"]["name"] == "Jo Example"
    assert case["client"]["address_confidential"] is True
    assert len(case["safety_plan"]) == 12


def test_case_new_quiet_prints_only_the_reference_and_references_count_up(advocate: Advocate) -> None:
    assert advocate("case", "new", "-q", "Jo Example").stdout == "STK-2026-0001\n"
    assert advocate("case", "new", "--quiet", "Sam Sample").stdout == "STK-2026-0002\n"


@pytest.mark.parametrize(
    ("relationship", "kind"),
    [("stranger", "non-domestic"), ("family-member", "domestic"), (None, "relationship not recorded")],
)
def test_case_new_says_whether_the_case_is_domestic(advocate: Advocate, relationship: str | None, kind: str) -> None:
    args = ["--relationship", relationship] if relationship else []
    result = advocate("case", "new", "Jo Example", *args)
    assert f", {kind}; " in result.stdout.splitlines()[1]
    assert shown(advocate, "STK-2026-0001")["domestic"] is (kind == "domestic")


def test_case_list_is_a_table_of_open_cases(advocate: Advocate) -> None:
    assert advocate("case", "list").stdout.startswith("No cases yet: add one with `advocate case new NAME`")
    new_case(advocate, "Jo Example", "--relationship", "ex-partner", "--risk", "high", "--reason", "Threats")
    new_case(advocate, "Sam Sample", "--relationship", "stranger")
    advocate("case", "close", "STK-2026-0002", "--reason", "moved-away")

    lines = advocate("case", "list").stdout.splitlines()
    assert lines[0].split() == [
        "REFERENCE",
        "NAME",
        "RISK",
        "STATUS",
        "D/ND",
        "NEXT",
        "COURT",
        "CONTACT",
        "PLAN",
        "ORDERS",
    ]
    assert lines[1].split() == ["STK-2026-0001", "Jo", "Example", "high", "referred", "D", "0d", "ago", "0/12", "-"]
    assert len(lines) == 2

    every = advocate("case", "list", "--all").stdout.splitlines()
    assert [line.split()[0] for line in every[1:]] == ["STK-2026-0001", "STK-2026-0002"]
    assert every[2].split()[4:6] == ["closed", "ND"]


def test_case_list_json_has_the_documented_fields(advocate: Advocate) -> None:
    reference = new_case(advocate, "Jo Example", "--relationship", "ex-partner", "--area", "City", "--crime-ref", "X/1")
    advocate(
        "court", "add", reference, "--when", "3 Dec 10:00", "--court", "Northshire Magistrates", "--kind", "spo-hearing"
    )
    advocate("order", "add", reference, "--kind", "interim-spo", "--granted", "20 Nov 2026", "--expires", "3 Dec 2026")
    item = shown(advocate, reference)["safety_plan"][0]["id"]
    advocate("plan", reference, "--done", str(item))

    expected = {
        "reference": "STK-2026-0001",
        "name": "Jo Example",
        "preferred_name": None,
        "status": "referred",
        "risk_level": "standard",
        "domestic": True,
        "area": "City",
        "crime_reference": "X/1",
        "referral_date": "2026-11-23",
        "next_hearing": "2026-12-03T10:00:00Z",
        "days_since_contact": 0,
        "plan_done": 1,
        "plan_total": 12,
        "orders_in_force": ["Interim SPO"],
    }
    [row] = listed(advocate)
    assert {field: row.get(field) for field in expected} == expected  # fields may be added, never changed


def test_case_list_all_includes_ended_cases(advocate: Advocate) -> None:
    new_case(advocate, "Jo Example")
    advocate("case", "close", "STK-2026-0001", "--reason", "declined-support")
    assert listed(advocate) == []
    assert [(row["reference"], row["status"]) for row in listed(advocate, "--all")] == [
        ("STK-2026-0001", "declined-support")
    ]


def test_case_show_matches_references_in_any_case_and_keeps_a_confidential_address_off_screen(
    advocate: Advocate, casework: Casework
) -> None:
    reference = new_case(advocate, "Jo Example", "--relationship", "ex-partner", "--crime-ref", "NS/1/26")
    client = casework.cases.get_case(reference).client
    casework.parties.update_client(
        client.id, client.version, address="1 Fiction Lane, Northshire", phone="07700 900123"
    )

    text = advocate("case", "show", reference.lower()).stdout
    assert text.splitlines()[0] == "STK-2026-0001  Jo Example  [Standard risk]"
    assert "Crime reference        NS/1/26" in text
    assert "Safe phone             07700 900123" in text
    assert "Fiction Lane" not in text
    assert "Address                held, confidential" in text
    assert "Safety plan: 0/12 done (`advocate plan STK-2026-0001`)" in text

    data = shown(advocate, " stk-2026-0001 ")
    assert data["client"]["address"] == "1 Fiction Lane, Northshire"


def test_case_show_json_is_the_documented_format(advocate: Advocate) -> None:
    reference = new_case(advocate, "Jo Example", "--relationship", "ex-partner")
    advocate("note", reference, "First call", "--kind", "call")
    advocate("incident", reference, "Waiting outside", "--when", "yesterday 21:30", "--kind", "loitering")
    advocate("court", "add", reference, "--when", "3 Dec 10:00", "--court", "Northshire Magistrates", "--kind", "plea")
    advocate("order", "add", reference, "--kind", "spo")

    data = shown(advocate, reference)
    assert data["format"] == "advocate-case/1"
    case_fields = {
        "reference",
        "status",
        "referral_date",
        "referral_source",
        "first_contact_date",
        "area",
        "advocate",
        "crime_reference",
        "oic_name",
        "oic_contact",
        "risk_level",
        "domestic",
        "marac_referral_date",
        "closed_on",
        "closure_reason",
        "outcome",
        "version",
        "created_at",
        "updated_at",
    }
    arrays = {"perpetrators", "incidents", "notes", "safety_plan", "hearings", "orders", "agency_contacts"}
    assert {"format", "client"} | case_fields | arrays <= set(data)  # fields may be added, never removed
    assert data["created_at"] == "2026-11-23T10:00:00Z"
    assert [len(data[name]) for name in sorted(arrays)] == [0, 1, 1, 1, 1, 1, 12]
    assert data["incidents"][0]["behaviours"] == ["loitering"]
    assert data["incidents"][0]["occurred_at"] == "2026-11-22T21:30:00Z"
    assert data["hearings"][0]["starts_at"] == "2026-12-03T10:00:00Z"


def test_case_close_records_the_reason_and_leaves_the_caseload(advocate: Advocate) -> None:
    reference = new_case(advocate, "Jo Example")
    result = advocate("case", "close", reference, "--reason", "support-complete", "--outcome", "Safe and settled")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == "STK-2026-0001 is now closed (support complete), from 23 Nov 2026."
    data = shown(advocate, reference)
    assert (data["status"], data["closed_on"], data["closure_reason"], data["outcome"]) == (
        "closed",
        "2026-11-23",
        "support-complete",
        "Safe and settled",
    )
    assert data["version"] == 2


# -- notes -----------------------------------------------------------------------------------


def test_note_from_the_command_line(advocate: Advocate) -> None:
    reference = new_case(advocate, "Jo Example")
    result = advocate("note", reference.lower(), "Called; client safe", "--kind", "call")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "Note added to STK-2026-0001 (call, Mon 23 Nov 2026 10:00).\n"
    [note] = shown(advocate, reference)["notes"]
    assert (note["kind"], note["text"], note["author"], note["noted_at"]) == (
        "call",
        "Called; client safe",
        "test-advocate",
        "2026-11-23T10:00:00Z",
    )


def test_note_dash_reads_standard_input(advocate: Advocate) -> None:
    reference = new_case(advocate, "Jo Example")
    result = advocate("note", reference, "-", "--kind", "visit", input="Home visit.\nLocks checked.\n")
    assert result.exit_code == 0, result.stderr
    assert shown(advocate, reference)["notes"][0]["text"] == "Home visit.\nLocks checked."


def fake_editor(tmp_path: Path, body: str, status: int = 0) -> str:
    """An $EDITOR that appends ``body`` to the file it is given and exits with ``status``."""
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys\n"
        f"with open(sys.argv[1], 'a', encoding='utf-8') as draft: draft.write({body!r})\n"
        f"sys.exit({status})\n"
    )
    return f"{sys.executable} {script}"


def test_note_without_text_opens_the_editor_and_leaves_out_comment_lines(
    advocate: Advocate, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reference = new_case(advocate, "Jo Example")
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(drafts))
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", fake_editor(tmp_path, "Met at the office.\n# not part of the note\n"))
    result = advocate("note", reference)
    assert result.exit_code == 0, result.stderr
    assert shown(advocate, reference)["notes"][0]["text"] == "Met at the office."
    assert list(drafts.iterdir()) == []


# -- incidents -------------------------------------------------------------------------------


def test_incident_with_everything_the_command_takes(advocate: Advocate) -> None:
    reference = new_case(advocate, "Jo Example")
    result = advocate(
        "incident",
        reference,
        "Waiting outside work",
        "--when",
        "yesterday 21:30",
        "--kind",
        "loitering",
        "--kind",
        "turning-up-work",
        "--location",
        "Office car park",
        "--police-ref",
        "CAD 123",
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "Incident logged on STK-2026-0001 for Sun 22 Nov 2026 21:30: loitering, turning-up-work.\n"
    )
    [incident] = shown(advocate, reference)["incidents"]
    assert incident["description"] == "Waiting outside work"
    assert incident["location"] == "Office car park"
    assert incident["police_reference"] == "CAD 123"
    assert incident["reported_to_police"] is True
    assert incident["approximate"] is False
    assert incident["recorded_by"] == "test-advocate"
    assert incident["recorded_at"] == "2026-11-23T10:00:00Z"


@pytest.mark.parametrize(
    ("when", "echo"),
    [
        ("today 09:15", "Mon 23 Nov 2026 09:15"),
        ("yesterday 21:30", "Sun 22 Nov 2026 21:30"),
        ("3 Nov 10:00", "Tue 03 Nov 2026 10:00"),
        ("3 Dec 10:00", "Wed 03 Dec 2025 10:00"),
        ("2026-11-20 14:00", "Fri 20 Nov 2026 14:00"),
        ("2026-11-20T14:00", "Fri 20 Nov 2026 14:00"),
        ("20/11/2026 2pm", "Fri 20 Nov 2026 14:00"),
        ("1/2/2026 08:00", "Sun 01 Feb 2026 08:00"),
    ],
)
def test_incident_dates_are_read_day_first_and_echoed_exactly(advocate: Advocate, when: str, echo: str) -> None:
    reference = new_case(advocate, "Jo Example")
    result = advocate("incident", reference, "Messages", "--when", when)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"Incident logged on STK-2026-0001 for {echo}: recorded as other, as no --kind was given.\n"


def test_incident_without_a_time_is_approximate(advocate: Advocate) -> None:
    reference = new_case(advocate, "Jo Example")
    result = advocate(
        "incident", reference, "Flowers left on the doorstep", "--when", "20 Nov", "--kind", "letters-gifts"
    )
    assert result.stdout == (
        "Incident logged on STK-2026-0001 for Fri 20 Nov 2026 (no time given) (approximate): letters-gifts.\n"
    )
    assert shown(advocate, reference)["incidents"][0]["approximate"] is True


def test_summer_times_are_kept_as_local_time(advocate: Advocate) -> None:
    reference = new_case(advocate, "Jo Example")
    advocate("incident", reference, "Followed home", "--when", "2026-07-01 22:30", "--kind", "following")
    assert shown(advocate, reference)["incidents"][0]["occurred_at"] == "2026-07-01T21:30:00Z"
    assert "Wed 01 Jul 2026 22:30  following: Followed home" in advocate("case", "show", reference).stdout


# -- court dates -------------------------------------------------------------------------------


def test_court_add_and_list(advocate: Advocate) -> None:
    reference = new_case(advocate, "Jo Example")
    other = new_case(advocate, "Sam Sample")
    result = advocate(
        "court",
        "add",
        reference,
        "--when",
        "3 Dec 10:00",
        "--court",
        "Northshire Magistrates",
        "--kind",
        "interim-spo-hearing",
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Court date added to STK-2026-0001: Thu 03 Dec 2026 10:00, ")
    assert result.stdout.endswith(" at Northshire Magistrates.\n")
    advocate("court", "add", other, "--when", "tomorrow 14:00", "--court", "Northshire Crown Court", "--kind", "trial")
    advocate(
        "court", "add", other, "--when", "2027-03-01 10:00", "--court", "Northshire Crown Court", "--kind", "sentencing"
    )

    assert advocate("court", "list").stdout.splitlines() == [
        f"Tue 24 Nov 2026 14:00  STK-2026-0002  {'Trial':<24} Northshire Crown Court",
        f"Thu 03 Dec 2026 10:00  STK-2026-0001  {'Interim SPO hearing':<24} Northshire Magistrates",
    ]
    assert len(advocate("court", "list", "--days", "120").stdout.splitlines()) == 3
    assert advocate("court", "list", "--days", "0").stdout == "No court dates in the next 0 days.\n"

    advocate("case", "close", other, "--reason", "transferred")
    assert [line.split()[5] for line in advocate("court", "list").stdout.splitlines()] == ["STK-2026-0001"]


# -- protective orders -------------------------------------------------------------------------


def test_order_add_granted_with_expiry(advocate: Advocate) -> None:
    reference = new_case(advocate, "Jo Example")
    result = advocate(
        "order", "add", reference, "--kind", "spo", "--granted", "20 Nov 2026", "--expires", "20 Nov 2028"
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "Order 1 added to STK-2026-0001: SPO, granted, granted 20 Nov 2026, expires 20 Nov 2028.\n"
    )
    [order] = shown(advocate, reference)["orders"]
    assert (order["kind"], order["status"], order["granted_on"], order["expires_on"]) == (
        "spo",
        "granted",
        "2026-11-20",
        "2028-11-20",
    )
    assert listed(advocate)[0]["orders_in_force"] == ["SPO"]


def test_order_add_being_considered_is_not_in_force(advocate: Advocate) -> None:
    reference = new_case(advocate, "Jo Example")
    result = advocate("order", "add", reference, "--kind", "non-molestation", "--status", "applied")
    assert result.stdout == "Order 1 added to STK-2026-0001: Non-molestation order, applied, applied for 23 Nov 2026.\n"
    assert listed(advocate)[0]["orders_in_force"] == []


def test_an_order_applied_for_is_dated_so_the_report_counts_it(advocate: Advocate) -> None:
    """The report counts an order as applied for by its date: one given, else today's when the status says
    applied; a date applied for alone makes the status applied."""
    reference = new_case(advocate, "Jo Example")
    dated = advocate("order", "add", reference, "--kind", "spo", "--applied", "2 Nov 2026")
    assert dated.stdout == "Order 1 added to STK-2026-0001: SPO, applied, applied for 02 Nov 2026.\n"
    advocate("order", "add", reference, "--kind", "interim-spo", "--status", "applied")
    granted = advocate("order", "add", reference, "--kind", "non-molestation", "--status", "granted")
    assert granted.stdout == "Order 3 added to STK-2026-0001: Non-molestation order, granted, granted 23 Nov 2026.\n"
    orders = {order["kind"]: order for order in shown(advocate, reference)["orders"]}
    assert [orders[kind]["applied_on"] for kind in ("spo", "interim-spo")] == ["2026-11-02", "2026-11-23"]
    report = advocate("report", "--from", "2026-11-01", "--to", "2026-11-23", "--format", "csv", "--exact").stdout
    assert "Protective orders by kind,SPO,Applied for,1" in report
    assert "Protective orders by kind,Interim SPO,Applied for,1" in report
    assert "Protective orders by kind,Non-molestation order,Granted,1" in report
    later = advocate("order", "add", reference, "--kind", "spo", "--applied", "next week")
    assert later.exit_code == 1 and "Traceback" not in later.stderr


def test_an_incident_names_the_order_it_breached_and_the_report_counts_it(advocate: Advocate) -> None:
    reference = new_case(advocate, "Jo Example")
    advocate("order", "add", reference, "--kind", "spo", "--granted", "2 Nov 2026")
    assert "  1. SPO: granted" in advocate("case", "show", reference).stdout
    logged = advocate("incident", "log", reference, "At the door", "--when", "yesterday 20:00", "--order", "1")
    assert logged.stdout == (
        "Incident logged on STK-2026-0001 for Sun 22 Nov 2026 20:00: order-breach. It breached order 1.\n"
    )
    [incident] = shown(advocate, reference)["incidents"]
    assert (incident["breached_order_id"], incident["behaviours"]) == (1, ["order-breach"])
    report = advocate("report", "--from", "2026-11-01", "--to", "2026-11-23", "--format", "csv", "--exact").stdout
    assert "Justice funnel: cases referred in the period that reached each stage,Protective order breached,Cases,1" in (
        report
    )
    unlinked = advocate("incident", "log", reference, "Again", "--when", "yesterday 21:00", "--kind", "order-breach")
    assert "No order is linked to this breach" in unlinked.stdout
    other = new_case(advocate, "Sam Example")
    refused = advocate("incident", "log", other, "At the door", "--when", "yesterday 20:00", "--order", "1")
    assert (refused.exit_code, refused.stderr) == (1, "Error: Order 1 is not an order on STK-2026-0002.\n")
    assert shown(advocate, other)["incidents"] == []


# -- the safety plan ---------------------------------------------------------------------------


def test_plan_shows_the_starting_checklist_by_category(advocate: Advocate) -> None:
    reference = new_case(advocate, "Jo Example")
    items = shown(advocate, reference)["safety_plan"]
    lines = advocate("plan", reference).stdout.splitlines()
    assert lines[0] == "Safety plan for STK-2026-0001"
    assert "Personal safety" in lines and "Digital safety" in lines
    silent = next(line for line in lines if "Silent Solution" in line)
    assert silent.split()[:3] == [f"#{items[0]['id']}", "[to-do", "]"]
    assert silent.endswith("due 23 Nov 2026")
    assert sum(line.startswith("  #") for line in lines) == 12


def test_plan_done_and_add(advocate: Advocate) -> None:
    reference = new_case(advocate, "Jo Example")
    first = shown(advocate, reference)["safety_plan"][0]
    done = advocate("plan", reference, "--done", str(first["id"]))
    assert done.exit_code == 0, done.stderr
    assert done.stdout == f"Done: #{first['id']} {first['title']}\n"

    added = advocate("plan", reference, "--add", "housing", "Refuge space explored")
    assert added.exit_code == 0, added.stderr
    new_id = shown(advocate, reference)["safety_plan"][-1]["id"]
    assert added.stdout == f"Added #{new_id} to STK-2026-0001: [housing] Refuge space explored\n"

    plan = advocate("plan", reference).stdout
    assert f"#{first['id']:<5} [{'done':<14}] {first['title']}" in plan
    assert f"#{new_id:<5} [{'to-do':<14}] Refuge space explored" in plan
    item = shown(advocate, reference)["safety_plan"][0]
    assert (item["status"], item["completed_at"]) == ("done", "2026-11-23T10:00:00Z")
    assert listed(advocate)[0]["plan_done"] == 1


def test_plan_shows_overdue_items(advocate: Advocate, casework: Casework) -> None:
    reference = new_case(advocate, "Jo Example")
    casework.plan.add_plan_item(reference, "housing", "Housing register form", due_on="20 Nov 2026")
    assert "Housing register form  due 20 Nov 2026 OVERDUE" in advocate("plan", reference).stdout


# -- demo, schema and configuration ----------------------------------------------------------


def test_demo_fills_an_empty_database_and_work_goes_on_after_it(advocate: Advocate) -> None:
    result = advocate("demo", "--cases", "4")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "Added 4 fictional cases (STK-2026-0001 to STK-2026-0004).\n"
    rows = listed(advocate, "--all")
    assert len(rows) == 4
    demo_surnames = {
        "Example",
        "Sample",
        "Specimen",
        "Madeup",
        "Notreal",
        "Fictus",
        "Pretend",
        "Imaginary",
        "Demo",
        "Testcase",
    }
    assert all(row["name"].split()[-1] in demo_surnames for row in rows)

    reference = new_case(advocate, "Jo Example")
    assert reference == "STK-2026-0005"
    for args in (
        ("incident", reference, "Messages", "--when", "today 08:00"),
        ("order", "add", reference, "--kind", "spo"),
        ("note", reference, "First call"),
    ):
        assert advocate(*args).exit_code == 0


def test_db_current_and_upgrade_on_a_new_database(tmp_path: Path) -> None:
    import sqlite3
    from contextlib import closing

    path = tmp_path / "new.db"
    with closing(sqlite3.connect(path)) as empty:  # a SQLite file with no tables yet
        empty.executescript("CREATE TABLE t (x); DROP TABLE t;")
    sqlite_advocate = _advocate_on(f"sqlite:///{path}")
    assert sqlite_advocate("db", "current").stdout == (
        f"{path}: empty (no schema yet); this program's newest is {HEAD_REVISION}.\n"
    )
    assert sqlite_advocate("db", "upgrade").stdout == f"{path} is at schema {HEAD_REVISION} (the newest).\n"
    assert sqlite_advocate("db", "current").stdout == f"{path}: schema {HEAD_REVISION}; up to date.\n"


def test_db_commands_never_print_a_password(advocate: Advocate, database_url: str) -> None:
    result = advocate("db", "upgrade")
    assert result.exit_code == 0, result.stderr
    assert f"is at schema {HEAD_REVISION} (the newest)." in result.stdout
    current = advocate("db", "current").stdout
    assert current.endswith(f"schema {HEAD_REVISION}; up to date.\n")
    password = make_url(database_url).password
    assert not password or password not in result.stdout + current


def test_config_says_where_everything_lives(isolated_home: Path) -> None:
    from typer.testing import CliRunner

    result = CliRunner().invoke(app, ["config"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert set(result.stdout.splitlines()) >= {
        f"Config file: {isolated_home}/config/advocate-tui/config.toml (not created yet; defaults apply)",
        f"Database:    {isolated_home}/data/advocate-tui/advocate.db",
        f"Documents:   {isolated_home}/documents/advocate",
        "Advocate:    test-advocate, Independent Stalking Advocate",
        "Service:     Stalking Advocacy Service",
        "Areas:       City, County",
        "Safety plan: built-in starting checklist",
    }


def test_help_lists_the_choices_of_each_vocabulary(sqlite_advocate: Advocate) -> None:
    text = " ".join(sqlite_advocate("incident", "log", "--help").stdout.split())
    assert "turning-up-home, turning-up-work" in text


def test_a_name_with_a_line_break_is_refused(advocate: Advocate) -> None:
    result = advocate("case", "new", "Jo\nEvil")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == "Error: The client's name has a line break in it: give it on one line.\n"
    assert listed(advocate) == []


def test_a_result_on_a_hearing_still_to_come_is_refused(advocate: Advocate) -> None:
    reference = new_case(advocate, "Jo Example")
    court = ("--court", "Northshire Magistrates' Court", "--kind", "spo-hearing")
    result = advocate("court", "add", reference, "--when", "3 Dec 10:00", *court, "--result", "order-made")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: The hearing on 03 Dec 2026 10:00 has not started yet, so it has no result")
    assert result.stderr.count("\n") == 1
    assert (
        advocate("court", "add", reference, "--when", "2026-11-20 10:00", *court, "--result", "order-made").exit_code
        == 0
    )
