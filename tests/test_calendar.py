"""Calendar files: they parse with icalendar, carry a reminder, and never a client's name or address."""

import stat
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from conftest import Advocate
from icalendar import Calendar

from advocate_tui.output.calendar import agenda_calendar, hearing_entries, write_calendar
from advocate_tui.rules import clock
from advocate_tui.services.casework import Casework

#: Things typed into the fictional cases that must never reach a calendar.
PRIVATE = ["Jo", "Example", "Sam Private", "Pat Notreal", "Fiction Lane", "NS1 1AA", "employer", "07700"]


def fill(casework: Casework) -> tuple[str, str]:
    first = casework.cases.create_case(
        "Jo Example", relationship="ex-partner", perpetrator_name="Pat Notreal", preferred_name="Jo"
    ).reference
    second = casework.cases.create_case("Sam Private", relationship="stranger").reference
    for reference in (first, second):
        client = casework.cases.get_case(reference).client
        casework.parties.update_client(
            client.id, client.version, address="1 Fiction Lane, NS1 1AA", phone="07700 900123"
        )
    casework.court.add_hearing(first, datetime(2026, 12, 3, 10, 0), "Northshire Magistrates' Court", "spo-hearing")
    casework.court.add_hearing(second, datetime(2026, 11, 30, 14, 30), "Northshire Family Court", "family-court")
    casework.court.add_hearing(second, datetime(2027, 2, 1, 10, 0), "Crown Court", "trial")  # beyond 14 days
    casework.plan.add_plan_item(
        first, "work-education", "Tell Jo's employer about Pat Notreal", due_on=date(2026, 11, 26)
    )
    return first, second


def events(path: Path) -> list:
    calendar = Calendar.from_ical(path.read_bytes())
    return [component for component in calendar.walk("VEVENT")]


def test_court_list_writes_a_calendar_with_reminders_and_no_names(
    advocate: Advocate, casework: Casework, tmp_path: Path
) -> None:
    first, second = fill(casework)
    target = tmp_path / "court.ics"
    result = advocate("court", "list", "--ics", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"Wrote 2 court dates to {target}, each with a reminder the day before.\n")
    found = events(target)
    assert [(str(e["SUMMARY"]), str(e["LOCATION"]), e.decoded("DTSTART")) for e in found] == [
        (f"{second} Family court", "Northshire Family Court", datetime(2026, 11, 30, 14, 30, tzinfo=UTC)),
        (f"{first} SPO hearing", "Northshire Magistrates' Court", datetime(2026, 12, 3, 10, 0, tzinfo=UTC)),
    ]
    for event in found:
        [alarm] = event.walk("VALARM")
        assert alarm.decoded("TRIGGER") == timedelta(days=-1)
        assert str(alarm["DESCRIPTION"]) == f"Tomorrow: {event['SUMMARY']}"
        assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(hours=1)
    text = target.read_text(encoding="utf-8")
    assert not [word for word in PRIVATE if word in text]
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_summer_hearings_are_at_the_right_instant(casework: Casework, tmp_path: Path) -> None:
    reference = casework.cases.create_case("Jo Example").reference
    casework.court.add_hearing(reference, datetime(2027, 6, 1, 10, 0), "Northshire Magistrates' Court", "trial")
    service = casework.audit.service_id()
    write_calendar(tmp_path / "summer.ics", hearing_entries(casework.court.upcoming_hearings(days=200), service))
    [event] = events(tmp_path / "summer.ics")
    assert event.decoded("DTSTART") == datetime(2027, 6, 1, 9, 0, tzinfo=UTC)  # 10:00 British Summer Time
    assert "DTSTART;TZID=Europe/London:20270601T100000" in (tmp_path / "summer.ics").read_text()


def test_times_are_in_england_s_time_zone_and_days_are_dates(casework: Casework, tmp_path: Path) -> None:
    first, _second = fill(casework)
    target = tmp_path / "agenda.ics"
    write_calendar(target, agenda_calendar(casework))
    calendar = Calendar.from_ical(target.read_bytes())
    [zone] = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/London"
    assert {str(part["TZNAME"]) for part in zone.walk() if part.name in ("STANDARD", "DAYLIGHT")} == {"GMT", "BST"}
    hearing = next(e for e in events(target) if str(e["SUMMARY"]) == f"{first} SPO hearing")
    assert hearing["DTSTART"].params["TZID"] == "Europe/London"
    assert hearing.decoded("DTSTART") == datetime(2026, 12, 3, 10, 0, tzinfo=clock.LOCAL)
    plans = [e for e in events(target) if str(e["SUMMARY"]) == f"{first} safety-plan item due"]
    assert plans and all(e["DTSTART"].params["VALUE"] == "DATE" for e in plans)
    assert (date(2026, 11, 26), date(2026, 11, 27)) in [(e.decoded("DTSTART"), e.decoded("DTEND")) for e in plans]


def test_an_event_s_uid_names_its_record_and_the_service(casework: Casework, tmp_path: Path) -> None:
    first, _second = fill(casework)
    service = casework.audit.service_id()
    [item] = [i for i in casework.cases.get_case(first).plan_items if i.title.startswith("Tell")]
    hearing = casework.court.upcoming_hearings()[-1][0]
    write_calendar(tmp_path / "before.ics", agenda_calendar(casework))
    before = {str(e["UID"]) for e in events(tmp_path / "before.ics")}
    assert {f"plan-{item.id}-{service}@advocate-tui", f"hearing-{hearing.id}-{service}@advocate-tui"} <= before
    casework.plan.update_plan_item(item.id, item.version, status="done")
    write_calendar(tmp_path / "after.ics", agenda_calendar(casework))
    after = {str(e["UID"]) for e in events(tmp_path / "after.ics")}
    assert after == before - {f"plan-{item.id}-{service}@advocate-tui"}, "the others keep their UIDs"


def test_two_services_never_share_a_uid(tmp_path: Path) -> None:
    from advocate_tui.db import open_database

    services = []
    for second, name in enumerate(("north", "south")):
        clock.fix(datetime(2026, 11, 23, 10, 0, second))  # two services start their databases at different moments
        database = open_database(f"sqlite:///{tmp_path / name}.db")
        try:
            casework = Casework(database, user="test-advocate", areas=("City",))
            reference = casework.cases.create_case("Jo Example").reference
            casework.court.add_hearing(reference, datetime(2026, 12, 3, 10, 0), "Northshire Crown Court", "trial")
            write_calendar(tmp_path / f"{name}.ics", agenda_calendar(casework))
            services.append(casework.audit.service_id())
            assert casework.audit.service_id() == services[-1], "the same database, the same id"
        finally:
            database.dispose()
    north, south = ({str(e["UID"]) for e in events(tmp_path / f"{name}.ics")} for name in ("north", "south"))
    assert north and south and not north & south
    assert services[0] != services[1]


def test_the_agenda_export_has_court_dates_and_dated_items_without_their_text(
    casework: Casework, tmp_path: Path
) -> None:
    first, second = fill(casework)
    target = tmp_path / "agenda.ics"
    assert write_calendar(target, agenda_calendar(casework)) == len(events(target))
    summaries = [(str(e["SUMMARY"]), e.decoded("DTSTART")) for e in events(target)]
    assert (f"{first} safety-plan item due", date(2026, 11, 26)) in summaries
    assert (f"{first} SPO hearing", datetime(2026, 12, 3, 10, 0, tzinfo=UTC)) in summaries
    assert all(not isinstance(start, datetime) or start.tzinfo is not None for _summary, start in summaries)
    text = target.read_text(encoding="utf-8")
    assert not [word for word in PRIVATE if word in text]
