"""Reading a client's diary file: CSV (any of the usual separators; UTF-8, else Windows-1252) or an Excel
workbook (.xlsx, its first sheet). Cells come back as written: a formula is its text, never worked out.

A file over :data:`MAX_BYTES` or with more than :data:`MAX_ROWS` rows is refused before anything is read
from it into the casework.
"""

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from advocate_tui.rules.errors import InvalidInputError

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
#: Columns read from each row: a diary has seven at most; the rest of a wide sheet is left alone.
MAX_COLUMNS = 30
SUFFIXES = (".csv", ".xlsx")


@dataclass(frozen=True)
class DiaryFile:
    """A diary's rows: its headings, then each row with its line (or sheet row) number."""

    name: str
    encoding: str
    headings: list[object]
    rows: list[tuple[int, list[object]]]


def read_diary_file(path: Path) -> DiaryFile:
    """Read ``path`` whole (it is small: see :data:`MAX_BYTES`); one sentence if it cannot be."""
    path = path.expanduser()
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InvalidInputError(
            f"{path.name} is not a .csv or .xlsx file: save the diary in one of those forms (an older .xls "
            "workbook can be saved as .xlsx)."
        )
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_BYTES + 1)
    except OSError as exc:
        raise InvalidInputError(f"Cannot read {path} ({exc.strerror or exc}): check the name.") from None
    if len(data) > MAX_BYTES:
        raise InvalidInputError(
            f"{path.name} is larger than {MAX_BYTES // (1024 * 1024)} MB, more than a diary holds: split it into "
            "smaller files."
        )
    rows = _csv_rows(data) if suffix == ".csv" else _xlsx_rows(path.name, data)
    encoding, numbered = rows
    if not numbered:
        raise InvalidInputError(f"{path.name} is empty: it needs a row of headings and a row for each entry.")
    if len(numbered) - 1 > MAX_ROWS:
        raise InvalidInputError(f"{path.name} has more than {MAX_ROWS:,} rows, more than one import takes: split it.")
    (_, headings), *entries = numbered
    return DiaryFile(path.name, encoding, headings, entries)


def _filled(cell: object) -> bool:
    return cell is not None and str(cell).strip() != ""


def _limited(rows: Iterator[tuple[int, list[object]]]) -> list[tuple[int, list[object]]]:
    """The rows with something in them, stopping one past the limit (and the headings) so a huge file is not
    read whole."""
    kept = []
    for number, cells in rows:
        if any(_filled(cell) for cell in cells):
            kept.append((number, cells[:MAX_COLUMNS]))
            if len(kept) > MAX_ROWS + 1:
                break
    return kept


def _csv_rows(data: bytes) -> tuple[str, list[tuple[int, list[object]]]]:
    try:
        text, encoding = data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        text, encoding = data.decode("cp1252", errors="replace"), "Windows-1252, as it is not UTF-8"
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)

    def numbered() -> Iterator[tuple[int, list[object]]]:
        start = 1
        try:
            for row in reader:
                yield start, list(row)
                start = reader.line_num + 1
        except csv.Error as exc:
            raise InvalidInputError(
                f"Line {start} of the file cannot be read as CSV ({exc}): check its quotes."
            ) from None

    return f"CSV, {encoding}", _limited(numbered())


def _xlsx_rows(name: str, data: bytes) -> tuple[str, list[tuple[int, list[object]]]]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise InvalidInputError(
            f"{name} is not an Excel workbook that can be read: save it again as .xlsx or .csv."
        ) from None
    try:
        sheet = workbook.worksheets[0]
        rows = _limited(
            (number, list(cells))
            for number, cells in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1)
        )
        return f"Excel workbook, sheet '{sheet.title}'", rows
    finally:
        workbook.close()
