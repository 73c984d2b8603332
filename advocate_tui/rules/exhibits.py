"""Exhibit references as police statements give them: the initials of the person who produces the item
and a number, e.g. "SC/1"; and the names exhibit files take when written out."""

import re
from collections.abc import Iterable
from pathlib import PurePath

from advocate_tui.rules.errors import InvalidInputError

#: What an initial may be: a letter (any alphabet) at the start of a word of the name.
_WORD = re.compile(r"[^\W\d_]+")
#: The characters of an original file's extension that are kept when an exhibit is written out.
_EXTENSION = re.compile(r"^\.[A-Za-z0-9]{1,10}$")


def initials(name: str, whose: str) -> str:
    """The initials of a person's name: the first letters of its first and last words ("Sam Carter" → "SC";
    "Sam" → "S"), upper case. ``whose`` names the person in the refusal of a name without letters."""
    words = _WORD.findall(name)
    if not words:
        raise InvalidInputError(f"The {whose} name '{name}' has no letters to make exhibit initials from: give a name.")
    picked = words if len(words) == 1 else [words[0], words[-1]]
    return "".join(word[0] for word in picked).upper()


def exhibit_reference(initials_: str, number: int) -> str:
    return f"{initials_}/{number}"


def next_number(taken: Iterable[int]) -> int:
    """The next exhibit number for a producer: one more than the highest given so far (a number once given
    is never given again, nor are the others renumbered)."""
    return max(taken, default=0) + 1


def exhibit_file_name(reference: str, original_name: str) -> str:
    """The name an exhibit's file takes when written out: its reference ('/' as '-') and the original's
    extension, if it is a plain one ("SC/1", "photo.PNG" → "SC-1.png")."""
    suffix = PurePath(original_name).suffix
    extension = suffix.lower() if _EXTENSION.match(suffix) else ""
    return reference.replace("/", "-") + extension
