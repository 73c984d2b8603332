"""Saving the agenda as an iCalendar file: one field, the file, which starts in the documents folder."""

from pathlib import Path

from advocate_tui.output.calendar import agenda_calendar, write_calendar
from advocate_tui.screens.forms.form import FormScreen, TextField
from advocate_tui.services.casework import Casework

FILE_NAME = "agenda.ics"


def calendar_form(casework: Casework, folder: Path) -> FormScreen[tuple[Path, int]]:
    """Ask where to save the agenda's calendar (``folder``/agenda.ics unless changed); the form's result
    is the file written and how many events it holds."""
    default = folder / FILE_NAME

    def save(values: dict[str, str]) -> tuple[Path, int]:
        path = Path(values["path"].strip()).expanduser()
        if path == default:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        return path, write_calendar(path, agenda_calendar(casework))

    field = TextField(
        "path",
        "Save as",
        str(default),
        required=True,
        hint="An existing file is replaced. Events give the case reference and what is due, never a name.",
    )
    return FormScreen(
        "Export the agenda as a calendar (.ics)",
        [field],
        save,
        intro="Court dates, plan items due, orders expiring and risk reviews from today on.",
    )
