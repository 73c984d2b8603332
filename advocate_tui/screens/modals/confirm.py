"""A yes-or-no question, asked before something is thrown away or a file replaced."""

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Static

from advocate_tui.storage.files import existing_files


class ConfirmScreen(ModalScreen[bool]):
    """Ask ``question``; dismisses with True for yes. ``y`` / ``n`` answer, escape means no."""

    HELP_TITLE = "Question"
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes", tooltip="Answer yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no", tooltip="Answer no and go back"),
    ]

    def __init__(self, question: str, *, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question = question
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield Static(self.question, id="confirm-question", markup=False)
            with Horizontal(id="confirm-buttons"):
                yield Button(f"{self.no} (n)", id="no", variant="primary", compact=True)
                yield Button(f"{self.yes} (y)", id="yes", variant="error", compact=True)

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


def ask_to_replace(screen: Screen[Any], paths: Iterable[Path], proceed: Callable[[bool], Any]) -> None:
    """``proceed(False)`` at once when none of ``paths`` is an existing file; else ask first, and
    ``proceed(True)`` only on yes (a folder, device or pipe is not asked about: writing refuses it)."""
    existing = existing_files(paths)
    if not existing:
        proceed(False)
        return
    names = ", ".join(str(path) for path in existing)
    question = f"{names} exists: replace it?" if len(existing) == 1 else f"{names} exist: replace them?"

    def answered(replace: bool | None) -> None:
        if replace:
            proceed(True)

    screen.app.push_screen(ConfirmScreen(question, yes="Replace", no="Keep"), answered)
