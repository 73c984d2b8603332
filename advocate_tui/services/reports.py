"""The report for the Police and Crime Commissioner: every figure counted in SQL over a period.

Each figure family is one SQL statement over the live cases together with (UNION ALL) the
anonymised rows kept for erased cases (:class:`CaseStatistic`, :class:`StatisticEvent`, filled by
:func:`keep_statistics`), and works the same on SQLite and PostgreSQL. The result is one
:class:`Report`; :mod:`advocate_tui.output.report_formats` renders it as Markdown, CSV or HTML, so the
formats cannot disagree.

Who counts where: referrals, intake figures, risk levels and the justice funnel count cases *referred* in the period;
closures and outcome measures count cases *closed* in it; the caseload is what was open on its last
day; orders, hearings, plan items and professional consultations count what happened in it
(consultations belong to no case nor area: a report for one area leaves them out). The quarterly series
split the period into quarters from its first day, for the HTML report's charts.
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Integer, String, and_, case, cast, func, literal_column, null, or_, select, union_all
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import ColumnElement, CompoundSelect, Select
from sqlalchemy.sql.functions import FunctionElement
from sqlmodel import Session, col

from advocate_tui.rules import clock
from advocate_tui.rules.equality import (
    AGE_BANDS,
    AGE_LIMITS,
    NOT_ASKED,
    PREFER_NOT,
    PREFER_NOT_LABEL,
    QUESTIONS,
    Equality,
)
from advocate_tui.rules.errors import InvalidInputError
from advocate_tui.rules.fields import optional_date, optional_text, required
from advocate_tui.rules.outcomes import DECLINED_SCORE, REVIEW_SKIPPED, BehaviourOutcome, IntakeAnswer
from advocate_tui.rules.risk import months_before
from advocate_tui.rules.routes import CRITERIA, ROUTE_KEYS, Routes
from advocate_tui.rules.saved import saved_id
from advocate_tui.rules.vocab import (
    Behaviour,
    ClosureReason,
    CourtOutcome,
    HearingKind,
    HearingResult,
    InvestigationStatus,
    OrderKind,
    OrderStatus,
    PlanCategory,
    PlanStatus,
    ReferralSource,
    Relationship,
    RiskBasisKind,
    RiskLevel,
)
from advocate_tui.services.cases import Cases
from advocate_tui.services.context import ServiceContext
from advocate_tui.storage.models import (
    Case,
    CaseBehaviour,
    CaseStatistic,
    Client,
    Consultation,
    CourtEvent,
    CrimeReport,
    Incident,
    Perpetrator,
    PlanItem,
    ProtectiveOrder,
    Referral,
    StatisticEvent,
)

NOT_RECORDED = "Not recorded"
ORDER_FAMILIES = ("order-requested", "order-applied", "order-granted")
#: The result a referral event carries when it was a repeat referral (see :func:`_event_counts`).
REPEAT = "repeat"
#: The criterion event of a referral recorded before referral history kept its criteria.
UNRECORDED_CRITERIA = "not-recorded"
#: The stages of the justice funnel: the case_facts() column and the row's label.
FUNNEL = (
    ("crime_reported", "Reported to the police"),
    ("charged", "Charged"),
    ("convicted", "Convicted"),
    ("order_applied", "Protective order applied for"),
    ("order_granted", "Protective order granted"),
    ("order_breached", "Protective order breached"),
)
CONVICTIONS = (CourtOutcome.GUILTY_PLEA.value, CourtOutcome.CONVICTED.value)
#: The family of an erased case's behaviours named at intake (kind: the behaviour; result: its outcome at exit).
BEHAVIOUR = "behaviour"


# -- the report ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Median:
    """A median of days, and how many cases it is the middle of. ``days`` is what it was worked out from:
    (number of days, how many cases took that many), so that several services' medians can be combined
    (a median of medians is not the median of all); two medians are equal when their value and count are."""

    value: float | None
    cases: int
    days: tuple[tuple[int, int], ...] = field(default=(), compare=False)

    @classmethod
    def of(cls, days: Iterable[tuple[int, int]]) -> "Median":
        """The median of a distribution of days (pairs of days and cases, in any order, a day more than once)."""
        counts: dict[int, int] = {}
        for day, cases in days:
            counts[day] = counts.get(day, 0) + cases
        spread = tuple(sorted((day, n) for day, n in counts.items() if n > 0))
        total = sum(n for _day, n in spread)
        if total == 0:
            return cls(None, 0, ())
        middle = [_at(spread, (total + 1) // 2), _at(spread, (total + 2) // 2)]
        return cls(sum(middle) / 2, total, spread)


def _at(spread: Sequence[tuple[int, int]], position: int) -> int:
    """The number of days of the case at ``position`` (from 1) in the sorted distribution ``spread``."""
    for day, n in spread:
        position -= n
        if position <= 0:
            return day
    raise ValueError("position beyond the distribution")


Value = int | Median


@dataclass(frozen=True)
class Row:
    """A row of figures. ``adds_across`` is False for a figure that several services' figures do not add up to
    (a count of distinct organisations, rounded hours): a combined return leaves it out."""

    label: str
    values: tuple[Value, ...]
    adds_across: bool = True


@dataclass(frozen=True)
class Total:
    """The cell a group of cells adds up to: in section ``section``, the row labelled ``row`` (the group's own
    row label when None: a row adding up to the same row of another table) and the column ``column``."""

    section: str
    row: str | None = None
    column: int = 0


@dataclass(frozen=True)
class Section:
    """A table of figures. ``adds_up`` says which cells sum to a figure published elsewhere
    ("columns": each column does; "rows": each row does; "both"), so that suppression can protect them;
    ``adds_to`` says where, when it is a cell of the report: one :class:`Total` (or None) per column, or one
    for every row; with "both", one per column and then one for every row (without it, the sum counts as
    known from elsewhere). ``chart`` names how the HTML report
    draws the section as well as tabling it: "bar" or "line" for a series by quarter (a column each),
    "funnel" for stages one under the other."""

    key: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    adds_up: str | None = None
    adds_to: tuple[Total | None, ...] = ()
    chart: str | None = None


@dataclass(frozen=True)
class Report:
    start: date
    end: date
    area: str | None
    advocate: str | None
    made_at: datetime
    sections: tuple[Section, ...]
    #: The services a combined return is made of (see :mod:`advocate_tui.services.statistics`); none for one service.
    services: tuple[str, ...] = ()

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    def figure(self, section: str, label: str, column: int = 0) -> Value:
        return next(r for r in self.section(section).rows if r.label == label).values[column]


# -- facts about each case, live or kept after erasure -----------------------------------------


class days_between(FunctionElement[int]):  # noqa: N801 -- reads as a SQL function
    """Whole days from the second date to the first."""

    type = Integer()
    inherit_cache = True


@compiles(days_between)
def _days_between(element: days_between, compiler: Any, **kw: Any) -> str:
    later, earlier = list(element.clauses)
    return f"({compiler.process(later, **kw)} - {compiler.process(earlier, **kw)})"


@compiles(days_between, "sqlite")
def _days_between_sqlite(element: days_between, compiler: Any, **kw: Any) -> str:
    later, earlier = list(element.clauses)
    return f"CAST(julianday({compiler.process(later, **kw)}) - julianday({compiler.process(earlier, **kw)}) AS INTEGER)"


class whole_years(FunctionElement[int]):  # noqa: N801 -- reads as a SQL function
    """Whole years from the second date to the first (an age): the dates written as the numbers
    YYYYMMDD, subtracted, divided by 10,000. Taking years, months and days apart instead was half the
    report's time, the age being worked out for each band."""

    type = Integer()
    inherit_cache = True


