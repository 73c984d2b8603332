"""Escalation alerts drawn from the incident log, their acknowledgement, and a case's incident pattern."""

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import ColumnElement, func
from sqlalchemy import case as sql_case
from sqlalchemy import select as sa_select
from sqlmodel import col, select

from advocate_tui.rules import clock, patterns
from advocate_tui.rules.errors import InvalidInputError
from advocate_tui.rules.patterns import Alert, IncidentHistory, IncidentPattern
from advocate_tui.rules.saved import saved_id
from advocate_tui.services.case_view import incidents_per_week
from advocate_tui.services.context import ServiceContext
from advocate_tui.services.lookup import find_case, open_case
from advocate_tui.storage.models import AlertAcknowledgement, Case, Incident, IncidentBehaviour


class Alerts:
    """Alerts not yet acknowledged, on one case or across the open caseload."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def alerts(self, reference: str) -> list[Alert]:
        """The case's escalation alerts not yet acknowledged (see :mod:`advocate_tui.rules.patterns`)."""
        with self.ctx.reading() as session:
            case = find_case(session, reference)
        return self._alerts_where(col(Case.id) == case.id).get(case.reference, [])

    def raised(self, reference: str) -> list[Alert]:
        """Every escalation alert the case's log raises now, acknowledged or not: what the log shows,
        as a letter states it."""
        with self.ctx.reading() as session:
            case = find_case(session, reference)
        return self._alerts_where(col(Case.id) == case.id, acknowledged=True).get(case.reference, [])

    def alerts_for_open_cases(self) -> dict[str, list[Alert]]:
        """Unacknowledged escalation alerts of every open case, by reference (cases without any are left out)."""
        return self._alerts_where(open_case())

    def acknowledge_alerts(self, reference: str, keys: Iterable[str] = ()) -> list[Alert]:
        """Mark the case's alerts named by ``keys`` (all of them when none are named) as seen; return them."""
        current = self.alerts(reference)
        wanted = [key.strip().lower() for key in keys]
        unknown = [key for key in wanted if key not in {a.key for a in current}]
        if unknown:
            showing = ", ".join(a.key for a in current) or "none"
            raise InvalidInputError(
                f"{reference.strip().upper()} has no alert '{unknown[0]}' showing (alerts showing: {showing})."
            )
        chosen = [a for a in current if not wanted or a.key in wanted]
        with self.ctx.writing() as session:
            case = find_case(session, reference)
            session.add_all(
                AlertAcknowledgement(
                    case_id=saved_id(case), alert=a.key, acknowledged_by=self.ctx.user, acknowledged_at=clock.utcnow()
                )
                for a in chosen
            )
        return chosen

    def incident_pattern(self, reference: str) -> IncidentPattern:
        """Incidents per week since the first, the count of each behaviour (most first), and the alerts."""
        with self.ctx.reading() as session:
            case = find_case(session, reference)
            moments = session.exec(select(Incident.occurred_at).where(Incident.case_id == case.id)).all()
            kinds = session.exec(
                select(IncidentBehaviour.kind, func.count(col(IncidentBehaviour.id)))
                .join(Incident, col(Incident.id) == IncidentBehaviour.incident_id)
                .where(Incident.case_id == case.id)
                .group_by(col(IncidentBehaviour.kind))
            ).all()
        today = clock.today()
        weeks = patterns.weeks_of_history(min(moments, default=None), today)
        return IncidentPattern(
            weekly=incidents_per_week(moments, today, weeks),
            behaviours=sorted(((kind, count) for kind, count in kinds), key=lambda kc: (-kc[1], kc[0])),
            alerts=self.alerts(case.reference),
        )

    def _alerts_where(self, condition: ColumnElement[bool], *, acknowledged: bool = False) -> dict[str, list[Alert]]:
        """Escalation alerts, by reference, of the cases matching ``condition`` (three queries): those
        not yet acknowledged, or with ``acknowledged`` all of them."""
        now = clock.now()
        recent = col(Incident.occurred_at) >= patterns.recent_start(now)
        with self.ctx.reading() as session:
            histories = session.execute(
                sa_select(
                    col(Case.id),
                    col(Case.reference),
                    col(Case.referral_date),
                    func.min(Incident.occurred_at),
                    func.sum(sql_case((recent, 0), else_=1)),
                    func.sum(sql_case((recent, 1), else_=0)),
                    func.max(sql_case((recent, Incident.recorded_at))),
                )
                .join(Case, col(Case.id) == Incident.case_id)
                .where(condition)
                .group_by(col(Case.id), col(Case.reference), col(Case.referral_date))
            ).all()
            firsts: dict[int, dict[str, tuple[datetime, datetime]]] = {}
            for case_id, kind, occurred, logged in session.exec(
                select(
                    Incident.case_id,
                    IncidentBehaviour.kind,
                    func.min(Incident.occurred_at),
                    func.min(Incident.recorded_at),
                )
                .join(IncidentBehaviour, col(IncidentBehaviour.incident_id) == Incident.id)
                .join(Case, col(Case.id) == Incident.case_id)
                .where(condition, col(IncidentBehaviour.kind).in_(list(patterns.WATCHED)))
                .group_by(col(Incident.case_id), col(IncidentBehaviour.kind))
            ):
                firsts.setdefault(case_id, {})[kind] = (occurred, logged)
            seen: dict[int, dict[str, datetime]] = {}
            for case_id, key, at in session.exec(
                select(
                    AlertAcknowledgement.case_id,
                    AlertAcknowledgement.alert,
                    func.max(AlertAcknowledgement.acknowledged_at),
                )
                .join(Case, col(Case.id) == AlertAcknowledgement.case_id)
                .where(condition)
                .group_by(col(AlertAcknowledgement.case_id), col(AlertAcknowledgement.alert))
            ):
                seen.setdefault(case_id, {})[key] = at
        found = {}
        for case_id, reference, referral_date, first_at, earlier, in_window, logged in histories:
            history = IncidentHistory(first_at, earlier, in_window, logged, firsts.get(case_id, {}))
            alerts = patterns.escalation_alerts(history, referral_date, now)
            if not acknowledged:
                alerts = patterns.unacknowledged(alerts, seen.get(case_id, {}))
            if alerts:
                found[reference] = alerts
        return found
