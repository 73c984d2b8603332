"""The terminal application: caseload, case workspace and agenda over one :class:`Casework`.

The database is opened on a worker thread, as is every read and write after that: the screen
never waits on the database. ``run`` is what ``advocate`` with no subcommand calls.
"""

import sys
from collections.abc import Callable, Iterable, Mapping
from functools import partial
from time import monotonic
from typing import TYPE_CHECKING

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import ModalScreen, Screen
from textual.theme import Theme

from advocate_tui.rules.errors import AdvocateError
from advocate_tui.screens.base import BackgroundWork, DataScreen
from advocate_tui.screens.caseload import CaseloadScreen
from advocate_tui.screens.forms.new_case import new_case_form
from advocate_tui.screens.help import HelpScreen
from advocate_tui.screens.hints import sentence
from advocate_tui.screens.palette import CaseCommands, case_title
from advocate_tui.screens.privacy_guard import PrivacyGuard
from advocate_tui.screens.start import StartScreen
from advocate_tui.screens.theme import THEMES, preferred_theme
from advocate_tui.screens.unsaved import ask_before_losing
from advocate_tui.screens.widgets.one_line import JOINED, OneLineInput
from advocate_tui.services.casework import Casework
from advocate_tui.services.rows import CaseRow
from advocate_tui.storage.config import load_settings, remember
from advocate_tui.storage.passphrase import PassphraseNeeded

if TYPE_CHECKING:
    from advocate_tui.storage.models import Case

#: Seconds without a key pressed, once the caseload is up, before loading in the background what it
#: does not need: the case workspace and the agenda (with letters, Jinja and the calendar: a third of
#: start-up) and the date parser. Waiting for a pause keeps that loading from slowing a filter typed at once.
WARM_UP_AFTER = 1.0


