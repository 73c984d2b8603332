"""The Victims' Right to Review: which decisions a victim may ask to have reviewed, and by when.

Pure rules: the police scheme covers a decision not to charge a suspect who was interviewed under caution
(not a withdrawn complaint, not an out-of-court disposal); the CPS scheme covers decisions not to charge or
prosecute and decisions to stop a prosecution. The time limits are the service's to set (``[victims_code]``
in the config file): schemes ask for a request soon after the decision is told.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from advocate_tui.rules.errors import InvalidInputError
from advocate_tui.rules.vocab import DecisionKind, InvestigationStatus, ReviewBody


class Journey(Protocol):
    """What the rules read of a crime reference's journey (the stored model has these fields)."""

    status: str
    status_reason: str | None
    offence: str | None
    court_outcome: str | None


def check_journey(journey: Journey) -> None:
    """Refuse a journey that leaves out what its stage needs: the offence of a charge, the reason for no
    further action, the conditions of bail; a court outcome comes after a charge."""
    status = InvestigationStatus(journey.status)
    if status is InvestigationStatus.CHARGED and journey.offence is None:
        raise InvalidInputError("A charge needs the offence charged: choose it.")
    if status is InvestigationStatus.NO_FURTHER_ACTION and not journey.status_reason:
        raise InvalidInputError("No further action needs the reason the police gave: write it in the reason.")
    if status is InvestigationStatus.BAIL and not journey.status_reason:
        raise InvalidInputError("Bail with conditions needs the conditions: write them in the reason.")
    if journey.court_outcome is not None and status is not InvestigationStatus.CHARGED:
        raise InvalidInputError("A court outcome follows a charge: record the charge and its offence first.")


@dataclass(frozen=True)
class ReviewLimits:
    """Days from a decision by which a review should be asked for, per body (configurable)."""

    police_days: int = 90
    cps_days: int = 14

    def days(self, body: ReviewBody) -> int:
        return self.police_days if body is ReviewBody.POLICE else self.cps_days


@dataclass(frozen=True)
class Verdict:
    """Whether a decision can be reviewed under its body's scheme, and why, in one sentence."""

    qualifies: bool
    why: str


_CPS_REVIEWABLE = frozenset({DecisionKind.NOT_CHARGED, DecisionKind.NOT_PROSECUTED, DecisionKind.PROSECUTION_STOPPED})


def check_decision(body: ReviewBody, kind: DecisionKind) -> None:
    """Refuse a decision the body does not make: prosecutions are the CPS's to bring or stop."""
    if body is ReviewBody.POLICE and kind in {DecisionKind.NOT_PROSECUTED, DecisionKind.PROSECUTION_STOPPED}:
        raise InvalidInputError(
            f"The police do not make a decision '{kind.label.lower()}': record it as a CPS decision."
        )


def review_scheme(body: ReviewBody, kind: DecisionKind, interviewed_under_caution: bool) -> Verdict:
    """Whether ``kind`` made by ``body`` qualifies for the Victims' Right to Review."""
    check_decision(body, kind)
    if body is ReviewBody.CPS:
        if kind in _CPS_REVIEWABLE:
            return Verdict(
                True, "The CPS scheme covers decisions not to charge or prosecute and to stop a prosecution."
            )
        return Verdict(
            False, "The CPS scheme covers only decisions not to charge or prosecute and to stop a prosecution."
        )
    if kind is DecisionKind.WITHDRAWN_COMPLAINT:
        return Verdict(False, "The police scheme does not cover a complaint the victim withdrew.")
    if kind is DecisionKind.OUT_OF_COURT:
        return Verdict(False, "The police scheme does not cover out-of-court disposals.")
    if kind is not DecisionKind.NOT_CHARGED:
        return Verdict(False, "The police scheme covers only a decision not to charge.")
    if not interviewed_under_caution:
        return Verdict(
            False, "The police scheme covers a decision not to charge only a suspect interviewed under caution."
        )
    return Verdict(True, "The police scheme covers a decision not to charge a suspect interviewed under caution.")


def review_deadline(decided_on: date, body: ReviewBody, limits: ReviewLimits) -> date:
    """The last day to ask for a review of a decision made on ``decided_on``."""
    return decided_on + timedelta(days=limits.days(body))
