"""What the audit trail catches beyond an edited, inserted or removed entry: every column of an entry, a
whole chain cut short, lengthened or rewritten (against the head kept outside the database, and an anchor
noted elsewhere), and the case records themselves changed or removed behind the program's back."""

import json
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import FIXED_NOW, Advocate
from protection import PASSPHRASE, encrypting, run  # noqa: F401 -- encrypting is a fixture
from sqlalchemy import select, text, update
from test_cli import new_case

from advocate_tui.db import Database
from advocate_tui.rules import clock
from advocate_tui.storage import audit, audit_head
from advocate_tui.storage.backup import backups_dir
from advocate_tui.storage.models import AuditEntry
from advocate_tui.storage.orm import table_of


def seeded(advocate: Advocate) -> str:
    reference = new_case(advocate, "Jo Example")
    advocate("note", reference, "Called")
    advocate("case", "show", reference)
    return reference


def altered(advocate: Advocate) -> tuple[list[str], str]:
    """``audit verify`` found the trail altered: its problem lines and its one-line error."""
    result = advocate("audit", "verify")
    assert result.exit_code == 1, result.stdout
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("Error: ")
    return [line.strip() for line in result.stdout.splitlines()], result.stderr


def sql(db: Database, *statements: str) -> None:
    with db.engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))


def moved(db: Database, entry: int, column: str, by: timedelta) -> None:
    """Move one time of an entry (through the dialect's own date handling)."""
    trail = table_of(AuditEntry)
    with db.engine.begin() as connection:
        at = connection.execute(select(trail.c[column]).where(trail.c.id == entry)).scalar_one()
        connection.execute(update(trail).where(trail.c.id == entry).values({column: at + by}))


def rows(db: Database) -> list[dict]:
    trail = table_of(AuditEntry)
    with db.engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(select(trail).order_by(trail.c.id))]


def rechain(db: Database, entries: list[dict], start: int) -> None:
    """Recompute the chain from entry ``start`` as the program would: a valid forgery of the trail."""
    previous = entries[start - 2]["hash"] if start > 1 else audit.GENESIS
    with db.engine.begin() as connection:
        for entry in entries[start - 1 :]:
            entry["previous_hash"] = previous
            entry["hash"] = previous = audit.entry_hash(entry)
            connection.execute(
                text("UPDATE audit_entry SET previous_hash = :previous_hash, hash = :hash WHERE id = :id"), entry
            )


# -- every column of an entry ------------------------------------------------------------------------------------


def test_an_edited_updated_at_is_found(advocate: Advocate, db: Database) -> None:
    seeded(advocate)
    moved(db, 14, "updated_at", timedelta(days=1))
    problems, _ = altered(advocate)
    assert problems == [
        "entry 14 (2026-11-23T10:00:00.000000Z) does not match its hash: it was edited, or inserted by hand."
    ]


def test_an_edited_fraction_of_a_second_is_found(advocate: Advocate, db: Database) -> None:
    seeded(advocate)
    moved(db, 14, "created_at", timedelta(seconds=0.25))
    problems, _ = altered(advocate)
    assert problems == [
        "entry 14 (2026-11-23T10:00:00.250000Z) does not match its hash: it was edited, or inserted by hand."
    ]


# -- the chain's head, kept outside the database ------------------------------------------------------------------


def test_a_valid_entry_appended_by_hand_is_found(sqlite_advocate: Advocate, sqlite_db: Database) -> None:
    seeded(sqlite_advocate)
    entries = rows(sqlite_db)
    forged = dict(entries[-1], id=len(entries) + 1, actor="Someone", action="view", previous_hash=entries[-1]["hash"])
    forged["hash"] = audit.entry_hash(forged)
    with sqlite_db.engine.begin() as connection:
        connection.execute(
            text(f"INSERT INTO audit_entry ({', '.join(forged)}) VALUES ({', '.join(':' + k for k in forged)})"), forged
        )
    problems, _ = altered(sqlite_advocate)
    assert problems == [
        f"The audit trail has 1 entry after entry {len(entries)} that this program did not record: added by hand, "
        "or by a program stopped before it could note them."
    ]


def test_a_tail_cut_off_is_found(sqlite_advocate: Advocate, sqlite_db: Database) -> None:
    seeded(sqlite_advocate)
    sql(sqlite_db, "DELETE FROM audit_entry WHERE id > 12")
    problems, _ = altered(sqlite_advocate)
    assert problems[0] == (
        "The audit trail ends at entry 12 but had reached entry 16: entries were cut off its end, "
        "or an older copy of the database was put back."
    )


