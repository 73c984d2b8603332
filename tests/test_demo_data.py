"""The demo data hangs together: incidents are the behaviours their words describe, courts sit on working
days, orders' statuses agree with their dates, and the justice funnel has cases at each stage."""

from datetime import date

from sqlmodel import select

from advocate_tui.rules import clock
from advocate_tui.rules.vocab import Behaviour, CourtOutcome, OrderKind, OrderStatus
from advocate_tui.rules.working_days import bank_holidays, easter_sunday, is_working_day, working_day_on_or_after
from advocate_tui.services.casework import Casework
from advocate_tui.services.demo import BREACH, INCIDENTS
from advocate_tui.storage.models import Case, Client, CourtEvent, CrimeReport, Incident, ProtectiveOrder

CASES = 150


def test_each_incident_is_the_behaviours_its_words_describe(casework: Casework) -> None:
    casework.demo.load_demo(CASES)
    kinds_of = {text: {kind.value for kind in kinds} for text, _where, kinds in [*INCIDENTS, BREACH]}
    with casework.db.reader() as session:
        incidents = session.exec(select(Incident)).all()
        seen = {(i.description, frozenset(i.kinds), i.breached_order_id is not None) for i in incidents}
        police = set(session.exec(select(CrimeReport.case_id)).all())
        reported_without_a_crime_reference = [
            i.id for i in incidents if i.reported_to_police and i.case_id not in police
        ]
    breach = {Behaviour.ORDER_BREACH.value}
    assert all(set(kinds) == kinds_of[text] | (breach if breached else set()) for text, kinds, breached in seen)
    assert "Car tyres let down overnight." in {text for text, _kinds, _breached in seen}
    assert any(breached for _text, _kinds, breached in seen)
    assert reported_without_a_crime_reference == []


def test_hearings_fall_on_working_days(casework: Casework) -> None:
    casework.demo.load_demo(CASES)
    with casework.db.reader() as session:
        days = [clock.local(starts).date() for starts in session.exec(select(CourtEvent.starts_at)).all()]
    assert len(days) > CASES // 5
    assert [day for day in days if not is_working_day(day)] == []


def test_order_statuses_agree_with_their_dates(casework: Casework) -> None:
    casework.demo.load_demo(CASES)
    today = clock.today()
    with casework.db.reader() as session:
        orders = session.exec(select(ProtectiveOrder)).all()
        convictions = {
            journey.restraining_order_id: journey.court_outcome
            for journey in session.exec(select(CrimeReport).where(CrimeReport.restraining_order_id.is_not(None)))  # type: ignore[union-attr]
        }
    made = {OrderStatus.GRANTED.value, OrderStatus.EXPIRED.value}
    for order in orders:
        assert (order.granted_on is not None) == (order.status in made), order
        assert order.expires_on is None or order.granted_on is not None, order  # an expiry only once made
        assert (order.status == OrderStatus.EXPIRED.value) == (
            order.expires_on is not None and order.expires_on < today
        )
        if order.kind == OrderKind.RO_CONVICTION.value:  # made at sentencing, never applied for
            assert order.applied_on is None and order.granted_on is not None
            assert convictions[order.id] in {CourtOutcome.GUILTY_PLEA.value, CourtOutcome.CONVICTED.value}
        else:
            assert order.applied_on is not None and order.applied_on <= (order.granted_on or today)
    assert {order.status for order in orders} >= {"applied", "granted", "refused"}


def test_the_justice_funnel_has_cases_at_each_stage(casework: Casework) -> None:
    casework.demo.load_demo(400)
    with casework.db.reader() as session:
        first = min(session.exec(select(Case.referral_date)).all())
    funnel = {row.label: row.values[0] for row in casework.reports.report(first, clock.today()).section("funnel").rows}
    reported, charged, convicted, applied, granted, breached = funnel.values()
    assert isinstance(reported, int) and isinstance(charged, int) and isinstance(convicted, int)
    assert 400 > reported > charged > convicted > 0
    assert isinstance(applied, int) and isinstance(granted, int) and isinstance(breached, int)
    assert applied > granted > breached > 0


def test_a_clients_pronouns_agree_with_their_gender(casework: Casework) -> None:
    casework.demo.load_demo(CASES)
    with casework.db.reader() as session:
        pairs = set(session.exec(select(Client.gender, Client.pronouns)).all())
    assert pairs - {("Non-binary", "they/them")} <= {
        ("Female", "she/her"),
        ("Female", "they/them"),
        ("Male", "he/him"),
        ("Male", "they/them"),
    }
    assert ("Female", "she/her") in pairs and ("Male", "he/him") in pairs


def test_working_days_leave_out_weekends_and_the_bank_holidays_of_england_and_wales() -> None:
    assert [easter_sunday(year) for year in (2024, 2025, 2026, 2027)] == [
        date(2024, 3, 31),
        date(2025, 4, 20),
        date(2026, 4, 5),
        date(2027, 3, 28),
    ]
    assert sorted(bank_holidays(2022)) == [  # New Year's Day on a Saturday, Christmas on a Sunday
        date(2022, 1, 3),
        date(2022, 4, 15),
        date(2022, 4, 18),
        date(2022, 5, 2),
        date(2022, 5, 30),
        date(2022, 8, 29),
        date(2022, 12, 26),
        date(2022, 12, 27),
    ]
    assert {date(2021, 12, 27), date(2021, 12, 28)} <= bank_holidays(2021)  # Christmas on a Saturday
    assert working_day_on_or_after(date(2026, 12, 24)) == date(2026, 12, 24)
    assert working_day_on_or_after(date(2026, 12, 25)) == date(2026, 12, 29)  # Fri 25th, Boxing Day on Mon 28th
    assert working_day_on_or_after(date(2026, 11, 21)) == date(2026, 11, 23)  # a Saturday