def _years_between(as_number: str) -> Any:
    def compile_years(element: whole_years, compiler: Any, **kw: Any) -> str:
        later, earlier = (as_number.format(compiler.process(date, **kw)) for date in element.clauses)
        return f"(({later} - {earlier}) / 10000)"

    return compile_years


compiles(whole_years)(_years_between("CAST(to_char({}, 'YYYYMMDD') AS INTEGER)"))
compiles(whole_years, "sqlite")(_years_between("CAST(strftime('%Y%m%d', {}) AS INTEGER)"))


def _age_band(born: Any, on: Any) -> ColumnElement[str]:
    """The age band on ``on`` of someone born on ``born``, in SQL both databases run."""
    age = whole_years(on, born)
    return case(
        (born.is_(None), null()),
        *((age < limit, literal_column(f"'{band}'")) for limit, band in zip(AGE_LIMITS, AGE_BANDS)),
        else_=literal_column(f"'{AGE_BANDS[-1]}'"),
    )


def case_facts(names: Sequence[str] | None = None) -> Select:
    """One row per live case with exactly the columns of :class:`CaseStatistic` (but ``id``), or only those
    ``names``."""
    columns = {column.name: column for column in _fact_columns()}
    return (
        select(*(columns[name] for name in (names or columns)))
        .select_from(Case)
        .outerjoin(Client, col(Client.case_id) == Case.id)
    )


def _fact_columns() -> list[Any]:
    """The facts of a live case (the case and its client joined), labelled as :class:`CaseStatistic` names them."""
    return [
        col(Case.referral_date).label("referral_date"),
        col(Case.referral_source).label("referral_source"),
        col(Case.area).label("area"),
        col(Case.advocate).label("advocate"),
        col(Case.domestic).label("domestic"),
        func.nullif(func.lower(func.trim(Client.gender)), "").label("gender"),
        func.coalesce(_age_band(Client.date_of_birth, Case.referral_date), Client.age_band).label("age_band"),
        col(Case.risk_at_intake).label("risk_at_intake"),
        col(Case.risk_level).label("risk_latest"),
        col(Case.risk_basis).label("risk_basis"),
        days_between(Case.first_contact_date, Case.referral_date).label("first_contact_days"),
        col(Case.marac_referral_date).label("marac_referral_date"),
        col(Case.closed_on).label("closed_on"),
        col(Case.closure_reason).label("closure_reason"),
        col(Case.feels_safe_at_intake).label("feels_safe_at_intake"),
        col(Case.feels_safe_at_closure).label("feels_safe_at_closure"),
        col(Case.risk_reduced).label("risk_reduced"),
        col(Case.reported_to_police).label("reported_to_police"),
        col(Case.support_needs_met).label("support_needs_met"),
        col(Case.quality_of_life_at_intake).label("quality_of_life_at_intake"),
        col(Case.quality_of_life_at_closure).label("quality_of_life_at_closure"),
        col(Case.behaviours_at_intake).label("behaviours_at_intake"),
        col(Case.risk_at_closure).label("risk_at_closure"),
        *(getattr(Client, question).label(question) for question in QUESTIONS),
        func.nullif(func.lower(func.trim(Client.language)), "").label("language"),
        col(Client.interpreter_needed).label("interpreter_needed"),
        select(col(Perpetrator.relationship))
        .where(col(Perpetrator.case_id) == Case.id)
        .order_by(col(Perpetrator.id))
        .limit(1)
        .scalar_subquery()
        .label("relationship"),
        *(stage.label(name) for name, stage in _stages().items()),
        col(Case.re_referral_of).is_not(None).label("re_referral"),
    ]


