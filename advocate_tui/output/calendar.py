"""iCalendar (.ics) files of court dates and of the agenda, safe to sync to a phone.

Calendars leave the service's systems, so an event says only the case reference, what is due (the
hearing kind, or a fixed phrase) and the court: never a client's name, address or any text typed
into a case. Each event has a reminder the day before.

Times are written in England's time (``TZID=Europe/London``, with its VTIMEZONE), days as dates. An event's
UID names the record it comes from and the service's database (``plan-12-<service>@advocate-tui``, see
:meth:`~advocate_tui.services.audit_trail.AuditTrail.service_id`): importing a newer file replaces each event,
drops those whose record is done, and never mixes two services' events.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from advocate_tui.rules import clock
from advocate_tui.rules.vocab import AgendaKind, HearingKind
from advocate_tui.storage.files import write_file
from advocate_tui.storage.models import CourtEvent

if TYPE_CHECKING:
    from advocate_tui.services.casework import Casework
    from advocate_tui.services.rows import AgendaEntry

PRODID = "-//advocate_tui//Court dates and agenda//EN"
HEARING_LENGTH = timedelta(hours=1)
REMINDER = timedelta(days=-1)

#: Agenda kinds exported as all-day events, with the fixed phrase that stands for each entry.
#: Kinds not named here (and every entry's free text) never reach the file.
AGENDA_PHRASES = {
    AgendaKind.PLAN_ITEMS: "safety-plan item due",
    AgendaKind.ORDERS: "protective order expires",
    AgendaKind.RISK_REVIEWS: "risk review due",
}
#: How long past the last event the time zone's changes of clock are written out.
TIMEZONE_AHEAD = timedelta(days=366)


@dataclass(frozen=True)
class CalendarEntry:
    """One event: timed when ``start`` is a datetime, all day when it is a date."""

    uid: str
    summary: str
    start: datetime | date
    location: str | None = None


def uid(key: str, service: str) -> str:
    """The UID of the event of the record ``key`` (``hearing-3``) in the database of ``service``."""
    return f"{key}-{service}@advocate-tui"


def hearing_entries(hearings: Iterable[tuple[CourtEvent, str, str]], service: str) -> list[CalendarEntry]:
    """Events for (hearing, reference, client's name) rows as :meth:`Casework.upcoming_hearings` gives; the name is
    dropped. ``service`` is the database's id (:meth:`~advocate_tui.services.audit_trail.AuditTrail.service_id`)."""
    return [
        CalendarEntry(
            uid(f"hearing-{event.id}", service),
            f"{reference} {HearingKind(event.kind).label}",
            clock.local(event.starts_at),
            event.court,
        )
        for event, reference, _name in hearings
    ]


def agenda_entries(entries: Iterable["AgendaEntry"], today: date, service: str) -> list[CalendarEntry]:
    """All-day events for the agenda's dated kinds (see :data:`AGENDA_PHRASES`) from today on."""
    return [
        CalendarEntry(uid(entry.key, service), f"{entry.reference} {AGENDA_PHRASES[entry.kind]}", entry.when)
        for entry in entries
        if entry.kind in AGENDA_PHRASES and entry.when >= today
    ]


def calendar_bytes(entries: Iterable[CalendarEntry]) -> bytes:
    """An RFC 5545 calendar of ``entries``: times in England's time zone, described by its VTIMEZONE."""
    from icalendar import Alarm, Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    stamp = clock.utcnow()
    entries = list(entries)
    for entry in entries:
        event = Event()
        event.add("uid", entry.uid)
        event.add("dtstamp", stamp)
        event.add("summary", entry.summary)
        start = clock.local(entry.start) if isinstance(entry.start, datetime) else entry.start
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
    if entries:
        days = [e.start.date() if isinstance(e.start, datetime) else e.start for e in entries]
        calendar.add_missing_timezones(first_date=min(days), last_date=max(days) + TIMEZONE_AHEAD)
    return calendar.to_ical()


def write_calendar(path: Path, entries: Iterable[CalendarEntry], *, replace: bool = False) -> int:
    """Write ``entries`` to ``path`` (readable by the owner only; an existing file only if ``replace``,
    see :func:`~advocate_tui.storage.files.write_file`); return how many."""
    entries = list(entries)
    write_file(path, calendar_bytes(entries), replace=replace)
    return len(entries)


def agenda_calendar(casework: "Casework") -> list[CalendarEntry]:
    """The agenda as events: court dates coming up (timed) and its dated items from today (all day)."""
    service = casework.audit.service_id()
    return hearing_entries(casework.court.upcoming_hearings(), service) + agenda_entries(
        casework.agenda.agenda(), clock.today(), service
    )
