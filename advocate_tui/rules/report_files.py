"""The forms a report can be written in, and the form a file's name ends with."""

from pathlib import PurePath

#: The forms a report can be written in.
FORMATS = ("md", "csv", "html")

#: A file's ending, and the form it names.
ENDINGS = {".md": "md", ".markdown": "md", ".csv": "csv", ".html": "html", ".htm": "html"}


def named_format(path: PurePath) -> str | None:
    """The form the ending of ``path`` names (``.html`` is html), if it names one."""
    return ENDINGS.get(path.suffix.lower())
