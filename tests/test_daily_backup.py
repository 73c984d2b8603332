"""The automatic daily and weekly copies (issue 15): made once however many commands start together, checked
before they count, never a reason to stop work, never left half-written, and never made of a backup."""

import os
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from protection import dump, new_case, run

from advocate_tui.rules import clock
from advocate_tui.storage import backup as backup_module
from advocate_tui.storage.backup import backups_dir, check_file


def today_copies(path: Path) -> tuple[Path, Path]:
    today = clock.today()
    folder = backups_dir(path)
    return folder / f"daily-{today.isoformat()}.db", folder / f"weekly-{today:%G-W%V}.db"


def forget_today(path: Path) -> None:
    """As if no command had run yet today: the day's copies are not there."""
    for copy in today_copies(path):
        copy.unlink(missing_ok=True)


def advocate_process(path: Path, *args: str) -> subprocess.Popen[str]:
    environment = {**os.environ, "ADVOCATE_NO_ENCRYPT": "1"}
    environment.pop("ADVOCATE_PASSPHRASE", None)
    command = [sys.executable, "-c", "from advocate_tui.cli.main import main; main()", "--db", str(path), *args]
    return subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_commands_started_together_on_a_new_day_all_work_and_leave_whole_copies(tmp_path: Path) -> None:
    clock.fix(None)  # the processes started here read the real clock
    path = tmp_path / "cases.db"
    assert run(path, "demo", "--cases", "150").exit_code == 0  # big enough that copies overlap in time
    reference = new_case(path)
    for _round in range(3):
        forget_today(path)
        starters = [advocate_process(path, "note", reference, f"Note {number}") for number in range(6)]
        results = [(process.wait(timeout=120), process.stderr.read() if process.stderr else "") for process in starters]
        assert [code for code, _ in results] == [0] * 6, results
        assert all(not err.strip() for _, err in results), results
        for copy in today_copies(path):
            assert check_file(copy, None).problems == (), copy
    assert not [p for p in backups_dir(path).iterdir() if p.name.startswith(".") and p.suffix != ".lock"]


def test_starters_racing_for_the_days_copy_make_it_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Six starters pass the "no copy yet today" test together (a slow copy keeps the window open): one makes
    the copy, the others go on without one, and no starter fails or spoils another's copy."""
    path = tmp_path / "cases.db"
    new_case(path)
    forget_today(path)
    real_connect = backup_module.connect

    class SlowCopy:
        def __init__(self, connection: Any) -> None:
            self.connection = connection

        def backup(self, target: Any) -> None:
            time.sleep(0.3)
            self.connection.backup(getattr(target, "connection", target))

        def __getattr__(self, name: str) -> Any:
            return getattr(self.connection, name)

    monkeypatch.setattr(backup_module, "connect", lambda *args, **kwargs: SlowCopy(real_connect(*args, **kwargs)))
    start = threading.Barrier(6)
    outcomes: list[object] = []

    def starter() -> None:
        start.wait()
        try:
            outcomes.append(backup_module.daily_backup(path, None))
        except Exception as exc:  # the test reports whatever a starter met
            outcomes.append(exc)

    threads = [threading.Thread(target=starter) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    daily, weekly = today_copies(path)
    assert sorted(map(repr, outcomes)) == sorted([repr(daily)] + [repr(None)] * 5)
    assert check_file(daily, None).problems == () and check_file(weekly, None).problems == ()


def test_a_failed_automatic_backup_warns_in_one_sentence_and_the_work_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "cases.db"
    reference = new_case(path)
    forget_today(path)

    def disk_full(*_args: object, **_kwargs: object) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup_module, "copy_database", disk_full)
    listed = run(path, "case", "list")
    assert listed.exit_code == 0
    assert reference in listed.stdout
    [warning] = listed.stderr.strip().splitlines()
    assert warning.startswith("Warning: today's automatic backup of")
    assert "No space left on device" in warning
    noted = run(path, "note", reference, "Still works on a full backup disk")
    assert noted.exit_code == 0
    assert "Still works on a full backup disk" in str(dump(path)["note"])


def test_a_daily_copy_that_does_not_check_out_never_becomes_the_days_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "cases.db"
    new_case(path)
    forget_today(path)
    real_check = backup_module.check_file

    def damaged(candidate: Path, key: object) -> backup_module.Checked:
        checked = real_check(candidate, key)  # type: ignore[arg-type]
        return backup_module.Checked(checked.revision, ("integrity: page 3 is never used",))

    monkeypatch.setattr(backup_module, "check_file", damaged)
    result = run(path, "case", "list")
    assert result.exit_code == 0
    assert "page 3 is never used" in result.stderr
    daily, _weekly = today_copies(path)
    assert not daily.exists()
    assert [p.name for p in backups_dir(path).iterdir() if p.name.endswith(".part")] == []


