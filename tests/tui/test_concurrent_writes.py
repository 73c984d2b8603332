"""The command line writes while the application holds the same database open: both succeed, nothing is lost."""

import os
import subprocess
import sys
from pathlib import Path

from conftest import SIZE, settle, started

from advocate_tui.app import AdvocateApp
from advocate_tui.services.casework import Casework

NOTES = 12
#: ``advocate note`` run NOTES times, one command after another, in a separate process.
CLI_NOTES = """
import sys
from advocate_tui.cli.main import app
path, reference, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
for number in range(1, count + 1):
    code = app(["--db", path, "note", reference, f"From the shell {number}"], prog_name="advocate", standalone_mode=False)
    assert not code, code
"""


async def test_the_command_line_and_the_application_write_at_the_same_time(
    app: AdvocateApp, caseload: Casework, sqlite_url: str
) -> None:
    reference = "STK-2026-0002"
    path = Path(sqlite_url.removeprefix("sqlite:///"))
    failures: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        shell = subprocess.Popen(
            [sys.executable, "-c", CLI_NOTES, str(path), reference, str(NOTES)],
            env=dict(os.environ),
            stderr=subprocess.PIPE,
            text=True,
        )
        for number in range(1, NOTES + 1):  # as the note editor saves: on a worker thread
            app.save_in_background(
                lambda n=number: app.casework.log.add_note(reference, f"From the application {n}"),
                lambda _note: None,
                failures.append,
            )
            await pilot.pause(0.05)
        await settle(pilot)
        assert shell.wait(timeout=120) == 0, shell.stderr.read()
    assert failures == []
    texts = {note.text for note in caseload.cases.get_case(reference).notes}
    assert texts == {f"From the application {n}" for n in range(1, NOTES + 1)} | {
        f"From the shell {n}" for n in range(1, NOTES + 1)
    }
