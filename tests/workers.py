"""Waiting for a Textual app's workers in Pilot tests of single panes and screens."""

from contextlib import suppress

from textual.pilot import Pilot
from textual.worker import WorkerCancelled, WorkerState


async def settle(pilot: Pilot) -> None:
    """Wait until no worker is left, including those started by what earlier ones did."""
    await pilot.pause()
    while busy := [w for w in pilot.app.workers if w.state in (WorkerState.PENDING, WorkerState.RUNNING)]:
        for worker in busy:
            with suppress(WorkerCancelled):
                await worker.wait()
        await pilot.pause()
