"""Risk: the checklists answered on a case, the level they set, MARAC referral criteria and reviews due."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import and_, func
from sqlalchemy import select as sa_select
from sqlalchemy.orm import lazyload
from sqlmodel import Session, col, select

from advocate_tui.rules import clock
from advocate_tui.rules.errors import InvalidInputError
from advocate_tui.rules.fields import past_date, required_text
from advocate_tui.rules.repeats import Match
from advocate_tui.rules.risk import (
    Checklist,
    GivenAnswer,
    IncidentFacts,
    LevelSet,
    ReviewDue,
    RiskBasis,
    RiskThresholds,
    band,
    clean_answers,
    offer_reason,
    review_due,
    risk_basis,
    score,
)
from advocate_tui.rules.routes import Criterion, Route, Routes, criteria
from advocate_tui.rules.saved import saved_id
from advocate_tui.rules.vocab import ENDED_STATUSES, RiskBasisKind
from advocate_tui.services.context import ServiceContext
from advocate_tui.services.lookup import find_case, open_case
from advocate_tui.services.records import bump
from advocate_tui.services.repeats import serial_perpetrators
from advocate_tui.services.risk_level import judged_level, level_set_of
from advocate_tui.storage.checklists import load_checklists
from advocate_tui.storage.models import Case, Client, Incident, Referral, RiskAnswer, RiskAssessment
from advocate_tui.storage.orm import rel

#: Risk reviews falling due within this many days are listed as due.
REVIEW_DUE_SOON_DAYS = 7


@dataclass(frozen=True)
class RiskOverview:
    """A case's checklists, assessments (newest first), its route's criteria, next review and offers."""

    reference: str
    risk_level: str
    checklists: tuple[Checklist, ...]
    assessments: tuple[RiskAssessment, ...]
    route: Route
    criteria: tuple[Criterion, ...]
    review: ReviewDue | None
    offers: Mapping[str, str] = field(default_factory=dict)
    judgement_reason: str | None = None
    level_set: LevelSet = LevelSet()
    #: The other cases its perpetrators may be on (a possible serial perpetrator), for the police and the
    #: stalking checklist's question on stalking before.
    serial: tuple[Match, ...] = ()

    def checklist(self, checklist_id: str) -> Checklist:
        return next(c for c in self.checklists if c.id == checklist_id)

    def latest(self, checklist_id: str) -> RiskAssessment | None:
        return next((a for a in self.assessments if a.checklist == checklist_id), None)

    def history(self, checklist_id: str) -> list[RiskAssessment]:
        """The checklist's assessments, oldest first: the score over time."""
        return [a for a in reversed(self.assessments) if a.checklist == checklist_id]

    @property
    def met(self) -> list[Criterion]:
        return [c for c in self.criteria if c.met]

    @property
    def basis(self) -> RiskBasis:
        """What the risk level rests on: the latest checklist that sets a level, or the hand of the advocate."""
        latest = next((a for a in self.assessments if a.band is not None), None)
        title = None if latest is None else next((c.short for c in self.checklists if c.id == latest.checklist), None)
        return risk_basis(self.risk_level, self.level_set, latest, title, self.judgement_reason)

    @property
    def route_summary(self) -> str:
        """'MARAC: visible high risk, repeat referral', or '' when no criterion is met (for a case header)."""
        return f"{self.route.name}: {', '.join(c.label.lower() for c in self.met)}" if self.met else ""


@dataclass(frozen=True)
class CaseFacts:
    """What a case's route criteria rest on: its assessments (newest first), incidents and referral dates."""

    assessments: tuple[RiskAssessment, ...]
    incidents: tuple[IncidentFacts, ...]
    referrals: tuple[date, ...]  # oldest first

    @property
    def last_referral(self) -> date | None:
        return self.referrals[-1] if self.referrals else None

    def as_at(self, day: date) -> "CaseFacts":
        """The facts as they stood on ``day``: what had happened, been assessed or referred by then."""
        return CaseFacts(
            tuple(a for a in self.assessments if a.assessed_on <= day),
            tuple(i for i in self.incidents if clock.local(i.occurred_at).date() <= day),
            tuple(d for d in self.referrals if d <= day),
        )


