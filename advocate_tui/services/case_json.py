"""Cases as JSON (the stable ``--json`` format documented in the README) and as plain text."""

import json
from datetime import UTC, datetime
from typing import Any

from sqlmodel import SQLModel

from advocate_tui.rules import clock
from advocate_tui.rules.outcomes import NOT_ASKED, describe_risk_at_exit, describe_score
from advocate_tui.rules.repeats import Match
from advocate_tui.rules.vocab import VictimRight
from advocate_tui.services.referrals import ReferralRow
from advocate_tui.services.rows import CaseRow, JourneyRow
from advocate_tui.services.victims import VictimsCodeView
from advocate_tui.storage.models import Case, IncidentRevision

JSON_FORMAT = "advocate-case/1"
_HIDDEN = {"case_id", "version", "created_at", "updated_at"}


def _record(record: SQLModel, **extra: Any) -> dict[str, Any]:
    return record.model_dump(mode="json", exclude=_HIDDEN) | extra


def utc_iso(moment: datetime) -> str:
    """The same form pydantic gives the records in ``case show --json``: UTC with a Z."""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _revision(revision: IncidentRevision) -> dict[str, Any]:
    """A correction: who made it, when and why, and each corrected field's earlier value."""
    return {
        "revised_at": utc_iso(revision.revised_at),
        "revised_by": revision.revised_by,
        "reason": revision.reason,
        "earlier": json.loads(revision.earlier),
    }


def case_row_json(row: CaseRow) -> dict[str, Any]:
    today = clock.today()
    return {
        "reference": row.reference,
        "name": row.name,
        "preferred_name": row.preferred_name,
        "status": row.status,
        "risk_level": row.risk_level,
        "domestic": row.domestic,
        "area": row.area,
        "crime_reference": row.crime_reference,
        "referral_date": row.referral_date.isoformat(),
        "next_hearing": utc_iso(row.next_hearing) if row.next_hearing else None,
        "days_since_contact": row.days_since_contact(today),
        "plan_done": row.plan_done,
        "plan_total": row.plan_total,
        "orders_in_force": [o for o in row.orders_in_force.split(", ") if o],
    }


def case_json(case: Case, serial: list[Match]) -> dict[str, Any]:
    """Everything recorded on a case, and the other cases its perpetrators may be on (``serial``); datetimes are
    ISO 8601 in UTC, dates ISO 8601."""
    return {
        "format": JSON_FORMAT,
        **case.model_dump(mode="json", exclude={"id"}),
        "possible_serial_perpetrator": [{"reference": m.reference, "why": m.why} for m in serial],
        "client": _record(case.client) if case.client else None,
        "perpetrators": [_record(p) for p in case.perpetrators],
        "incidents": [
            _record(
                i,
                behaviours=sorted(i.kinds),
                corrected=bool(i.revisions),
                revisions=[_revision(r) for r in i.revisions],
            )
            for i in case.incidents
        ],
        "notes": [_record(n) for n in case.notes],
        "safety_plan": [_record(p) for p in case.plan_items],
        "hearings": [_record(h) for h in case.hearings],
        "orders": [_record(o) for o in case.orders],
        "agency_contacts": [_record(c) for c in case.contacts],
        "intake_behaviours": [{"behaviour": b.behaviour, "outcome_at_exit": b.outcome} for b in case.behaviours],
        "outcome_measures": outcome_measures(case),
    }


def outcome_measures(case: Case) -> dict[str, str]:
    """The outcome measures as they read: "3 of 5", "declined", "not asked", "review skipped"."""
    return {
        "feels_safe_at_intake": describe_score(case.feels_safe_at_intake),
        "feels_safe_at_exit": describe_score(case.feels_safe_at_closure),
        "quality_of_life_at_intake": describe_score(case.quality_of_life_at_intake),
        "quality_of_life_at_exit": describe_score(case.quality_of_life_at_closure),
        "behaviours_at_intake": case.behaviours_at_intake or NOT_ASKED,
        "risk_at_exit": describe_risk_at_exit(case.risk_at_closure),
    }


JUSTICE_FORMAT = "advocate-justice/1"
REFERRALS_FORMAT = "advocate-referrals/1"


def justice_json(reference: str, journeys: list[JourneyRow], victims: VictimsCodeView) -> dict[str, Any]:
    """A case's crime references with their journeys, police updates and decisions, and its Victims' Code record."""
    standing = victims.standing
    return {
        "format": JUSTICE_FORMAT,
        "reference": reference,
        "crime_references": [
            _record(
                j.report,
                updates=[_record(u) for u in j.updates],
                decisions=[
                    _record(
                        r.decision,
                        qualifies_for_review=r.qualifies,
                        review_scheme=r.why,
                        review_deadline=r.deadline.isoformat() if r.deadline else None,
                    )
                    for r in j.reviews
                ],
            )
            for j in journeys
        ],
        "victims_code": {
            "enhanced_rights": _record(standing) if standing else None,
            "rights_explained": [
                {"right": right.value, "explained_on": r.explained_on.isoformat(), "explained_by": r.explained_by}
                for right, r in sorted(victims.explained.items(), key=lambda item: list(VictimRight).index(item[0]))
            ],
        },
    }


def referrals_json(reference: str, rows: list[ReferralRow]) -> dict[str, Any]:
    """A case's referral history: each referral with the criteria met when it was made and its actions."""
    return {
        "format": REFERRALS_FORMAT,
        "reference": reference,
        "referrals": [
            _record(
                row.referral,
                number=row.number,
                route_name=row.route.name,
                criteria=None
                if row.criteria is None
                else [{"label": label, "detail": detail} for label, detail in row.criteria],
                actions=[
                    {key: value for key, value in _record(a, number=n).items() if key != "referral_id"}
                    for n, a in enumerate(row.actions, start=1)
                ],
            )
            for row in rows
        ],
    }
