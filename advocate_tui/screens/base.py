"""What the screens share: service calls on worker threads, panes over one case, and reloading whenever a
screen is shown."""

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual import work
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.worker import Worker, get_current_worker

from advocate_tui.rules.errors import AdvocateError
from advocate_tui.screens.app_protocol import host
from advocate_tui.screens.hints import sentence
from advocate_tui.screens.theme import Tones
from advocate_tui.services.casework import Casework

if TYPE_CHECKING:  # the mixins below are mixed into nodes (screens, widgets, the app): typed as one
    from textual.dom import DOMNode as _Node
else:
    _Node = object

T = TypeVar("T")


class BackgroundWork(_Node):
    """Mixin for nodes: run a service call on a worker thread and hand its result to the UI thread.

    A problem the user can act on (:class:`AdvocateError`, the database being busy or gone included) is
    passed to ``failed`` as one sentence; by default it is shown as an error notification.
    """

    @work(thread=True, exclusive=True, group="load")
    def load_in_background(
        self, job: Callable[[], T], done: Callable[[T], Any], failed: Callable[[str], Any] | None = None
    ) -> None:
        """Read on a worker; a newer load on the same node supersedes this one."""
        self._call(job, done, failed)

    @work(thread=True, group="ask")
    def ask_in_background(
        self, job: Callable[[], T], done: Callable[[T], Any], failed: Callable[[str], Any] | None = None
    ) -> None:
        """Read on a worker that nothing supersedes: what a key asks for is answered even while a load runs."""
        self._call(job, done, failed)

    @work(thread=True, group="save")
    def save_in_background(
        self, job: Callable[[], T], done: Callable[[T], Any], failed: Callable[[str], Any] | None = None
    ) -> None:
        """Write on a worker; every write runs to completion."""
        self._call(job, done, failed)

    def _call(self, job: Callable[[], T], done: Callable[[T], Any], failed: Callable[[str], Any] | None) -> None:
        try:
            result = job()
        except AdvocateError as exc:
            outcome = partial(failed or self.report_problem, sentence(exc))
        else:
            outcome = partial(done, result)
        worker = get_current_worker()
        if not worker.is_cancelled:
            self.app.call_from_thread(self._deliver, worker, outcome)

    def _deliver(self, worker: Worker[None], outcome: Callable[[], Any]) -> None:
        """On the UI thread: hand over a result, unless a newer load superseded it or this node has gone
        (its screen closed, or is being taken down, while the worker ran)."""
        if not worker.is_cancelled and self.is_attached and self.screen in self.app.screen_stack:
            outcome()

    def report_problem(self, message: str) -> None:
        self.app.notify(message, title="Not done", severity="error", markup=False, timeout=10)


class DatabaseWork(BackgroundWork):
    """Mixin for screens and widgets: :class:`BackgroundWork` over the application's :class:`Casework`."""

    @property
    def casework(self) -> Casework:
        casework = host(self).casework
        if casework is None:
            raise RuntimeError("The database is not open: screens over it are made once it is.")
        return casework

    @property
    def tones(self) -> Tones:
        return Tones.of(self.app)


class CasePane(DatabaseWork, Horizontal):
    """A pane over one case that is handed its :class:`Casework`, so it also works outside the application."""

    def __init__(self, casework: Casework, reference: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._casework = casework
        self.reference = reference

    @property
    def casework(self) -> Casework:  # DatabaseWork reads it; here it is given, not the app's
        return self._casework


class DataScreen(DatabaseWork, Screen):
    """A full screen of records: loads when shown (so changes made elsewhere appear) and on ctrl+r."""

    HELP_TITLE: ClassVar[str] = "This screen"
    BINDINGS = [
        Binding(
            "ctrl+r",
            "reload",
            "Refresh",
            id="app.refresh",
            tooltip="Read the latest from the database, including changes made in another window",
        ),
    ]

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.redraw())

    def on_screen_resume(self) -> None:
        self.reload()

    def action_reload(self) -> None:
        self.reload()

    def unsaved_work(self) -> str | None:
        """What closing this screen now would lose, as a sentence, or None (see
        :mod:`~advocate_tui.screens.unsaved`)."""
        return None

    def reload(self) -> None:
        """Start reading this screen's records (in the background)."""
        raise NotImplementedError

    def redraw(self) -> None:
        """Draw the records already read again (after a change of theme or of options)."""
        raise NotImplementedError

    async def make_all(self) -> None:
        """Make any part of the screen made only when first shown (the help screen lists its keys too)."""
