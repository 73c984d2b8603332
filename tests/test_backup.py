"""Backups, the daily rotation, restoring and checking: consistent copies, and nothing replaced by a bad file."""

import sqlite3
import threading
from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from conftest import FIXED_NOW
from protection import OTHER_PASSPHRASE, dump, encrypting, files_in, key_for, new_case, run  # noqa: F401

from advocate_tui.db import HEAD_REVISION, open_database
from advocate_tui.rules import clock
from advocate_tui.services.casework import Casework
from advocate_tui.storage import audit
from advocate_tui.storage.backup import backups_dir, check_file
from advocate_tui.storage.crypto import FileState, file_state


def test_a_backup_taken_while_another_connection_writes_is_consistent(tmp_path: Path) -> None:
    path = tmp_path / "cases.db"
    reference = new_case(path)
    writer = Casework(open_database(str(path)), user="Other Terminal", areas=("City",))
    stop = threading.Event()

    def keep_writing() -> None:
        number = 0
        while not stop.is_set():
            number += 1
            writer.log.add_note(reference, f"Note {number}")

    thread = threading.Thread(target=keep_writing)
    thread.start()
    try:
        copies = []
        for number in range(5):
            result = run(path, "backup", "--to", str(tmp_path / f"copy-{number}.db"))
            assert result.exit_code == 0, result.stderr
            copies.append(tmp_path / f"copy-{number}.db")
    finally:
        stop.set()
        thread.join()
        writer.db.dispose()
    counts = []
    for copy in copies:
        assert check_file(copy, None).problems == ()
        database = open_database(f"sqlite:///{copy}")
        with database.reader() as session:
            assert audit.verify(session).breaks == ()
            notes = dump(copy)["note"]
            logged = [e for e in audit.entries(session) if e.entity == "note" and e.action == "create"]
        database.dispose()
        assert len(notes) == len(logged)  # each note and its audit entry: both in the copy or neither
        counts.append(len(notes))
    assert counts == sorted(counts) and counts[-1] > 0


def test_an_encrypted_database_stays_encrypted_in_its_backups(tmp_path: Path, encrypting: str) -> None:
    path = tmp_path / "cases.db"
    new_case(path)
    result = run(path, "backup")
    assert result.exit_code == 0, result.stderr
    [copy] = backups_dir(path).glob("cases-2026*.db")
    assert result.stdout == f"Backed up {path} to {copy} (encrypted, with the database's passphrase).\n"
    assert file_state(copy) is FileState.ENCRYPTED
    assert dump(copy, key_for(copy)) == dump(path, key_for(path))
    assert (copy.stat().st_mode & 0o777) == 0o600


def test_the_first_open_of_each_day_keeps_a_copy_seven_daily_and_four_weekly(tmp_path: Path) -> None:
    path = tmp_path / "cases.db"
    reference = new_case(path)
    for day in range(1, 40):
        clock.fix(FIXED_NOW + timedelta(days=day))
        assert run(path, "note", reference, f"Day {day}").exit_code == 0
        assert run(path, "note", reference, f"Day {day}, later").exit_code == 0
    folder = backups_dir(path)
    daily = sorted(p.name for p in folder.glob("daily-*.db"))
    assert daily == [f"daily-{(FIXED_NOW + timedelta(days=d)).date().isoformat()}.db" for d in range(33, 40)]
    assert len(list(folder.glob("weekly-*.db"))) == 4
    with closing(sqlite3.connect(folder / daily[-1])) as connection:  # taken on the day's first open, before its notes
        assert connection.execute("SELECT text FROM note ORDER BY id DESC LIMIT 1").fetchone() == ("Day 38, later",)


@pytest.fixture
def database_and_backup(tmp_path: Path) -> tuple[Path, Path]:
    path = tmp_path / "cases.db"
    new_case(path, "Jo Example")
    run(path, "backup", "--to", str(tmp_path / "good.db"))
    new_case(path, "Priya Madeup")
    return path, tmp_path / "good.db"


def refused(path: Path, backup: Path, sentence: str, **options: object) -> None:
    before = files_in(path.parent)
    result = run(path, "restore", str(backup), **options)  # type: ignore[arg-type]
    assert result.exit_code == 1
    assert result.stderr.endswith(f"Error: {sentence}\n")
    assert files_in(path.parent) == before


def test_restore_refuses_a_damaged_file(database_and_backup: tuple[Path, Path]) -> None:
    path, backup = database_and_backup
    data = bytearray(backup.read_bytes())
    data[4096 * 2 : 4096 * 8] = b"\xff" * 4096 * 6  # pages of the tables, garbled
    damaged = backup.with_name("damaged.db")
    damaged.write_bytes(bytes(data))
    refused(path, damaged, f"{damaged} is damaged or is not a database: it cannot be used, and nothing was changed.")


def test_restore_refuses_a_file_from_a_newer_version(database_and_backup: tuple[Path, Path]) -> None:
    path, backup = database_and_backup
    with sqlite3.connect(backup) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    refused(
        path,
        backup,
        f"{backup} was made by a newer version of advocate_tui (schema 9999): upgrade advocate_tui "
        "first; nothing was changed.",
    )


