"""Small facts a letter states about a client, read from what the record holds (pure functions).

Each answers one question the way the record allows and no further: a consent never asked is "not
recorded", not "refused"; an incident is at the home only when it was logged as turning up there.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from advocate_tui.rules.vocab import Behaviour


@dataclass(frozen=True)
class Pronouns:
    """The words a letter uses for the client: ``they`` / ``them`` / ``their``, and whether a verb
    after ``they`` takes the plural form ("they are", "she is")."""

    they: str
    them: str
    their: str
    plural: bool


_KNOWN = {
    "she": Pronouns("she", "her", "her", plural=False),
    "he": Pronouns("he", "him", "his", plural=False),
    "they": Pronouns("they", "them", "their", plural=True),
}


def pronouns_of(recorded: str | None, name: str) -> Pronouns:
    """The client's pronouns from the recorded text ("she/her", "He / Him", "they"); for text not
    recognised ("ze/zir") or none recorded, the client's name, which is never wrong."""
    first = (recorded or "").strip().lower().replace(" ", "").split("/")[0]
    return _KNOWN.get(first) or Pronouns(name, name, f"{name}'s", plural=False)


class ConsentAnswer(StrEnum):
    """What the record says of one consent: given, refused (asked, and the answer was no), or not recorded."""

    GIVEN = "given"
    REFUSED = "refused"
    NOT_RECORDED = "not recorded"


def consent_answer(given: bool, on: date | None) -> ConsentAnswer:
    """A consent flag with its date: a "no" with a date is the client's answer on that date; a
    "no" without one means nobody recorded asking."""
    if given:
        return ConsentAnswer.GIVEN
    return ConsentAnswer.REFUSED if on is not None else ConsentAnswer.NOT_RECORDED


#: Behaviours that, logged at the home, are the reason for home security work.
HOME_BEHAVIOURS = frozenset(
    {
        Behaviour.TURNING_UP_HOME,
        Behaviour.LOITERING,
        Behaviour.WATCHING,
        Behaviour.PROPERTY_DAMAGE,
        Behaviour.LETTERS_GIFTS,
        Behaviour.FOLLOWING,
    }
)


def at_home(kinds: Iterable[str]) -> bool:
    """Whether an incident happened at or around the client's home. The log records the place as
    free text, so the one thing that places an incident at the home is being logged as turning up there."""
    return Behaviour.TURNING_UP_HOME in set(kinds)


def near_home_elsewhere(kinds: Iterable[str]) -> bool:
    """Whether an incident is of a kind that could be at the home (loitering, watching…) but was not
    logged as being there."""
    found = set(kinds)
    return not at_home(found) and bool(found & HOME_BEHAVIOURS)


def times(number: int) -> str:
    """How often, in words: 'once', 'twice', '3 times'."""
    return {1: "once", 2: "twice"}.get(number, f"{number} times")
