"""The client's own diary: its layout (the columns a service hands to clients), and reading one row of it.

A diary is kept by the client, often long after the event and with no fixed "today", so its dates are read
strictly: UK day-first forms with a day number (``03/12/2026``, ``3/12/26``, ``3 Dec 2026``, ``3rd December
2026``, or ``3rd December`` with the year of the nearest earlier row that gave one); relative dates
("yesterday", "last Tuesday") and dates in the future are refused with their line. Dates and times are parsed
by :mod:`advocate_tui.rules.dates`, as everywhere else in the program.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from functools import lru_cache

from advocate_tui.rules import clock
from advocate_tui.rules.dates import describe, parse_when
from advocate_tui.rules.errors import InvalidInputError
from advocate_tui.rules.vocab import Behaviour

#: The diary's columns in the order the template has them: the name in the template, then the other names
#: a heading may have (compared in lower case, with punctuation and extra spaces left out).
COLUMNS: dict[str, tuple[str, ...]] = {
    "date": ("Date", "day", "date of incident", "when"),
    "time": ("Time", "time of day", "approx time", "approximate time", "about what time"),
    "description": ("What happened", "description", "details", "incident", "what"),
    "location": ("Where", "location", "place", "where it happened"),
    "witnesses": ("Witnesses", "witness", "who saw it", "who saw"),
    "evidence": ("Evidence", "evidence kept", "proof"),
    "behaviours": ("Behaviour", "behaviours", "behavior", "behaviors", "kind", "type"),
}
#: The headings of the template, in order (the behaviour column is optional and left out of it).
TEMPLATE_HEADINGS = [names[0] for key, names in COLUMNS.items() if key != "behaviours"]
REQUIRED = ("date", "description")
#: How an entry's source is stored on an incident it became.
CLIENT_RECORD = "client-record"
SOURCE_LABEL = "from the client's own record"

_RELATIVE = re.compile(
    r"\b(today|tonight|yesterday|tomorrow|last|next|this|ago|now|weeks?|fortnight|days?|months?|years?)\b",
    re.IGNORECASE,
)
#: A year in a date: four digits, or the last part of a numeric date (3/12/26).
_YEAR = re.compile(r"\b\d{4}\b|\d{1,2}[/.-]\d{1,2}[/.-]\d{2}\b")
_HHMM = re.compile(r"^([01]\d|2[0-3])([0-5]\d)$")
_ABOUT = re.compile(r"\b(about|around|approx\.?|approximately|roughly|circa|ish)\b|~", re.IGNORECASE)
_NON_WORD = re.compile(r"[^\w]+")

#: Words in a diary entry (or its behaviour column) and the behaviour they name; the first matching wins
#: for each behaviour, all that match are recorded.
_BEHAVIOUR_WORDS: list[tuple[re.Pattern[str], Behaviour]] = [
    (re.compile(pattern, re.IGNORECASE), behaviour)
    for pattern, behaviour in (
        (r"\bfollow(ed|ing|s)?\b", Behaviour.FOLLOWING),
        (r"\b(loiter\w*|hanging (around|about)|waiting (outside|for me)|parked outside)\b", Behaviour.LOITERING),
        (
            r"\b(turn(ed|s)? up|came|showed up|outside)\b.*\b(work|office|college|school|uni)\b",
            Behaviour.TURNING_UP_WORK,
        ),
        (
            r"\b(turn(ed|s)? up|came to|showed up|knock\w*|outside)\b.*\b(home|house|flat|door|my place)\b",
            Behaviour.TURNING_UP_HOME,
        ),
        (r"\b(watch(ed|ing)?|star(ed|ing))\b", Behaviour.WATCHING),
        (r"\b(tracker|tracking|gps|airtag|location sharing)\b", Behaviour.TRACKING_GPS),
        (r"\b(call(ed|s|ing)?|rang|phoned|ringing|voicemails?|missed calls?)\b", Behaviour.CALLS),
        (r"\b(texts?|texted|texting|messages?|messaged|whatsapp|sms|emails?|emailed)\b", Behaviour.MESSAGES),
        (r"\b(letters?|gifts?|flowers|parcels?|package|cards?|present)\b", Behaviour.LETTERS_GIFTS),
        (r"\b(facebook|instagram|tiktok|snapchat|twitter|social media|posted|tagged)\b", Behaviour.SOCIAL_MEDIA),
        (r"\b(hack(ed|ing)?|password|logged in(to)?|accessed my)\b", Behaviour.HACKING),
        (
            r"\b(through|via) (my |a )?(friends?|mum|mother|dad|father|sister|brother|family|colleague)\b",
            Behaviour.THIRD_PARTY,
        ),
        (r"\b(damag(e|ed)|smash(ed)?|scratch(ed)?|slash(ed)?|broke|broken|keyed)\b", Behaviour.PROPERTY_DAMAGE),
        (r"\b(threat(s|en|ened|ening)?|kill)\b", Behaviour.THREATS),
        (
            r"\b(hit|punch(ed)?|push(ed)?|shov(e|ed)|grab(bed)?|assault(ed)?|kick(ed)?|strangl\w*|chok\w*)\b",
            Behaviour.VIOLENCE,
        ),
        (r"\b(breach(ed|es)?|bail conditions?)\b", Behaviour.ORDER_BREACH),
    )
]


def heading_key(text: str) -> str:
    """A heading as compared: lower case, punctuation and extra spaces left out ("What happened?" → "what happened")."""
    return " ".join(_NON_WORD.sub(" ", text.casefold()).split())


_HEADINGS = {heading_key(name): key for key, names in COLUMNS.items() for name in names}


@dataclass(frozen=True)
class Layout:
    """Which column of the file holds each part of an entry, and the headings not read."""

    columns: dict[str, int]
    ignored: tuple[str, ...]


def layout(headings: Sequence[object]) -> Layout:
    """Find the diary's columns by their headings; a file without a date or a what-happened column is refused."""
    columns: dict[str, int] = {}
    ignored = []
    for index, heading in enumerate(headings):
        text = "" if heading is None else str(heading).strip()
        key = _HEADINGS.get(heading_key(text))
        if key is not None and key not in columns:
            columns[key] = index
        elif text:
            ignored.append(text)
    missing = [COLUMNS[key][0] for key in REQUIRED if key not in columns]
    if missing:
        raise InvalidInputError(
            f"The first row of the file has no {' or '.join(repr(m) for m in missing)} heading: the headings are "
            f"{', '.join(TEMPLATE_HEADINGS)} (as in the blank template)."
        )
    return Layout(columns, tuple(ignored))