def test_restore_refuses_a_backup_with_another_passphrase(tmp_path: Path, encrypting: str) -> None:
    path = tmp_path / "cases.db"
    new_case(path)
    run(path, "backup", "--to", str(tmp_path / "good.db"))
    other = tmp_path / "other.db"
    run(other, "case", "new", "Someone Else", env={"ADVOCATE_PASSPHRASE": OTHER_PASSPHRASE})
    refused(path, other, f"The passphrase for {other} is wrong (or the file is damaged): nothing was changed.")


def test_restore_puts_the_backup_in_place_and_keeps_the_current_database(
    database_and_backup: tuple[Path, Path],
) -> None:
    path, backup = database_and_backup
    current = dump(path)
    result = run(path, "restore", str(backup))
    assert result.exit_code == 0, result.stderr
    [aside] = path.parent.glob("cases.db.before-restore-*")
    assert result.stdout == (
        f"Restored {path} from {backup} (schema {HEAD_REVISION}).\nThe database as it was is kept at {aside}.\n"
    )
    assert dump(aside) == current
    assert "Priya Madeup" not in run(path, "case", "list").stdout


def test_restore_refuses_while_another_program_has_the_database_open(database_and_backup: tuple[Path, Path]) -> None:
    import subprocess
    import sys

    path, backup = database_and_backup
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import sqlite3, sys; c = sqlite3.connect({str(path)!r}); "
            "c.execute('SELECT 1 FROM note').fetchall(); print('open', flush=True); sys.stdin.read()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline() == "open\n"
        refused(
            path,
            backup,
            f"{path} is open in another program (the application, or a command still running): "
            "close it, then restore again; nothing was changed.",
        )
    finally:
        holder.communicate("")


def test_db_check_reports_integrity_and_broken_references(tmp_path: Path) -> None:
    path = tmp_path / "cases.db"
    new_case(path)
    assert run(path, "db", "check").stdout.startswith(
        f"{path}: integrity ok, foreign keys ok, schema {HEAD_REVISION}.\n"
    )
    with sqlite3.connect(path) as connection:
        connection.execute(
            "INSERT INTO note (case_id, kind, text, author, noted_at, created_at, updated_at) "
            "VALUES (99, 'call', 'x', 'x', '2026-11-23', '2026-11-23', '2026-11-23')"
        )
    connection.close()
    result = run(path, "db", "check")
    assert result.exit_code == 1
    assert result.stdout == "  a row of note (row 1) refers to a missing row of case_file\n"
    assert result.stderr.startswith(f"Error: {path} has 1 problems (listed above)")


@pytest.mark.parametrize(
    "args", [("backup",), ("restore", "copy.db"), ("db", "check"), ("db", "encrypt"), ("db", "rekey")]
)
def test_on_postgresql_the_servers_own_tools_apply(args: tuple[str, ...]) -> None:
    result = run("postgresql+psycopg://advocate@127.0.0.1:9/advocacy", *args)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: On PostgreSQL the server's own tools apply: back up with `pg_dump`")


def test_the_daily_copy_is_dated_by_the_clock(tmp_path: Path) -> None:
    clock.fix(datetime(2027, 1, 4, 9, 0))
    path = tmp_path / "cases.db"
    new_case(path)
    assert sorted(p.name for p in backups_dir(path).glob("*.db")) == ["daily-2027-01-04.db", "weekly-2027-W01.db"]


# -- restore never leaves the advocate without a database (issue 15) ----------------------------


def test_restoring_the_database_onto_itself_is_refused(database_and_backup: tuple[Path, Path]) -> None:
    path, _backup = database_and_backup
    current = dump(path)
    refused(
        path, path, f"{path} is the database itself: restore a backup of it, not the file in use; nothing was changed."
    )
    assert dump(path) == current


def test_a_restore_whose_copy_fails_leaves_the_database_where_it_was(
    database_and_backup: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from advocate_tui.storage import backup as backup_module

    path, backup = database_and_backup
    current = dump(path)
    real_copy = backup_module.copy_database

    def disk_full(source: Path, destination: Path, key: object) -> Path:
        if source == backup:
            raise backup_module.DatabaseError(
                f"Could not copy {source} (database or disk is full): nothing was written."
            )
        return real_copy(source, destination, key)  # type: ignore[arg-type]

    monkeypatch.setattr(backup_module, "copy_database", disk_full)
    result = run(path, "restore", str(backup))
    assert result.exit_code == 1
    assert "nothing was written" in result.stderr
    assert dump(path) == current  # the database is still at its path, whole
    assert not list(path.parent.glob("cases.db.before-restore-*"))
    assert not list(path.parent.glob(".cases.db*"))  # no partial copy left behind


def test_at_every_step_of_a_restore_the_path_holds_a_whole_database(
    database_and_backup: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The old database stays at its path until the checked copy of the backup replaces it in one rename."""
    import os

    from advocate_tui.storage import backup as backup_module

    path, backup = database_and_backup
    before, wanted = dump(path), dump(backup)
    seen = []
    real_replace = os.replace

    def watching(source: str | Path, destination: str | Path) -> None:
        if Path(destination) == path:
            seen.append(dump(path))  # just before the swap: still the old one
        real_replace(source, destination)
        if Path(destination) == path:
            seen.append(dump(path))  # just after: the backup's

    monkeypatch.setattr(backup_module.os, "replace", watching)
    result = run(path, "restore", str(backup))
    assert result.exit_code == 0, result.stderr
    assert seen == [before, wanted]
    assert not path.with_name(f"{path.name}-wal").exists() or path.with_name(f"{path.name}-wal").stat().st_size == 0
