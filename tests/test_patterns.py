"""Incident patterns and escalation alerts on constructed incident histories (rising, flat, first threat)."""

from datetime import date, datetime, timedelta

import pytest
from conftest import FIXED_NOW, Advocate
from sqlalchemy import event

from advocate_tui.rules import clock
from advocate_tui.rules.patterns import IncidentHistory, escalation_alerts
from advocate_tui.services.casework import Casework

NOW = clock.local(FIXED_NOW)


def case_with(
    casework: Casework,
    moments: list[datetime],
    kinds: tuple[str, ...] = ("calls",),
    *,
    referral: str = "2026-08-01",
    name: str = "Jo Example",
) -> str:
    reference = casework.cases.create_case(name, relationship="ex-partner", referral_date=referral).reference
    for moment in moments:
        casework.log.add_incident(reference, "Incident", moment, list(kinds))
    return reference


def every(start: datetime, step: timedelta, until: datetime) -> list[datetime]:
    moments = []
    while start < until:
        moments.append(start)
        start += step
    return moments


FORTNIGHTLY_UNTIL_NOVEMBER = every(datetime(2026, 8, 3, 19, 0), timedelta(days=14), datetime(2026, 11, 3))
LAST_FORTNIGHT = [datetime(2026, 11, d, 20, 0) for d in (10, 14, 18, 22)]


def keys(casework: Casework, reference: str) -> list[str]:
    return [alert.key for alert in casework.alerts.alerts(reference)]


# -- frequency ----------------------------------------------------------------------------------


def test_a_rising_history_raises_a_frequency_alert(casework: Casework) -> None:
    reference = case_with(casework, FORTNIGHTLY_UNTIL_NOVEMBER + LAST_FORTNIGHT)
    [alert] = casework.alerts.alerts(reference)
    assert alert.key == "frequency"
    assert alert.text == "Incidents rising: 4 in the last 14 days (about 1.0 per 14 days before)"
    assert alert.since == date(2026, 11, 9)


def test_a_flat_history_raises_nothing(casework: Casework) -> None:
    twice_weekly = every(datetime(2026, 8, 3, 19, 0), timedelta(days=3, hours=12), datetime(2026, 11, 23, 9, 0))
    reference = case_with(casework, twice_weekly)
    assert keys(casework, reference) == []


def test_a_burst_after_months_of_quiet_is_a_rise(casework: Casework) -> None:
    reference = case_with(casework, LAST_FORTNIGHT, referral="2026-08-01")
    assert [a.text for a in casework.alerts.alerts(reference)] == [
        "Incidents rising: 4 in the last 14 days (none before)"
    ]


def test_a_burst_without_earlier_history_is_not_called_a_rise(casework: Casework) -> None:
    reference = case_with(casework, LAST_FORTNIGHT + [datetime(2026, 11, 21, 9, 0)], referral="2026-11-01")
    assert keys(casework, reference) == []


@pytest.mark.parametrize(("earlier", "raised"), [(15, True), (16, False)])
def test_the_rise_must_be_twice_the_earlier_rate(earlier: int, raised: bool) -> None:
    # 140 days of earlier history: 15 incidents predict 1.5 in 14 days (3 is twice that), 16 predict 1.6.
    first = NOW - timedelta(days=154)
    history = IncidentHistory(first, earlier, 3, NOW, {})
    assert bool(escalation_alerts(history, first.date(), NOW)) is raised


# -- first occurrences ------------------------------------------------------------------------


def test_a_first_threat_raises_an_alert_and_a_second_does_not_add_one(casework: Casework) -> None:
    reference = case_with(casework, FORTNIGHTLY_UNTIL_NOVEMBER)
    casework.log.add_incident(
        reference, "Said he would hurt her", datetime(2026, 11, 20, 21, 0), ["threats", "messages"]
    )
    assert [(a.key, a.text) for a in casework.alerts.alerts(reference)] == [
        ("first-threats", "First threats logged (20 Nov 2026)")
    ]
    casework.log.add_incident(reference, "Threat again", datetime(2026, 11, 22, 21, 0), ["threats"])
    assert keys(casework, reference) == ["first-threats"]


def test_every_watched_behaviour_has_its_first_alert_in_date_order(casework: Casework) -> None:
    reference = case_with(casework, [], referral="2026-11-10")
    for day, kind in ((18, "order-breach"), (12, "turning-up-home"), (15, "violence")):
        casework.log.add_incident(reference, "Incident", datetime(2026, 11, day, 9, 0), [kind])
    assert [a.text for a in casework.alerts.alerts(reference)] == [
        "First visit to the client's home logged (12 Nov 2026)",
        "First violence logged (15 Nov 2026)",
        "First order breach logged (18 Nov 2026)",
    ]


def test_a_first_threat_long_ago_is_history_not_an_alert(casework: Casework) -> None:
    reference = case_with(casework, [datetime(2026, 9, 1, 9, 0)], ("threats",))
    casework.log.add_incident(reference, "Threat again", datetime(2026, 11, 22, 21, 0), ["threats"])
    assert keys(casework, reference) == []


# -- acknowledging --------------------------------------------------------------------------


