"""Importing the client's own diary from the Incidents tab: the file's path, what it would add (nothing is saved
yet), then ctrl+s to save the new entries."""

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from advocate_tui.rules.diary import DiaryReport
from advocate_tui.screens.base import DatabaseWork
from advocate_tui.screens.unsaved import ask_before_losing
from advocate_tui.screens.widgets.table import KeyFooter
from advocate_tui.services.casework import Casework

PROMPT = (
    "Type the path of the client's diary (.csv or .xlsx) and press enter to see what it holds; nothing is saved yet."
)


class DiaryImport(DatabaseWork, ModalScreen[int | None]):
    """Dismisses with how many entries were saved, or None when closed without saving."""

    HELP_TITLE = "Import the client's diary"
    BINDINGS = [
        Binding(
            "escape",
            "close",
            "Close",
            id="diary.close",
            tooltip="Back to the incident log (asks first if entries read are not saved)",
        ),
        Binding(
            "ctrl+s",
            "save",
            "Save entries",
            id="diary.save",
            tooltip="Add the new entries shown to the incident log, marked as from the client's own record",
        ),
    ]

    def __init__(self, casework: Casework, reference: str) -> None:
        super().__init__()
        self._casework = casework
        self.reference = reference
        self.report: DiaryReport | None = None
        self.read_from: Path | None = None

    @property
    def casework(self) -> Casework:  # given, so the modal works over any casework
        return self._casework

    def compose(self) -> ComposeResult:
        with Vertical(id="diary-import") as box:
            box.border_title = f"Import the client's diary — {self.reference}"
            yield Input(placeholder="Path of the diary file", id="diary-path")
            with VerticalScroll(id="diary-report-box"):
                yield Static(PROMPT, id="diary-report", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if not text:
            return
        path = Path(text).expanduser()
        self.report = None
        self._say("Reading the file…")
        self.load_in_background(
            lambda: self.casework.diary.preview(self.reference, path),
            lambda report: self._shown(path, report),
            self._say,
        )

    def _shown(self, path: Path, report: DiaryReport) -> None:
        self.report, self.read_from = report, path
        count = len(report.new)
        last = (
            f"Nothing saved yet: press ctrl+s to add {count} entr{'y' if count == 1 else 'ies'}, or escape to close."
            if count
            else "Nothing new to add."
        )
        self._say("\n".join([*report.lines(), last]))
        self.query_one("#diary-report-box").focus()

    def _say(self, text: str) -> None:
        self.query_one("#diary-report", Static).update(text)

    def action_save(self) -> None:
        if self.report is None or self.read_from is None or not self.report.new:
            self.notify("Nothing to save: read a diary with new entries first.", timeout=4, markup=False)
            return
        path, self.report = self.read_from, None  # saved once, whatever is pressed meanwhile
        self._say("Saving…")
        self.save_in_background(
            lambda: self.casework.diary.apply(self.reference, path),
            lambda report: self.dismiss(len(report.new)),
            self._say,
        )

    def unsaved_work(self) -> str | None:
        """Entries read and shown, not saved yet (see :mod:`~advocate_tui.screens.unsaved`)."""
        if self.report is None or not self.report.new:
            return None
        count = len(self.report.new)
        return f"{count} new entr{'y' if count == 1 else 'ies'} read from the diary {'is' if count == 1 else 'are'} not saved."

    def action_close(self) -> None:
        ask_before_losing(self.app, [self], "Close without saving them?", lambda: self.dismiss(None), yes="Close")
