"""The criminal-justice journey: each crime reference on a case, where it has got to, and the police's updates."""

from typing import Any

from sqlmodel import Session, col, select

from advocate_tui.rules import clock
from advocate_tui.rules.errors import InvalidInputError, NotFoundError
from advocate_tui.rules.fields import CRIME_FIELDS, POLICE_UPDATE_FIELDS, clean_fields
from advocate_tui.rules.justice import ReviewLimits, check_journey, review_deadline, review_scheme
from advocate_tui.rules.saved import saved_id
from advocate_tui.rules.vocab import DecisionKind, OrderKind, ReviewBody
from advocate_tui.services.context import ServiceContext
from advocate_tui.services.lookup import find_case
from advocate_tui.services.records import update_versioned
from advocate_tui.services.rows import JourneyRow, ReviewRow
from advocate_tui.storage.models import CrimeReport, PoliceUpdate, ProtectiveOrder, ReviewDecision

#: The kinds of order a court makes at the end of a prosecution, which a journey may link to.
RESTRAINING_ORDERS = frozenset({OrderKind.RO_CONVICTION.value, OrderKind.RO_ACQUITTAL.value})


def find_report(session: Session, reference: str, crime_number: str) -> CrimeReport:
    """The crime reference ``crime_number`` on the case, or one sentence naming those it has."""
    case = find_case(session, reference)
    reports = session.exec(select(CrimeReport).where(CrimeReport.case_id == case.id)).all()
    wanted = crime_number.strip().casefold()
    for report in reports:
        if report.crime_number.casefold() == wanted:
            return report
    known = ", ".join(r.crime_number for r in reports)
    raise NotFoundError(
        f"Case {case.reference} has no crime reference {crime_number.strip()}"
        + (f" (it has {known})." if known else ": record the crime reference first.")
    )


class Justice:
    """Crime references on a case, each with its journey through the police, the CPS and the court."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def journeys(self, reference: str) -> list[JourneyRow]:
        """Every crime reference on the case, oldest report first, with its updates and decisions."""
        limits = self.ctx.review_limits
        with self.ctx.reading() as session:
            case = find_case(session, reference)
            reports = session.exec(
                select(CrimeReport).where(CrimeReport.case_id == case.id).order_by(col(CrimeReport.id))
            ).all()
            updates = session.exec(
                select(PoliceUpdate)
                .where(PoliceUpdate.case_id == case.id)
                .order_by(col(PoliceUpdate.given_on).desc(), col(PoliceUpdate.id).desc())
            ).all()
            decisions = session.exec(
                select(ReviewDecision)
                .where(ReviewDecision.case_id == case.id)
                .order_by(col(ReviewDecision.decided_on), col(ReviewDecision.id))
            ).all()
            orders = {
                order.id: order
                for order in session.exec(select(ProtectiveOrder).where(ProtectiveOrder.case_id == case.id))
            }
        return [
            JourneyRow(
                report,
                [u for u in updates if u.crime_report_id == report.id],
                [review_row(d, report.crime_number, limits) for d in decisions if d.crime_report_id == report.id],
                orders.get(report.restraining_order_id) if report.restraining_order_id else None,
            )
            for report in reports
        ]

    def add_report(self, reference: str, crime_number: str, **extra: Any) -> CrimeReport:
        cleaned = clean_fields(CRIME_FIELDS, {"crime_number": crime_number, **extra})
        with self.ctx.writing() as session:
            case = find_case(session, reference)
            taken = session.exec(select(CrimeReport.crime_number).where(CrimeReport.case_id == case.id)).all()
            if cleaned["crime_number"].casefold() in {number.casefold() for number in taken}:
                raise InvalidInputError(
                    f"Case {case.reference} already has crime reference {cleaned['crime_number']}: update that one."
                )
            report = CrimeReport(case_id=saved_id(case), **cleaned)
            check_journey(report)
            _check_order(session, report)
            session.add(report)
        return report

    def update_report(self, report_id: int, version: int, **changes: Any) -> CrimeReport:
        """Move a journey on (a charge, a CPS decision, a court outcome…), refused if someone changed it first."""

        def check(session: Session, report: CrimeReport) -> None:
            check_journey(report)
            _check_order(session, report)

        return update_versioned(
            self.ctx, CrimeReport, report_id, version, CRIME_FIELDS, changes, "crime reference", after=check
        )

    def report(self, reference: str, crime_number: str) -> CrimeReport:
        with self.ctx.reading() as session:
            return find_report(session, reference, crime_number)

    def add_update(self, reference: str, crime_number: str, **values: Any) -> PoliceUpdate:
        """Record what the police said about a crime reference (and what the client was told)."""
        cleaned = clean_fields(POLICE_UPDATE_FIELDS, {"given_on": clock.today(), **values})
        with self.ctx.writing() as session:
            report = find_report(session, reference, crime_number)
            update = PoliceUpdate(
                case_id=report.case_id, crime_report_id=saved_id(report), recorded_by=self.ctx.user, **cleaned
            )
            session.add(update)
        return update


def review_row(decision: ReviewDecision, crime_number: str, limits: ReviewLimits) -> ReviewRow:
    """A decision with what the Victims' Right to Review makes of it."""
    body = ReviewBody(decision.body)
    verdict = review_scheme(body, DecisionKind(decision.kind), decision.interviewed_under_caution)
    deadline = review_deadline(decision.decided_on, body, limits) if verdict.qualifies else None
    return ReviewRow(decision, crime_number, verdict.qualifies, verdict.why, deadline)


def _check_order(session: Session, report: CrimeReport) -> None:
    """A journey links only to a restraining order recorded on its own case."""
    if report.restraining_order_id is None:
        return
    order = session.get(ProtectiveOrder, report.restraining_order_id)
    if order is None or order.case_id != report.case_id or order.kind not in RESTRAINING_ORDERS:
        raise InvalidInputError(
            "The order linked to a crime reference must be a restraining order recorded on the same case: "
            "record it among the case's orders first."
        )
