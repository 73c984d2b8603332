"""The privacy key and the idle lock of the terminal application.

One key (``f12``, remappable as ``app.privacy``) on every screen, modals included, blanks the whole
screen at once, and the terminal's title, behind :class:`~advocate_tui.screens.privacy.PrivacyScreen`.
The same lock engages after ``[privacy] idle_minutes`` without a key press or mouse movement. Coming
back needs the database's passphrase (an encrypted database) or typing the word ``unlock`` (a plain
one). While locked: every other screen is invisible (a class on the application), so a screen that a
finishing background task pushes or pops shows nothing either, and a blank screen is put back on
top; notifications are held back until the lock is lifted; the application's keys do nothing but quit.
"""

from collections.abc import Callable
from time import monotonic
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen

from advocate_tui.screens.privacy import PrivacyScreen
from advocate_tui.storage.passphrase import PassphraseNeeded

if TYPE_CHECKING:
    from advocate_tui.services.casework import Casework

NEUTRAL_TITLE = "Terminal"
UNLOCK_WORD = "unlock"
#: xterm control sequences: keep the window title aside and show a neutral one; put the kept one back.
HIDE_TITLE = f"\x1b[22;0t\x1b]0;{NEUTRAL_TITLE}\x07"
RESTORE_TITLE = "\x1b[23;0t"
IDLE_CHECK_SECONDS = 5.0
#: Application actions still allowed while locked (everything else waits for the lock to be lifted).
ALLOWED_WHEN_LOCKED = frozenset({"privacy", "quit"})
ACTIVITY = (events.Key, events.MouseDown, events.MouseMove, events.MouseScrollDown, events.MouseScrollUp, events.Paste)


class PrivacyGuard(App):
    """Mixin for :class:`~advocate_tui.app.AdvocateApp`: the privacy screen and the idle lock."""

    SCOPED_CSS = False
    DEFAULT_CSS = """
    App.-private Screen { visibility: hidden; }
    App.-private PrivacyScreen { visibility: visible; }
    """
    BINDINGS = [
        Binding(
            "f12",
            "privacy",
            "Hide",
            id="app.privacy",
            priority=True,
            show=False,
            tooltip="Blank the screen at once (nothing about any case shows); the passphrase, or typing unlock, brings it back",
        ),
        Binding(
            "ctrl+t",
            "audit_trail",
            "Trail",
            id="app.audit",
            show=False,
            tooltip="Who viewed or changed this case, and when (the audit trail)",
        ),
    ]
    #: Seconds without input before the lock engages (None: never); read from the config when None at start-up.
    idle_lock_after: float | None = None
    locked = False
    #: The casework over the open database (the application's, None until it is open).
    casework: "Casework | None"

    def on_mount(self) -> None:
        self._last_input = monotonic()
        self._held: list[dict[str, Any]] = []
        if self.idle_lock_after is None:
            from advocate_tui.storage.config import load_settings

            self.idle_lock_after = load_settings().idle_lock_minutes * 60.0 or None
        if self.idle_lock_after:
            self.set_interval(min(IDLE_CHECK_SECONDS, self.idle_lock_after / 2), self._lock_when_idle)
        self.screen_change_signal.subscribe(self, self._keep_covered)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, ACTIVITY):
            self._last_input = monotonic()
        await super().on_event(event)

    def _lock_when_idle(self) -> None:
        if not self.locked and self.idle_lock_after and monotonic() - self._last_input >= self.idle_lock_after:
            self.lock()

    # -- locking and unlocking ------------------------------------------------------------

    def action_privacy(self) -> None:
        self.lock()

    def lock(self) -> None:
        """Hide everything now: screens, notifications, the title."""
        if self.locked:
            return
        self.locked = True
        self.clear_notifications()
        self.add_class("-private")
        self._restyle_screens()
        self._titles = (self.title, self.sub_title)
        self.title, self.sub_title = NEUTRAL_TITLE, ""
        self._write_to_terminal(HIDE_TITLE)
        self.push_screen(PrivacyScreen())

    def _restyle_screens(self) -> None:
        """Apply the lock's class to every screen in the stack. Textual restyles only those down to the
        first opaque one, which left the screens under it hidden after unlocking (nothing painted)."""
        for screen in self.screen_stack:
            screen.update_node_styles(animate=False)

    def _keep_covered(self, screen: Screen) -> None:
        """A screen pushed or popped by a task that finished while locked: put a blank screen back on top."""
        if self.locked and not isinstance(screen, PrivacyScreen):
            self.call_later(self._cover)

    def _cover(self) -> None:
        if self.locked and not isinstance(self.screen, PrivacyScreen):
            self.push_screen(PrivacyScreen())

    def unlocks(self, typed: str) -> bool:
        """Whether ``typed`` lifts the lock: the passphrase of an encrypted database (slow), else the word unlock."""
        if self.casework is not None and self.casework.encrypted:
            return self.casework.passphrase_matches(typed)
        return typed.strip().casefold() == UNLOCK_WORD

    def unlock(self) -> None:
        self.locked = False
        self.remove_class("-private")
        self._restyle_screens()
        self.title, self.sub_title = self._titles
        self._write_to_terminal(RESTORE_TITLE)
        while isinstance(self.screen, PrivacyScreen):
            self.pop_screen()
        self._last_input = monotonic()
        held, self._held = self._held, []
        for notification in held:
            self.notify(**notification)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Notifications raised while locked are shown once the lock is lifted."""
        if self.locked:
            self._held.append(
                {"message": message, "title": title, "severity": severity, "timeout": timeout, "markup": markup}
            )
            return
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.locked and action not in ALLOWED_WHEN_LOCKED:
            return False
        return super().check_action(action, parameters)

    def _write_to_terminal(self, sequence: str) -> None:
        driver = self._driver  # a Textual private: tests/tui/test_textual_privates.py checks it
        if driver is not None and not self.is_headless:
            driver.write(sequence)

    # -- opening an encrypted database ------------------------------------------------------

    def ask_passphrase(self, need: PassphraseNeeded, opened: "Callable[[Casework], None]") -> None:
        """Ask for the database's passphrase (or a new one) in a masked prompt, then carry on opening with
        ``opened``."""
        from advocate_tui.screens.unlock import UnlockScreen
        from advocate_tui.services.casework import Casework

        def unlocked(casework: Casework | None) -> None:
            if casework is not None:
                opened(casework)

        self.push_screen(UnlockScreen(need, lambda passphrase: Casework(need.unlocker.open(passphrase))), unlocked)

    # -- the audit trail of the open case ---------------------------------------------------

    def action_audit_trail(self) -> None:
        from advocate_tui.screens.audit_trail import AuditTrailScreen

        reference = getattr(self.screen, "reference", None)
        if reference is None:
            self.notify("Open a case first: the trail shown is that case's.", timeout=4)
            return
        self.push_screen(AuditTrailScreen(reference))
