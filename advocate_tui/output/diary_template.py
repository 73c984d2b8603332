"""The blank diary a service hands to clients, as CSV and as an Excel workbook (see advocate_tui.rules.diary).

Both are shipped in ``advocate_tui/data/`` and handed out as they are; this module is what made them:
``python -m advocate_tui.output.diary_template`` writes them again after the layout changes, and a test checks
that the shipped files hold what it would write.
"""

import csv
import io
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from advocate_tui.rules.diary import TEMPLATE_HEADINGS
from advocate_tui.rules.errors import InvalidInputError
from advocate_tui.storage.files import write_file

if TYPE_CHECKING:
    from openpyxl import Workbook

FORMS = (".csv", ".xlsx")
FILE_NAME = "client-diary"
WIDTHS = {"Date": 14, "Time": 10, "What happened": 60, "Where": 28, "Witnesses": 24, "Evidence": 32}
GUIDANCE = [
    "Keeping your diary",
    "Write one row for each time something happens, as soon as you safely can.",
    "Date: the day it happened, such as 03/12/2026 or 3 Dec 2026. Write the date itself, not 'yesterday'.",
    "Time: such as 21:00 or 9pm. Leave it blank if you are not sure; you can write 'about 9pm'.",
    "What happened: what they did or said, in your own words. Copy messages word for word if you can.",
    "Where: the place, such as outside work, at the bus stop, online.",
    "Witnesses: anyone who saw or heard it, and how to reach them if you know.",
    "Evidence: what you kept and where it is, such as screenshots on my phone, a voicemail, a card.",
    "Do not open or handle gifts or parcels left for you: tell the police, as they may hold evidence.",
    "Keep this file somewhere only you can reach, and give your advocate a copy when you meet.",
]


def template_csv() -> bytes:
    """The headings alone, UTF-8 with a byte-order mark so spreadsheet programs read it as UTF-8."""
    text = io.StringIO(newline="")
    csv.writer(text, lineterminator="\r\n").writerow(TEMPLATE_HEADINGS)
    return text.getvalue().encode("utf-8-sig")


def template_workbook() -> "Workbook":
    """The diary sheet (headings in bold, kept in view) and a sheet of guidance in plain words."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    diary = workbook.active
    assert diary is not None  # a new workbook has its one sheet
    diary.title = "Diary"
    diary.append(TEMPLATE_HEADINGS)
    for cell in diary[1]:
        cell.font = Font(bold=True)
        assert cell.column_letter is not None
        diary.column_dimensions[cell.column_letter].width = WIDTHS[str(cell.value)]
    diary.freeze_panes = "A2"
    guidance = workbook.create_sheet("How to fill it in")
    guidance.column_dimensions["A"].width = 100
    for line in GUIDANCE:
        guidance.append([line])
    guidance["A1"].font = Font(bold=True, size=14)
    for row in guidance.iter_rows(min_row=2):
        row[0].alignment = Alignment(wrap_text=True)
    return workbook


def template_xlsx() -> bytes:
    stream = io.BytesIO()
    template_workbook().save(stream)
    return stream.getvalue()


def shipped(form: str) -> bytes:
    """The template as shipped with the program, ``form`` '.csv' or '.xlsx'."""
    return resources.files("advocate_tui").joinpath(f"data/{FILE_NAME}{form}").read_bytes()


def write_template(path: Path, *, replace: bool = False) -> Path:
    """Write the blank diary to ``path``, in the form its name ends with (the safe writer: private, whole,
    never over a file unless ``replace``)."""
    form = path.suffix.lower()
    if form not in FORMS:
        raise InvalidInputError(f"{path.name} does not end in .csv or .xlsx: name the file with one of those.")
    return write_file(path, shipped(form), replace=replace)


if __name__ == "__main__":  # writes the shipped templates again
    data = Path(__file__).resolve().parent.parent / "data"
    (data / f"{FILE_NAME}.csv").write_bytes(template_csv())
    (data / f"{FILE_NAME}.xlsx").write_bytes(template_xlsx())
