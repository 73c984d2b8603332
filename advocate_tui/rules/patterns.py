"""Incident patterns: escalation alerts from a case's incident history (pure functions).

Two kinds of alert:

* ``frequency``: at least :data:`MIN_RECENT` incidents in the last :data:`RECENT_DAYS` days, and at
  least :data:`RATIO` times as many as the case's earlier rate predicts (the rate from the first
  incident, or the referral if earlier, up to the start of those days; needs :data:`MIN_EARLIER_DAYS`
  of earlier history).
* ``first-<behaviour>``: the first threats, violence, visit to the client's home or order breach
  ever logged on the case, while it is under :data:`FIRST_ALERT_DAYS` days old.

An acknowledged alert stays hidden until it is raised again by an incident logged after the
acknowledgement (a first occurrence is raised only once).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from advocate_tui.rules import clock
from advocate_tui.rules.dates import uk_date
from advocate_tui.rules.vocab import Behaviour

RECENT_DAYS = 14
RATIO = 2.0
MIN_RECENT = 3
MIN_EARLIER_DAYS = 14
FIRST_ALERT_DAYS = 28

#: Behaviours whose first occurrence raises an alert, with the wording of the alert.
WATCHED = {
    Behaviour.THREATS.value: "First threats logged",
    Behaviour.VIOLENCE.value: "First violence logged",
    Behaviour.TURNING_UP_HOME.value: "First visit to the client's home logged",
    Behaviour.ORDER_BREACH.value: "First order breach logged",
}
FREQUENCY = "frequency"


@dataclass(frozen=True)
class IncidentHistory:
    """One case's incidents, summed up (the service layer computes this in SQL for many cases at once).

    ``firsts`` maps a watched behaviour to (when it first occurred, when it was first logged).
    """

    first_at: datetime | None
    earlier: int
    recent: int
    recent_logged_at: datetime | None
    firsts: Mapping[str, tuple[datetime, datetime]] = field(default_factory=dict)


@dataclass(frozen=True)
class Alert:
    """An escalation alert: ``key`` names it for acknowledging; ``raised_at`` is when it was last raised."""

    key: str
    text: str
    since: date
    raised_at: datetime


def recent_start(now: datetime) -> datetime:
    """Where the recent window of :data:`RECENT_DAYS` days begins."""
    return now - timedelta(days=RECENT_DAYS)


def escalation_alerts(history: IncidentHistory, referral_date: date, now: datetime) -> list[Alert]:
    """The alerts ``history`` raises at ``now``: a rising frequency first, then first occurrences by date."""
    alerts = []
    start = recent_start(now)
    if history.first_at is not None and history.recent_logged_at is not None:
        began = min(clock.local(history.first_at), datetime.combine(referral_date, time(), tzinfo=clock.LOCAL))
        earlier_days = (start - began).total_seconds() / 86400
        if earlier_days >= MIN_EARLIER_DAYS and history.recent >= MIN_RECENT:
            expected = history.earlier * RECENT_DAYS / earlier_days
            if history.recent >= RATIO * expected:
                before = f"about {expected:.1f} per {RECENT_DAYS} days before" if history.earlier else "none before"
                alerts.append(
                    Alert(
                        FREQUENCY,
                        f"Incidents rising: {history.recent} in the last {RECENT_DAYS} days ({before})",
                        clock.local(start).date(),
                        history.recent_logged_at,
                    )
                )
    firsts = sorted(history.firsts.items(), key=lambda kind_times: kind_times[1][0])
    for kind, (occurred, logged) in firsts:
        if kind in WATCHED and occurred >= now - timedelta(days=FIRST_ALERT_DAYS):
            day = clock.local(occurred).date()
            alerts.append(Alert(f"first-{kind}", f"{WATCHED[kind]} ({uk_date(day)})", day, logged))
    return alerts


def unacknowledged(alerts: Iterable[Alert], acknowledged: Mapping[str, datetime]) -> list[Alert]:
    """The alerts raised since they were last acknowledged (``acknowledged`` maps key to when)."""
    return [a for a in alerts if a.key not in acknowledged or acknowledged[a.key] < a.raised_at]


def weeks_of_history(first: datetime | None, today: date, most: int = 104) -> int:
    """How many weeks (Monday to Sunday) run from the first incident's week to this one, at most ``most``."""
    if first is None:
        return 1
    day = clock.local(first).date()
    return max(1, min(most, ((today - day).days + day.weekday()) // 7 + 1))


@dataclass(frozen=True)
class IncidentPattern:
    """One case's pattern: incidents per week (oldest first), each behaviour's count (most first), the alerts."""

    weekly: list[tuple[date, int]]
    behaviours: list[tuple[str, int]]
    alerts: list[Alert]
