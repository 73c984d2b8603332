"""What a case's header and lists show, worked out from a case already read (no database access)."""

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from advocate_tui.rules import clock
from advocate_tui.rules.vocab import ENDED_STATUSES, ORDER_IN_FORCE, HearingKind, OrderKind, PlanStatus
from advocate_tui.storage.models import Case, CourtEvent, ProtectiveOrder

INCIDENT_WEEKS = 12
HEARING_SOON_DAYS = 2
NO_CONTACT_DAYS = 14
ORDER_EXPIRY_DAYS = 30


def orders_in_force(orders: Iterable[ProtectiveOrder], today: date) -> list[ProtectiveOrder]:
    """Orders that protect the client today (granted or varied, not expired), soonest expiry first."""
    live = [o for o in orders if o.status in ORDER_IN_FORCE and (o.expires_on is None or o.expires_on >= today)]
    return sorted(live, key=lambda o: (o.expires_on is None, o.expires_on or today))


def next_hearing(hearings: Iterable[CourtEvent], now: datetime) -> CourtEvent | None:
    """The first hearing at or after ``now``."""
    return min((h for h in hearings if h.starts_at >= now), key=lambda h: h.starts_at, default=None)


def case_alerts(case: Case, today: date) -> list[str]:
    """Short warnings for the top of a case: hearings very soon, orders expiring, silence, overdue plan items."""
    alerts = []
    hearing = next_hearing(case.hearings, clock.local(datetime.combine(today, datetime.min.time())))
    if hearing is not None and (clock.local(hearing.starts_at).date() - today).days <= HEARING_SOON_DAYS:
        alerts.append(
            f"{HearingKind(hearing.kind).label} {_in_days((clock.local(hearing.starts_at).date() - today).days)}"
        )
    for order in orders_in_force(case.orders, today):
        if order.expires_on is not None and (order.expires_on - today).days <= ORDER_EXPIRY_DAYS:
            alerts.append(f"{OrderKind(order.kind).label} expires {_in_days((order.expires_on - today).days)}")
    if case.status in ENDED_STATUSES:  # no contact is expected, nor plan items done, once a case has ended
        return alerts
    last = clock.local(case.notes[0].noted_at).date() if case.notes else case.referral_date
    if (today - last).days >= NO_CONTACT_DAYS:
        alerts.append(f"No contact for {(today - last).days} days")
    overdue = sum(
        1
        for i in case.plan_items
        if i.due_on and i.due_on < today and i.status in (PlanStatus.TODO, PlanStatus.IN_PROGRESS)
    )
    if overdue:
        alerts.append(f"{overdue} safety-plan item{'s' if overdue != 1 else ''} overdue")
    return alerts


def _in_days(days: int) -> str:
    return {0: "today", 1: "tomorrow"}.get(days, f"in {days} days")


def incidents_per_week(moments: Iterable[datetime], today: date, weeks: int = INCIDENT_WEEKS) -> list[tuple[date, int]]:
    """Incident counts for the last ``weeks`` weeks (Monday to Sunday, oldest first, this week last)."""
    this_monday = today - timedelta(days=today.weekday())
    starts = [this_monday - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    counts = dict.fromkeys(starts, 0)
    for moment in moments:
        day = clock.local(moment).date()
        monday = day - timedelta(days=day.weekday())
        if monday in counts:
            counts[monday] += 1
    return list(counts.items())