def _stages() -> dict[str, ColumnElement[bool]]:
    """Whether a live case reached each stage of the justice funnel (see the README's definitions)."""

    def has(model: Any, *where: ColumnElement[bool]) -> ColumnElement[bool]:
        return select(model.id).where(model.case_id == Case.id, *where).exists()

    return {
        "crime_reported": or_(has(CrimeReport), has(Incident, col(Incident.reported_to_police).is_(True))),
        "charged": has(CrimeReport, col(CrimeReport.status) == InvestigationStatus.CHARGED.value),
        "convicted": has(CrimeReport, col(CrimeReport.court_outcome).in_(CONVICTIONS)),
        "order_applied": has(
            ProtectiveOrder,
            or_(col(ProtectiveOrder.applied_on).is_not(None), col(ProtectiveOrder.granted_on).is_not(None)),
        ),
        "order_granted": has(ProtectiveOrder, col(ProtectiveOrder.granted_on).is_not(None)),
        "order_breached": has(Incident, col(Incident.breached_order_id).is_not(None)),
    }


FACTS = tuple(column.name for column in case_facts().selected_columns)
#: The facts only the figures of cases referred in the period read: each looks at other tables, so they are
#: worked out for those cases alone (see :func:`_all_facts`).
COHORT = ("relationship", *(stage for stage, _label in FUNNEL))
_WHO = ("area", "advocate", "referral_date")


def _all_facts(scope: "_Scope | None" = None) -> Any:
    """Every case's facts, live and kept ("facts"); or, with ``scope``, those of the cases referred in its
    period with the facts of :data:`COHORT` ("cohort")."""
    names = [name for name in FACTS if name not in COHORT] if scope is None else [*_WHO, *COHORT]
    live = case_facts(names)
    kept = select(*(getattr(CaseStatistic, name).label(name) for name in names))
    if scope is None:
        return union_all(live, kept).cte("facts")
    live = live.where(scope.days(Case.referral_date), *scope.who(Case.area, Case.advocate))
    kept = kept.where(scope.days(CaseStatistic.referral_date), *scope.who(CaseStatistic.area, CaseStatistic.advocate))
    return union_all(live, kept).cte("cohort")


def keep_statistics(session: Session, case_id: int) -> CaseStatistic:
    """Copy what the reports count about a case into the anonymised tables, before the case is erased.

    Call it in the erasing transaction, just before deleting the case: the reports then count the
    case exactly as before (no name, address, date of birth, reference or free text is kept).
    """
    facts = session.execute(case_facts().where(col(Case.id) == case_id)).one()
    kept = CaseStatistic(**facts._mapping)
    session.add(kept)
    session.flush()
    session.add_all(
        StatisticEvent(statistic_id=saved_id(kept), family=family, kind=kind, result=result, happened_on=day)
        for family, kind, result, day in _events_of(session, case_id)
    )
    return kept


def _events_of(session: Session, case_id: int) -> Iterable[tuple[str, str, str | None, date]]:
    """The case's counted events as the live report sees them (see :func:`_event_counts`)."""
    for order in session.scalars(select(ProtectiveOrder).where(col(ProtectiveOrder.case_id) == case_id)):
        if order.status != OrderStatus.CONSIDERED:
            yield "order-requested", order.kind, None, clock.local(order.created_at).date()
        if order.applied_on:
            yield "order-applied", order.kind, None, order.applied_on
        if order.granted_on:
            yield "order-granted", order.kind, None, order.granted_on
    for hearing in session.scalars(select(CourtEvent).where(col(CourtEvent.case_id) == case_id)):
        yield "hearing", hearing.kind, hearing.result, clock.local(hearing.starts_at).date()
    for item in session.scalars(
        select(PlanItem).where(
            col(PlanItem.case_id) == case_id,
            col(PlanItem.status) == PlanStatus.DONE.value,
            col(PlanItem.completed_at).is_not(None),
        )
    ):
        assert item.completed_at is not None  # as the query asks
        yield "plan-done", item.category, None, clock.local(item.completed_at).date()
    for referral in session.scalars(select(Referral).where(col(Referral.case_id) == case_id)):
        yield "referral", referral.route, REPEAT if referral.repeat else None, referral.referred_on
        for criterion in _criteria_met(referral.criteria):
            yield "criterion", referral.route, criterion, referral.referred_on
    referred = session.scalars(select(col(Case.referral_date)).where(col(Case.id) == case_id)).one()
    for behaviour in session.scalars(select(CaseBehaviour).where(col(CaseBehaviour.case_id) == case_id)):
        yield BEHAVIOUR, behaviour.behaviour, behaviour.outcome, referred


def _criteria_met(recorded: str | None) -> list[str]:
    """The keys of the criteria a referral's recorded criteria name (as :func:`_event_counts` matches them)."""
    if recorded is None:
        return [UNRECORDED_CRITERIA]
    return [key for key, label in CRITERIA.items() if _named(label) in recorded]


def _named(label: str) -> str:
    """How a criterion met starts in a referral's recorded criteria (``[[label, detail], ...]`` as JSON)."""
    return f'["{label}",'