def cell_text(value: object) -> str:
    """A cell as one line of text with its spaces tidied; a spreadsheet's formula stays the text it is."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


@dataclass(frozen=True)
class DiaryEntry:
    """One row read, as it would be logged."""

    line: int
    occurred_at: datetime
    has_time: bool
    approximate: bool
    description: str
    location: str | None
    witnesses: str | None
    evidence: str | None
    kinds: tuple[str, ...]
    not_recognised: tuple[str, ...] = ()

    @property
    def key(self) -> tuple[str, str, str]:
        return entry_key(self.occurred_at, self.approximate, self.description)

    def echo(self) -> str:
        """'line 4: Thu 03 Dec 2026 21:00 — Sent 40 texts… [messages]', as the report shows it."""
        when = describe(self.occurred_at, self.has_time) + (" (about)" if self.has_time and self.approximate else "")
        kinds = ", ".join(self.kinds) if self.kinds else "behaviour not recognised, logged as other"
        flagged = f"; not recognised: {', '.join(self.not_recognised)}" if self.not_recognised else ""
        return f"line {self.line}: {when} — {_shortened(self.description)} [{kinds}{flagged}]"


def entry_key(occurred_at: datetime, approximate: bool, description: str) -> tuple[str, str, str]:
    """What makes two entries "the same": the day, the time (none for a day given alone, which the log keeps as
    an approximate midnight) and the text, with spaces and case normalised."""
    moment = clock.local(occurred_at)
    no_time = approximate and (moment.hour, moment.minute) == (0, 0)
    return (moment.date().isoformat(), "" if no_time else f"{moment:%H:%M}", " ".join(description.split()).casefold())


def _shortened(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


@dataclass
class YearCarry:
    """The year of the nearest earlier row that gave one, for a date such as '3rd December'."""

    year: int | None = None


def read_entry(line: int, cells: dict[str, object], carry: YearCarry) -> DiaryEntry:
    """Read one row (cells by column key); raise InvalidInputError with the reason it cannot be logged."""
    description = cell_text(cells.get("description"))
    if not description:
        raise InvalidInputError("nothing under 'What happened'")
    day = read_day(cells.get("date"), carry)
    at, has_time, about = read_time(cells.get("time"))
    moment = datetime.combine(day, at or time()).replace(tzinfo=clock.LOCAL)
    if moment > clock.now():
        raise InvalidInputError(f"{describe(moment, has_time)} is in the future")
    given, unknown = behaviours_of(cell_text(cells.get("behaviours")), description)
    return DiaryEntry(
        line=line,
        occurred_at=moment,
        has_time=has_time,
        approximate=about or not has_time,
        description=description,
        location=cell_text(cells.get("location")) or None,
        witnesses=cell_text(cells.get("witnesses")) or None,
        evidence=cell_text(cells.get("evidence")) or None,
        kinds=given,
        not_recognised=unknown,
    )


def read_day(value: object, carry: YearCarry) -> date:
    """The day of a date cell: a spreadsheet's date as it is, text in a UK form. A relative date is refused."""
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    else:
        text = cell_text(value)
        if not text:
            raise InvalidInputError("no date")
        if _RELATIVE.search(text) or not any(char.isdigit() for char in text):
            raise InvalidInputError(
                f"'{text}' is a relative date, which a diary cannot be read by: write the date itself, such as 03/12/2025"
            )
        if not _YEAR.search(text):
            if carry.year is None:
                raise InvalidInputError(f"'{text}' has no year, and no earlier row gives one")
            text = f"{text} {carry.year}"
        day = _parsed_day(text)
    carry.year = day.year
    return day


