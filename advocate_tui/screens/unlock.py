"""The masked prompt for an encrypted database's passphrase, or for choosing one for a new database."""

from collections.abc import Callable

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, Static

from advocate_tui.rules.errors import AdvocateError
from advocate_tui.screens.hints import sentence
from advocate_tui.screens.widgets.table import KeyFooter
from advocate_tui.services.casework import Casework
from advocate_tui.storage.crypto import passphrase_problem
from advocate_tui.storage.passphrase import PassphraseNeeded


class UnlockScreen(Screen[Casework]):
    """Dismissed with the opened :class:`Casework` once the passphrase opens the database."""

    HELP_TITLE = "Passphrase"
    DEFAULT_CSS = """
    UnlockScreen { align: center middle; }
    UnlockScreen #unlock { width: 64; max-width: 100%; height: auto; border: round $primary; padding: 1 2; }
    UnlockScreen #unlock-message { color: $error; height: auto; }
    UnlockScreen #unlock-again { display: none; }
    UnlockScreen.-new #unlock-again { display: block; }
    """
    BINDINGS = [Binding("escape", "app.quit", "Quit", id="unlock.quit", tooltip="Leave without opening the database")]

    def __init__(self, need: PassphraseNeeded, connect: Callable[[str], Casework]) -> None:
        super().__init__(classes="-new" if need.new else None)
        self.need = need
        self.connect = connect

    def compose(self) -> ComposeResult:
        with Vertical(id="unlock"):
            yield Static(str(self.need), id="unlock-question", markup=False)
            yield Input(password=True, placeholder="Passphrase", id="unlock-passphrase")
            yield Input(password=True, placeholder="The same passphrase again", id="unlock-again")
            yield Static("", id="unlock-message", markup=False)
        yield KeyFooter()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        first = self.query_one("#unlock-passphrase", Input)
        again = self.query_one("#unlock-again", Input)
        if self.need.new:
            problem = passphrase_problem(first.value)
            if problem is not None:
                self._say(problem)
                return
            if event.input is first:
                again.focus()
                return
            if again.value != first.value:
                self._say("The two passphrases are not the same: type them again.")
                again.value = ""
                return
        self._say("Opening…")
        self._open(first.value)

    def _say(self, message: str) -> None:
        self.query_one("#unlock-message", Static).update(message)

    @work(thread=True, exclusive=True, group="unlock")
    def _open(self, passphrase: str) -> None:
        try:
            casework = self.connect(passphrase)
        except AdvocateError as exc:
            self.app.call_from_thread(self._refused, sentence(exc))
            return
        self.app.call_from_thread(self.dismiss, casework)

    def _refused(self, message: str) -> None:
        self._say(message)
        for field in self.query(Input):
            field.value = ""
        self.query_one("#unlock-passphrase", Input).focus()