def test_a_trail_deleted_whole_is_found(sqlite_advocate: Advocate, sqlite_db: Database) -> None:
    seeded(sqlite_advocate)
    sql(sqlite_db, "DELETE FROM audit_entry")
    problems, _ = altered(sqlite_advocate)
    assert "The audit trail is gone: it had reached entry 16 and now has no entries." in problems


def test_a_trail_rewritten_after_an_edit_is_found(sqlite_advocate: Advocate, sqlite_db: Database) -> None:
    seeded(sqlite_advocate)
    entries = rows(sqlite_db)
    entries[13]["actor"] = "Someone Else"
    sql(sqlite_db, "UPDATE audit_entry SET actor = 'Someone Else' WHERE id = 14")
    rechain(sqlite_db, entries, 14)
    problems, _ = altered(sqlite_advocate)
    assert problems == [
        "Entry 16 of the audit trail is not the one this program recorded (its hash differs): the trail was rewritten."
    ]


def test_a_damaged_head_is_reported_at_every_open_without_stopping_work(
    sqlite_advocate: Advocate, sqlite_db: Database
) -> None:
    reference = seeded(sqlite_advocate)
    sql(sqlite_db, "DELETE FROM audit_entry WHERE id > 12")
    for end in (12, 13):  # each note adds an entry; the head stays where it was until someone accepts the trail
        result = sqlite_advocate("note", reference, "Called again")
        assert result.exit_code == 0
        assert result.stderr == (
            f"Warning: The audit trail ends at entry {end} but had reached entry 16: entries were cut off its end, "
            "or an older copy of the database was put back.\n"
        )


def test_a_hand_edited_head_file_is_reported(sqlite_advocate: Advocate, sqlite_db: Database) -> None:
    seeded(sqlite_advocate)
    assert sqlite_db.path is not None
    head = audit_head.head_file(sqlite_db.path)
    content = json.loads(head.read_text())
    content["committed"][0] = 3
    head.write_text(json.dumps(content))
    problems, _ = altered(sqlite_advocate)
    assert problems == [
        f"The audit head {head} was edited or damaged (its seal does not match): it cannot vouch for the trail."
    ]


def test_an_encrypted_databases_head_cannot_be_forged_without_the_passphrase(tmp_path: Path, encrypting: str) -> None:
    path = tmp_path / "cases.db"
    reference = new_case(lambda *args: run(path, *args), "Jo Example")
    head = audit_head.head_file(path.resolve())
    content = json.loads(head.read_text())
    content["committed"] = [3, "0" * 64]
    content["pending"] = None
    content["seal"] = audit_head.seal(content, None)  # a seal anyone can make: not the key's
    head.write_text(json.dumps(content))
    result = run(path, "note", reference, "Called")
    assert result.exit_code == 0
    assert f"Warning: The audit head {head} was edited or damaged" in result.stderr


def test_every_backup_carries_the_head_of_its_moment(sqlite_advocate: Advocate, sqlite_db: Database) -> None:
    reference = seeded(sqlite_advocate)
    clock.fix(FIXED_NOW + timedelta(days=1))  # the next day's first open copies the database of 16 entries
    sqlite_advocate("note", reference, "Later")
    assert sqlite_db.path is not None
    daily = backups_dir(sqlite_db.path) / "daily-2026-11-24.db"
    assert json.loads(audit_head.head_file(daily).read_text())["committed"][0] == 16
    assert run(daily, "audit", "verify").exit_code == 0
    with sqlite3.connect(daily) as connection:
        connection.execute("DELETE FROM audit_entry WHERE id = 16")
    result = run(daily, "audit", "verify")
    assert "The audit trail ends at entry 15 but had reached entry 16" in result.stdout


def test_a_restored_database_is_accepted_only_when_asked_and_the_acceptance_is_recorded(
    sqlite_advocate: Advocate, sqlite_db: Database
) -> None:
    seeded(sqlite_advocate)
    sql(sqlite_db, "DELETE FROM audit_entry WHERE id = 16")  # as if a copy from before the last view were restored
    assert sqlite_advocate("audit", "verify").exit_code == 1
    result = sqlite_advocate("audit", "accept")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "The audit trail is accepted as it is: its head now vouches for it, up to entry 16 (the acceptance).\n"
    )
    assert sqlite_advocate("audit", "verify").exit_code == 0
    assert (
        "Accepted the audit trail (the trail was accepted as it was"
        in sqlite_advocate("audit", "show", "--limit", "1").stdout
    )


