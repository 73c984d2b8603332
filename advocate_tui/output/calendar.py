"""iCalendar (.ics) files of court dates and of the agenda, safe to sync to a phone.

Calendars leave the service's systems, so an event says only the case reference, what is due (the
hearing kind, or a fixed phrase) and the court: never a client's name, address or any text typed
into a case. Each event has a reminder the day before.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from advocate_tui.rules import clock
from advocate_tui.rules.vocab import HearingKind
from advocate_tui.storage.files import write_file
from advocate_tui.storage.models import CourtEvent

if TYPE_CHECKING:
    from advocate_tui.services.casework import Casework
    from advocate_tui.services.rows import AgendaEntry

PRODID = "-//advocate_tui//Court dates and agenda//EN"
HEARING_LENGTH = timedelta(hours=1)
REMINDER = timedelta(days=-1)

#: Agenda sections exported as all-day events, with the fixed phrase that stands for each entry.
#: Sections not named here (and every entry's free text) never reach the file.
AGENDA_PHRASES = {
    "Safety plan due": "safety-plan item due",
    "Orders expiring": "protective order expires",
    "Risk review due": "risk review due",
}


@dataclass(frozen=True)
class CalendarEntry:
    """One event: timed when ``start`` is a datetime, all day when it is a date."""

    uid: str
    summary: str
    start: datetime | date
    location: str | None = None


def hearing_entries(hearings: Iterable[tuple[CourtEvent, str, str]]) -> list[CalendarEntry]:
    """Events for (hearing, reference, client's name) rows as :meth:`Casework.upcoming_hearings` gives; the name is dropped."""
    return [
        CalendarEntry(
            f"hearing-{event.id}@advocate-tui",
            f"{reference} {HearingKind(event.kind).label}",
            clock.local(event.starts_at),
            event.court,
        )
        for event, reference, _name in hearings
    ]


def agenda_entries(entries: Iterable["AgendaEntry"], today: date) -> list[CalendarEntry]:
    """All-day events for the agenda's dated sections (see :data:`AGENDA_PHRASES`) from today on."""
    events = []
    seen: Counter[str] = Counter()
    for entry in entries:
        phrase = AGENDA_PHRASES.get(entry.section)
        if phrase is not None and entry.when >= today:
            key = f"{phrase.replace(' ', '-')}-{entry.reference}-{entry.when:%Y%m%d}"
            seen[key] += 1
            events.append(CalendarEntry(f"{key}-{seen[key]}@advocate-tui", f"{entry.reference} {phrase}", entry.when))
    return events


def calendar_bytes(entries: Iterable[CalendarEntry]) -> bytes:
    """An RFC 5545 calendar of ``entries``; times are written in UTC, which every calendar converts."""
    from icalendar import Alarm, Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    stamp = clock.utcnow()
    for entry in entries:
        event = Event()
        event.add("uid", entry.uid)
        event.add("dtstamp", stamp)
        event.add("summary", entry.summary)
        start = entry.start.astimezone(UTC) if isinstance(entry.start, datetime) else entry.start
        event.add("dtstart", start)
        event.add("dtend", start + (HEARING_LENGTH if isinstance(start, datetime) else timedelta(days=1)))
        if entry.location:
            event.add("location", entry.location)
        event.add("class", "PRIVATE")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"Tomorrow: {entry.summary}")
        alarm.add("trigger", REMINDER)
        event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()


def write_calendar(path: Path, entries: Iterable[CalendarEntry], *, replace: bool = False) -> int:
    """Write ``entries`` to ``path`` (readable by the owner only; an existing file only if ``replace``,
    see :func:`~advocate_tui.storage.files.write_file`); return how many."""
    entries = list(entries)
    write_file(path, calendar_bytes(entries), replace=replace)
    return len(entries)


def agenda_calendar(casework: "Casework") -> list[CalendarEntry]:
    """The agenda as events: court dates coming up (timed) and its dated items from today (all day)."""
    return hearing_entries(casework.court.upcoming_hearings()) + agenda_entries(casework.agenda.agenda(), clock.today())
