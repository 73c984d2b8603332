"""Saving the agenda as an iCalendar file: one field, the file, which starts in the documents folder."""

from pathlib import Path
from typing import Any

from advocate_tui.output.calendar import agenda_calendar, write_calendar
from advocate_tui.screens.forms.form import FormScreen, TextField
from advocate_tui.services.casework import Casework
from advocate_tui.storage.files import private_folder

FILE_NAME = "agenda.ics"


def calendar_form(casework: Casework, folder: Path) -> FormScreen[tuple[Path, int]]:
    """Ask where to save the agenda's calendar (``folder``/agenda.ics unless changed); the form's result
    is the file written and how many events it holds."""
    default = folder / FILE_NAME

    def chosen(values: dict[str, Any]) -> Path:
        return Path(values["path"].strip()).expanduser()

    def save(values: dict[str, Any]) -> tuple[Path, int]:
        path = chosen(values)
        if path == default:
            private_folder(folder)
        return path, write_calendar(path, agenda_calendar(casework), replace=values["replace"])

    field = TextField(
        "path",
        "Save as",
        str(default),
        required=True,
        hint="Asks before replacing a file. Events give the case reference and what is due, never a name.",
    )
    return FormScreen(
        "Export the agenda as a calendar (.ics)",
        [field],
        save,
        intro="Court dates, plan items due, orders expiring and risk reviews from today on.",
        writes=chosen,
    )
