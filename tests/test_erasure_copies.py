"""Erasure reaches every copy the program made (issue 15): the day's and week's copies, backups made by hand
(wherever they were written), the copies kept beside the database, and subject-access exports. What cannot be
re-written is named, and `retention` keeps naming it until it is gone."""

import shutil
from pathlib import Path

import pytest
from conftest import FIXED_NOW
from protection import CLIENT, every_record, file_bytes, run, same_library

from advocate_tui.db import open_database
from advocate_tui.rules import clock
from advocate_tui.services.casework import Casework
from advocate_tui.storage import audit
from advocate_tui.storage.backup import backups_dir, check_file


@pytest.fixture
def closed_case(tmp_path: Path) -> tuple[Path, str]:
    """A database with one closed case holding the client's name everywhere, opened once from the shell (so
    the day's copies hold it too), and a second, open case that must survive everywhere."""
    path = tmp_path / "cases.db"
    casework = Casework(open_database(str(path)), user="Test Advocate", areas=("City",))
    reference = every_record(casework)
    casework.cases.close_case(reference, "support-complete", feels_safe=4, risk_reduced=True)
    other = casework.cases.create_case("Priya Madeup", relationship="colleague").reference
    casework.db.dispose()
    assert run(path, "case", "list").exit_code == 0  # the first open of the day: daily and weekly copies
    return path, reference, other


def holds_client(path: Path) -> bool:
    return CLIENT.encode() in file_bytes(path)


def erase(path: Path, reference: str) -> "object":
    result = run(path, "erase", reference, "--confirm", reference)
    assert result.exit_code == 0, result.stderr
    return result


def test_erase_removes_the_client_from_every_backup_and_export(
    closed_case: tuple[Path, str, str], tmp_path: Path
) -> None:
    path, reference, _other = closed_case
    elsewhere = tmp_path / "usb-stick"
    elsewhere.mkdir()
    assert run(path, "backup", "--to", str(elsewhere / "monday.db")).exit_code == 0
    assert run(path, "backup").exit_code == 0
    assert run(path, "export", reference, "--out", str(tmp_path / "sar")).exit_code == 0
    copies = [*backups_dir(path).glob("*.db"), elsewhere / "monday.db"]
    assert len(copies) == 4 and all(holds_client(copy) for copy in copies)

    result = erase(path, reference)

    assert not any(holds_client(copy) for copy in copies), [c.name for c in copies if holds_client(c)]
    assert not (tmp_path / "sar").exists()
    for copy in copies:  # each copy is still a whole database, with the other case and an unbroken trail
        assert check_file(copy, None).problems == ()
        database = open_database(str(copy), migrate=False)
        with database.reader() as session:
            assert audit.verify(session).breaks == ()
        database.dispose()
        assert b"Priya Madeup" in file_bytes(copy)
    assert f"Removed {reference} from 4 copies of the database and 1 subject-access export" in result.stdout
    assert "Warning" not in result.stderr


def test_a_copy_that_cannot_be_rewritten_is_named_and_retention_reports_it_until_it_is_gone(
    closed_case: tuple[Path, str, str], tmp_path: Path
) -> None:
    path, reference, _other = closed_case
    old = path.with_name(f"{path.name}.pre-0006-20261101-090000.bak")
    shutil.copyfile(backups_dir(path) / f"daily-{clock.today().isoformat()}.db", old)
    connection = same_library(old)
    connection.execute("UPDATE alembic_version SET version_num = '0005'")  # made before an upgrade
    connection.commit()
    connection.close()

    result = erase(path, reference)

    assert holds_client(old)
    [warning] = [line for line in result.stderr.splitlines() if str(old) in line]
    assert warning == (
        f"Warning: {old} still holds {reference} (it was made by an older version and is not re-written): "
        "delete it once you no longer need it."
    )
    reported = run(path, "retention")
    assert reported.exit_code == 0
    assert f"{old} still holds erased {reference}" in reported.stdout
    old.unlink()
    assert str(old) not in run(path, "retention").stdout


def test_an_export_of_another_case_is_left_alone(closed_case: tuple[Path, str, str], tmp_path: Path) -> None:
    path, reference, other_reference = closed_case
    assert run(path, "export", other_reference, "--out", str(tmp_path / "sar-other")).exit_code == 0
    erase(path, reference)
    assert (tmp_path / "sar-other" / f"{other_reference}.json").exists()


def test_with_a_reader_holding_the_file_erase_says_so_and_the_next_open_finishes(
    closed_case: tuple[Path, str, str],
) -> None:
    path, reference, _other = closed_case
    reader = same_library(path, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM case_file").fetchone()  # a read transaction, as the application holds
    try:
        result = erase(path, reference)
    finally:
        reader.close()
    assert (
        f"Warning: another program had {path} open while it was erased, so erased text stays in the database "
        "file until the next time the database is opened, when it is removed."
    ) in result.stderr
    assert run(path, "case", "list").exit_code == 0
    assert not holds_client(path)
    clock.fix(FIXED_NOW)
