"""Checking what a form or the command line gave, field by field, before anything is written.

Each cleaner takes the value given (often text) and the field's label, and returns the value to store
or raises :class:`InvalidInputError` naming the field. The ``*_FIELDS`` tables say which cleaner each
editable field of a record takes; the services and the forms use the same tables.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from advocate_tui.rules import clock
from advocate_tui.rules.dates import parse_day, parse_when, uk_date
from advocate_tui.rules.equality import AGE_BAND, KEY_LIMIT, QUESTIONS
from advocate_tui.rules.errors import InvalidInputError
from advocate_tui.rules.outcomes import risk_at_exit, score_cleaner
from advocate_tui.rules.vocab import (
    AgencyKind,
    Behaviour,
    CaseStatus,
    CourtOutcome,
    CpsDecision,
    DecisionKind,
    HearingKind,
    HearingResult,
    InvestigationStatus,
    Offence,
    OrderKind,
    OrderStatus,
    PlanCategory,
    PlanStatus,
    ReferralSource,
    Relationship,
    ReportedHow,
    ReviewBody,
    RiskLevel,
    Vocabulary,
)

INCIDENT_CLOCK_SLACK = timedelta(minutes=5)
OLDEST_INCIDENT_YEARS = 30
COURT_PAST_YEARS = 10
COURT_FUTURE_YEARS = 3

Cleaner = Callable[[Any, str], Any]


def optional_text(limit: int | None = None, *, one_line: bool = False) -> Cleaner:
    """Text, blank meaning none; ``one_line`` text (a name, a reference, a phone number: shown on one
    line in lists and headers) refuses a line break."""

    def clean(value: Any, label: str) -> str | None:
        text = str(value).strip() if value is not None else ""
        if limit is not None and len(text) > limit:
            raise InvalidInputError(f"The {label} is too long ({len(text)} characters; at most {limit}).")
        if one_line and len(text.splitlines()) > 1:
            raise InvalidInputError(f"The {label} has a line break in it: give it on one line.")
        return text or None

    return clean


def one_line(limit: int) -> Cleaner:
    return optional_text(limit, one_line=True)


def required_line(limit: int) -> Cleaner:
    return required_text(limit, one_line=True)


def required_text(limit: int | None = None, *, one_line: bool = False) -> Cleaner:
    optional = optional_text(limit, one_line=one_line)

    def clean(value: Any, label: str) -> str:
        text = optional(value, label)
        if text is None:
            raise InvalidInputError(f"The {label} is empty: write something in it.")
        return text

    return clean


def vocab(vocabulary: type[Vocabulary]) -> Cleaner:
    def clean(value: Any, label: str) -> str:
        try:
            return vocabulary.parse(str(value), label).value
        except ValueError as exc:
            raise InvalidInputError(str(exc)) from None

    return clean


def optional_date(value: Any, label: str) -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return clock.local(value).date()
    if isinstance(value, date):
        return value
    return parse_day(str(value), what=label)


def flag(value: Any, label: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"yes", "y", "true", "1", "on"}:
        return True
    if text in {"no", "n", "false", "0", "off", ""}:
        return False
    raise InvalidInputError(f"The {label} must be yes or no, not '{value}'.")


def unless_blank(clean: Cleaner) -> Cleaner:
    """``clean``, except that nothing given (None or blank text) stays None: a question not asked."""

    def optional(value: Any, label: str) -> Any:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        return clean(value, label)

    return optional


def past_date(value: Any, label: str) -> date | None:
    day = optional_date(value, label)
    if day is not None and day > clock.today():
        raise InvalidInputError(f"The {label} ({uk_date(day)}) is in the future: give a date on or before today.")
    return day


@dataclass(frozen=True)
class FieldSpec:
    label: str
    clean: Cleaner


CASE_FIELDS: dict[str, FieldSpec] = {
    "status": FieldSpec("status", vocab(CaseStatus)),
    "referral_date": FieldSpec("referral date", lambda value, label: required(past_date(value, label), label)),
    "referral_source": FieldSpec("referral source", vocab(ReferralSource)),
    "first_contact_date": FieldSpec("date of first contact", past_date),
    "area": FieldSpec("area", one_line(64)),
    "advocate": FieldSpec("assigned advocate", one_line(128)),
    "crime_reference": FieldSpec("police crime reference", one_line(64)),
    "oic_name": FieldSpec("officer in the case", one_line(128)),
    "oic_contact": FieldSpec("officer's contact details", one_line(256)),
    "risk_level": FieldSpec("risk level", vocab(RiskLevel)),
    "risk_reason": FieldSpec("reason for the risk level", optional_text()),
    "outcome": FieldSpec("outcome", optional_text()),
    "feels_safe_at_intake": FieldSpec("answer to 'how safe do you feel?' at intake", score_cleaner("feels_safe")),
    "feels_safe_at_closure": FieldSpec("answer to 'how safe do you feel?' at closure", score_cleaner("feels_safe")),
    "quality_of_life_at_intake": FieldSpec(
        "answer to 'how is your quality of life?' at intake", score_cleaner("quality_of_life")
    ),
    "quality_of_life_at_closure": FieldSpec(
        "answer to 'how is your quality of life?' at closure", score_cleaner("quality_of_life")
    ),
    "risk_at_closure": FieldSpec("risk level at the closing review", risk_at_exit),
    "risk_reduced": FieldSpec("risk reduced", unless_blank(flag)),
    "reported_to_police": FieldSpec("reported to police", unless_blank(flag)),
    "support_needs_met": FieldSpec("support needs met", unless_blank(flag)),
}

CLIENT_FIELDS: dict[str, FieldSpec] = {
    "name": FieldSpec("client's name", required_line(128)),
    "preferred_name": FieldSpec("preferred name", one_line(128)),
    "pronouns": FieldSpec("pronouns", one_line(32)),
    "gender": FieldSpec("gender", one_line(32)),
    "date_of_birth": FieldSpec("date of birth", past_date),
    "language": FieldSpec("language", one_line(64)),
    "interpreter_needed": FieldSpec("interpreter needed", flag),
    # the equality questions: each answer is checked against the service's categories (rules.equality)
    "age_band": FieldSpec("age band", lambda value, _label: AGE_BAND.clean(value)),
    **{field: FieldSpec(field.replace("_", " "), one_line(KEY_LIMIT)) for field in QUESTIONS},
    "phone": FieldSpec("safe phone number", one_line(64)),
    "phone_confidential": FieldSpec("safe phone number confidential", flag),
    "safe_call_times": FieldSpec("safe times to call", one_line(128)),
    "voicemail_safe": FieldSpec("voicemail safe", flag),
    "email": FieldSpec("safe email", one_line(256)),
    "email_confidential": FieldSpec("safe email confidential", flag),
    "address": FieldSpec("address", optional_text()),
    "address_confidential": FieldSpec("address confidential", flag),
    "dependants_note": FieldSpec("children and dependants", optional_text()),
    "consent_store": FieldSpec("consent to store data", flag),
    "consent_store_on": FieldSpec("date of consent to store data", past_date),
    "consent_share_police": FieldSpec("consent to share with police", flag),
    "consent_share_police_on": FieldSpec("date of consent to share with police", past_date),
    "consent_refer": FieldSpec("consent to refer to other agencies", flag),
    "consent_refer_on": FieldSpec("date of consent to refer", past_date),
}

PERPETRATOR_FIELDS: dict[str, FieldSpec] = {
    "name": FieldSpec("perpetrator's name", one_line(128)),
    "aliases": FieldSpec("aliases", optional_text()),
    "date_of_birth": FieldSpec("perpetrator's date of birth", past_date),
    "description": FieldSpec("description", optional_text()),
    "vehicles": FieldSpec("vehicles", optional_text()),
    "address": FieldSpec("perpetrator's address", optional_text()),
    "relationship": FieldSpec("relationship to the client", vocab(Relationship)),
}

CONTACT_FIELDS: dict[str, FieldSpec] = {
    "kind": FieldSpec("agency kind", vocab(AgencyKind)),
    "organisation": FieldSpec("organisation", required_line(128)),
    "person": FieldSpec("contact person", one_line(128)),
    "phone": FieldSpec("phone", one_line(64)),
    "email": FieldSpec("email", one_line(256)),
    "notes": FieldSpec("notes", optional_text()),
}

ORDER_FIELDS: dict[str, FieldSpec] = {
    "kind": FieldSpec("order kind", vocab(OrderKind)),
    "status": FieldSpec("order status", vocab(OrderStatus)),
    "applied_on": FieldSpec("date applied", past_date),
    "granted_on": FieldSpec("date granted", past_date),
    "expires_on": FieldSpec("expiry date", optional_date),
    "court": FieldSpec("court", one_line(128)),
    "conditions": FieldSpec("conditions", optional_text()),
}

HEARING_FIELDS: dict[str, FieldSpec] = {
    "starts_at": FieldSpec("hearing date", lambda value, _label: court_time(value)),
    "court": FieldSpec("court", required_line(128)),
    "kind": FieldSpec("hearing kind", vocab(HearingKind)),
    "court_case_number": FieldSpec("court case number", one_line(64)),
    "outcome": FieldSpec("outcome", optional_text()),
    "result": FieldSpec("hearing result", unless_blank(vocab(HearingResult))),
    "notes": FieldSpec("notes", optional_text()),
}

INCIDENT_FIELDS: dict[str, FieldSpec] = {
    "occurred_at": FieldSpec("incident date", lambda value, _label: incident_moment(value)),
    "approximate": FieldSpec("time is approximate", flag),
    "description": FieldSpec("incident description", required_text()),
    "location": FieldSpec("location", optional_text()),
    "witnesses": FieldSpec("witnesses", optional_text()),
    "evidence_what": FieldSpec("evidence held", optional_text()),
    "evidence_where": FieldSpec("where the evidence is", optional_text()),
    "evidence_do_not_handle": FieldSpec("evidence not to be handled", flag),
    "police_reference": FieldSpec("police reference", one_line(64)),
    "police_reported_on": FieldSpec("date reported to police", past_date),
    "police_officer": FieldSpec("police officer", one_line(128)),
    "impact": FieldSpec("impact on the client", optional_text()),
    "serious": FieldSpec("serious incident", flag),
    "behaviours": FieldSpec("behaviour kind", lambda value, label: behaviour_kinds(value, label)),
}

PLAN_FIELDS: dict[str, FieldSpec] = {
    "category": FieldSpec("plan category", vocab(PlanCategory)),
    "title": FieldSpec("plan item title", required_line(256)),
    "status": FieldSpec("plan item status", vocab(PlanStatus)),
    "due_on": FieldSpec("due date", optional_date),
    "notes": FieldSpec("notes", optional_text()),
}


CRIME_FIELDS: dict[str, FieldSpec] = {
    "crime_number": FieldSpec("crime or incident number", required_line(64)),
    "reported_on": FieldSpec("date reported", past_date),
    "reported_how": FieldSpec("how it was reported", unless_blank(vocab(ReportedHow))),
    "oic_name": FieldSpec("officer in the case", one_line(128)),
    "oic_contact": FieldSpec("officer's contact details", one_line(256)),
    "status": FieldSpec("investigation status", vocab(InvestigationStatus)),
    "status_reason": FieldSpec("reason or conditions", optional_text()),
    "offence": FieldSpec("offence charged", unless_blank(vocab(Offence))),
    "charged_on": FieldSpec("date charged", past_date),
    "cps_decision": FieldSpec("CPS decision", unless_blank(vocab(CpsDecision))),
    "cps_decided_on": FieldSpec("date of the CPS decision", past_date),
    "court_outcome": FieldSpec("court outcome", unless_blank(vocab(CourtOutcome))),
    "outcome_on": FieldSpec("date of the outcome", past_date),
    "sentence": FieldSpec("sentence", optional_text()),
    "restraining_order_id": FieldSpec("restraining order", lambda value, _label: int(value) if value else None),
}

POLICE_UPDATE_FIELDS: dict[str, FieldSpec] = {
    "given_on": FieldSpec("date of the update", lambda value, label: required(past_date(value, label), label)),
    "given_by": FieldSpec("who gave the update", required_line(128)),
    "said": FieldSpec("what the police said", required_text()),
    "client_told": FieldSpec("what the client was told", optional_text()),
}

DECISION_FIELDS: dict[str, FieldSpec] = {
    "body": FieldSpec("who made the decision", vocab(ReviewBody)),
    "kind": FieldSpec("kind of decision", vocab(DecisionKind)),
    "decided_on": FieldSpec("date of the decision", lambda value, label: required(past_date(value, label), label)),
    "interviewed_under_caution": FieldSpec("suspect interviewed under caution", flag),
    "review_requested_on": FieldSpec("date a review was asked for", past_date),
}

STANDING_FIELDS: dict[str, FieldSpec] = {
    "enhanced": FieldSpec("eligible for enhanced rights", flag),
    "reason": FieldSpec("reason for the judgement", required_text()),
    "decided_by": FieldSpec("who decided", required_line(128)),
    "decided_on": FieldSpec("date decided", lambda value, label: required(past_date(value, label), label)),
}


MINUTES_IN_A_DAY = 1440


def minutes_spent(value: Any, label: str) -> int:
    """Time spent on a piece of work: whole minutes, at most a day."""
    text = str(value).strip() if value is not None else ""
    if not text.isdigit() or not 1 <= int(text) <= MINUTES_IN_A_DAY:
        raise InvalidInputError(
            f"The {label} must be a whole number of minutes from 1 to {MINUTES_IN_A_DAY}, not '{value}'."
        )
    return int(text)


CONSULTATION_FIELDS: dict[str, FieldSpec] = {
    "held_on": FieldSpec("date of the consultation", lambda value, label: required(past_date(value, label), label)),
    "organisation": FieldSpec("organisation", required_line(128)),
    "professional": FieldSpec("professional's name", required_line(128)),
    "role": FieldSpec("professional's role", one_line(128)),
    "question": FieldSpec("question asked", required_text()),
    "advice": FieldSpec("advice given", required_text()),
    "minutes": FieldSpec("time spent", minutes_spent),
    "follow_up": FieldSpec("follow-up", optional_text()),
    "follow_up_on": FieldSpec("follow-up date", optional_date),
}


def required(value: Any, label: str) -> Any:
    if value is None:
        raise InvalidInputError(f"The {label} is missing: give one.")
    return value


def clean_fields(specs: dict[str, FieldSpec], values: dict[str, Any]) -> dict[str, Any]:
    """Validate ``values`` against ``specs``; unknown field names are a programming error."""
    cleaned = {}
    for name, value in values.items():
        spec = specs[name]
        cleaned[name] = spec.clean(value, spec.label)
    return cleaned


def court_time(value: Any) -> datetime:
    if not isinstance(value, datetime):
        value = parse_when(str(value), prefer="future", what="hearing date")[0]
    moment = clock.local(value)
    today = clock.today()
    if (
        not today.replace(year=today.year - COURT_PAST_YEARS)
        <= moment.date()
        <= today.replace(year=today.year + COURT_FUTURE_YEARS)
    ):
        raise InvalidInputError(
            f"A hearing on {uk_date(moment)} is not plausible: court dates must fall within "
            f"{COURT_PAST_YEARS} years before and {COURT_FUTURE_YEARS} years after today."
        )
    return moment


def check_hearing_result(starts_at: datetime, result: str | None) -> None:
    """A hearing's result is what came of it: it needs the hearing to have started."""
    moment = clock.local(starts_at)
    if result is not None and moment > clock.now():
        raise InvalidInputError(
            f"The hearing on {moment:%d %b %Y %H:%M} has not started yet, so it has no result: record the result "
            "once it has been heard (a hearing moved to another day gets its new date instead)."
        )


