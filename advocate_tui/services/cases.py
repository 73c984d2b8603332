"""Cases: finding, listing, opening and closing them, and the case record's own fields."""

from datetime import date, timedelta
from typing import Any

from sqlalchemy import Select, func, or_
from sqlalchemy import select as sa_select
from sqlalchemy.orm import raiseload, selectinload
from sqlmodel import Session, col, select

from advocate_tui.rules import clock, references
from advocate_tui.rules.dates import uk_date
from advocate_tui.rules.errors import InvalidInputError
from advocate_tui.rules.fields import (
    CASE_FIELDS,
    CLIENT_FIELDS,
    PERPETRATOR_FIELDS,
    clean_fields,
    optional_text,
    vocab,
)
from advocate_tui.rules.outcomes import REVIEW_SKIPPED, intake_behaviours
from advocate_tui.rules.outcomes import behaviour_outcomes as outcomes_of
from advocate_tui.rules.repeats import Person
from advocate_tui.rules.vocab import (
    CLOSURE_STATUS,
    DOMESTIC_RELATIONSHIPS,
    ENDED_STATUSES,
    ORDER_IN_FORCE,
    PLAN_EXCLUDED,
    CaseStatus,
    ClosureReason,
    OrderKind,
    PlanStatus,
    ReferralSource,
    Relationship,
    RiskLevel,
)
from advocate_tui.services.context import ServiceContext
from advocate_tui.services.lookup import find_case, missing_case, next_number, normal_reference, open_case
from advocate_tui.services.records import bump, update_versioned
from advocate_tui.services.repeats import earlier_client
from advocate_tui.services.risk_level import JUDGED, judged_level
from advocate_tui.services.rows import CaseRow
from advocate_tui.services.safety_plan import SafetyPlan
from advocate_tui.storage import audit
from advocate_tui.storage.models import (
    Case,
    CaseBehaviour,
    Client,
    CourtEvent,
    Incident,
    Note,
    Perpetrator,
    PlanItem,
    ProtectiveOrder,
)
from advocate_tui.storage.orm import rel

#: PostgreSQL advisory-lock key under which new references are handed out ("STK" in ASCII).
REFERENCE_LOCK = 0x53544B


