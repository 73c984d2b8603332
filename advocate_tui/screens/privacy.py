"""The neutral screen put over everything by the privacy key or the idle lock (see :mod:`advocate_tui.screens.privacy_guard`).

It shows nothing at all until a key is pressed; then a masked prompt asks for the passphrase (or the
word unlock, on a plain database). Escape blanks it again.
"""

from typing import TYPE_CHECKING, cast

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, Static

if TYPE_CHECKING:
    from advocate_tui.screens.privacy_guard import PrivacyGuard


class PrivacyScreen(Screen):
    """Blank; any key brings up the masked prompt that lifts the lock."""

    AUTO_FOCUS = ""  # nothing: the prompt is hidden until a key is pressed

    DEFAULT_CSS = """
    PrivacyScreen { align: center middle; }
    PrivacyScreen #privacy-prompt {
        display: none;
        width: 40;
        height: auto;
    }
    PrivacyScreen #privacy-prompt.-shown { display: block; }
    PrivacyScreen #privacy-message { color: $text-muted; height: 1; }
    """
    BINDINGS = [
        Binding(
            "escape",
            "blank",
            "Blank",
            id="privacy.blank",
            show=False,
            tooltip="Hide the prompt again and leave the screen blank",
        )
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="privacy-prompt"):
            yield Input(password=True, id="privacy-input")
            yield Static("", id="privacy-message", markup=False)

    @property
    def guard(self) -> "PrivacyGuard":
        return cast("PrivacyGuard", self.app)

    def on_screen_resume(self) -> None:
        if not self.guard.locked:  # a blank screen left under others when the lock was lifted
            self.dismiss()

    def on_key(self, event: events.Key) -> None:
        prompt = self.query_one("#privacy-prompt")
        if not prompt.has_class("-shown"):
            event.stop()
            event.prevent_default()
            casework = self.guard.casework
            encrypted = casework is not None and casework.encrypted
            self.query_one(Input).placeholder = "Passphrase" if encrypted else "Type unlock"
            prompt.add_class("-shown")
            self.call_after_refresh(self.query_one(Input).focus)

    def action_blank(self) -> None:
        self.query_one(Input).value = ""
        self.query_one("#privacy-message", Static).update("")
        self.query_one("#privacy-prompt").remove_class("-shown")
        self.set_focus(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        typed = event.value
        event.input.value = ""
        self.query_one("#privacy-message", Static).update("Checking…")
        self._check(typed)

    @work(thread=True, exclusive=True, group="privacy")
    def _check(self, typed: str) -> None:
        """The passphrase takes a moment to check (its key derivation is slow on purpose)."""
        self.app.call_from_thread(self._checked, self.guard.unlocks(typed))

    def _checked(self, right: bool) -> None:
        if right:
            self.guard.unlock()
        else:
            self.query_one("#privacy-message", Static).update("Not recognised.")
