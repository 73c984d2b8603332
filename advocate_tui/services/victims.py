"""The Victims' Code on a case: eligibility for enhanced rights, the rights explained to the client, and the
police and CPS decisions the client may ask to have reviewed (the Victims' Right to Review)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlmodel import col, select

from advocate_tui.rules import clock
from advocate_tui.rules.errors import InvalidInputError
from advocate_tui.rules.fields import DECISION_FIELDS, STANDING_FIELDS, clean_fields, past_date, required, vocab
from advocate_tui.rules.justice import check_decision
from advocate_tui.rules.saved import saved_id
from advocate_tui.rules.vocab import DecisionKind, ReviewBody, VictimRight
from advocate_tui.services.context import ServiceContext
from advocate_tui.services.justice import find_report, review_row
from advocate_tui.services.lookup import find_case, open_case
from advocate_tui.services.records import bump, update_versioned
from advocate_tui.services.rows import ReviewRow
from advocate_tui.storage.models import Case, Client, CrimeReport, ReviewDecision, RightExplained, VictimsCodeStanding


@dataclass(frozen=True)
class VictimsCodeView:
    """The case's standing under the Code (None until judged) and each right with when it was explained."""

    standing: VictimsCodeStanding | None
    explained: dict[VictimRight, RightExplained]


class VictimsCode:
    """Enhanced rights, rights explained, and review decisions with their deadlines on the agenda."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def view(self, reference: str) -> VictimsCodeView:
        with self.ctx.reading() as session:
            case = find_case(session, reference)
            standing = session.exec(select(VictimsCodeStanding).where(VictimsCodeStanding.case_id == case.id)).first()
            explained = session.exec(select(RightExplained).where(RightExplained.case_id == case.id)).all()
        return VictimsCodeView(standing, {VictimRight(r.right): r for r in explained})

    def judge(self, reference: str, **values: Any) -> VictimsCodeStanding:
        """Record whether the client is eligible for enhanced rights (a judgement: why, who, when), replacing
        any earlier judgement."""
        cleaned = clean_fields(STANDING_FIELDS, {"decided_on": clock.today(), **values})
        with self.ctx.writing() as session:
            case = find_case(session, reference)
            standing = session.exec(select(VictimsCodeStanding).where(VictimsCodeStanding.case_id == case.id)).first()
            if standing is None:
                standing = VictimsCodeStanding(case_id=saved_id(case), **cleaned)
                session.add(standing)
            else:
                bump(standing, **cleaned)
        return standing

    def explain(self, reference: str, rights: Iterable[str], explained_on: date | str | None = None) -> list[str]:
        """Record that ``rights`` were explained to the client on a day (today unless given); the values recorded."""
        day = required(past_date(explained_on or clock.today(), "date explained"), "date explained")
        clean_right = vocab(VictimRight)
        wanted = [VictimRight(clean_right(right, "Victims' Code right")) for right in rights]
        if not wanted:
            raise InvalidInputError("No right was named: name at least one right that was explained.")
        with self.ctx.writing() as session:
            case = find_case(session, reference)
            known = {r.right: r for r in session.exec(select(RightExplained).where(RightExplained.case_id == case.id))}
            for right in dict.fromkeys(wanted):
                record = known.get(right.value)
                if record is None:
                    session.add(
                        RightExplained(
                            case_id=saved_id(case), right=right.value, explained_on=day, explained_by=self.ctx.user
                        )
                    )
                else:
                    record.explained_on, record.explained_by, record.updated_at = day, self.ctx.user, clock.utcnow()
        return [right.value for right in dict.fromkeys(wanted)]

    def add_decision(self, reference: str, crime_number: str, **values: Any) -> ReviewRow:
        """Record a police or CPS decision on a crime reference, and say whether it can be reviewed and by when."""
        cleaned = clean_fields(DECISION_FIELDS, values)
        check_decision(ReviewBody(cleaned["body"]), DecisionKind(cleaned["kind"]))
        with self.ctx.writing() as session:
            report = find_report(session, reference, crime_number)
            decision = ReviewDecision(
                case_id=report.case_id, crime_report_id=saved_id(report), recorded_by=self.ctx.user, **cleaned
            )
            session.add(decision)
            number = report.crime_number
        return review_row(decision, number, self.ctx.review_limits)

    def update_decision(self, decision_id: int, version: int, **changes: Any) -> ReviewDecision:
        """Correct a decision, or record the day a review was asked for (which takes it off the agenda)."""
        return update_versioned(
            self.ctx,
            ReviewDecision,
            decision_id,
            version,
            DECISION_FIELDS,
            changes,
            "decision",
            after=lambda _session, d: check_decision(ReviewBody(d.body), DecisionKind(d.kind)),
        )

    def review_deadlines(self) -> list[tuple[str, str, ReviewRow]]:
        """Reviews still to be asked for on open cases, by deadline: each decision that qualifies, has no
        request recorded, and whose deadline is today or later; with the case reference and client's name."""
        today = clock.today()
        with self.ctx.reading() as session:
            found = session.exec(
                select(
                    ReviewDecision,
                    CrimeReport.crime_number,
                    Case.reference,
                    func.coalesce(Client.preferred_name, Client.name),
                )
                .join(CrimeReport, col(CrimeReport.id) == ReviewDecision.crime_report_id)
                .join(Case, col(Case.id) == ReviewDecision.case_id)
                .join(Client, col(Client.case_id) == Case.id)
                .where(open_case(), col(ReviewDecision.review_requested_on).is_(None))
            ).all()
        rows = [(ref, name, review_row(d, number, self.ctx.review_limits)) for d, number, ref, name in found]
        due = [(ref, name, row) for ref, name, row in rows if row.deadline is not None and row.deadline >= today]
        return sorted(due, key=lambda entry: (entry[2].deadline, entry[0]))
