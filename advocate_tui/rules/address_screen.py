"""Finding the parts of a confidential address, safe phone number or safe email address in free text.

Pure rules (no I/O). :func:`address_targets` reads an address as written ("Flat 3, 42a Secret Lane,
Hiddenville, NS9 8XY", one part a line or separated by commas) into the forms its parts take in
prose: the house number with the street ("42, Secret Lane", "42a Secret Ln"), the street alone,
the flat ("Flat 3", "3/42", "42a"), a house name, each town or locality, the postcode in any case
and spacing ("ns98xy") and its outward code ("NS9"). A county named after the town ("…, Hiddenville,
Northshire, …") is left alone: it names a wide area, its police force and its courts. A bare number
("42 messages") is never a hit, nor a street of the same name but another kind ("Secret Road").

:class:`Screen` replaces every hit with a marker and says which sentences ("passages") held one, so
the advocate can be told and can release a passage that must be shown (a court named after the town).
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

ADDRESS_WITHHELD = "[address withheld]"
PHONE_WITHHELD = "[phone number withheld]"
EMAIL_WITHHELD = "[email withheld]"

#: The kinds of street, each with the ways it is written.
STREET_KINDS: tuple[tuple[str, ...], ...] = (
    ("road", "rd"),
    ("street", "st"),
    ("lane", "ln"),
    ("avenue", "ave", "av"),
    ("close", "cl"),
    ("drive", "dr"),
    ("crescent", "cres", "cresc"),
    ("court", "ct"),
    ("place", "pl"),
    ("gardens", "gdns"),
    ("terrace", "terr", "ter"),
    ("grove", "gr"),
    ("square", "sq"),
    ("parade", "pde"),
    ("park", "pk"),
    ("green", "grn"),
    ("boulevard", "blvd"),
    ("way",),
    ("walk",),
    ("mews",),
    ("row",),
    ("hill",),
    ("rise",),
    ("view",),
    ("vale",),
    ("chase",),
    ("croft",),
    ("wharf",),
    ("yard",),
    ("meadow", "meadows"),
)
_KIND_OF = {spelling: kind for kind in STREET_KINDS for spelling in kind}
#: Counties (and Welsh preserved counties) not ending in "shire".
COUNTIES = frozenset(
    {
        "cornwall", "cumbria", "devon", "dorset", "durham", "county durham", "essex", "kent", "norfolk",
        "northumberland", "rutland", "somerset", "suffolk", "surrey", "east sussex", "west sussex",
        "isle of wight", "merseyside", "greater london", "greater manchester", "west midlands",
        "tyne and wear", "clwyd", "dyfed", "gwent", "gwynedd", "mid glamorgan", "powys", "south glamorgan",
        "west glamorgan", "west yorkshire", "south yorkshire", "east riding of yorkshire", "north yorkshire",
    }
)  # fmt: skip
_POSTCODE = re.compile(r"(?<![A-Za-z0-9])([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})(?![A-Za-z0-9])", re.IGNORECASE)
_FLAT = re.compile(r"^(?:flat|apartment|apt|unit|room|suite|maisonette)\.?\s*(?:no\.?\s*)?(\w+)$", re.IGNORECASE)
_NUMBERED = re.compile(
    r"^(?:no\.?\s*)?(?:(?P<flat>\d+[a-z]?)\s*/\s*)?(?P<number>\d+)(?P<suffix>[a-z]?)(?:\s*-\s*\d+[a-z]?)?(?![\w/])"
    r"[\s,]*(?P<rest>.*)$",
    re.IGNORECASE,
)
_NUMBER_ONLY = re.compile(r"^(?:no\.?\s*)?(?:\d+[a-z]?\s*/\s*)?\d+[a-z]?$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?;\n]")
_START = r"(?<![\w/])"
_END = r"(?![\w/])"


@dataclass(frozen=True)
class Target:
    """A form one withheld thing takes in text, and the marker put in its place."""

    pattern: re.Pattern[str]
    marker: str


def _words(text: str, between: str = r"[\s-]+") -> str:
    """``text`` as a pattern: any case, any run of spaces (or ``between``) between its words, an
    apostrophe optional."""
    words = [re.escape(word).replace("'", "['’]?").replace("’", "['’]?") for word in re.split(r"[\s-]+", text)]
    return between.join(word for word in words if word)


def _compile(body: str, marker: str = ADDRESS_WITHHELD) -> Target:
    return Target(re.compile(f"{_START}(?:{body}){_END}", re.IGNORECASE), marker)


def address_parts(address: str) -> list[str]:
    """The parts of an address: its lines, split again at commas, a lone number joined to what follows."""
    pieces = [piece.strip(" .") for line in address.splitlines() for piece in line.split(",")]
    parts: list[str] = []
    for piece in filter(None, pieces):
        if parts and _NUMBER_ONLY.match(parts[-1]):
            parts[-1] = f"{parts[-1]} {piece}"
        else:
            parts.append(piece)
    return parts


@dataclass
class _Reading:
    """An address taken apart."""

    flat: str | None = None
    number: str | None = None
    suffix: str = ""
    street: str | None = None  # the name without its kind: "Secret" of "Secret Lane"
    street_kind: tuple[str, ...] = ()
    names: list[str] = field(default_factory=list)  # house names, streets of no known kind
    places: list[str] = field(default_factory=list)
    postcodes: list[tuple[str, str]] = field(default_factory=list)


def _read_street(reading: _Reading, part: str) -> bool:
    """Take the street from ``part`` if it is one (has a house number or a kind of street); what
    follows the kind ("Secret Lane Hiddenville") is a place."""
    numbered = _NUMBERED.match(part)
    rest = numbered.group("rest") if numbered else part
    words = rest.split()
    at = next((i for i, word in enumerate(words) if i and word.lower().strip(".") in _KIND_OF), None)
    if numbered is None and at is None:
        return False
    if numbered:
        reading.flat = reading.flat or numbered.group("flat")
        reading.number, reading.suffix = numbered.group("number"), numbered.group("suffix")
    if at is None:
        reading.names.append(rest)
        return True
    core = " ".join(words[:at])
    if core.lower() == "the":
        reading.names.append(" ".join(words[: at + 1]))
    else:
        reading.street, reading.street_kind = core, _KIND_OF[words[at].lower().strip(".")]
    if words[at + 1 :]:
        reading.places.append(" ".join(words[at + 1 :]))
    return True


def _read(address: str) -> _Reading:
    reading = _Reading()
    street_seen = False
    for part in address_parts(address):
        for postcode in _POSTCODE.finditer(part):
            reading.postcodes.append((postcode.group(1), postcode.group(2)))
        part = _POSTCODE.sub("", part).strip(" ,")
        flat = _FLAT.match(part)
        if not part:
            continue
        if flat:
            reading.flat = flat.group(1)
        elif not street_seen and _read_street(reading, part):
            street_seen = True
        elif street_seen:
            reading.places.append(part)
        else:
            reading.names.append(part)
    if len(reading.places) >= 2 and _is_county(reading.places[-1]):
        reading.places.pop()
    return reading


def _is_county(place: str) -> bool:
    name = " ".join(place.lower().split())
    return name.endswith("shire") or name in COUNTIES


def address_targets(address: str | None) -> list[Target]:
    """Every form the parts of ``address`` may take in text."""
    if not address or not address.strip():
        return []
    reading = _read(address)
    targets: list[Target] = []
    number = reading.number
    if number:
        suffix = f"\\s*{re.escape(reading.suffix)}?" if reading.suffix else r"[a-z]?"
        flat = f"(?:{re.escape(reading.flat)}\\s*/\\s*)?" if reading.flat else ""
        house = f"(?:(?:no\\.?\\s*)?{flat}{number}{suffix}[\\s,]*)?"
    else:
        house = ""
    if reading.street:
        kinds = "|".join(re.escape(spelling) for spelling in reading.street_kind)
        targets.append(_compile(f"{house}{_words(reading.street)}\\s+(?:{kinds})\\.?"))
    for name in reading.names:
        targets.append(_compile(f"{house}{_words(name)}"))
    for place in reading.places:
        targets.append(_compile(_words(place)))
    if reading.flat:
        targets.append(
            _compile(
                f"(?:flat|apartment|apt|unit|room|suite|maisonette)\\.?\\s*(?:no\\.?\\s*)?{re.escape(reading.flat)}"
            )
        )
        if number:
            targets.append(_compile(f"{re.escape(reading.flat)}\\s*/\\s*{number}"))
            if reading.flat.isalpha() and len(reading.flat) == 1:
                targets.append(_compile(f"{number}{re.escape(reading.flat)}"))
    if number and reading.suffix:  # "42a" written together: "42 a.m." is a time
        targets.append(_compile(f"{number}{re.escape(reading.suffix)}"))
    for outward, inward in reading.postcodes:
        spaced = r"[\s.-]*".join(re.escape(c) for c in outward + inward)
        targets.append(_compile(spaced))
        if len(outward) >= 3:
            targets.append(_compile(re.escape(outward)))
    return targets


def phone_target(phone: str | None) -> list[Target]:
    """The number in any spacing or punctuation, and in its +44 / 0044 form."""
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("44"):
        digits = "0" + digits[2:]
    if len(digits) < 6:
        return []
    gap = r"[\s().-]*"
    rest = gap.join(digits[1:])
    first = r"(?:(?:\+|00)\s*44\s*(?:\(0\)\s*)?|0)" if digits[0] == "0" else re.escape(digits[0])
    return [Target(re.compile(f"(?<![\\d+]){first}{gap}{rest}(?!\\d)"), PHONE_WITHHELD)]


def email_target(email: str | None) -> list[Target]:
    """The address in any case."""
    text = (email or "").strip()
    if "@" not in text:
        return []
    return [Target(re.compile(f"(?<![\\w.+-]){re.escape(text)}(?![\\w-])", re.IGNORECASE), EMAIL_WITHHELD)]


@dataclass(frozen=True)
class Screened:
    """Text with the withheld parts replaced; ``found`` what was taken out, ``passages`` the
    sentences it was in as they now read (with the markers, so the list shows nothing withheld),
    ``spared`` the released passages that kept something."""

    text: str
    found: tuple[str, ...] = ()
    passages: tuple[str, ...] = ()
    spared: tuple[str, ...] = ()


@dataclass
class _Hit:
    start: int
    end: int
    marker: str


def _sentence(text: str, hit: _Hit) -> tuple[int, int]:
    """Where the sentence of ``text`` holding ``hit`` starts and ends."""
    before = [m.end() for m in _SENTENCE_END.finditer(text, 0, hit.start)]
    after = _SENTENCE_END.search(text, hit.end)
    return (before[-1] if before else 0, after.end() if after else len(text))


def _replaced(text: str, hits: Sequence[_Hit], start: int = 0, end: int | None = None) -> str:
    """``text[start:end]`` with each of ``hits`` (in order, inside it) replaced by its marker."""
    pieces, at = [], start
    for hit in hits:
        pieces += [text[at : hit.start], hit.marker]
        at = hit.end
    pieces.append(text[at:end])
    return "".join(pieces)


def _normal(passage: str) -> str:
    return " ".join(passage.split()).casefold()


class Screen:
    """Replaces what ``targets`` find with their markers."""

    def __init__(self, targets: Sequence[Target]) -> None:
        self.targets = tuple(targets)

    def __bool__(self) -> bool:
        return bool(self.targets)

    def apply(self, text: str, released: Sequence[str] = ()) -> Screened:
        """``text`` screened, except the sentences that read as one of ``released`` once screened."""
        merged: list[_Hit] = []
        for start, end, marker in sorted(
            (m.start(), m.end(), target.marker) for target in self.targets for m in target.pattern.finditer(text)
        ):
            last = merged[-1] if merged else None
            if last and (
                start < last.end or (last.marker == marker and re.fullmatch(r"[\s,]*", text[last.end : start]))
            ):
                last.end = max(last.end, end)
            else:
                merged.append(_Hit(start, end, marker))
        if not merged:
            return Screened(text)
        sentences: dict[tuple[int, int], list[_Hit]] = {}
        for hit in merged:
            sentences.setdefault(_sentence(text, hit), []).append(hit)
        wanted = {_normal(p): p for p in released}
        kept: list[_Hit] = []
        passages: list[str] = []
        spared: list[str] = []
        for (start, end), hits in sentences.items():
            passage = " ".join(_replaced(text, hits, start, end).split())
            if _normal(passage) in wanted:
                spared.append(wanted[_normal(passage)])
            else:
                kept += hits
                passages.append(passage)
        return Screened(
            _replaced(text, kept),
            tuple(" ".join(text[hit.start : hit.end].split()) for hit in kept),
            tuple(dict.fromkeys(passages)),
            tuple(dict.fromkeys(spared)),
        )