# -- an anchor noted elsewhere --------------------------------------------------------------------------------------


def test_an_anchor_is_short_and_verify_finds_it_while_the_trail_holds_it(advocate: Advocate, db: Database) -> None:
    reference = seeded(advocate)
    anchor = advocate("audit", "anchor").stdout.strip()
    last = rows(db)[-1]
    assert anchor == f"A1-16-{last['hash'][:16]}"
    advocate("note", reference, "Later")
    result = advocate("audit", "verify", "--anchor", anchor)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert f"and holds the anchor {anchor}" in result.stdout


def test_an_anchor_cut_off_or_rewritten_is_found(advocate: Advocate, db: Database) -> None:
    seeded(advocate)
    anchor = advocate("audit", "anchor").stdout.strip()
    entries = rows(db)
    entries[1]["actor"] = "Someone Else"
    sql(db, "UPDATE audit_entry SET actor = 'Someone Else' WHERE id = 2")
    rechain(db, entries, 2)
    result = advocate("audit", "verify", "--anchor", anchor)
    assert result.exit_code == 1
    assert f"Entry 16 is not the one the anchor {anchor} names: the trail was rewritten." in result.stdout
    sql(db, "DELETE FROM audit_entry WHERE id > 10")
    result = advocate("audit", "verify", "--anchor", anchor)
    assert (
        f"The anchor {anchor} names entry 16, but the trail ends at entry 10: entries were cut off its end."
        in result.stdout
    )


@pytest.mark.parametrize(
    "given", ["A1-16", "B1-16-0123456789abcdef", "A1-x-0123456789abcdef", "A1-16-xyz", "A1-0-0123456789abcdef"]
)
def test_a_malformed_anchor_is_one_sentence(advocate: Advocate, given: str) -> None:
    seeded(advocate)
    result = advocate("audit", "verify", "--anchor", given)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: '{given}' is not an audit anchor (one looks like A1-16-0123456789abcdef): copy it again.\n"
    )


# -- the case records themselves ------------------------------------------------------------------------------------


def test_a_case_record_edited_behind_the_programs_back_is_found(advocate: Advocate, db: Database) -> None:
    reference = seeded(advocate)
    sql(db, "UPDATE client SET address = '9 Elsewhere Street' WHERE id = 1")
    problems, error = altered(advocate)
    assert problems == [f"client 1 of {reference} is not as entry 2 recorded it: it was changed outside the program."]
    assert error == "Error: the audit trail or the records it covers were altered: 1 problem, listed above.\n"


def test_a_case_record_deleted_behind_the_programs_back_is_found(advocate: Advocate, db: Database) -> None:
    reference = seeded(advocate)
    sql(db, "DELETE FROM note WHERE id = 1")
    problems, _ = altered(advocate)
    assert problems == [
        f"note 1 of {reference} is gone, though entry 15 recorded it and none removed it: it was deleted outside the program."
    ]


def test_a_case_record_added_behind_the_programs_back_is_found(advocate: Advocate, db: Database) -> None:
    seeded(advocate)
    sql(
        db,
        "INSERT INTO note (id, case_id, kind, text, author, noted_at, created_at, updated_at) "
        "SELECT 2, case_id, kind, 'Made up', author, noted_at, created_at, updated_at FROM note WHERE id = 1",
    )
    problems, _ = altered(advocate)
    assert problems == ["note 2 has no audit entry: it was added outside the program, or its entry was removed."]


def test_a_whole_case_with_every_kind_of_record_verifies_and_an_erased_one_too(advocate: Advocate) -> None:
    reference = seeded(advocate)
    advocate("incident", reference, "Waiting outside work", "--when", "yesterday 17:30", "--kind", "loitering")
    advocate("plan", reference, "--done", "1")
    advocate(
        "court",
        "add",
        reference,
        "--when",
        "3 Dec 10:00",
        "--court",
        "Northshire Magistrates' Court",
        "--kind",
        "spo-hearing",
    )
    advocate("order", "add", reference, "--kind", "spo", "--granted", "today", "--expires", "1 Dec 2028")
    assert advocate("audit", "verify").exit_code == 0
    assert advocate("case", "close", reference, "--reason", "support-complete").exit_code == 0
    assert advocate("erase", reference, "--confirm", reference).exit_code == 0
    result = advocate("audit", "verify")
    assert result.exit_code == 0, result.stdout