def case_facts(session: Session, case: Case) -> CaseFacts:
    """The case's assessments, incidents and referral dates, read in ``session``."""
    assessments = session.exec(
        select(RiskAssessment)
        .where(RiskAssessment.case_id == case.id)
        .order_by(
            col(RiskAssessment.assessed_on).desc(),
            col(RiskAssessment.created_at).desc(),
            col(RiskAssessment.id).desc(),
        )
    ).all()
    incidents = [
        IncidentFacts(*row)
        for row in session.execute(
            sa_select(
                col(Incident.occurred_at),
                col(Incident.recorded_at),
                col(Incident.reported_to_police),
                col(Incident.police_reported_on),
                col(Incident.serious),
            ).where(col(Incident.case_id) == case.id)
        )
    ]
    referrals = session.exec(
        select(col(Referral.referred_on)).where(Referral.case_id == case.id).order_by(col(Referral.referred_on))
    ).all()
    return CaseFacts(tuple(assessments), tuple(incidents), tuple(referrals))


def route_criteria(
    route: Route, facts: CaseFacts, judgement_reason: str | None, today: date, thresholds: RiskThresholds
) -> list[Criterion]:
    """The route's criteria on ``today`` from ``facts``: the repeat one counts from the last referral."""
    return criteria(
        route,
        latest=next((a for a in facts.assessments if a.band is not None), None),
        incidents=facts.incidents,
        judgement_reason=judgement_reason,
        referred_on=facts.last_referral,
        today=today,
        high_from=thresholds.high_from,
    )