# -- the queries -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Scope:
    start: date
    end: date
    area: str | None
    advocate: str | None

    @property
    def moments(self) -> tuple[datetime, datetime]:
        """The period as [first local midnight, midnight after the last day)."""
        return (
            datetime.combine(self.start, time(), tzinfo=clock.LOCAL),
            datetime.combine(self.end + timedelta(days=1), time(), tzinfo=clock.LOCAL),
        )

    def who(self, area: Any, advocate: Any) -> list[ColumnElement[bool]]:
        conditions = []
        if self.area is not None:
            conditions.append(area == self.area)
        if self.advocate is not None:
            conditions.append(func.lower(advocate) == self.advocate.lower())
        return conditions

    def days(self, column: Any) -> ColumnElement[bool]:
        return column.between(self.start, self.end)

    def times(self, column: Any) -> ColumnElement[bool]:
        first, after = self.moments
        return and_(column >= first, column < after)

    @property
    def quarters(self) -> list[tuple[date, date]]:
        """The period in quarters of three calendar months from its first day (the last may be shorter), up
        to the one under way: a quarter yet to begin has nothing to count, and would be drawn as nothing done."""
        found: list[tuple[date, date]] = []
        first = self.start
        while first <= min(self.end, clock.today()):
            after = months_before(self.start, -3 * (len(found) + 1))
            found.append((first, min(self.end, after - timedelta(days=1))))
            first = after
        return found

    def quarter(self, day: Any) -> ColumnElement[str]:
        """The number (from "0") of the quarter of the period ``day`` falls in, in SQL; null outside it or
        for an event not dated by a day (``None``)."""
        if day is None:
            return cast(null(), String)
        return case(
            *(
                (
                    day.between(literal_column(f"'{first}'"), literal_column(f"'{last}'")),
                    literal_column(f"'{number}'", String),
                )
                for number, (first, last) in enumerate(self.quarters)
            ),
            else_=cast(null(), String),
        )


def _breakdowns(facts: Any, where: Sequence[ColumnElement[bool]], dims: dict[str, Any]) -> CompoundSelect:
    """One statement counting ``facts`` rows in all (dim "all", key "all") and by each of ``dims``
    (name -> column): rows of (dim, key, n)."""
    total: Select[str, str, int] = select(
        literal_column("'all'").label("dim"), literal_column("'all'").label("key"), func.count().label("n")
    )
    return union_all(
        total.select_from(facts).where(*where),
        *(
            select(literal_column(f"'{name}'"), cast(column, String), func.count())
            .select_from(facts)
            .where(*where)
            .group_by(column)
            for name, column in dims.items()
        ),
    )


def _counts(session: Session, statement: CompoundSelect) -> dict[str, dict[str | None, int]]:
    found: dict[str, dict[str | None, int]] = {}
    for dim, key, n in session.execute(statement):
        found.setdefault(dim, {})[key] = int(n)
    return found


def _median_days(session: Session, facts: Any, where: Sequence[ColumnElement[bool]]) -> Median:
    """The median days from referral to first contact, from how many cases took each number of days."""
    days = facts.c.first_contact_days
    spread = select(days, func.count()).select_from(facts).where(*where, days.is_not(None)).group_by(days)
    return Median.of((int(day), int(n)) for day, n in session.execute(spread))


def _event_counts(session: Session, scope: _Scope) -> dict[tuple[str, str, str | None, str | None], int]:
    """Orders requested / applied / granted, hearings by result, plan items done, referrals to the
    multi-agency routes by route (a repeat referral's result is ``repeat``) and the criteria they met
    (family ``criterion``, the criterion's key as result), in one statement; counted by quarter too
    (the last key: see :meth:`_Scope.quarter`) for the events dated by a day."""
    live_who = scope.who(Case.area, Case.advocate)
    no_result = cast(null(), String)

    def live(model: Any, family: str, kind: Any, result: Any, day: Any, *where: ColumnElement[bool]) -> Select[Any]:
        return (
            select(
                literal_column(f"'{family}'").label("family"),
                kind.label("kind"),
                result.label("result"),
                scope.quarter(day).label("quarter"),
            )
            .select_from(model)
            .join(Case, Case.id == model.case_id)
            .where(*live_who, *where)
        )

    referred = scope.days(Referral.referred_on)
    criteria = (
        live(Referral, "criterion", Referral.route, literal_column(f"'{key}'"), Referral.referred_on, referred, met)
        for key, met in (
            *((key, col(Referral.criteria).contains(_named(label))) for key, label in CRITERIA.items()),
            (UNRECORDED_CRITERIA, col(Referral.criteria).is_(None)),
        )
    )
    events = union_all(
        live(
            ProtectiveOrder,
            "order-requested",
            ProtectiveOrder.kind,
            no_result,
            None,
            col(ProtectiveOrder.status) != OrderStatus.CONSIDERED.value,
            scope.times(ProtectiveOrder.created_at),
        ),
        live(
            ProtectiveOrder,
            "order-applied",
            ProtectiveOrder.kind,
            no_result,
            ProtectiveOrder.applied_on,
            scope.days(ProtectiveOrder.applied_on),
        ),
        live(
            ProtectiveOrder,
            "order-granted",
            ProtectiveOrder.kind,
            no_result,
            ProtectiveOrder.granted_on,
            scope.days(ProtectiveOrder.granted_on),
        ),
        live(CourtEvent, "hearing", CourtEvent.kind, CourtEvent.result, None, scope.times(CourtEvent.starts_at)),
        live(
            PlanItem,
            "plan-done",
            PlanItem.category,
            no_result,
            None,
            col(PlanItem.status) == PlanStatus.DONE.value,
            scope.times(PlanItem.completed_at),
        ),
        live(
            Referral,
            "referral",
            Referral.route,
            case((col(Referral.repeat), literal_column(f"'{REPEAT}'")), else_=no_result),
            Referral.referred_on,
            referred,
        ),
        *criteria,
        select(
            col(StatisticEvent.family),
            col(StatisticEvent.kind),
            col(StatisticEvent.result),
            scope.quarter(StatisticEvent.happened_on),
        )
        .join(CaseStatistic, col(CaseStatistic.id) == StatisticEvent.statistic_id)
        .where(*scope.who(CaseStatistic.area, CaseStatistic.advocate), scope.days(StatisticEvent.happened_on)),
    ).subquery()
    keys = (events.c.family, events.c.kind, events.c.result, events.c.quarter)
    grouped = select(*keys, func.count()).group_by(*keys)
    return {(family, kind, result, quarter): int(n) for family, kind, result, quarter, n in session.execute(grouped)}


