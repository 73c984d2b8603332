"""The Notes tab: the contact log, newest first, each note in full."""

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from advocate_tui.rules.vocab import NoteKind
from advocate_tui.screens.forms.note import note_editor
from advocate_tui.screens.tabs.case_tab import CaseTab
from advocate_tui.screens.theme import Tones
from advocate_tui.screens.widgets.display import moment_long
from advocate_tui.screens.widgets.table import plain
from advocate_tui.storage.models import Case, Note


class NoteLog(VerticalScroll, can_focus=True):
    """The notes, scrolled with the arrow and page keys."""

    HELP_TITLE = "Notes tab"
    BINDINGS = [Binding("a", "add", "Add note", id="notes.add", tooltip="Write a note in the contact log")]

    class Add(Message):
        """Write a note."""

    def action_add(self) -> None:
        self.post_message(self.Add())


class NotesTab(CaseTab):
    TITLE = "Notes"
    ID = "notes"

    def compose(self) -> ComposeResult:
        with NoteLog(id="note-log"):
            yield Static(id="note-text")

    def show(self, case: Case) -> None:
        self.query_one("#note-text", Static).update(notes_text(case.notes, self.tones))

    @on(NoteLog.Add)
    def add(self, event: NoteLog.Add) -> None:
        event.stop()
        if self.case is not None:
            self.open_form(note_editor(self.casework, self.case.reference), "Note added.")


def notes_text(notes: list[Note], tones: Tones) -> Text:
    if not notes:
        return Text("No notes yet. Press a to write one.", style="dim italic")
    entries = [
        Text.assemble(
            (moment_long(note.noted_at), tones.heading),
            ("  ·  ", "dim"),
            NoteKind(note.kind).label,
            ("  ·  ", "dim"),
            (note.author, "dim"),
            "\n",
            plain(note.text.strip()),
        )
        for note in notes
    ]
    return Text("\n\n").join(entries)