class Risk:
    """Risk checklists on each case, the level they set, the route's referral criteria and reviews due."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self._checklists: dict[str, Checklist] | None = None

    @property
    def thresholds(self) -> RiskThresholds:
        """The configured lines for risk bands, reviews and suppression ([risk] and [reports])."""
        return self.ctx.thresholds

    @property
    def routes(self) -> Routes:
        """The service's multi-agency routes: the MARAC for domestic cases, its stalking panel for the others."""
        return self.ctx.routes

    def checklists(self) -> dict[str, Checklist]:
        """The risk checklists in use by id: the built-ins, or the service's own files that replace them."""
        if self._checklists is None:
            self._checklists = load_checklists(self.ctx.checklists_dir, self.thresholds)
        return self._checklists

    def checklist(self, checklist_id: str) -> Checklist:
        found = self.checklists()
        key = checklist_id.strip().lower()
        if key not in found:
            raise InvalidInputError(f"There is no risk checklist '{checklist_id}': use one of {', '.join(found)}.")
        return found[key]

    def record_assessment(
        self,
        reference: str,
        checklist_id: str,
        answers: Mapping[str, GivenAnswer | str],
        assessed_on: date | str | None = None,
    ) -> RiskAssessment:
        """Keep a completed checklist; a banded one sets the case's risk level when it is the latest."""
        checklist = self.checklist(checklist_id)
        cleaned = clean_answers(checklist, answers)
        day = past_date(assessed_on, "assessment date") or clock.today()
        points = score(answer for _item, answer, _source, _comment in cleaned)
        level = band(points, self.thresholds).value if checklist.banded else None
        with self.ctx.writing() as session:
            case = find_case(session, reference)
            assessment = RiskAssessment(
                case_id=saved_id(case),
                checklist=checklist.id,
                assessed_on=day,
                assessor=self.ctx.user,
                score=points,
                band=level,
                answers=[
                    # assessment_id is set from this relationship when the assessment is flushed
                    RiskAnswer(  # type: ignore[call-arg]
                        position=n, item=item.key, answer=answer.value, source=source, comment=comment
                    )
                    for n, (item, answer, source, comment) in enumerate(cleaned)
                ],
            )
            session.add(assessment)
            session.flush()
            if level is not None:
                banded = session.exec(
                    select(RiskAssessment)
                    .where(RiskAssessment.case_id == case.id, col(RiskAssessment.band).is_not(None))
                    .order_by(col(RiskAssessment.assessed_on), col(RiskAssessment.created_at), col(RiskAssessment.id))
                    .options(lazyload(rel(RiskAssessment.answers)))
                ).all()
                changes: dict[str, object] = {"risk_at_intake": banded[0].band}
                if (
                    banded[-1].id == assessment.id
                ):  # the newest checklist sets the level; an older one entered late does not
                    changes |= {
                        "risk_level": level,
                        "risk_basis": RiskBasisKind.CHECKLIST.value,
                        "risk_reason": None,
                        "risk_set_by": self.ctx.user,
                        "risk_set_on": day,
                    }
                changes = {name: value for name, value in changes.items() if getattr(case, name) != value}
                if changes:
                    bump(case, **changes)
        return assessment

    def set_level(self, reference: str, level: str, reason: str) -> Case:
        """Set the case's risk level on professional judgement, with its reason (by this advocate, today)."""
        with self.ctx.writing() as session:
            case = find_case(session, reference)
            bump(case, **judged_level(level, reason, self.ctx.user))
        return case

    def risk_overview(self, reference: str) -> RiskOverview:
        """The case's assessments, its route's criteria, next review and the checklists offered now."""
        with self.ctx.reading() as session:
            case = find_case(session, reference)
            facts = case_facts(session, case)
            serial = serial_perpetrators(session, case)
        assessments, incidents = facts.assessments, facts.incidents
        checklists = self.checklists()
        latest = next((a for a in assessments if a.band is not None), None)
        answered = {(a.checklist, answer.item): answer.answer for a in reversed(assessments) for answer in a.answers}
        offers = {
            c.id: reason
            for c in checklists.values()
            if (reason := offer_reason(c, len(incidents), answered, checklists)) is not None
        }
        review = (
            None
            if case.status in ENDED_STATUSES
            else review_due(
                latest=latest,
                serious_recorded=[i.recorded_at for i in incidents if i.serious],
                referral_date=case.referral_date,
                thresholds=self.thresholds,
            )
        )
        route = self.routes.for_case(case.domestic)
        met = route_criteria(route, facts, case.marac_judgement_reason, clock.today(), self.thresholds)
        return RiskOverview(
            case.reference,
            case.risk_level,
            tuple(checklists.values()),
            tuple(assessments),
            route,
            tuple(met),
            review,
            offers,
            case.marac_judgement_reason,
            level_set_of(case),
            tuple(serial),
        )

    def set_referral_judgement(self, reference: str, reason: str | None) -> Case:
        """Flag (with the advocate's reason) or, with ``None``, unflag a referral to the case's route on
        professional judgement."""
        text = None if reason is None else required_text()(reason, "reason for the professional judgement")
        with self.ctx.writing() as session:
            case = find_case(session, reference)
            bump(case, marac_judgement_reason=text)
        return case

    def risk_reviews_due(self, within_days: int = REVIEW_DUE_SOON_DAYS) -> list[tuple[str, str, ReviewDue]]:
        """Open cases whose risk review falls due within ``within_days`` (or is overdue), soonest first,
        as (reference, client's name, review)."""
        horizon = clock.today() + timedelta(days=within_days)
        is_open = open_case()
        with self.ctx.reading() as session:
            cases = session.exec(
                select(
                    col(Case.id),
                    Case.reference,
                    func.coalesce(Client.preferred_name, Client.name),
                    col(Case.referral_date),
                )
                .join(Client, col(Client.case_id) == Case.id)
                .where(is_open)
            ).all()
            newest = (
                select(RiskAssessment.case_id, func.max(RiskAssessment.assessed_on).label("assessed_on"))
                .join(Case, col(Case.id) == RiskAssessment.case_id)
                .where(is_open, col(RiskAssessment.band).is_not(None))
                .group_by(col(RiskAssessment.case_id))
                .subquery()
            )
            latest = {
                a.case_id: a
                for a in session.exec(
                    select(RiskAssessment)
                    .join(
                        newest,
                        and_(
                            newest.c.case_id == RiskAssessment.case_id,
                            newest.c.assessed_on == RiskAssessment.assessed_on,
                        ),
                    )
                    .where(col(RiskAssessment.band).is_not(None))
                    .order_by(col(RiskAssessment.created_at), col(RiskAssessment.id))
                    .options(lazyload(rel(RiskAssessment.answers)))
                )
            }
            serious: dict[int, list[datetime]] = {}
            for incident_case_id, logged in session.exec(
                select(Incident.case_id, Incident.recorded_at)
                .join(Case, col(Case.id) == Incident.case_id)
                .where(is_open, Incident.serious)
            ):
                serious.setdefault(incident_case_id, []).append(logged)
        due: list[tuple[str, str, ReviewDue]] = []
        for case_id, reference, name, referral_date in cases:
            assert case_id is not None  # a primary key, as read from the table
            review = review_due(
                latest=latest.get(case_id),
                serious_recorded=serious.get(case_id, []),
                referral_date=referral_date,
                thresholds=self.thresholds,
            )
            if review.due_on <= horizon:
                due.append((reference, name, review))
        return sorted(due, key=lambda row: (row[2].due_on, row[0]))