def _yes(condition: ColumnElement[bool]) -> Any:
    return func.sum(case((condition, 1), else_=0))


def build_report(
    session: Session,
    start: date,
    end: date,
    *,
    area: str | None = None,
    advocate: str | None = None,
    areas: Sequence[str] = (),
    routes: Routes,
    equality: Equality,
) -> Report:
    """Count every figure for the period from ``start`` to ``end`` (both included); ``routes`` names the
    multi-agency routes, ``equality`` the equality questions and their categories."""
    if end < start:
        raise InvalidInputError(
            f"The period ends ({end:%d %b %Y}) before it starts ({start:%d %b %Y}): swap the dates."
        )
    if start > clock.today():
        raise InvalidInputError(
            f"The period starts on {start:%d %b %Y}, after today ({clock.today():%d %b %Y}): a report counts what "
            "has happened, so give a period that has begun."
        )
    scope = _Scope(start, end, area, advocate)
    facts = _all_facts()
    cohort = _all_facts(scope)
    who = scope.who(facts.c.area, facts.c.advocate)
    referred = [*who, scope.days(facts.c.referral_date)]
    closed = [*who, scope.days(facts.c.closed_on)]
    c = facts.c
    domestic = cast(cast(c.domestic, Integer), String)
    referrals = _counts(
        session,
        _breakdowns(
            facts,
            referred,
            {
                "source": c.referral_source,
                "area": c.area,
                "domestic": domestic,
                "repeat": cast(c.re_referral, Integer),
                "gender": c.gender,
                "gender_domestic": func.coalesce(c.gender, literal_column("''"), type_=String)
                + literal_column("':'")
                + domestic,
                "age": c.age_band,
                "intake": c.risk_at_intake,
                "latest": c.risk_latest,
                "basis": c.risk_latest + literal_column("':'") + func.coalesce(c.risk_basis, literal_column("''")),
                "quarter": scope.quarter(c.referral_date) + literal_column("':'") + domestic,
                **{question: getattr(c, question) for question in QUESTIONS},
                "language": c.language,
                "interpreter": cast(c.interpreter_needed, Integer),
            },
        ),
    )
    closures = _counts(
        session,
        _breakdowns(
            facts,
            closed,
            {
                "reason": c.closure_reason,
                "feels_safe": _change(c.feels_safe_at_intake, c.feels_safe_at_closure),
                "quality_of_life": _change(c.quality_of_life_at_intake, c.quality_of_life_at_closure),
                "risk_at_exit": _risk_change(c.risk_at_intake, c.risk_at_closure),
                "behaviours_asked": c.behaviours_at_intake,
            },
        ),
    )
    open_at_end = session.execute(
        select(_yes(and_(c.referral_date <= end, or_(c.closed_on.is_(None), c.closed_on > end))))
        .select_from(facts)
        .where(*who)
    ).scalar()
    measures = session.execute(
        select(
            *(
                aggregate
                for flag in (c.risk_reduced, c.reported_to_police, c.support_needs_met)
                for aggregate in (_yes(flag.is_(True)), func.count(flag))
            ),
        )
        .select_from(facts)
        .where(*closed)
    ).one()
    funnel = session.execute(
        select(*(_yes(getattr(cohort.c, stage).is_(True)) for stage, _label in FUNNEL)).select_from(cohort)
    ).one()
    relationships = _counts(session, _breakdowns(cohort, [], {"relationship": cohort.c.relationship}))
    by_quarter = _event_counts(session, scope)
    events: Counter[tuple[str, str, str | None]] = Counter()
    quarterly: Counter[tuple[str, str, str | None]] = Counter()  # (family, kind, quarter) -> events
    for (family, kind, result, quarter), n in by_quarter.items():
        events[(family, kind, result)] += n
        quarterly[(family, kind, quarter)] += n
    quarters = [_quarter_label(first, last) for first, last in scope.quarters]

    numbers = [str(number) for number in range(len(quarters))]

    def per_quarter(family: str, kind: str) -> tuple[int, ...]:
        return tuple(quarterly[(family, kind, number)] for number in numbers)

    total_referred = referrals.get("all", {}).get("all", 0)
    total_closed = closures.get("all", {}).get("all", 0)

    summary = Section(
        "summary",
        "Summary",
        ("Figure",),
        (
            Row("Referrals received", (total_referred,)),
            Row("Median days from referral to first contact", (_median_days(session, facts, referred),)),
            Row("Cases open at the end of the period", (int(open_at_end or 0),)),
            Row(
                "Multi-agency referrals",
                (sum(n for (family, _kind, _result), n in events.items() if family == "referral"),),
            ),
            Row("Cases closed", (total_closed,)),
        ),
    )
    referral_sections = (
        _by("source", "Referrals by source", referrals.get("source", {}), [(s.value, s.label) for s in ReferralSource]),
        _by("area", "Referrals by area", referrals.get("area", {}), [(a, a) for a in areas], extra=True),
        _by(
            "domestic",
            "Referrals: domestic and non-domestic",
            referrals.get("domestic", {}),
            [("1", "Domestic"), ("0", "Non-domestic")],
        ),
        _by(
            "relationship",
            "Referrals by the perpetrator's relationship to the client",
            relationships.get("relationship", {}),
            [(r.value, r.label) for r in Relationship],
        ),
        _by(
            "re_referrals",
            "Re-referrals: the client matched an earlier case",
            referrals.get("repeat", {}),
            [("1", "Re-referral"), ("0", "No earlier case found")],
        ),
        _by("gender", "Referrals by gender", referrals.get("gender", {}), [], extra=True),
        _gender_domestic(referrals.get("gender_domestic", {})),
        _by(
            "age",
            "Referrals by age band at referral",
            referrals.get("age", {}),
            [*((b, b) for b in AGE_BANDS), (PREFER_NOT, PREFER_NOT_LABEL)],
        ),
        Section(
            "quarterly_referrals",
            "Referrals per quarter: domestic and non-domestic",
            tuple(quarters),
            tuple(
                Row(label, tuple(referrals.get("quarter", {}).get(f"{number}:{flag}", 0) for number in numbers))
                for flag, label in (("1", "Domestic"), ("0", "Non-domestic"))
            ),
            adds_up="rows",
            adds_to=(Total("domestic"),),
            chart="bar",
        ),
    )
    levels: list[tuple[str | None, str]] = [(level.value, level.label) for level in RiskLevel]
    intake, latest = referrals.get("intake", {}), referrals.get("latest", {})
    if intake.get(None) or latest.get(None):
        levels.append((None, NOT_RECORDED))
    risk = Section(
        "risk",
        "Risk level of cases referred: at intake and latest",
        ("At intake", "Latest"),
        tuple(Row(label, (intake.get(key, 0), latest.get(key, 0))) for key, label in levels),
        adds_up="columns",
        adds_to=(Total("summary", "Referrals received"),) * 2,
    )
    by_basis = referrals.get("basis", {})
    bases: list[tuple[str, str]] = [(kind.value, kind.label) for kind in RiskBasisKind]
    if any(key and key.endswith(":") for key in by_basis):
        bases.append(("", NOT_RECORDED))  # kept for erased cases from before the basis was kept
    risk_basis = Section(
        "risk_basis",
        "Latest risk level of cases referred, by what it rests on",
        tuple(label for _key, label in bases),
        tuple(
            Row(level.label, tuple(by_basis.get(f"{level.value}:{kind}", 0) for kind, _label in bases))
            for level in RiskLevel
        ),
        adds_up="rows",
        adds_to=(Total("risk", column=1),),
    )
    orders = Section(
        "orders",
        "Protective orders by kind",
        ("Requested", "Applied for", "Granted"),
        tuple(
            Row(kind.label, tuple(events.get((family, kind.value, None), 0) for family in ORDER_FAMILIES))
            for kind in OrderKind
        ),
    )
    hearings = sorted(
        ((key, n) for key, n in events.items() if key[0] == "hearing"), key=lambda kn: (kn[0][1], kn[0][2] or "")
    )
    court = Section(
        "court",
        "Court hearings in the period by outcome",
        ("Hearings",),
        tuple(
            Row(
                f"{_label(HearingKind, kind)}: {_label(HearingResult, result).lower() if result else 'no result recorded'}",
                (n,),
            )
            for (_family, kind, result), n in hearings
        ),
    )
    reasons = _by(
        "closures", "Closures by reason", closures.get("reason", {}), [(r.value, r.label) for r in ClosureReason]
    )
    flags = [int(v or 0) for v in measures]
    measure_rows = []
    for label, (yes, asked) in zip(
        ("Risk reduced", "Reported to police", "Support needs met"), zip(flags[::2], flags[1::2])
    ):
        measure_rows.append(Row(label, (yes, asked - yes, total_closed - asked)))
    outcomes = Section(
        "outcomes",
        "Outcome measures for cases closed",
        ("Yes", "No", "Not asked"),
        tuple(measure_rows),
        adds_up="rows",
        adds_to=(Total("summary", "Cases closed"),),
    )
    referred_to = Section(
        "referrals",
        "Multi-agency referrals by route",
        ("Referrals", "Repeats"),
        tuple(
            Row(
                routes.by_key(key).name,
                (
                    events.get(("referral", key, None), 0) + events.get(("referral", key, REPEAT), 0),
                    events.get(("referral", key, REPEAT), 0),
                ),
            )
            for key in ROUTE_KEYS
        ),
        adds_up="columns",
        adds_to=(Total("summary", "Multi-agency referrals"), None),
    )
    criteria = Section(
        "criteria",
        "Multi-agency referrals by route and criterion met (a referral may meet several)",
        tuple(routes.by_key(key).name for key in ROUTE_KEYS),
        tuple(
            Row(label, tuple(events[("criterion", route, key)] for route in ROUTE_KEYS))
            for key, label in (*CRITERIA.items(), (UNRECORDED_CRITERIA, "Not recorded (before referral history)"))
        ),
    )
    routes_by_quarter = Section(
        "quarterly_routes",
        "Multi-agency referrals per quarter by route",
        tuple(quarters),
        tuple(
            Row(
                routes.by_key(key).name,
                per_quarter("referral", key),
            )
            for key in ROUTE_KEYS
        ),
        adds_up="rows",
        adds_to=(Total("referrals"),),
        chart="line",
    )
    justice = Section(
        "funnel",
        "Justice funnel: cases referred in the period that reached each stage",
        ("Cases",),
        tuple(Row(label, (int(n or 0),)) for (_stage, label), n in zip(FUNNEL, funnel)),
        chart="funnel",
    )
    granted = [kind for kind in OrderKind if events[("order-granted", kind.value, None)]]
    orders_by_quarter = Section(
        "quarterly_orders",
        "Protective orders granted per quarter by kind",
        tuple(quarters),
        tuple(Row(kind.label, per_quarter("order-granted", kind.value)) for kind in granted),
        adds_up="rows",
        adds_to=(Total("orders", column=2),),
        chart="bar",
    )
    plan = Section(
        "plan",
        "Safety-plan items completed by category",
        ("Completed",),
        tuple(Row(category.label, (events.get(("plan-done", category.value, None), 0),)) for category in PlanCategory),
    )
    consulting = () if area is not None else (_consultations(session, scope),)
    return Report(
        start,
        end,
        area,
        advocate,
        clock.now(),
        (
            summary,
            *referral_sections,
            *_equality_sections(referrals, equality),
            risk,
            risk_basis,
            referred_to,
            criteria,
            routes_by_quarter,
            justice,
            orders,
            orders_by_quarter,
            court,
            reasons,
            outcomes,
            *_outcomes_at_exit(session, scope, closures),
            plan,
            *consulting,
        ),
    )


