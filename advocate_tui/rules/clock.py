"""The one place the application asks the time, so tests and snapshots can fix it.

Every datetime is timezone-aware. Stored times are UTC (SQLModel's ``UTCDateTime``); people see
and type wall-clock time in England and Wales (:data:`LOCAL`).
"""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

LOCAL = ZoneInfo("Europe/London")

_fixed: datetime | None = None


def now() -> datetime:
    """Local wall-clock time, to the second."""
    moment = _fixed if _fixed is not None else datetime.now(UTC)
    return moment.astimezone(LOCAL).replace(microsecond=0)


def utcnow() -> datetime:
    """Now in UTC, the storage convention for system timestamps."""
    return now().astimezone(UTC)


def today() -> date:
    return now().date()


def local(moment: datetime) -> datetime:
    """A stored (UTC) or naive-local datetime as local wall-clock time."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=LOCAL)
    return moment.astimezone(LOCAL)


def fix(moment: datetime | None) -> None:
    """Freeze the clock at ``moment`` (naive means local); ``None`` lets it run again."""
    global _fixed
    _fixed = local(moment) if moment is not None else None