def test_an_acknowledged_alert_stays_hidden_until_a_new_occurrence(casework: Casework) -> None:
    reference = case_with(casework, FORTNIGHTLY_UNTIL_NOVEMBER + LAST_FORTNIGHT)
    casework.log.add_incident(reference, "Threat", datetime(2026, 11, 22, 22, 0), ["threats"])
    assert keys(casework, reference) == ["frequency", "first-threats"]
    assert [a.key for a in casework.alerts.acknowledge_alerts(reference)] == ["frequency", "first-threats"]
    assert keys(casework, reference) == []
    clock.fix(FIXED_NOW + timedelta(minutes=10))
    casework.log.add_incident(reference, "Another threat", datetime(2026, 11, 23, 9, 0), ["threats"])
    assert keys(casework, reference) == ["frequency"]  # a new incident in a rising fortnight; threats are no longer new


def test_acknowledging_an_alert_that_is_not_showing_is_refused(casework: Casework) -> None:
    reference = case_with(casework, [datetime(2026, 11, 20, 9, 0)], ("threats",))
    with pytest.raises(Exception, match=r"has no alert 'frequency' showing \(alerts showing: first-threats\)"):
        casework.alerts.acknowledge_alerts(reference, ["frequency"])
    assert keys(casework, reference) == ["first-threats"]


# -- across the caseload --------------------------------------------------------------------


def test_alerts_for_open_cases_take_three_queries_however_many_cases(casework: Casework) -> None:
    rising = case_with(casework, FORTNIGHTLY_UNTIL_NOVEMBER + LAST_FORTNIGHT, name="Ann Rising")
    case_with(casework, FORTNIGHTLY_UNTIL_NOVEMBER, name="Bea Quiet")
    threatened = case_with(casework, [datetime(2026, 11, 21, 9, 0)], ("threats",), name="Cat Threatened")
    closed = case_with(casework, [datetime(2026, 11, 21, 9, 0)], ("violence",), name="Dee Closed")
    casework.cases.close_case(closed, "moved-away")
    statements: list[str] = []

    def count(_connection: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    event.listen(casework.db.engine, "before_cursor_execute", count)
    found = casework.alerts.alerts_for_open_cases()
    event.remove(casework.db.engine, "before_cursor_execute", count)
    assert {ref: [a.key for a in alerts] for ref, alerts in found.items()} == {
        rising: ["frequency"],
        threatened: ["first-threats"],
    }
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 3


def test_the_agenda_rows_name_the_case_and_say_what_is_due(casework: Casework) -> None:
    threatened = case_with(
        casework, [datetime(2026, 11, 21, 9, 0)], ("threats",), name="Cat Threatened", referral="2026-11-20"
    )
    rows = [(e.kind, e.when, e.reference, e.name, e.what, e.overdue) for e in casework.agenda.risk_agenda()]
    assert rows == [
        (
            "alerts",
            date(2026, 11, 21),
            threatened,
            "Cat Threatened",
            "First threats logged (21 Nov 2026)",
            True,
        ),
        (
            "risk-reviews",
            date(2026, 11, 20),
            threatened,
            "Cat Threatened",
            "Risk review: no risk checklist yet",
            True,
        ),
    ]


def test_the_pattern_counts_incidents_per_week_and_each_behaviour(casework: Casework) -> None:
    reference = case_with(casework, [datetime(2026, 11, 2, 9, 0), datetime(2026, 11, 4, 9, 0)], ("calls", "messages"))
    casework.log.add_incident(reference, "Waited outside", datetime(2026, 11, 20, 8, 0), ["loitering", "calls"])
    pattern = casework.alerts.incident_pattern(reference)
    assert pattern.weekly == [
        (date(2026, 11, 2), 2),
        (date(2026, 11, 9), 0),
        (date(2026, 11, 16), 1),
        (date(2026, 11, 23), 0),
    ]
    assert pattern.behaviours == [("calls", 3), ("messages", 2), ("loitering", 1)]


# -- from the shell ----------------------------------------------------------------------------


def test_alerts_from_the_shell(advocate: Advocate) -> None:
    assert advocate("case", "new", "Jo Example", "-q").exit_code == 0
    advocate("incident", "STK-2026-0001", "Threatening message", "--when", "yesterday 21:00", "--kind", "threats")
    listed = advocate("alerts")
    assert listed.stdout == "STK-2026-0001  first-threats          First threats logged (22 Nov 2026)\n"
    shown = advocate("alerts", "stk-2026-0001")
    assert "16 Nov 2026  #                    1" in shown.stdout and "Behaviours: threats 1" in shown.stdout
    refused = advocate("alerts", "STK-2026-0001", "--ack", "frequency")
    assert refused.exit_code == 1
    assert refused.stderr == "Error: STK-2026-0001 has no alert 'frequency' showing (alerts showing: first-threats).\n"
    assert (
        advocate("alerts", "STK-2026-0001", "--ack", "first-threats").stdout
        == "Acknowledged on STK-2026-0001: first-threats.\n"
    )
    assert advocate("alerts").stdout == "No escalation alerts on open cases.\n"
    assert advocate("alerts", "--ack-all").stderr.startswith("Error: Name the case")