#: The figure each table of outcomes at exit adds up to.
CLOSED = Total("summary", "Cases closed")
#: How an answer at exit compares with the same question at intake (see :func:`_change`), as the report shows it.
CHANGES = (("better", "Better"), ("same", "Same"), ("worse", "Worse"), ("declined", "Declined"), ("", NOT_ASKED))
#: The risk level of the closing review against the level at intake (see :func:`_risk_change`).
RISK_CHANGES = (
    ("lower", "Lower than at intake"),
    ("same", "Same as at intake"),
    ("higher", "Higher than at intake"),
    ("no-intake", "No level recorded at intake"),
    (REVIEW_SKIPPED, "Closing review skipped"),
    ("", NOT_ASKED),
)


def _change(intake: Any, exit: Any) -> ColumnElement[str]:
    """A 1-5 answer at exit against intake: declined (either declined), not asked (either not asked, as "") or
    better, same or worse (a higher number is better)."""
    return case(
        (or_(intake == DECLINED_SCORE, exit == DECLINED_SCORE), literal_column("'declined'")),
        (or_(intake.is_(None), exit.is_(None)), literal_column("''")),
        (exit > intake, literal_column("'better'")),
        (exit == intake, literal_column("'same'")),
        else_=literal_column("'worse'"),
    )