def test_a_weekly_copy_that_fails_its_check_is_made_again(tmp_path: Path) -> None:
    path = tmp_path / "cases.db"
    new_case(path)
    daily, weekly = today_copies(path)
    weekly.write_bytes(weekly.read_bytes()[:4096] + b"\x00" * 4096)  # cut short: damaged
    daily.unlink()
    assert run(path, "case", "list").exit_code == 0
    assert check_file(weekly, None).problems == ()
    assert dump(weekly) == dump(daily)


def test_partial_copies_left_by_a_killed_command_are_cleaned_up(tmp_path: Path) -> None:
    path = tmp_path / "cases.db"
    new_case(path)
    folder = backups_dir(path)
    stale = [
        folder / ".daily-2026-11-29.db.a1b2c3.part",
        folder / ".daily-2026-11-29.db.a1b2c3.part-journal",
        path.with_name(f".{path.name}.pre-0006-20261101-090000.bak.x9y8.part"),
        path.with_name(f".{path.name}.restoring"),
    ]
    young = folder / ".cases-20261130-101010.db.q1w2.part"  # a copy another command is making now
    long_ago = time.time() - 2 * 3600
    for item in [*stale, young]:
        item.write_bytes(b"SQLite format 3\x00 Zelda Unforgettable")
    for item in stale:
        os.utime(item, (long_ago, long_ago))
    forget_today(path)
    assert run(path, "case", "list").exit_code == 0
    assert [item for item in stale if item.exists()] == []
    assert young.exists()


@pytest.mark.parametrize("made_by", ["daily", "manual", "pre-migration", "before-restore"])
def test_opening_a_backup_makes_no_backups_of_it(tmp_path: Path, made_by: str) -> None:
    path = tmp_path / "cases.db"
    new_case(path)
    daily, _weekly = today_copies(path)
    copies = {
        "daily": daily,
        "manual": backups_dir(path) / "cases-20261130-101010.db",
        "pre-migration": tmp_path / "cases.db.pre-0006-20261130-101010.bak",
        "before-restore": tmp_path / "cases.db.before-restore-20261130-101010",
    }
    copy = copies[made_by]
    if not copy.exists():
        copy.write_bytes(daily.read_bytes())
    result = run(copy, "case", "list")
    assert result.exit_code == 0, result.stderr
    assert not backups_dir(copy).exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith("-backups")) == ["cases-backups"]


def test_the_copy_is_checked_before_it_takes_its_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every copy (daily, manual, pre-migration) is made under a name of its own and checked before the rename."""
    path = tmp_path / "cases.db"
    new_case(path)
    checked: list[str] = []
    real_check = backup_module.check_file

    def watching(candidate: Path, key: object) -> backup_module.Checked:
        checked.append(candidate.name)
        return real_check(candidate, key)  # type: ignore[arg-type]

    monkeypatch.setattr(backup_module, "check_file", watching)
    assert run(path, "backup", "--to", str(tmp_path / "mine.db")).exit_code == 0
    [name] = checked
    assert name.startswith(".mine.db.") and name.endswith(".part")


def test_the_first_open_of_a_day_dates_its_copy_by_that_day(tmp_path: Path) -> None:
    clock.fix(datetime(2027, 1, 4, 9, 0))
    path = tmp_path / "cases.db"
    new_case(path)
    clock.fix(datetime(2027, 1, 5, 9, 0))
    assert run(path, "case", "list").exit_code == 0
    assert sorted(p.name for p in backups_dir(path).glob("*.db")) == [
        "daily-2027-01-04.db",
        "daily-2027-01-05.db",
        "weekly-2027-W01.db",
    ]


@pytest.mark.parametrize("args", [("case", "new", ""), ("case", "new", "Jo Example", "--risk", "extreme")])
def test_a_refused_first_case_leaves_no_new_database_behind(tmp_path: Path, args: tuple[str, ...]) -> None:
    folder = tmp_path / "work"
    folder.mkdir()
    path = folder / "cases.db"
    result = run(path, *args)
    assert result.exit_code == 1
    assert list(folder.iterdir()) == []
    assert run(path, "case", "new", "-q", "Jo Example").exit_code == 0  # and the path is free for a real one