@lru_cache(maxsize=4096)
def _parsed_day(text: str) -> date:
    try:
        return parse_when(text, prefer="past", what="date")[0].date()
    except InvalidInputError:
        raise InvalidInputError(
            f"'{text}' is not a date that can be read: write it as 03/12/2025 or 3 Dec 2025"
        ) from None


def read_time(value: object) -> tuple[time | None, bool, bool]:
    """A time cell: the time (None when blank), whether one was given and whether it is "about" that time."""
    if isinstance(value, datetime):
        return value.time().replace(second=0, microsecond=0), True, False
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0), True, False
    text = cell_text(value)
    if not text:
        return None, False, False
    return (*_parsed_time(text), bool(_ABOUT.search(text)))


@lru_cache(maxsize=1024)
def _parsed_time(text: str) -> tuple[time, bool]:
    cleaned = _HHMM.sub(r"\1:\2", _ABOUT.sub(" ", text).strip())
    unreadable = InvalidInputError(
        f"'{text}' is not a time that can be read: write it as 21:00 or 9pm, or leave it blank"
    )
    try:
        moment, has_time = parse_when(f"2000-01-01 {cleaned}", what="time")
    except InvalidInputError:
        raise unreadable from None
    if not has_time or moment.date() != date(2000, 1, 1):
        raise unreadable
    return moment.time().replace(tzinfo=None), True


def behaviours_of(column: str, description: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The behaviours an entry names (its behaviour column's, else its text's words) and the column's words that
    name none."""
    found: set[str] = set()
    unknown: list[str] = []
    for word in (part.strip() for part in re.split(r"[,;/]", column)):
        if not word:
            continue
        try:
            found.add(Behaviour.parse(word, "behaviour").value)
        except ValueError:
            named = _named_behaviours(word)
            found |= named
            if not named:
                unknown.append(word)
    if not found:
        found = _named_behaviours(description)
    return tuple(sorted(found)), tuple(unknown)


def _named_behaviours(text: str) -> set[str]:
    return {behaviour.value for pattern, behaviour in _BEHAVIOUR_WORDS if pattern.search(text)}


@dataclass(frozen=True)
class Problem:
    line: int
    reason: str


@dataclass
class DiaryReport:
    """What a diary file holds, read against the case's log: entries to add, the same entries seen before, and
    rows that cannot be logged."""

    file_name: str
    encoding: str
    new: list[DiaryEntry] = field(default_factory=list)
    already: list[Problem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    ignored_columns: tuple[str, ...] = ()
    saved: bool = False

    def lines(self) -> list[str]:
        """The report as people read it: how the file was read, each new entry echoed, then what is left out."""
        rows = len(self.new) + len(self.already) + len(self.problems)
        lines = [f"{self.file_name}: {rows} row{'' if rows == 1 else 's'} read ({self.encoding})."]
        if self.ignored_columns:
            lines.append(f"Columns not read: {', '.join(self.ignored_columns)}.")
        by_line = [(e.line, e.echo()) for e in self.new]
        by_line += [(p.line, f"line {p.line}: already logged ({p.reason})") for p in self.already]
        by_line += [(p.line, f"line {p.line}: not read: {p.reason}.") for p in self.problems]
        lines += [text for _, text in sorted(by_line)]
        flagged = sum(1 for e in self.new if not e.kinds or e.not_recognised)
        summary = (
            f"{len(self.new)} new entr{'y' if len(self.new) == 1 else 'ies'} {SOURCE_LABEL}, "
            f"{len(self.already)} already logged, {len(self.problems)} row{'' if len(self.problems) == 1 else 's'} "
            f"not read"
        )
        if flagged:
            summary += f", {flagged} with a behaviour not recognised"
        lines.append(summary + ".")
        return lines

    def as_json(self, reference: str) -> dict[str, object]:
        """The report for ``--json`` (README, JSON output); datetimes ISO 8601 in UTC."""
        return {
            "format": "advocate-diary-import/1",
            "reference": reference,
            "file": self.file_name,
            "read_as": self.encoding,
            "saved": self.saved,
            "columns_not_read": list(self.ignored_columns),
            "new": [
                {
                    "line": e.line,
                    "occurred_at": e.occurred_at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
                    "time_given": e.has_time,
                    "approximate": e.approximate,
                    "description": e.description,
                    "location": e.location,
                    "witnesses": e.witnesses,
                    "evidence": e.evidence,
                    "behaviours": list(e.kinds),
                    "not_recognised": list(e.not_recognised),
                }
                for e in self.new
            ],
            "already_logged": [{"line": p.line, "reason": p.reason} for p in self.already],
            "not_read": [{"line": p.line, "reason": p.reason} for p in self.problems],
        }
