"""The agenda: what needs the advocate's attention across the open caseload."""

from datetime import timedelta

from sqlalchemy import func
from sqlmodel import col, select

from advocate_tui.rules import clock
from advocate_tui.rules.dates import uk_date
from advocate_tui.rules.vocab import (
    ORDER_IN_FORCE,
    AgendaKind,
    DecisionKind,
    HearingKind,
    OrderKind,
    PlanStatus,
    ReviewBody,
)
from advocate_tui.services.alerts import Alerts
from advocate_tui.services.case_view import NO_CONTACT_DAYS, ORDER_EXPIRY_DAYS
from advocate_tui.services.cases import Cases
from advocate_tui.services.consultations import Consultations
from advocate_tui.services.context import ServiceContext
from advocate_tui.services.court import Court
from advocate_tui.services.lookup import open_case
from advocate_tui.services.referrals import Referrals
from advocate_tui.services.risk import Risk
from advocate_tui.services.rows import AgendaEntry
from advocate_tui.services.victims import VictimsCode
from advocate_tui.storage.models import Case, Client, PlanItem, ProtectiveOrder

PLAN_DUE_SOON_DAYS = 7


class Agenda:
    """Hearings soon, plan items due, quiet cases, orders expiring, review deadlines, referral meetings and
    actions, consultations' follow-ups, alerts and risk reviews due."""

    def __init__(
        self,
        ctx: ServiceContext,
        cases: Cases,
        court: Court,
        risk: Risk,
        alerts: Alerts,
        victims: VictimsCode,
        referrals: Referrals,
        consultations: Consultations,
    ) -> None:
        self.ctx = ctx
        self.referrals = referrals
        self.consultations = consultations
        self.victims = victims
        self.cases = cases
        self.court = court
        self.risk = risk
        self.alerts = alerts

    def team(self) -> bool:
        """Whether the open cases are shared among advocates (more than one is named): then "mine" means something."""
        with self.ctx.reading() as session:
            advocates = session.exec(
                select(func.count(func.distinct(Case.advocate))).where(open_case(), col(Case.advocate).is_not(None))
            ).one()
        return advocates > 1

    def mine(self, entries: list[AgendaEntry]) -> list[AgendaEntry]:
        """Those of ``entries`` on the current user's cases, and the service's own (a consultation's follow-up)."""
        with self.ctx.reading() as session:
            own = set(session.exec(select(Case.reference).where(open_case(), col(Case.advocate) == self.ctx.user)))
        return [entry for entry in entries if not entry.reference or entry.reference in own]

    def agenda(self) -> list[AgendaEntry]:
        """What needs attention: hearings soon, plan items due, orders expiring, review deadlines, consultations'
        follow-ups, cases gone quiet, and (from :meth:`risk_agenda`) escalation alerts and risk reviews due."""
        today = clock.today()
        entries = [
            AgendaEntry(
                AgendaKind.HEARINGS,
                clock.local(event.starts_at).date(),
                ref,
                name,
                f"{clock.local(event.starts_at):%H:%M} {HearingKind(event.kind).label} at {event.court}",
                f"hearing-{event.id}",
            )
            for event, ref, name in self.court.upcoming_hearings()
        ]
        is_open = open_case()
        display = func.coalesce(Client.preferred_name, Client.name)
        with self.ctx.reading() as session:
            due = session.exec(
                select(PlanItem, Case.reference, display)
                .join(Case, col(Case.id) == PlanItem.case_id)
                .join(Client, col(Client.case_id) == Case.id)
                .where(is_open, col(PlanItem.due_on) <= today + timedelta(days=PLAN_DUE_SOON_DAYS))
                .where(col(PlanItem.status).in_([PlanStatus.TODO.value, PlanStatus.IN_PROGRESS.value]))
                .order_by(col(PlanItem.due_on), col(Case.reference))
            )
            for item, ref, name in due:
                assert item.due_on is not None  # the query compared it with a day
                entries.append(
                    AgendaEntry(
                        AgendaKind.PLAN_ITEMS,
                        item.due_on,
                        ref,
                        name,
                        item.title,
                        f"plan-{item.id}",
                        overdue=item.due_on < today,
                    )
                )
            expiring = session.exec(
                select(ProtectiveOrder, Case.reference, display)
                .join(Case, col(Case.id) == ProtectiveOrder.case_id)
                .join(Client, col(Client.case_id) == Case.id)
                .where(is_open, col(ProtectiveOrder.status).in_([s.value for s in ORDER_IN_FORCE]))
                .where(
                    col(ProtectiveOrder.expires_on) >= today,
                    col(ProtectiveOrder.expires_on) <= today + timedelta(days=ORDER_EXPIRY_DAYS),
                )
                .order_by(col(ProtectiveOrder.expires_on))
            )
            for order, ref, name in expiring:
                assert order.expires_on is not None  # the query compared it with a day
                entries.append(
                    AgendaEntry(
                        AgendaKind.ORDERS,
                        order.expires_on,
                        ref,
                        name,
                        f"{OrderKind(order.kind).label} expires {uk_date(order.expires_on)}",
                        f"order-{order.id}",
                    )
                )
        entries += [
            AgendaEntry(
                AgendaKind.REVIEWS,
                row.deadline,
                ref,
                name,
                f"Ask for a review: {'CPS' if row.decision.body == ReviewBody.CPS else 'police'}, "
                f"{DecisionKind(row.decision.kind).label.lower()}, {row.crime_number}",
                f"decision-{row.decision.id}",
            )
            for ref, name, row in self.victims.review_deadlines()
            if row.deadline is not None
        ]
        entries += [
            AgendaEntry(AgendaKind.REFERRALS, due.day, due.reference, due.name, due.what, due.key, overdue=due.overdue)
            for due in self.referrals.due()
        ]
        entries += [
            AgendaEntry(
                AgendaKind.FOLLOW_UPS,
                c.follow_up_on,
                "",
                f"{c.professional}, {c.organisation}",
                c.follow_up or "",
                f"follow-up-{c.id}",
                overdue=c.follow_up_on < today,
            )
            for c in self.consultations.follow_ups_due()
            if c.follow_up_on is not None
        ]
        quiet = [row for row in self.cases.list_cases() if row.days_since_contact(today) >= NO_CONTACT_DAYS]
        entries += [
            AgendaEntry(
                AgendaKind.QUIET_CASES,
                today,
                row.reference,
                row.display_name,
                f"No contact for {row.days_since_contact(today)} days",
                f"quiet-{row.reference}",
                overdue=True,
            )
            for row in sorted(quiet, key=lambda r: -r.days_since_contact(today))
        ]
        return entries + self.risk_agenda()

    def risk_agenda(self) -> list[AgendaEntry]:
        """Agenda rows: escalation alerts on open cases, then risk reviews due within a week or overdue."""
        today = clock.today()
        alerts = self.alerts.alerts_for_open_cases()
        with self.ctx.reading() as session:
            names = dict(
                session.exec(
                    select(Case.reference, func.coalesce(Client.preferred_name, Client.name))
                    .join(Client, col(Client.case_id) == Case.id)
                    .where(col(Case.reference).in_(list(alerts)))
                ).all()
            )
        entries = [
            AgendaEntry(
                AgendaKind.ALERTS,
                alert.since,
                reference,
                names.get(reference, ""),
                alert.text,
                f"alert-{reference}-{alert.key}",
                overdue=True,
            )
            for reference, raised in sorted(alerts.items())
            for alert in raised
        ]
        return entries + [
            AgendaEntry(
                AgendaKind.RISK_REVIEWS,
                review.due_on,
                reference,
                name,
                f"Risk review: {review.reason}",
                f"risk-review-{reference}",
                overdue=review.due_on < today,
            )
            for reference, name, review in self.risk.risk_reviews_due()
        ]
