"""Whether two records may be the same person: a client referred again, a perpetrator on more than one case (pure).

A client matches an earlier one on the same date of birth and a matching name, or on the same phone number.
Names match when their first names do, however spelt in case, accents, spacing and hyphens, or spelt
differently but sounding alike (Jon and John, Katherine and Catherine: the same metaphone code and a close
Jaro-Winkler likeness); the surname may differ (a married name). The same name with a different or unknown
date of birth is not a match: common names are shared by many people. A perpetrator matches on a name or alias
with the same date of birth, or on a vehicle registration. Matches are only possible ones: a person checks.
"""

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import jellyfish

#: How alike two differently spelt first names that sound the same must be (Jaro-Winkler, 0 to 1).
LIKENESS = 0.8
#: The fewest digits a phone number has for it to name one line (not "101" or an extension).
PHONE_DIGITS = 10
#: UK registrations: current (AB12 CDE), prefix (A123 BCD) and suffix (ABC 123D) forms.
_REGISTRATION = re.compile(
    r"\b(?:[A-Z]{2}[0-9]{2} ?[A-Z]{3}|[A-Z][0-9]{1,3} ?[A-Z]{3}|[A-Z]{3} ?[0-9]{1,3}[A-Z])\b", re.IGNORECASE
)
_ALIASES = re.compile(r"[,;\n]+")


@dataclass(frozen=True)
class Person:
    """What identifies someone on one case: its reference, the names (and aliases), date of birth, phone and
    vehicle registrations."""

    reference: str
    names: Sequence[str]
    date_of_birth: date | None = None
    phone: str | None = None
    vehicles: str | None = None


@dataclass(frozen=True)
class Match:
    """Another case the person may also be on, and on what the match rests."""

    reference: str
    why: str


def _words(name: str) -> list[str]:
    """A name's words without accents, case, apostrophes and hyphens ("Zoë O'Neil-Hart" -> zoe, oneil, hart)."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    return re.sub(r"[^a-z ]", "", re.sub(r"[-‐_.]", " ", plain)).split()


def _given(words: list[str]) -> list[str]:
    """The given names: every word but the surname (a one-word name is its own given name)."""
    return words[:-1] or words


def first_names_match(a: str, b: str) -> bool:
    """The same first name, or the same name spelt another way (Jon and John)."""
    return a == b or (
        jellyfish.metaphone(a) == jellyfish.metaphone(b) and jellyfish.jaro_winkler_similarity(a, b) >= LIKENESS
    )


def names_match(a: str, b: str) -> bool:
    """Whether two full names may be one person's: their first names match, or their given names run together
    do ("Mary-Jane" and "Maryjane"). The surname is not compared: with the same date of birth, a different
    surname is a married or former name."""
    given_a, given_b = _given(_words(a)), _given(_words(b))
    if not given_a or not given_b:
        return False
    return first_names_match(given_a[0], given_b[0]) or "".join(given_a) == "".join(given_b)


def aliases(name: str | None, also_known_as: str | None) -> list[str]:
    """A name and its aliases (written one a line, or separated by commas or semicolons)."""
    listed = [name or "", *_ALIASES.split(also_known_as or "")]
    return [n.strip() for n in listed if n.strip()]


def phone_key(phone: str | None) -> str | None:
    """A UK phone number in one form, 0 and the digits ("+44 7700 900123" -> "07700900123"); None for too few."""
    digits = re.sub(r"\D", "", phone or "")
    for international in ("0044", "44"):
        if digits.startswith(international) and len(digits) - len(international) >= PHONE_DIGITS - 1:
            digits = "0" + digits[len(international) :].removeprefix("0")
            break
    return digits if len(digits) >= PHONE_DIGITS else None


def phone_forms(key: str) -> list[str]:
    """The ways a stored number with this key may begin, spaces and punctuation left out ("+447700…", "07700…")."""
    national = key.removeprefix("0")
    return [key, f"+44{national}", f"0044{national}", f"44{national}", f"+440{national}"]


def registrations(vehicles: str | None) -> frozenset[str]:
    """The vehicle registrations written in a description, in capitals without spaces ("ab12 cde" -> AB12CDE)."""
    return frozenset(m.group(0).replace(" ", "").upper() for m in _REGISTRATION.finditer(vehicles or ""))


def _same_named(a: Person, b: Person) -> bool:
    return (
        a.date_of_birth is not None
        and a.date_of_birth == b.date_of_birth
        and any(names_match(x, y) for x in a.names for y in b.names)
    )


def same_client(new: Person, earlier: Person) -> str | None:
    """Why ``earlier`` may be the same client as ``new`` ("date of birth and name", "phone number"), or None."""
    reasons = []
    if _same_named(new, earlier):
        reasons.append("date of birth and name")
    key = phone_key(new.phone)
    if key is not None and key == phone_key(earlier.phone):
        reasons.append("phone number")
    return " and ".join(reasons) or None


def same_perpetrator(one: Person, other: Person) -> str | None:
    """Why ``other`` may be the same perpetrator as ``one`` ("name and date of birth", "vehicle AB12CDE"), or None."""
    reasons = ["name and date of birth"] if _same_named(one, other) else []
    reasons += [f"vehicle {r}" for r in sorted(registrations(one.vehicles) & registrations(other.vehicles))]
    return " and ".join(reasons) or None


def earlier_client(new: Person, candidates: Iterable[Person]) -> Match | None:
    """The latest-made earlier case whose client may be the new one (candidates in the order they were made)."""
    found = None
    for candidate in candidates:
        why = same_client(new, candidate)
        if why is not None:
            found = Match(candidate.reference, why)
    return found


def other_cases(perpetrators: Iterable[Person], candidates: Iterable[Person]) -> list[Match]:
    """The other cases (by reference, once each, in reference order) on which any of a case's perpetrators may
    also be."""
    ours = list(perpetrators)
    found: dict[str, list[str]] = {}
    for candidate in candidates:
        for perpetrator in ours:
            why = same_perpetrator(perpetrator, candidate)
            if why is not None and candidate.reference != perpetrator.reference:
                found.setdefault(candidate.reference, []).append(why)
    return [Match(reference, " and ".join(dict.fromkeys(whys))) for reference, whys in sorted(found.items())]
