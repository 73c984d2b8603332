"""Working days in England and Wales: Monday to Friday, bank holidays excepted (courts sit on these).

The bank holidays are the standing ones: New Year's Day, Good Friday, Easter Monday, the first and last
Mondays of May, the last Monday of August, Christmas Day and Boxing Day, moved to the next weekday when
they fall at a weekend. One-off holidays (a coronation, a jubilee) are not known here.
"""

from datetime import date, timedelta
from functools import cache

_MONDAY, _SATURDAY = 0, 5


def easter_sunday(year: int) -> date:
    """Easter Day in the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    week = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * week) // 433
    month, day = divmod(h + week - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _monday_on_or_after(day: date) -> date:
    return day + timedelta(days=(_MONDAY - day.weekday()) % 7)


def _last_monday(year: int, month: int) -> date:
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - _MONDAY) % 7)


@cache
def bank_holidays(year: int) -> frozenset[date]:
    """England and Wales's standing bank holidays in ``year``, as the days they are taken."""
    easter = easter_sunday(year)
    new_year = date(year, 1, 1)
    if new_year.weekday() >= _SATURDAY:
        new_year = _monday_on_or_after(new_year)
    christmas, boxing = date(year, 12, 25), date(year, 12, 26)
    if christmas.weekday() >= _SATURDAY:  # Christmas on the Tuesday (Sunday) or the Monday (Saturday)
        christmas += timedelta(days=2)
    if boxing.weekday() >= _SATURDAY:  # Boxing Day on the next Monday (Saturday) or Tuesday (Sunday)
        boxing += timedelta(days=2)
    return frozenset(
        {
            new_year,
            easter - timedelta(days=2),
            easter + timedelta(days=1),
            _monday_on_or_after(date(year, 5, 1)),
            _last_monday(year, 5),
            _last_monday(year, 8),
            christmas,
            boxing,
        }
    )


def is_working_day(day: date) -> bool:
    return day.weekday() < _SATURDAY and day not in bank_holidays(day.year)


def working_day_on_or_after(day: date) -> date:
    """``day`` itself if courts sit on it, else the next day they do."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day