class Cases:
    """Reading the caseload and one case; opening, editing and closing cases."""

    def __init__(self, ctx: ServiceContext, plan: SafetyPlan) -> None:
        self.ctx = ctx
        self.plan = plan

    # -- reading --------------------------------------------------------------------

    def get_case(self, reference: str) -> Case:
        """The case with everything recorded on it loaded; the view is recorded in the audit trail."""
        case = self._read_case(reference, incidents=True)
        with self.ctx.writing() as session:
            audit.record(session, "view", Case.__tablename__, case.id, case_reference=case.reference)
        return case

    def case_summary(self, reference: str) -> Case:
        """The case without its incident log (reading it raises), which takes a big case a while: to
        show the rest at once, before :meth:`get_case`, which records the view."""
        return self._read_case(reference, incidents=False)

    def _read_case(self, reference: str, *, incidents: bool) -> Case:
        ref = normal_reference(reference)
        with self.ctx.reading() as session:
            case = session.exec(
                select(Case)
                .where(Case.reference == ref)
                .options(
                    selectinload(rel(Case.client)),
                    selectinload(rel(Case.perpetrators)),
                    selectinload(rel(Case.incidents)).options(
                        selectinload(rel(Incident.behaviours)), selectinload(rel(Incident.revisions))
                    )
                    if incidents
                    else raiseload(rel(Case.incidents)),
                    selectinload(rel(Case.notes)),
                    selectinload(rel(Case.plan_items)),
                    selectinload(rel(Case.hearings)),
                    selectinload(rel(Case.orders)),
                    selectinload(rel(Case.contacts)),
                    selectinload(rel(Case.behaviours)),
                )
            ).first()
            if case is None:
                raise missing_case(session, ref)
        return case

    def count_cases(self) -> int:
        with self.ctx.reading() as session:
            return session.exec(select(func.count(col(Case.id)))).one()

    def list_cases(self, include_closed: bool = False, text: str = "") -> list[CaseRow]:
        """The caseload in reference order; ``text`` filters as :meth:`CaseRow.matches` does."""
        query = _caseload_query()
        if not include_closed:
            query = query.where(open_case())
        with self.ctx.reading() as session:
            rows = [
                CaseRow(
                    id=r[0],
                    reference=r[1],
                    name=r[2],
                    preferred_name=r[3],
                    risk_level=r[4],
                    status=r[5],
                    domestic=r[6],
                    crime_reference=r[7],
                    area=r[8],
                    referral_date=r[9],
                    next_hearing=r[10],
                    last_contact=r[11],
                    plan_done=r[12],
                    plan_total=r[13],
                    orders_in_force=", ".join(OrderKind(k).label for k in sorted(set((r[14] or "").split(","))) if k),
                    perpetrator_names=r[15] or "",
                )
                for r in session.execute(query)
            ]
        return [row for row in rows if row.matches(text)] if text else rows

    # -- opening, editing and closing ------------------------------------------------

    def create_case(
        self,
        client_name: str,
        *,
        relationship: str | None = None,
        perpetrator_name: str | None = None,
        area: str | None = None,
        source: str = ReferralSource.POLICE.value,
        risk: str | None = None,
        risk_reason: str | None = None,
        crime_reference: str | None = None,
        referral_date: date | str | None = None,
        preferred_name: str | None = None,
        feels_safe: int | str | None = None,
        quality_of_life: int | str | None = None,
        behaviours: str | list[str] | None = None,
        equality: dict[str, Any] | None = None,
        date_of_birth: date | str | None = None,
        phone: str | None = None,
    ) -> Case:
        """Open a new case with its client, an optional first perpetrator and the starting plan.

        A ``risk`` level given is set on professional judgement and needs its ``risk_reason``; with neither the
        case starts at standard, not assessed. The intake measures are the client's answers: ``feels_safe``
        ("how safe do you feel?") and ``quality_of_life``, 1 to 5 or "declined", and the kinds of ``behaviours``
        faced (or "declined"); ``equality`` holds equality monitoring answers by field. None given is not asked.
        A client who matches one on an earlier case (see :mod:`advocate_tui.rules.repeats`) makes the case a
        re-referral of the latest such case, named in ``re_referral_of``."""
        client = clean_fields(
            CLIENT_FIELDS,
            {
                "name": client_name,
                "preferred_name": preferred_name,
                "date_of_birth": date_of_birth,
                "phone": phone,
                **self.ctx.equality.clean(equality or {}),
            },
        )
        answered, kinds = intake_behaviours(behaviours, "behaviour kind")
        case_values = clean_fields(
            CASE_FIELDS,
            {
                "referral_source": source,
                "crime_reference": crime_reference,
                "referral_date": referral_date or clock.today(),
                "area": self.area(area),
                "feels_safe_at_intake": feels_safe,
                "quality_of_life_at_intake": quality_of_life,
            },
        ) | {"behaviours_at_intake": answered}
        if risk is not None or risk_reason is not None:
            case_values |= judged_level(risk, risk_reason, self.ctx.user)
        case_values["risk_at_intake"] = case_values.get("risk_level")  # a level judged, or the first checklist's
        case_values.setdefault("risk_level", RiskLevel.STANDARD.value)
        perpetrator = _first_perpetrator(relationship, perpetrator_name)
        plan = self.plan.starting_plan()
        with self.ctx.writing() as session:
            reference = self._next_reference(session)
            earlier = earlier_client(session, _person(reference, client))
            case = Case(
                reference=reference,
                advocate=self.ctx.user,
                domestic=bool(perpetrator and perpetrator["relationship"] in DOMESTIC_RELATIONSHIPS),
                re_referral_of=earlier.reference if earlier else None,
                **case_values,
            )
            case.client = Client(**client, consent_store=True, consent_store_on=clock.today())
            if perpetrator:
                case.perpetrators.append(Perpetrator(**perpetrator))
            case.behaviours.extend(CaseBehaviour(behaviour=kind) for kind in kinds)  # type: ignore[call-arg]
            today = clock.today()
            case.plan_items.extend(
                # case_id is set from case.plan_items when the case is flushed
                PlanItem(  # type: ignore[call-arg]
                    position=i, category=c, title=t, due_on=today + timedelta(days=d) if d is not None else None
                )
                for i, (c, t, d) in enumerate(plan)
            )
            session.add(case)
            session.flush()
            session.refresh(case, ["client"])
        return case

    def area(self, area: str | None) -> str | None:
        """One of the service's areas as it spells it, or ``None`` for none given."""
        if area is None:
            return None
        for known in self.ctx.areas:
            if known.casefold() == area.strip().casefold():
                return known
        raise InvalidInputError(f"'{area}' is not one of this service's areas: use one of {', '.join(self.ctx.areas)}.")

    def _next_reference(self, session: Session) -> str:
        """The next free reference. Two new cases must not take the same one: SQLite writers already
        queue (``BEGIN IMMEDIATE``); on PostgreSQL a lock held to the end of the transaction makes them."""
        if not self.ctx.db.is_sqlite:
            session.exec(select(func.pg_advisory_xact_lock(REFERENCE_LOCK)))
        year = clock.today().year
        return references.reference(year, next_number(session, year))

    def update_case(self, case_id: int, version: int, **changes: Any) -> Case:
        """Change the case's fields; a risk level (or its reason) given here is set on professional judgement."""
        return update_versioned(self.ctx, Case, case_id, version, {}, {}, "case", stamped=self.clean_changes(changes))

    def clean_changes(self, changes: dict[str, Any]) -> dict[str, Any]:
        """The case's own fields, checked as its form's are: an area is one of the service's, and a risk level
        (or its reason) is set on professional judgement, with who and when."""
        changes = dict(changes)
        if changes.get("area") is not None:
            changes["area"] = self.area(changes["area"]) if str(changes["area"]).strip() else None
        judged = {}
        if any(field in changes for field in JUDGED):
            judged = judged_level(changes.pop("risk_level", None), changes.pop("risk_reason", None), self.ctx.user)
        return clean_fields(CASE_FIELDS, changes) | judged

    def close_case(
        self,
        reference: str,
        reason: str,
        outcome: str | None = None,
        *,
        feels_safe: int | str | None = None,
        quality_of_life: int | str | None = None,
        risk_at_exit: str | None = None,
        behaviour_outcomes: str | dict[str, str] | None = None,
        risk_reduced: bool | str | None = None,
        reported_to_police: bool | str | None = None,
        support_needs_met: bool | str | None = None,
    ) -> Case:
        """Close a case with the outcome questions asked at exit; None means a question was not asked.

        ``risk_at_exit`` is the level the closing risk review found; without one the review is recorded as
        skipped. ``behaviour_outcomes`` says what became of each behaviour named at intake (see
        :func:`~advocate_tui.rules.outcomes.behaviour_outcomes`)."""
        reason_value = vocab(ClosureReason)(reason, "closure reason")
        measures = clean_fields(
            CASE_FIELDS,
            {
                "feels_safe_at_closure": feels_safe,
                "quality_of_life_at_closure": quality_of_life,
                "risk_at_closure": risk_at_exit or REVIEW_SKIPPED,
                "risk_reduced": risk_reduced,
                "reported_to_police": reported_to_police,
                "support_needs_met": support_needs_met,
            },
        )
        with self.ctx.writing() as session:
            case = find_case(session, reference)
            if case.status in ENDED_STATUSES:
                raise InvalidInputError(
                    f"{case.reference} is already {CaseStatus(case.status).label.lower()} (since {uk_date(case.closed_on)})."
                )
            seen = session.exec(select(CaseBehaviour).where(CaseBehaviour.case_id == case.id)).all()
            outcomes = outcomes_of(behaviour_outcomes, "outcome of a behaviour", [b.behaviour for b in seen])
            for behaviour in seen:
                if behaviour.behaviour in outcomes:
                    behaviour.outcome = outcomes[behaviour.behaviour]
                    behaviour.updated_at = clock.utcnow()
            status = CLOSURE_STATUS.get(ClosureReason(reason_value), CaseStatus.CLOSED).value
            bump(
                case,
                status=status,
                closed_on=clock.today(),
                closure_reason=reason_value,
                outcome=optional_text()(outcome, "outcome") or case.outcome,
                **measures,
            )
        return case