def _risk_rank(level: Any) -> ColumnElement[int]:
    return case(*((level == risk.value, rank) for rank, risk in enumerate(RiskLevel)), else_=null())


def _risk_change(intake: Any, exit: Any) -> ColumnElement[str]:
    """The closing review's level against the level at intake; "" when the review was never asked about."""
    return case(
        (exit.is_(None), literal_column("''")),
        (exit == REVIEW_SKIPPED, literal_column(f"'{REVIEW_SKIPPED}'")),
        (intake.is_(None), literal_column("'no-intake'")),
        (_risk_rank(exit) < _risk_rank(intake), literal_column("'lower'")),
        (_risk_rank(exit) == _risk_rank(intake), literal_column("'same'")),
        else_=literal_column("'higher'"),
    )


def _behaviour_outcomes(session: Session, scope: _Scope) -> dict[tuple[str, str], int]:
    """Each behaviour named at intake of the cases closed in the period, by its outcome at exit ("" not asked)."""
    outcome = func.coalesce(col(CaseBehaviour.outcome), literal_column("''"))
    kept_outcome = func.coalesce(col(StatisticEvent.result), literal_column("''"))
    pairs = union_all(
        select(col(CaseBehaviour.behaviour).label("kind"), outcome.label("outcome"))
        .join(Case, col(Case.id) == CaseBehaviour.case_id)
        .where(*scope.who(Case.area, Case.advocate), scope.days(Case.closed_on)),
        select(col(StatisticEvent.kind), kept_outcome)
        .join(CaseStatistic, col(CaseStatistic.id) == StatisticEvent.statistic_id)
        .where(
            col(StatisticEvent.family) == BEHAVIOUR,
            *scope.who(CaseStatistic.area, CaseStatistic.advocate),
            scope.days(CaseStatistic.closed_on),
        ),
    ).subquery()
    grouped = select(pairs.c.kind, pairs.c.outcome, func.count()).group_by(pairs.c.kind, pairs.c.outcome)
    return {(kind, result): int(n) for kind, result, n in session.execute(grouped)}


def _outcomes_at_exit(
    session: Session, scope: _Scope, closures: dict[str, dict[str | None, int]]
) -> tuple[Section, ...]:
    """The outcome measures of the cases closed in the period, each against the same question at intake."""
    by_behaviour = _behaviour_outcomes(session, scope)
    outcomes = [*((o.value, o.label) for o in BehaviourOutcome), ("", NOT_ASKED)]
    behaviours = Section(
        "outcome_behaviours",
        "Outcomes at exit: each kind of behaviour named at intake",
        tuple(label for _key, label in outcomes),
        tuple(
            Row(kind.label, tuple(by_behaviour.get((kind.value, key), 0) for key, _label in outcomes))
            for kind in Behaviour
            if any(by_behaviour.get((kind.value, key)) for key, _label in outcomes)
        ),
    )
    asked = closures.get("behaviours_asked", {})
    behaviours_asked = Section(
        "outcome_behaviours_asked",
        "Cases closed: behaviours asked about at intake",
        ("Cases",),
        (
            Row("Named the behaviours", (asked.get(IntakeAnswer.ANSWERED.value, 0),)),
            Row("Declined to say", (asked.get(IntakeAnswer.DECLINED.value, 0),)),
            Row(NOT_ASKED, (asked.get(None, 0),)),
        ),
        adds_up="columns",
        adds_to=(CLOSED,),
    )
    scales = Section(
        "outcome_scales",
        "Outcomes at exit: feeling safe and quality of life (1-5) against intake",
        tuple(label for _key, label in CHANGES),
        tuple(
            Row(label, tuple(closures.get(dim, {}).get(key, 0) for key, _label in CHANGES))
            for dim, label in (("feels_safe", "Feeling safe"), ("quality_of_life", "Quality of life"))
        ),
        adds_up="rows",
        adds_to=(CLOSED,),
    )
    risk = closures.get("risk_at_exit", {})
    risk_at_exit = Section(
        "outcome_risk",
        "Outcomes at exit: risk level of the closing review against intake",
        ("Cases",),
        tuple(Row(label, (risk.get(key, 0),)) for key, label in RISK_CHANGES),
        adds_up="columns",
        adds_to=(CLOSED,),
    )
    return behaviours, behaviours_asked, scales, risk_at_exit


