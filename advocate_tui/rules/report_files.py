"""Which form a report is written in: what ``--format`` says, else what the file's name ends with."""

from pathlib import PurePath

from advocate_tui.rules.errors import InvalidInputError

#: The forms a report can be written in.
FORMATS = ("md", "csv", "html")

#: A file's ending, and the form it names.
ENDINGS = {".md": "md", ".markdown": "md", ".csv": "csv", ".html": "html", ".htm": "html"}


def report_format(given: str | None, out: PurePath | None) -> str:
    """The form to write: ``given`` (``--format``), else the ending of ``out``, else Markdown. A form that
    disagrees with the ending is refused: an .html file holding Markdown opens as a page of symbols."""
    named = ENDINGS.get(out.suffix.lower()) if out is not None else None
    if given is None:
        return named or "md"
    form = given.strip().lower()
    if form not in FORMATS:
        raise InvalidInputError(f"'{given}' is not a report format: use md, csv or html.")
    if named is not None and named != form and out is not None:
        raise InvalidInputError(
            f"--format {form} does not match the name {out.name}: leave out --format, or name the file "
            f"{out.stem}.{form}."
        )
    return form
