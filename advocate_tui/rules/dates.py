"""Everyday date and time input ("today 14:00", "3 Dec 10:00", "yesterday"), parsed by dateparser.

dateparser is imported on first use so commands that take no dates stay quick to start.
"""

import re
from datetime import date, datetime, time
from typing import Literal

from advocate_tui.rules import clock
from advocate_tui.rules.errors import InvalidInputError

_HAS_TIME = re.compile(r"\d{1,2}[:.]\d{2}|\d\s*(am|pm)\b|\bnoon\b|\bmidnight\b|T\d{2}", re.IGNORECASE)
#: ISO-style year-first dates; dateparser would read an impossible one such as 2026-13-01 as year-day-month.
_YEAR_FIRST = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?!\d)")


def _is_real_day(year: str, month: str, day: str) -> bool:
    try:
        date(int(year), int(month), int(day))
    except ValueError:
        return False
    return True


def parse_when(text: str, *, prefer: Literal["past", "future"] = "past", what: str = "date") -> tuple[datetime, bool]:
    """Parse ``text`` as a date and time, UK day-first; return it and whether a time was given.

    Without a time the result is midnight of that day. ``prefer`` settles ambiguous forms such as
    "3 Dec" (the last one or the next one).
    """
    cleaned = " ".join(text.split())
    if not cleaned:
        raise InvalidInputError(f"The {what} is empty: give one such as 'today 14:00' or '2026-11-20 09:30'.")
    unreadable = InvalidInputError(
        f"'{cleaned}' is not a date I can read for the {what}: try '2026-11-20 14:00', 'today 14:00', "
        "'yesterday 21:30' or '3 Dec 10:00'."
    )
    year_first = _YEAR_FIRST.match(cleaned)
    if year_first and not _is_real_day(*year_first.groups()):
        raise unreadable
    import dateparser

    now = clock.now().replace(tzinfo=None)
    parsed = dateparser.parse(
        cleaned,
        languages=["en"],
        settings={
            "RELATIVE_BASE": now,
            "PREFER_DATES_FROM": prefer,
            "DATE_ORDER": "DMY",
            "PREFER_DAY_OF_MONTH": "first",
            "RETURN_AS_TIMEZONE_AWARE": False,
            "STRICT_PARSING": False,
        },
    )
    if parsed is None:
        raise unreadable
    has_time = bool(_HAS_TIME.search(cleaned))
    if not has_time:
        parsed = datetime.combine(parsed.date(), time())
    return parsed.replace(second=0, microsecond=0, tzinfo=clock.LOCAL), has_time


def parse_day(text: str, *, prefer: Literal["past", "future"] = "past", what: str = "date") -> date:
    """Parse ``text`` as a calendar day."""
    return parse_when(text, prefer=prefer, what=what)[0].date()


def describe(moment: datetime, has_time: bool = True) -> str:
    """An unambiguous echo of a moment in local time, e.g. 'Mon 23 Nov 2026 14:00'."""
    moment = clock.local(moment)
    if has_time:
        return moment.strftime("%a %d %b %Y %H:%M")
    return moment.strftime("%a %d %b %Y") + " (no time given)"


def uk_date(day: date | datetime | None) -> str:
    """'23 Nov 2026', or an empty string for no date."""
    if isinstance(day, datetime):
        day = clock.local(day)
    return day.strftime("%d %b %Y") if day else ""