def _equality_sections(referrals: dict[str, dict[str | None, int]], equality: Equality) -> tuple[Section, ...]:
    """The referrals by each equality question (each category, prefer not to say, not asked), by first
    language, and by whether an interpreter is needed."""
    return (
        *(
            _by(
                question.field,
                f"Referrals by {question.title[0].lower()}{question.title[1:]}",
                referrals.get(question.field, {}),
                question.choices,
                extra=True,
                missing=NOT_ASKED,
            )
            for question in equality.questions
        ),
        _by("language", "Referrals by first language", referrals.get("language", {}), [], extra=True),
        _by(
            "interpreter",
            "Referrals: interpreter needed",
            referrals.get("interpreter", {}),
            [("1", "Interpreter needed"), ("0", "No interpreter needed")],
        ),
    )


def _consultations(session: Session, scope: _Scope) -> Section:
    """Advice given to other organisations in the period (by one advocate, if the report is theirs): how many
    consultations, how many organisations, and the hours (whole, rounded) they took."""
    table: Any = Consultation
    number, organisations, minutes = session.execute(
        select(func.count(), func.count(func.distinct(func.lower(table.organisation))), func.sum(table.minutes)).where(
            scope.days(table.held_on), *scope.who(None, table.recorded_by)
        )
    ).one()
    return Section(
        "consultations",
        "Professional consultations (advice to other organisations)",
        ("Figure",),
        (
            Row("Consultations", (int(number or 0),)),
            Row("Organisations advised", (int(organisations or 0),), adds_across=False),
            # half an hour rounds up, as people do
            Row("Hours spent (rounded)", ((int(minutes or 0) + 30) // 60,), adds_across=False),
        ),
    )


def _by(
    key: str,
    title: str,
    counts: dict[str | None, int],
    known: Sequence[tuple[str, str]],
    extra: bool = False,
    missing: str = NOT_RECORDED,
) -> Section:
    """A one-column breakdown adding up to a summary figure: the ``known`` keys in order, then (with
    ``extra``) any other value found, then ``missing`` ("not recorded") when any case has none."""
    rows = [Row(label, (counts.get(value, 0),)) for value, label in known]
    shown = {value for value, _label in known}
    if extra:
        rows += [
            Row(str(value).capitalize(), (n,))
            for value, n in sorted(counts.items(), key=lambda kv: str(kv[0]))
            if value is not None and value not in shown
        ]
    if counts.get(None):
        rows.append(Row(missing, (counts[None],)))
    counted, total = ("Cases", "Cases closed") if key == "closures" else ("Referrals", "Referrals received")
    return Section(key, title, (counted,), tuple(rows), adds_up="columns", adds_to=(Total("summary", total),))


def _gender_domestic(counts: dict[str | None, int]) -> Section:
    """Referrals by gender (as :func:`_by` shows them) and domestic or not, from keys ``gender:1`` and ``gender:0``."""
    genders = sorted({str(key).rpartition(":")[0] for key in counts if key is not None}, key=lambda g: (g == "", g))
    return Section(
        "gender_domestic",
        "Referrals by gender: domestic and non-domestic",
        ("Domestic", "Non-domestic"),
        tuple(
            Row(gender.capitalize() or NOT_RECORDED, (counts.get(f"{gender}:1", 0), counts.get(f"{gender}:0", 0)))
            for gender in genders
        ),
        adds_up="both",
        adds_to=(Total("domestic", "Domestic"), Total("domestic", "Non-domestic"), Total("gender")),
    )


def _quarter_label(first: date, last: date) -> str:
    """A quarter as a column heading: "Apr-Jun 2026" for whole months, else its first and last days
    ("20 Nov-19 Dec 2026"); one month or one day once ("Nov 2026", "1 Dec 2026"); the year twice when it
    changes ("20 Nov 2026-19 Feb 2027")."""
    whole = first.day == 1 and (last + timedelta(days=1)).day == 1

    def day(moment: date, year: bool) -> str:
        return (f"{moment:%b}" if whole else f"{moment.day} {moment:%b}") + (f" {moment.year}" if year else "")

    if (first.year, first.month) == (last.year, last.month) and (whole or first == last):
        return day(last, year=True)
    return f"{day(first, year=first.year != last.year)}-{day(last, year=True)}"


def _label(vocabulary: Any, value: str | None) -> str:
    try:
        return vocabulary(value).label
    except ValueError:
        return str(value)


class Reports:
    """The commissioner's report."""

    def __init__(self, ctx: ServiceContext, cases: Cases) -> None:
        self.ctx = ctx
        self.cases = cases

    def report(
        self, start: date | str, end: date | str, *, area: str | None = None, advocate: str | None = None
    ) -> Report:
        """The commissioner's report for ``start`` to ``end`` (both included), for one area or advocate if given."""
        first = required(optional_date(start, "first day of the report"), "first day of the report")
        last = required(optional_date(end, "last day of the report"), "last day of the report")
        who = optional_text(128)(advocate, "advocate")
        with self.ctx.reading() as session:
            return build_report(
                session,
                first,
                last,
                area=self.cases.area(area),
                advocate=who,
                areas=self.ctx.areas,
                routes=self.ctx.routes,
                equality=self.ctx.equality,
            )
