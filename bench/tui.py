"""The terminal application, timed headless: time to an interactive caseload, filter keystrokes, case open.

The application starts as ``advocate --db URL`` starts it (``advocate_tui.cli.main``), except that
``App.run`` is replaced by ``App.run_test()``, headless. A step ends when a frame is painted (the
screen's compositor refresh) after the redraw it waited for, so the figures include drawing.
The whole-process probe is tui_probe.py.
"""

import asyncio
import resource
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any, TypeVar

from textual import events
from textual.app import App
from textual.screen import Screen

from advocate_tui.cli.main import main as advocate
from advocate_tui.screens.caseload import CaseloadScreen, CaseTable, FilterInput

#: A laptop's terminal window (the caseload shows 34 rows of it).
SIZE = (120, 40)
#: Twenty keystrokes: names and references appear, narrow, and widen again.
FILTER_KEYS = [*"exa", *["backspace"] * 3, *"notr", *["backspace"] * 4, *"sam", *["backspace"] * 3]
#: A redraw that changes nothing on screen paints no frame: it ends the step after this long.
NO_FRAME_AFTER = 0.25
T = TypeVar("T")


@dataclass
class Marks:
    """When frames were painted and when the caseload, the workspace and its lists finished drawing."""

    frames: list[float] = field(default_factory=list)
    caseload: list[float] = field(default_factory=list)
    workspace: list[float] = field(default_factory=list)
    tabs: list[float] = field(default_factory=list)


MARKS = Marks()


def _after(cls: type, name: str, record: Callable[[Any], None]) -> None:
    original = getattr(cls, name)

    def timed(self: Any, *args: Any, **kwargs: Any) -> Any:
        result = original(self, *args, **kwargs)
        record(self)
        return result

    setattr(cls, name, timed)


_after(Screen, "_compositor_refresh", lambda _screen: MARKS.frames.append(time.perf_counter()))
_after(CaseloadScreen, "redraw", lambda screen: screen.loaded and MARKS.caseload.append(time.perf_counter()))


@cache
def _watch_workspace() -> None:
    """Hooks on the case workspace, imported only now: the application imports it after start-up."""
    from advocate_tui.screens.tabs.incidents import IncidentsTab
    from advocate_tui.screens.tabs.notes import NotesTab
    from advocate_tui.screens.workspace import CaseWorkspace

    _after(
        CaseWorkspace, "redraw", lambda screen: screen.case is not None and MARKS.workspace.append(time.perf_counter())
    )
    for tab in (IncidentsTab, NotesTab):
        _after(tab, "show", lambda _tab: MARKS.tabs.append(time.perf_counter()))


async def until(condition: Callable[[], Any], timeout: float = 60.0) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the application did not get there in time")
        await asyncio.sleep(0.0005)


async def painted(since: float) -> float:
    """When the first frame after ``since`` was painted (or ``since``, if nothing changed on screen)."""
    try:
        await until(lambda: MARKS.frames and MARKS.frames[-1] > since, NO_FRAME_AFTER)
    except TimeoutError:
        return since
    return next(frame for frame in MARKS.frames if frame > since)


def press(app: App, key: str) -> None:
    """Send one key as the terminal would (as Textual's own pilot does, without its idle waits)."""
    event = events.Key(key, key if len(key) == 1 else None)
    event.set_sender(app)
    app._driver.send_message(event)


async def redrawn(marks: list[float], action: Callable[[], None]) -> float:
    """Do ``action`` and wait for the redraw it causes and the frame after it; the seconds that took."""
    count = len(marks)
    start = time.perf_counter()
    action()
    await until(lambda: len(marks) > count)
    return await painted(marks[count]) - start


async def interactive(app: App) -> None:
    """Wait until the caseload shows rows, has the focus, and a key moves its cursor."""
    await until(
        lambda: (
            isinstance(app.screen, CaseloadScreen)
            and app.screen.loaded
            and isinstance(app.focused, CaseTable)
            and app.focused.row_count > 0
        )
    )
    table = app.screen.query_one(CaseTable)
    row = table.cursor_row
    press(app, "down")
    await until(lambda: table.cursor_row != row)
    await painted(time.perf_counter())


def run_app(url: str, scenario: Callable[[App], Awaitable[T]]) -> T:
    """Start the application on ``url`` through the command line, headless, and run ``scenario`` on it."""
    outcome: list[T] = []

    def run_headless(self: App, *_args: Any, **_kwargs: Any) -> None:
        async def drive() -> None:
            async with self.run_test(headless=True, size=SIZE):
                outcome.append(await scenario(self))

        asyncio.run(drive())

    original, arguments = App.run, sys.argv
    App.run, sys.argv = run_headless, ["advocate", "--db", url]  # type: ignore[method-assign]
    try:
        advocate()
    except SystemExit as exit:
        if exit.code:
            raise
    finally:
        App.run, sys.argv = original, arguments  # type: ignore[method-assign]
    return outcome[0]


# -- in the benchmark's process ----------------------------------------------------------------


@dataclass(frozen=True)
class InProcess:
    interactive: list[float]
    keystrokes: list[float]
    case_open: list[float]
    incidents_tab: list[float]
    notes_tab: list[float]
    rows: int


def measure(url: str, big_reference: str, starts: int = 5, opens: int = 5) -> InProcess:
    """Starts to an interactive caseload (after one to warm up), then filter keystrokes, and opens of
    the big case, each followed by its Incidents (3) and Notes (5) tabs."""

    async def ready(app: App) -> float:
        await interactive(app)
        return time.perf_counter()

    run_app(url, ready)
    times = []
    for _ in range(starts):
        start = time.perf_counter()
        times.append(run_app(url, ready) - start)

    async def work(app: App) -> InProcess:
        await interactive(app)
        _watch_workspace()
        rows = len(app.screen.rows)
        press(app, "slash")
        await until(lambda: isinstance(app.focused, FilterInput))
        keystrokes = [await redrawn(MARKS.caseload, lambda key=key: press(app, key)) for key in FILTER_KEYS]
        taken: dict[str, list[float]] = {"open": [], "3": [], "5": []}
        for _ in range(opens):
            taken["open"].append(await redrawn(MARKS.workspace, lambda: app.open_case(big_reference)))
            for key in ("3", "5"):
                taken[key].append(await redrawn(MARKS.tabs, lambda key=key: press(app, key)))
            await redrawn(MARKS.caseload, lambda: press(app, "escape"))
        return InProcess(times, keystrokes, taken["open"], taken["3"], taken["5"], rows)

    return run_app(url, work)


# -- the whole-process probe (see tui_probe.py) ----------------------------------------------------


async def _probe(app: App, memory_reference: str | None) -> None:
    await interactive(app)
    print("interactive", flush=True)
    if memory_reference is None:
        return
    _watch_workspace()
    screen = app.screen
    open_cases = len(screen.rows)
    press(app, "o")
    await until(lambda: len(screen.rows) > open_cases)
    await redrawn(MARKS.workspace, lambda: app.open_case(memory_reference))
    print(f"cases {len(screen.rows)}", flush=True)


def probe(url: str, memory_reference: str | None) -> None:
    async def scenario(app: App) -> None:
        await _probe(app, memory_reference)

    run_app(url, scenario)
    print(f"rss {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}", flush=True)
