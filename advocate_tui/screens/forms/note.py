"""Writing a note in the contact log: what kind of contact, when, and the note itself over several lines."""

from datetime import datetime

from advocate_tui.rules.dates import parse_when
from advocate_tui.rules.vocab import NoteKind
from advocate_tui.screens.forms.form import ChoiceField, FormScreen, LongTextField, MomentField
from advocate_tui.services.casework import Casework
from advocate_tui.services.rows import AddedNote


def _noted_at(text: str) -> tuple[datetime, bool]:
    return parse_when(text, prefer="past", what="time of the contact")


def note_editor(casework: Casework, reference: str) -> FormScreen[AddedNote]:
    fields = [
        LongTextField("text", "Note", required=True, lines=8),
        ChoiceField.of("kind", "Kind of contact", NoteKind, NoteKind.CALL.value, required=True),
        MomentField("noted_at", "When", _noted_at, hint="Leave blank for now."),
    ]
    return FormScreen(
        f"Note on {reference}",
        fields,
        lambda values: casework.log.add_note(reference, values["text"], values["kind"], values["noted_at"]),
    )