def _first_perpetrator(relationship: str | None, name: str | None) -> dict[str, Any] | None:
    """The checked fields of the perpetrator a new case is opened with, if any is given."""
    if relationship is None and name is None:
        return None
    return clean_fields(PERPETRATOR_FIELDS, {"relationship": relationship or Relationship.UNKNOWN.value, "name": name})


def _person(reference: str, client: dict[str, Any]) -> Person:
    """The new case's client as repeat detection compares them with earlier clients."""
    names = [n for n in (client["name"], client.get("preferred_name")) if n]
    return Person(reference, names, client.get("date_of_birth"), client.get("phone"))


def _caseload_query() -> Select:
    """One row per case with what the caseload shows, counted in the database."""
    now = clock.utcnow()
    today = clock.today()
    plan_done = (
        select(func.count(col(PlanItem.id)))
        .where(PlanItem.case_id == Case.id, PlanItem.status == PlanStatus.DONE.value)
        .scalar_subquery()
    )
    plan_total = (
        select(func.count(col(PlanItem.id)))
        .where(PlanItem.case_id == Case.id, col(PlanItem.status).not_in([s.value for s in PLAN_EXCLUDED]))
        .scalar_subquery()
    )
    next_hearing = (
        select(func.min(CourtEvent.starts_at))
        .where(CourtEvent.case_id == Case.id, CourtEvent.starts_at >= now)
        .scalar_subquery()
    )
    last_contact = select(func.max(Note.noted_at)).where(Note.case_id == Case.id).scalar_subquery()
    orders = (
        select(func.aggregate_strings(col(ProtectiveOrder.kind), ","))
        .where(
            ProtectiveOrder.case_id == Case.id,
            col(ProtectiveOrder.status).in_([s.value for s in ORDER_IN_FORCE]),
            or_(col(ProtectiveOrder.expires_on).is_(None), col(ProtectiveOrder.expires_on) >= today),
        )
        .scalar_subquery()
    )
    perpetrators = (
        select(func.aggregate_strings(col(Perpetrator.name), " "))
        .where(Perpetrator.case_id == Case.id)
        .scalar_subquery()
    )
    return (
        sa_select(
            col(Case.id),
            col(Case.reference),
            col(Client.name),
            col(Client.preferred_name),
            col(Case.risk_level),
            col(Case.status),
            col(Case.domestic),
            col(Case.crime_reference),
            col(Case.area),
            col(Case.referral_date),
            next_hearing,
            last_contact,
            plan_done,
            plan_total,
            orders,
            perpetrators,
        )
        .join(Client, col(Client.case_id) == Case.id)
        .order_by(col(Case.reference))
    )
