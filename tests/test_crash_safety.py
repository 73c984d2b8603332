"""Crash safety: a process killed outright while adding notes leaves an intact database holding every note it reported saved."""

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from protection import PASSPHRASE, key_for, new_case
from sqlalchemy import select

from advocate_tui.db import open_database
from advocate_tui.storage import audit
from advocate_tui.storage.backup import check_file
from advocate_tui.storage.crypto import DatabaseKey
from advocate_tui.storage.models import Note

#: Adds notes one ``advocate note`` command at a time (in one process, to go fast) and reports each
#: note whose command returned success.
NOTE_LOOP = """
import sys
from advocate_tui.cli.main import app
path, reference, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
for number in range(1, count + 1):
    code = app(["--db", path, "note", reference, f"Note {number}"], prog_name="advocate", standalone_mode=False)
    if not code:
        print(f"saved: Note {number}", flush=True)
"""


def note_loop(path: Path, reference: str, count: int, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", NOTE_LOOP, str(path), reference, str(count)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def saved_notes(path: Path, key: DatabaseKey | None) -> set[str]:
    database = open_database(str(path), key=key)
    try:
        with database.reader() as session:
            assert audit.verify(session).breaks == ()
            return set(session.scalars(select(Note.text)))
    finally:
        database.dispose()


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
def test_a_killed_writer_leaves_every_reported_note_and_an_intact_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encrypted: bool
) -> None:
    if encrypted:
        monkeypatch.delenv("ADVOCATE_NO_ENCRYPT")
        monkeypatch.setenv("ADVOCATE_PASSPHRASE", PASSPHRASE)
    path = tmp_path / "cases.db"
    reference = new_case(path)
    writer = note_loop(path, reference, 1000, dict(os.environ))
    reported = []
    for line in writer.stdout:
        if line.startswith("saved: "):
            reported.append(line.strip().removeprefix("saved: "))
        if len(reported) == (6 if encrypted else 15):
            break
    # killed at a random moment of the commands that follow, most likely inside one
    time.sleep(random.uniform(0, 0.15))
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    assert writer.returncode == -signal.SIGKILL
    reported += [
        line.removeprefix("saved: ") for line in writer.stdout.read().splitlines() if line.startswith("saved: ")
    ]

    key = key_for(path) if encrypted else None
    assert check_file(path, key).problems == ()
    assert set(reported) <= saved_notes(path, key)