class AdvocateApp(PrivacyGuard, BackgroundWork, App[None]):
    """Casework for independent stalking advocates."""

    TITLE = "advocate"
    CSS_PATH = "advocate.tcss"
    HELP_TITLE = "Everywhere"
    COMMANDS = App.COMMANDS | {CaseCommands}
    #: Set once the database is open (screens read it through :func:`~advocate_tui.screens.app_protocol.host`).
    casework: Casework | None = None
    BINDINGS = [
        Binding("question_mark", "help", "Keys", id="app.help", tooltip="List every key for this screen"),
        Binding(
            "ctrl+p",
            "command_palette",
            "Commands",
            id="app.commands",
            priority=True,
            tooltip="Search commands and cases: open a case, new case, agenda, caseload…",
        ),
        Binding(
            "ctrl+q",
            "quit",
            "Quit",
            id="app.quit",
            priority=True,
            show=False,
            tooltip="Leave the application (asks first if anything typed is not saved)",
        ),
    ]

    def __init__(self, connect: Callable[[], Casework], keymap: Mapping[str, str] | None = None) -> None:
        super().__init__()
        self.connect = connect
        self.keymap = dict(keymap or {})
        self.problem: str | None = None
        for theme in THEMES:
            self.register_theme(theme)
        #: The theme kept in config.toml: the one chosen last time, used if it is still one of the themes.
        self.kept_theme = load_settings().theme
        self.theme = self.kept_theme if self.kept_theme in self.available_themes else preferred_theme()

    def get_default_screen(self) -> Screen:
        return StartScreen()

    def on_mount(self) -> None:
        if self.keymap:
            from advocate_tui.screens.keymap import checked_keymap  # imports every screen: only with remaps

            self.keymap, problems = checked_keymap(self.keymap, type(self))
            self.set_keymap(self.keymap)
            for problem in problems:
                self.notify(problem, title="Config file", severity="warning", timeout=15, markup=False)
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self._open()

    def _theme_changed(self, theme: Theme) -> None:
        if theme.name != self.kept_theme:
            self.kept_theme = theme.name  # for the next start
            self.save_in_background(partial(remember, "appearance", {"theme": theme.name}), lambda _: None)

    @work(thread=True, group="open")
    def _open(self) -> None:
        """Open the database (creating or upgrading it), off the UI thread."""
        try:
            casework = self.connect()
        except PassphraseNeeded as need:  # encrypted: ask in a masked prompt, then carry on (see privacy.py)
            self.call_from_thread(self.ask_passphrase, need, self._opened)
            return
        except AdvocateError as exc:
            self.call_from_thread(self._cannot_open, sentence(exc))
            return
        self.call_from_thread(self._opened, casework)

    def _opened(self, casework: Casework) -> None:
        self.casework = casework
        self.push_screen(CaseloadScreen())
        opened_at = monotonic()

        def when_idle() -> None:
            if monotonic() - max(opened_at, self._last_input) >= WARM_UP_AFTER:
                waiting.stop()
                self._warm_up()

        waiting = self.set_interval(WARM_UP_AFTER / 4, when_idle)

    @work(thread=True, group="warm-up")
    def _warm_up(self) -> None:
        """Load the other screens and the date parser before they are needed, once the caseload is on screen."""
        import advocate_tui.screens.agenda
        import advocate_tui.screens.workspace  # noqa: F401
        from advocate_tui.rules.dates import parse_when

        parse_when("today")

    def _cannot_open(self, message: str) -> None:
        self.problem = message
        screen = self.screen
        if isinstance(screen, StartScreen):
            screen.show_problem(message)

    # -- going places -----------------------------------------------------------------

    def _raise_or_push(self, matches: Callable[[Screen], bool], make: Callable[[], Screen], going_to: str) -> None:
        """Go back to a screen already open that ``matches`` (asking first if a screen closed on the way holds
        unsaved work), or open a new one on top."""
        stack = self.screen_stack
        found = next((index for index in range(len(stack) - 1, -1, -1) if matches(stack[index])), None)
        if found is None:
            self.push_screen(make())
            return
        closed = stack[found + 1 :]

        def go_back() -> None:
            for _ in closed:
                self.pop_screen()

        ask_before_losing(self, closed, f"Go to {going_to} without saving?", go_back, yes="Leave")

    def open_case(self, reference: str) -> None:
        from advocate_tui.screens.workspace import CaseWorkspace

        def open_it() -> None:
            self._raise_or_push(
                lambda s: isinstance(s, CaseWorkspace) and s.reference == reference,
                lambda: CaseWorkspace(reference),
                reference,
            )

        here = self.screen
        if isinstance(here, CaseWorkspace) and here.reference != reference:  # the work here would be out of sight
            ask_before_losing(
                self,
                [here],
                f"Open {reference} anyway? It stays unsaved here, behind {reference}.",
                open_it,
                yes=f"Open {reference}",
            )
        else:
            open_it()

    def action_show_agenda(self) -> None:
        from advocate_tui.screens.agenda import AgendaScreen

        self._raise_or_push(lambda s: isinstance(s, AgendaScreen), AgendaScreen, "the agenda")

    def action_show_caseload(self) -> None:
        self._raise_or_push(lambda s: isinstance(s, CaseloadScreen), CaseloadScreen, "the caseload")

    def action_show_reports(self) -> None:
        from advocate_tui.screens.reports import ReportsScreen

        self._raise_or_push(lambda s: isinstance(s, ReportsScreen), ReportsScreen, "the reports")

    def action_show_consultations(self) -> None:
        from advocate_tui.screens.consultations import ConsultationsScreen

        self._raise_or_push(lambda s: isinstance(s, ConsultationsScreen), ConsultationsScreen, "the consultations")

    def action_new_case(self) -> None:
        if self.casework is None:
            return

        def created(case: "Case | None") -> None:
            if case is not None:
                again = (
                    f" Re-referral: the client matches the one on {case.re_referral_of}." if case.re_referral_of else ""
                )
                self.notify(f"{case.reference} opened.{again}", timeout=6 if again else 4, markup=False)
                for screen in self.screen_stack:
                    if isinstance(screen, CaseloadScreen):
                        screen.select_case(case.reference)
                self.open_case(case.reference)

        self.push_screen(new_case_form(self.casework), created)

    def action_find_case(self) -> None:
        """The palette's "Open case…": a search over open cases by reference and name."""
        if self.casework is None:
            return
        self.load_in_background(self.casework.cases.list_cases, self._choose_case)

    def _choose_case(self, rows: Iterable[CaseRow]) -> None:
        self.search_commands(
            [(case_title(row), lambda ref=row.reference: self.open_case(ref), "Open this case") for row in rows],
            placeholder="Case reference or name…",
        )

    # -- the command palette, help and quitting -----------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        if self.casework is not None:
            yield SystemCommand("Open case…", "Search open cases by reference or name", self.action_find_case)
            yield SystemCommand("New case", "Open a case for a new referral", self.action_new_case)
            yield SystemCommand(
                "Agenda",
                "Court dates, plan items, quiet cases, orders expiring, alerts, risk reviews",
                self.action_show_agenda,
            )
            yield SystemCommand("Caseload", "The table of open cases", self.action_show_caseload)
            yield SystemCommand(
                "Reports", "The commissioner's report for a period, and its export", self.action_show_reports
            )
            yield SystemCommand(
                "Consultations",
                "Advice given to other organisations on their stalking cases, and recording one",
                self.action_show_consultations,
            )
            if getattr(screen, "reference", None) is not None:
                yield SystemCommand(
                    "Audit trail", "Who viewed or changed this case, and when (ctrl+t)", self.action_audit_trail
                )
        yield SystemCommand("Keys", "Every key for this screen", self.action_help)
        yield SystemCommand("Theme", "Change the colours (light or dark)", self.action_change_theme)
        yield SystemCommand("Quit", "Leave the application", self.action_quit)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"command_palette", "help"} and isinstance(self.screen, ModalScreen):
            return False
        return super().check_action(action, parameters)

    async def action_help(self) -> None:
        screen = self.screen
        if not isinstance(screen, ModalScreen):
            if isinstance(screen, DataScreen):
                await screen.make_all()
            self.push_screen(HelpScreen(screen, self.keymap))

    def on_one_line_input_joined(self, event: OneLineInput.Joined) -> None:
        """A paste joined outside a form (whose field says it under itself)."""
        self.notify(JOINED, timeout=4)

    async def action_quit(self) -> None:
        ask_before_losing(self, self.screen_stack, "Quit without saving?", self.exit, yes="Quit")


def run(db_target: str | None, no_encrypt: bool = False) -> None:
    """Start the application on the database named by ``db_target`` (or the configured one); a new
    database is encrypted unless ``no_encrypt``."""
    from advocate_tui.storage.passphrase import Unlocker

    try:
        settings = load_settings()
    except AdvocateError as exc:
        print(f"Error: {sentence(exc)}", file=sys.stderr)
        raise SystemExit(1) from None
    unlocker = Unlocker(db_target, no_encrypt=no_encrypt)
    unlocker.take_environment()  # the application lives long: the passphrase stays in the unlocker only
    app = AdvocateApp(lambda: Casework(unlocker.open()), keymap=settings.keys)
    try:
        app.run()
    finally:
        if app.casework is not None:
            app.casework.close()
    for notice in unlocker.notices:
        print(f"Warning: {notice}", file=sys.stderr)
    if app.problem:
        print(f"Error: {app.problem}", file=sys.stderr)
        raise SystemExit(1)
