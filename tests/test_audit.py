"""The audit trail: every change, view, document, export and erasure, chained so tampering shows."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import Advocate
from sqlalchemy import select, text
from sqlalchemy.exc import InvalidRequestError
from test_cli import new_case

from advocate_tui.db import Database
from advocate_tui.output.letters.documents import draft, save
from advocate_tui.services.casework import Casework
from advocate_tui.storage import audit
from advocate_tui.storage.models import AuditEntry

PHONE = "07700 900999"


def trail(db: Database, reference: str | None = None) -> list[tuple]:
    with db.reader() as session:
        return [(e.actor, e.action, e.entity, e.case_reference, e.fields) for e in audit.entries(session, reference)]


def test_changes_views_and_documents_are_recorded_by_name_without_values(casework: Casework, db: Database) -> None:
    case = casework.cases.create_case("Jo Example", relationship="ex-partner")
    ref = case.reference
    casework.parties.update_client(case.client.id, case.client.version, phone=PHONE, address="1 Secret Road")
    casework.log.add_note(ref, "Called; she is staying with her sister", "call")
    casework.cases.get_case(ref)
    save(casework, draft(casework, ref, "safety-plan-summary"), "md")
    casework.cases.close_case(ref, "support-complete")
    entries = trail(db, ref)
    assert (
        "Test Advocate",
        "create",
        "case_file",
        ref,
        "advocate, domestic, reference, referral_date, referral_source, risk_basis, risk_level, status",
    ) in entries
    assert ("Test Advocate", "update", "client", ref, "address, phone") in entries
    assert ("Test Advocate", "create", "note", ref, "author, kind, noted_at, text") in entries
    assert ("Test Advocate", "view", "case_file", ref, None) in entries
    assert any(e[1] == "generate" and e[2] == "document" for e in entries)
    assert (
        "Test Advocate",
        "update",
        "case_file",
        ref,
        "closed_on, closure_reason, risk_at_closure, status",
    ) in entries
    with db.reader() as session:
        stored = repr([e.model_dump() for e in session.scalars(select(AuditEntry))])
    for value in (PHONE, "Secret Road", "Jo Example", "sister"):
        assert value not in stored


def test_the_advocate_is_the_configured_name_else_the_login(isolated_home: Path, sqlite_db: Database) -> None:
    from advocate_tui.storage.config import load_settings

    Casework(sqlite_db, areas=("City",)).cases.create_case("Jo Example")
    config = isolated_home / "config" / "advocate-tui" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)  # the audit head of the database may be kept there already
    config.write_text('[advocate]\nname = "Sam Carter"\n')
    load_settings.cache_clear()
    Casework(sqlite_db, areas=("City",)).cases.create_case("Priya Madeup")
    assert [actor for actor, action, entity, *_ in trail(sqlite_db) if entity == "case_file"] == [
        "test-advocate",
        "Sam Carter",
    ]


def test_verify_passes_on_a_clean_trail(advocate: Advocate) -> None:
    reference = new_case(advocate, "Jo Example")
    advocate("note", reference, "Called")
    advocate("case", "show", reference)
    result = advocate("audit", "verify")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(
        "The audit trail is whole: 16 entries, and every case record is as it last recorded. Its anchor now is A1-16-"
    )


HEAD_PASSED = (
    "The audit trail has 1 entry after entry 16 that this program did not record: added by hand, "
    "or by a program stopped before it could note them."
)
TAMPERING = {
    "edit": (
        "UPDATE audit_entry SET fields = 'phone' WHERE id = 14",
        ["entry 14 (2026-11-23T10:00:00.000000Z) does not match its hash: it was edited, or inserted by hand."],
    ),
    "delete": (
        "DELETE FROM audit_entry WHERE id = 14",
        [
            "entry 14 before entry 15 is missing: removed from the trail.",
            "plan_item 12 has no audit entry: it was added outside the program, or its entry was removed.",
        ],
    ),
    "insert": (
        "INSERT INTO audit_entry (id, created_at, updated_at, actor, action, entity, previous_hash, hash) "
        "SELECT 17, created_at, updated_at, 'Someone', 'view', 'case_file', hash, 'made-up' "
        "FROM audit_entry WHERE id = 16",
        ["entry 17 (2026-11-23T10:00:00.000000Z) does not match its hash: it was edited, or inserted by hand."],
    ),
}


@pytest.mark.parametrize("kind", ["edit", "delete", "insert"])
def test_verify_finds_each_kind_of_tampering_and_says_where(advocate: Advocate, db: Database, kind: str) -> None:
    reference = new_case(advocate, "Jo Example")
    advocate("note", reference, "Called")
    advocate("case", "show", reference)
    statement, problems = TAMPERING[kind]
    with db.engine.begin() as connection:
        connection.execute(text(statement))
    result = advocate("audit", "verify")
    assert result.exit_code == 1
    if kind == "insert" and db.is_sqlite:  # the end of the chain is past the head kept outside the file
        problems = [HEAD_PASSED, *problems]
    assert result.stdout == "".join(f"  {problem}\n" for problem in problems)
    assert result.stderr == (
        f"Error: the audit trail or the records it covers were altered: {len(problems)} "
        f"problem{'s' * (len(problems) != 1)}, listed above.\n"
    )


def test_an_entry_moved_to_make_room_for_an_insertion_is_found(advocate: Advocate, db: Database) -> None:
    reference = new_case(advocate, "Jo Example")
    advocate("note", reference, "Called")
    with db.engine.begin() as connection:
        last = connection.execute(text("SELECT max(id) FROM audit_entry")).scalar()
        connection.execute(text(f"UPDATE audit_entry SET id = id + {last} WHERE id >= 10"))
        connection.execute(text(f"UPDATE audit_entry SET id = id - {last} + 1 WHERE id > {last}"))
        connection.execute(
            text(
                "INSERT INTO audit_entry (id, created_at, updated_at, actor, action, entity, previous_hash, hash) "
                "SELECT 10, created_at, updated_at, 'Someone', 'view', 'case_file', previous_hash, hash "
                "FROM audit_entry WHERE id = 11"
            )
        )
    result = advocate("audit", "verify")
    assert result.exit_code == 1
    assert "entry 10 " in result.stdout and "does not match its hash" in result.stdout


def test_show_lists_a_cases_entries_oldest_first(advocate: Advocate) -> None:
    reference = new_case(advocate, "Jo Example")
    advocate("note", reference, "Called")
    lines = advocate("audit", "show", reference.lower(), "--limit", "2").stdout.splitlines()
    assert lines == [
        f"23 Nov 2026 10:00  test-advocate  {reference}  Added a safety plan item",
        f"23 Nov 2026 10:00  test-advocate  {reference}  Added a note",
    ]
    advocate("case", "show", reference)
    advocate("case", "show", reference)
    assert advocate("audit", "show", reference, "--limit", "3").stdout.splitlines() == [
        f"23 Nov 2026 10:00  test-advocate  {reference}  Added a note",
        f"23 Nov 2026 10:00  test-advocate  {reference}  Viewed the case twice",
    ]
    raw = advocate("audit", "show", reference, "--limit", "2", "--raw").stdout.splitlines()
    assert raw[0].endswith(f"  test-advocate  view  case_file 1  {reference}")
    assert raw[0].split("  ")[0].rstrip(".").isdigit()
    assert advocate("audit", "show", "STK-1999-0001").stdout == "No audit entries for STK-1999-0001.\n"


def test_the_summary_read_first_on_opening_a_big_case_records_no_view_and_holds_no_incidents(
    casework: Casework, db: Database
) -> None:
    ref = casework.cases.create_case("Jo Example", relationship="ex-partner").reference
    casework.log.add_note(ref, "Called", "call")
    casework.log.add_incident(ref, "Waited outside the house", datetime(2026, 11, 22, 21, 0, tzinfo=UTC), ["loitering"])
    summary = casework.cases.case_summary(ref)
    assert summary.client.name == "Jo Example" and [n.text for n in summary.notes] == ["Called"]
    with pytest.raises(InvalidRequestError):  # never an empty log shown as if there were no incidents
        summary.incidents  # noqa: B018
    assert not [e for e in trail(db, ref) if e[1] == "view"]
    assert [i.description for i in casework.cases.get_case(ref).incidents] == ["Waited outside the house"]
    assert [e for e in trail(db, ref) if e[1] == "view"] == [("Test Advocate", "view", "case_file", ref, None)]