def checked_incident_time(value: datetime) -> datetime:
    moment = clock.local(value)
    now = clock.now()
    if moment > now + INCIDENT_CLOCK_SLACK:
        raise InvalidInputError(
            f"An incident cannot be in the future ({moment:%d %b %Y %H:%M} is after now): check the date."
        )
    if moment.year < now.year - OLDEST_INCIDENT_YEARS:
        raise InvalidInputError(
            f"An incident in {moment.year} is more than {OLDEST_INCIDENT_YEARS} years ago: check the year."
        )
    return moment


def incident_moment(value: datetime | str) -> datetime:
    """An incident's date and time, given as a datetime or typed the everyday way."""
    return incident_time(value)[0] if isinstance(value, str) else checked_incident_time(value)


def behaviour_kinds(value: Any, label: str) -> list[str]:
    """Behaviour kinds, as a list or comma-separated text; none given is recorded as "other"."""
    given = value.split(",") if isinstance(value, str) else list(value or ())
    kinds = {vocab(Behaviour)(kind.strip(), label) for kind in given if str(kind).strip()}
    return sorted(kinds) or [Behaviour.OTHER.value]


def incident_time(text: str) -> tuple[datetime, bool]:
    """Parse an incident's everyday date and check it as add_incident will; return it and whether a time was given."""
    moment, has_time = parse_when(text, prefer="past", what="incident date")
    return checked_incident_time(moment), has_time


def check_order_dates(granted: date | None, expires: date | None) -> None:
    if granted and expires and expires <= granted:
        raise InvalidInputError(
            f"The expiry date ({uk_date(expires)}) must be after the date granted ({uk_date(granted)})."
        )
