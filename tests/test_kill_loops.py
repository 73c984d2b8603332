"""Kill loops (issue 15): commands killed at random moments while others start, restore, and make the day's
copy. Whatever moment the kill lands on, the database path holds a whole database with every write that was
acknowledged. Bounded (a handful of runs each) so the suite stays quick; set ADVOCATE_KILL_RUNS for more."""

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from protection import dump, new_case, run

from advocate_tui.rules import clock
from advocate_tui.storage.backup import backups_dir, check_file

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")

RUNS = int(os.environ.get("ADVOCATE_KILL_RUNS", "8"))
STARTERS = 4


def start(path: Path, *args: str) -> subprocess.Popen[str]:
    environment = {**os.environ, "ADVOCATE_NO_ENCRYPT": "1"}
    environment.pop("ADVOCATE_PASSPHRASE", None)
    command = [sys.executable, "-c", "from advocate_tui.cli.main import main; main()", "--db", str(path), *args]
    return subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def kill_one_at_random(processes: list[subprocess.Popen[str]], rng: random.Random) -> None:
    time.sleep(rng.uniform(0.2, 1.5))  # from still importing to well into the copy and the write
    rng.choice(processes).send_signal(signal.SIGKILL)


def acknowledged(processes: list[subprocess.Popen[str]], texts: list[str]) -> list[str]:
    """The notes whose command said it had added them."""
    done = []
    for process, text in zip(processes, texts, strict=True):
        out, _err = process.communicate(timeout=120)
        if process.returncode == 0 and out.startswith("Note added"):
            done.append(text)
    return done


def whole(path: Path) -> dict[str, list[tuple[object, ...]]]:
    checked = check_file(path, None)
    assert checked.problems == () and checked.revision is not None
    return dump(path)


@pytest.fixture
def real_clock() -> None:
    clock.fix(None)  # the processes started here read the real clock, and so must the test


@pytest.mark.usefixtures("real_clock")
def test_killing_starters_while_the_days_copy_is_made_loses_no_acknowledged_note(tmp_path: Path) -> None:
    rng = random.Random(15)
    path = tmp_path / "cases.db"
    assert run(path, "demo", "--cases", "120").exit_code == 0  # copies take long enough to be killed in
    reference = new_case(path)
    wanted: list[str] = []
    for number in range(RUNS):
        for copy in backups_dir(path).glob("*.db"):
            copy.unlink()  # a new day: every starter wants to make the copy
        texts = [f"Kill loop {number}.{starter}" for starter in range(STARTERS)]
        processes = [start(path, "note", reference, text) for text in texts]
        kill_one_at_random(processes, rng)
        wanted += acknowledged(processes, texts)
        notes = str(whole(path)["note"])
        assert [text for text in wanted if text not in notes] == []
        for copy in backups_dir(path).glob("*.db"):
            assert check_file(copy, None).problems == (), copy
    assert len(wanted) >= RUNS * (STARTERS - 1) * 0.8  # the loop really wrote, not only killed


@pytest.mark.usefixtures("real_clock")
def test_killing_a_restore_at_any_moment_leaves_the_old_or_the_new_database(tmp_path: Path) -> None:
    rng = random.Random(151)
    path, backup = tmp_path / "cases.db", tmp_path / "backup.db"
    assert run(path, "demo", "--cases", "120").exit_code == 0
    reference = new_case(path)
    assert run(path, "backup", "--to", str(backup)).exit_code == 0
    wanted = whole(backup)
    for number in range(RUNS):
        assert run(path, "note", reference, f"Written before restore {number}").exit_code == 0
        before = whole(path)
        restoring = start(path, "restore", str(backup))
        starters = [start(path, "case", "list") for _ in range(STARTERS - 1)]
        kill_one_at_random([restoring], rng)
        for process in [restoring, *starters]:
            process.communicate(timeout=120)
        assert whole(path) in (before, wanted), f"run {number}: the path holds neither database"
        for leftover in tmp_path.glob(".cases.db*"):
            leftover.unlink()  # a killed restore's incoming copy (cleaned at the next day's first open)
