"""The first screen: shown while the database opens, and with a plain explanation if it cannot be opened."""

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from advocate_tui.screens.widgets.table import KeyFooter


class StartScreen(Screen):
    HELP_TITLE = "Starting"
    BINDINGS = [Binding("q,escape", "app.quit", "Quit", id="start.quit", tooltip="Leave the application")]

    def compose(self) -> ComposeResult:
        yield Static("Opening the database…", id="start-message")
        yield KeyFooter()

    def show_problem(self, message: str) -> None:
        self.query_one("#start-message", Static).update(
            Text.assemble(
                ("The database cannot be opened\n\n", "bold"),
                message,
                "\n\nNothing has been changed. Press q to quit; the message is printed again in the terminal.",
            )
        )
        self.query_one("#start-message").add_class("-problem")
