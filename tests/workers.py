"""For Pilot tests of single panes and screens: a bare app over one Casework, and waiting for its workers."""

from contextlib import suppress

from textual.app import App
from textual.pilot import Pilot
from textual.worker import WorkerCancelled, WorkerState

from advocate_tui.services.casework import Casework


class CaseworkApp(App[None]):
    """An app holding ``casework`` (and a case's ``reference``) as the application would, for a subclass to
    show one pane or screen in."""

    def __init__(self, casework: Casework, reference: str = "") -> None:
        super().__init__()
        self.casework = casework
        self.reference = reference


async def settle(pilot: Pilot) -> None:
    """Wait until no worker is left, including those started by what earlier ones did."""
    await pilot.pause()
    while busy := [w for w in pilot.app.workers if w.state in (WorkerState.PENDING, WorkerState.RUNNING)]:
        for worker in busy:
            with suppress(WorkerCancelled):
                await worker.wait()
        await pilot.pause()
