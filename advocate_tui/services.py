"""Domain operations on the caseload: the only code that reads or writes casework records.

The CLI and the TUI both call :class:`Casework`. Each method is one transaction, validates its
input (raising :class:`~advocate_tui.errors.AdvocateError` with a sentence for the user before
anything is written) and returns plain models or row dataclasses that are safe to use after the
session has closed.
"""

import difflib
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from datetime import date, datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import and_, func, insert, or_, update
from sqlalchemy import case as sql_case
from sqlalchemy.orm import lazyload, raiseload, selectinload
from sqlmodel import Session, SQLModel, select

from advocate_tui import audit, clock, patterns, references
from advocate_tui.config import RiskThresholds
from advocate_tui.dates import parse_day, uk_date
from advocate_tui.db import Database
from advocate_tui.errors import InvalidInputError, NotFoundError, StaleRecordError
from advocate_tui.models import (
    AgencyContact,
    AlertAcknowledgement,
    Case,
    Client,
    CourtEvent,
    Document,
    Incident,
    IncidentBehaviour,
    Note,
    Perpetrator,
    PlanItem,
    ProtectiveOrder,
    RiskAnswer,
    RiskAssessment,
)
from advocate_tui.patterns import Alert, IncidentHistory, IncidentPattern
from advocate_tui.reports import Report, build_report
from advocate_tui.risk import (
    Checklist,
    GivenAnswer,
    IncidentFacts,
    ReviewDue,
    RiskOverview,
    band,
    clean_answers,
    load_checklists,
    marac_criteria,
    offer_reason,
    review_due,
    score,
)
from advocate_tui.vocab import (
    CLOSURE_STATUS,
    DOMESTIC_RELATIONSHIPS,
    ENDED_STATUSES,
    ORDER_IN_FORCE,
    PLAN_EXCLUDED,
    PLAN_STATUS_CYCLE,
    AgencyKind,
    Behaviour,
    CaseStatus,
    ClosureReason,
    HearingKind,
    HearingResult,
    NoteKind,
    OrderKind,
    OrderStatus,
    PlanCategory,
    PlanStatus,
    ReferralSource,
    Relationship,
    RiskLevel,
    Vocabulary,
)

#: PostgreSQL advisory-lock key under which new references are handed out ("STK" in ASCII).
REFERENCE_LOCK = 0x53544B
NO_CONTACT_DAYS = 14
HEARING_HORIZON_DAYS = 14
ORDER_EXPIRY_DAYS = 30
PLAN_DUE_SOON_DAYS = 7
INCIDENT_CLOCK_SLACK = timedelta(minutes=5)
OLDEST_INCIDENT_YEARS = 30
COURT_PAST_YEARS = 10
COURT_FUTURE_YEARS = 3

M = TypeVar("M", bound=SQLModel)


# -- input cleaning ----------------------------------------------------------------------
# Each cleaner takes what a form or the command line gave (often a string) and the field's
# label, and returns the value to store or raises InvalidInputError naming the field.

Cleaner = Callable[[Any, str], Any]


def _optional_text(limit: int | None = None) -> Cleaner:
    def clean(value: Any, label: str) -> str | None:
        text = str(value).strip() if value is not None else ""
        if limit is not None and len(text) > limit:
            raise InvalidInputError(f"The {label} is too long ({len(text)} characters; at most {limit}).")
        return text or None

    return clean


def _required_text(limit: int | None = None) -> Cleaner:
    optional = _optional_text(limit)

    def clean(value: Any, label: str) -> str:
        text = optional(value, label)
        if text is None:
            raise InvalidInputError(f"The {label} is empty: write something in it.")
        return text

    return clean


def _vocab(vocabulary: type[Vocabulary]) -> Cleaner:
    def clean(value: Any, label: str) -> str:
        try:
            return vocabulary.parse(str(value), label).value
        except ValueError as exc:
            raise InvalidInputError(str(exc)) from None

    return clean


def _optional_date(value: Any, label: str) -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return clock.local(value).date()
    if isinstance(value, date):
        return value
    return parse_day(str(value), what=label)


def _flag(value: Any, label: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"yes", "y", "true", "1", "on"}:
        return True
    if text in {"no", "n", "false", "0", "off", ""}:
        return False
    raise InvalidInputError(f"The {label} must be yes or no, not '{value}'.")


def _unless_blank(clean: Cleaner) -> Cleaner:
    """``clean``, except that nothing given (None or blank text) stays None: a question not asked."""

    def optional(value: Any, label: str) -> Any:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        return clean(value, label)

    return optional


def _scale(value: Any, label: str) -> int:
    """A 1-5 answer to "how safe do you feel?" (1 not at all, 5 completely)."""
    text = str(value).strip()
    if not text.isdigit() or not 1 <= int(text) <= 5:
        raise InvalidInputError(f"The {label} must be a whole number from 1 (not at all safe) to 5 (completely safe), not '{value}'.")
    return int(text)


def _past_date(value: Any, label: str) -> date | None:
    day = _optional_date(value, label)
    if day is not None and day > clock.today():
        raise InvalidInputError(f"The {label} ({uk_date(day)}) is in the future: give a date on or before today.")
    return day


@dataclass(frozen=True)
class FieldSpec:
    label: str
    clean: Cleaner


CASE_FIELDS: dict[str, FieldSpec] = {
    "status": FieldSpec("status", _vocab(CaseStatus)),
    "referral_date": FieldSpec("referral date", lambda v, l: _required(_past_date(v, l), l)),
    "referral_source": FieldSpec("referral source", _vocab(ReferralSource)),
    "first_contact_date": FieldSpec("date of first contact", _past_date),
    "area": FieldSpec("area", _optional_text(64)),
    "advocate": FieldSpec("assigned advocate", _optional_text(128)),
    "crime_reference": FieldSpec("police crime reference", _optional_text(64)),
    "oic_name": FieldSpec("officer in the case", _optional_text(128)),
    "oic_contact": FieldSpec("officer's contact details", _optional_text(256)),
    "risk_level": FieldSpec("risk level", _vocab(RiskLevel)),
    "marac_referral_date": FieldSpec("MARAC referral date", _past_date),
    "outcome": FieldSpec("outcome", _optional_text()),
    "feels_safe_at_intake": FieldSpec("answer to 'how safe do you feel?' at intake", _unless_blank(_scale)),
    "feels_safe_at_closure": FieldSpec("answer to 'how safe do you feel?' at closure", _unless_blank(_scale)),
    "risk_reduced": FieldSpec("risk reduced", _unless_blank(_flag)),
    "reported_to_police": FieldSpec("reported to police", _unless_blank(_flag)),
    "support_needs_met": FieldSpec("support needs met", _unless_blank(_flag)),
}

CLIENT_FIELDS: dict[str, FieldSpec] = {
    "name": FieldSpec("client's name", _required_text(128)),
    "preferred_name": FieldSpec("preferred name", _optional_text(128)),
    "pronouns": FieldSpec("pronouns", _optional_text(32)),
    "gender": FieldSpec("gender", _optional_text(32)),
    "date_of_birth": FieldSpec("date of birth", _past_date),
    "language": FieldSpec("language", _optional_text(64)),
    "interpreter_needed": FieldSpec("interpreter needed", _flag),
    "phone": FieldSpec("safe phone number", _optional_text(64)),
    "safe_call_times": FieldSpec("safe times to call", _optional_text(128)),
    "voicemail_safe": FieldSpec("voicemail safe", _flag),
    "email": FieldSpec("safe email", _optional_text(256)),
    "address": FieldSpec("address", _optional_text()),
    "address_confidential": FieldSpec("address confidential", _flag),
    "dependants_note": FieldSpec("children and dependants", _optional_text()),
    "consent_store": FieldSpec("consent to store data", _flag),
    "consent_store_on": FieldSpec("date of consent to store data", _past_date),
    "consent_share_police": FieldSpec("consent to share with police", _flag),
    "consent_share_police_on": FieldSpec("date of consent to share with police", _past_date),
    "consent_refer": FieldSpec("consent to refer to other agencies", _flag),
    "consent_refer_on": FieldSpec("date of consent to refer", _past_date),
}

PERPETRATOR_FIELDS: dict[str, FieldSpec] = {
    "name": FieldSpec("perpetrator's name", _optional_text(128)),
    "aliases": FieldSpec("aliases", _optional_text()),
    "date_of_birth": FieldSpec("perpetrator's date of birth", _past_date),
    "description": FieldSpec("description", _optional_text()),
    "vehicles": FieldSpec("vehicles", _optional_text()),
    "address": FieldSpec("perpetrator's address", _optional_text()),
    "relationship": FieldSpec("relationship to the client", _vocab(Relationship)),
}

CONTACT_FIELDS: dict[str, FieldSpec] = {
    "kind": FieldSpec("agency kind", _vocab(AgencyKind)),
    "organisation": FieldSpec("organisation", _required_text(128)),
    "person": FieldSpec("contact person", _optional_text(128)),
    "phone": FieldSpec("phone", _optional_text(64)),
    "email": FieldSpec("email", _optional_text(256)),
    "notes": FieldSpec("notes", _optional_text()),
}

ORDER_FIELDS: dict[str, FieldSpec] = {
    "kind": FieldSpec("order kind", _vocab(OrderKind)),
    "status": FieldSpec("order status", _vocab(OrderStatus)),
    "applied_on": FieldSpec("date applied", _past_date),
    "granted_on": FieldSpec("date granted", _past_date),
    "expires_on": FieldSpec("expiry date", _optional_date),
    "court": FieldSpec("court", _optional_text(128)),
    "conditions": FieldSpec("conditions", _optional_text()),
}

HEARING_FIELDS: dict[str, FieldSpec] = {
    "starts_at": FieldSpec("hearing date", lambda v, l: _court_time(v)),
    "court": FieldSpec("court", _required_text(128)),
    "kind": FieldSpec("hearing kind", _vocab(HearingKind)),
    "court_case_number": FieldSpec("court case number", _optional_text(64)),
    "outcome": FieldSpec("outcome", _optional_text()),
    "result": FieldSpec("hearing result", _unless_blank(_vocab(HearingResult))),
    "notes": FieldSpec("notes", _optional_text()),
}

PLAN_FIELDS: dict[str, FieldSpec] = {
    "category": FieldSpec("plan category", _vocab(PlanCategory)),
    "title": FieldSpec("plan item title", _required_text(256)),
    "status": FieldSpec("plan item status", _vocab(PlanStatus)),
    "due_on": FieldSpec("due date", _optional_date),
    "notes": FieldSpec("notes", _optional_text()),
}


def _required(value: Any, label: str) -> Any:
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


def _court_time(value: Any) -> datetime:
    if not isinstance(value, datetime):
        from advocate_tui.dates import parse_when

        value = parse_when(str(value), prefer="future", what="hearing date")[0]
    moment = clock.local(value)
    today = clock.today()
    if not today.replace(year=today.year - COURT_PAST_YEARS) <= moment.date() <= today.replace(
        year=today.year + COURT_FUTURE_YEARS
    ):
        raise InvalidInputError(
            f"A hearing on {uk_date(moment)} is not plausible: court dates must fall within "
            f"{COURT_PAST_YEARS} years before and {COURT_FUTURE_YEARS} years after today."
        )
    return moment


def _incident_time(value: datetime) -> datetime:
    moment = clock.local(value)
    now = clock.now()
    if moment > now + INCIDENT_CLOCK_SLACK:
        raise InvalidInputError(
            f"An incident cannot be in the future ({moment:%d %b %Y %H:%M} is after now): check the date."
        )
    if moment.year < now.year - OLDEST_INCIDENT_YEARS:
        raise InvalidInputError(f"An incident in {moment.year} is more than {OLDEST_INCIDENT_YEARS} years ago: check the year.")
    return moment


# -- read models --------------------------------------------------------------------------


def _open_case() -> Any:
    """The condition "the case is open", as the status index answers it (``NOT IN`` ended statuses
    would read every case, closed ones included)."""
    return Case.status.in_([s.value for s in CaseStatus if s not in ENDED_STATUSES])


@dataclass(frozen=True)
class CaseRow:
    """One line of the caseload."""

    id: int
    reference: str
    name: str
    preferred_name: str | None
    risk_level: str
    status: str
    domestic: bool
    crime_reference: str | None
    area: str | None
    referral_date: date
    next_hearing: datetime | None
    last_contact: datetime | None
    plan_done: int
    plan_total: int
    orders_in_force: str
    perpetrator_names: str

    @property
    def display_name(self) -> str:
        return self.preferred_name or self.name

    def days_since_contact(self, today: date) -> int:
        """Days since the last note, or since referral when there is none."""
        last = clock.local(self.last_contact).date() if self.last_contact else self.referral_date
        return (today - last).days

    @cached_property
    def _haystack(self) -> str:
        """What :meth:`matches` searches, made once: the caseload filter tries every row at each keystroke."""
        return " ".join(
            filter(None, (self.reference, self.name, self.preferred_name, self.perpetrator_names, self.crime_reference))
        ).casefold()

    def matches(self, needle: str) -> bool:
        """Case-insensitive match on reference, client names, perpetrator names and crime reference."""
        needle = needle.strip().casefold()
        return not needle or needle in self._haystack


@dataclass(frozen=True)
class AgendaEntry:
    """One row of the agenda: what is due, and the case it belongs to."""

    section: str
    when: date
    reference: str
    name: str
    what: str
    overdue: bool = False


@dataclass(frozen=True)
class DemoSummary:
    cases: int
    first_reference: str
    last_reference: str


@dataclass(frozen=True)
class AddedNote:
    """A note just added (a row, not a model: see :meth:`Casework.add_note`)."""

    id: int
    reference: str
    kind: str
    noted_at: datetime


# -- the service --------------------------------------------------------------------------


class Casework:
    """Every operation on cases, for the CLI and the TUI alike."""

    def __init__(self, db: Database, user: str | None = None, areas: Iterable[str] | None = None,
                 plan_file: Path | None = None, thresholds: RiskThresholds | None = None) -> None:
        self.db = db
        self._thresholds = thresholds
        self._checklists: dict[str, Checklist] | None = None
        if user is None or areas is None:
            from advocate_tui.config import load_settings

            settings = load_settings()
            user = user or settings.advocate_name
            areas = areas if areas is not None else settings.areas
            plan_file = plan_file or settings.safety_plan_file
        self.user = user
        self.areas = tuple(areas)
        self.plan_file = plan_file
        db.actor = user  # the audit trail names this advocate for every change

    # -- finding cases --------------------------------------------------------------

    def _case(self, session: Session, reference: str) -> Case:
        ref = reference.strip().upper()
        case = session.exec(select(Case).where(Case.reference == ref)).first()
        if case is None:
            raise NotFoundError(self._unknown_reference(session, ref))
        return case

    def _unknown_reference(self, session: Session, ref: str) -> str:
        if not ref:
            return "No case reference given: give one such as STK-2026-0001."
        known = session.exec(select(Case.reference)).all()
        close = difflib.get_close_matches(ref, known, n=1, cutoff=0.6)
        hint = f" Did you mean {close[0]}?" if close else " See `advocate case list --all`."
        return f"There is no case {ref}.{hint}"

    def get_case(self, reference: str) -> Case:
        """The case with everything recorded on it loaded."""
        case = self._read_case(reference, incidents=True)
        with self.db.session() as session:
            audit.record(session, "view", Case.__tablename__, case.id, case_reference=case.reference)
        return case

    def case_summary(self, reference: str) -> Case:
        """The case without its incident log (reading it raises), which takes a big case a while: to
        show the rest at once, before :meth:`get_case`, which records the view."""
        return self._read_case(reference, incidents=False)

    def _read_case(self, reference: str, *, incidents: bool) -> Case:
        with self.db.reader() as session:
            ref = reference.strip().upper()
            case = session.exec(
                select(Case)
                .where(Case.reference == ref)
                .options(
                    selectinload(Case.client),
                    selectinload(Case.perpetrators),
                    selectinload(Case.incidents).selectinload(Incident.behaviours) if incidents
                    else raiseload(Case.incidents),
                    selectinload(Case.notes),
                    selectinload(Case.plan_items),
                    selectinload(Case.hearings),
                    selectinload(Case.orders),
                    selectinload(Case.contacts),
                )
            ).first()
            if case is None:
                raise NotFoundError(self._unknown_reference(session, ref))
        return case

    def count_cases(self) -> int:
        with self.db.reader() as session:
            return session.exec(select(func.count(Case.id))).one()

    def list_cases(self, include_closed: bool = False, text: str = "") -> list[CaseRow]:
        """The caseload in reference order; ``text`` filters as :meth:`CaseRow.matches` does."""
        now = clock.utcnow()
        today = clock.today()
        plan_done = (
            select(func.count(PlanItem.id))
            .where(PlanItem.case_id == Case.id, PlanItem.status == PlanStatus.DONE.value)
            .scalar_subquery()
        )
        plan_total = (
            select(func.count(PlanItem.id))
            .where(PlanItem.case_id == Case.id, PlanItem.status.not_in([s.value for s in PLAN_EXCLUDED]))
            .scalar_subquery()
        )
        next_hearing = (
            select(func.min(CourtEvent.starts_at))
            .where(CourtEvent.case_id == Case.id, CourtEvent.starts_at >= now)
            .scalar_subquery()
        )
        last_contact = select(func.max(Note.noted_at)).where(Note.case_id == Case.id).scalar_subquery()
        orders = (
            select(func.aggregate_strings(ProtectiveOrder.kind, ","))
            .where(
                ProtectiveOrder.case_id == Case.id,
                ProtectiveOrder.status.in_([s.value for s in ORDER_IN_FORCE]),
                or_(ProtectiveOrder.expires_on.is_(None), ProtectiveOrder.expires_on >= today),
            )
            .scalar_subquery()
        )
        perpetrators = (
            select(func.aggregate_strings(Perpetrator.name, " "))
            .where(Perpetrator.case_id == Case.id)
            .scalar_subquery()
        )
        query = (
            select(
                Case.id, Case.reference, Client.name, Client.preferred_name, Case.risk_level, Case.status,
                Case.domestic, Case.crime_reference, Case.area, Case.referral_date,
                next_hearing, last_contact, plan_done, plan_total, orders, perpetrators,
            )
            .join(Client, Client.case_id == Case.id)
            .order_by(Case.reference)
        )
        if not include_closed:
            query = query.where(_open_case())
        with self.db.reader() as session:
            rows = [
                CaseRow(
                    id=r[0], reference=r[1], name=r[2], preferred_name=r[3], risk_level=r[4], status=r[5],
                    domestic=r[6], crime_reference=r[7], area=r[8], referral_date=r[9], next_hearing=r[10],
                    last_contact=r[11], plan_done=r[12], plan_total=r[13],
                    orders_in_force=", ".join(OrderKind(k).label for k in sorted(set((r[14] or "").split(","))) if k),
                    perpetrator_names=r[15] or "",
                )
                for r in session.exec(query)
            ]
        return [row for row in rows if row.matches(text)] if text else rows

    # -- creating and closing -------------------------------------------------------

    def create_case(
        self,
        client_name: str,
        *,
        relationship: str | None = None,
        perpetrator_name: str | None = None,
        area: str | None = None,
        source: str = ReferralSource.POLICE.value,
        risk: str = RiskLevel.STANDARD.value,
        crime_reference: str | None = None,
        referral_date: date | str | None = None,
        preferred_name: str | None = None,
        feels_safe: int | str | None = None,
    ) -> Case:
        """Open a new case with its client, an optional first perpetrator and the starting plan.

        ``feels_safe`` is the client's answer at intake to "how safe do you feel?" from 1 to 5."""
        client = clean_fields(CLIENT_FIELDS, {"name": client_name, "preferred_name": preferred_name})
        case_values = clean_fields(
            CASE_FIELDS,
            {
                "referral_source": source,
                "risk_level": risk,
                "crime_reference": crime_reference,
                "referral_date": referral_date or clock.today(),
                "area": self._area(area),
                "feels_safe_at_intake": feels_safe,
            },
        )
        case_values["risk_at_intake"] = case_values["risk_level"]
        perpetrator = None
        if relationship is not None or perpetrator_name is not None:
            perpetrator = clean_fields(
                PERPETRATOR_FIELDS,
                {"relationship": relationship or Relationship.UNKNOWN.value, "name": perpetrator_name},
            )
        plan = self.starting_plan()
        with self.db.session() as session:
            case = Case(
                reference=self._next_reference(session),
                advocate=self.user,
                domestic=bool(perpetrator and perpetrator["relationship"] in DOMESTIC_RELATIONSHIPS),
                **case_values,
            )
            case.client = Client(**client, consent_store=True, consent_store_on=clock.today())
            if perpetrator:
                case.perpetrators.append(Perpetrator(**perpetrator))
            today = clock.today()
            case.plan_items.extend(
                PlanItem(position=i, category=c, title=t, due_on=today + timedelta(days=d) if d is not None else None)
                for i, (c, t, d) in enumerate(plan)
            )
            session.add(case)
            session.flush()
            session.refresh(case, ["client"])
        return case

    def _area(self, area: str | None) -> str | None:
        if area is None:
            return None
        for known in self.areas:
            if known.casefold() == area.strip().casefold():
                return known
        raise InvalidInputError(f"'{area}' is not one of this service's areas: use one of {', '.join(self.areas)}.")

    def _next_reference(self, session: Session) -> str:
        """The next free reference. Two new cases must not take the same one: SQLite writers already
        queue (``BEGIN IMMEDIATE``); on PostgreSQL a lock held to the end of the transaction makes them."""
        if not self.db.is_sqlite:
            session.exec(select(func.pg_advisory_xact_lock(REFERENCE_LOCK)))
        year = clock.today().year
        return references.reference(year, references.next_number(session, year))

    def starting_plan(self) -> list[tuple[str, str, int | None]]:
        """The starting checklist as (category, title, days until due), from the service's file or ours."""
        if self.plan_file is not None:
            where = str(self.plan_file)
            try:
                source = self.plan_file.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise InvalidInputError(f"The safety plan {where} cannot be read ({exc.__class__.__name__}): fix service.safety_plan.") from None
        else:
            source = resources.files("advocate_tui").joinpath("data/safety_plan.toml").read_text(encoding="utf-8")
            where = "the built-in safety plan"
        try:
            items = tomllib.loads(source).get("item", [])
        except tomllib.TOMLDecodeError as exc:
            raise InvalidInputError(f"{where} is not valid TOML ({exc}): fix it or remove service.safety_plan.") from None
        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            raise InvalidInputError(f"{where} must list its items as [[item]] tables.")
        plan = []
        for number, item in enumerate(items, start=1):
            try:
                category = PlanCategory.parse(str(item.get("category", "")), "plan category").value
            except ValueError as exc:
                raise InvalidInputError(f"Item {number} of {where}: {exc}") from None
            title = str(item.get("title", "")).strip()
            if not title:
                raise InvalidInputError(f"Item {number} of {where} has no title: add title = \"…\".")
            days = item.get("due_in_days")
            if days is not None and (type(days) is not int or days < 0):
                raise InvalidInputError(f"Item {number} of {where}: due_in_days must be a whole number of days, 0 or more.")
            plan.append((category, title, days))
        return plan

    def close_case(self, reference: str, reason: str, outcome: str | None = None, *,
                   feels_safe: int | str | None = None, risk_reduced: bool | str | None = None,
                   reported_to_police: bool | str | None = None, support_needs_met: bool | str | None = None) -> Case:
        """Close a case with the outcome questions asked at exit; None means a question was not asked."""
        reason_value = _vocab(ClosureReason)(reason, "closure reason")
        measures = clean_fields(CASE_FIELDS, {
            "feels_safe_at_closure": feels_safe, "risk_reduced": risk_reduced,
            "reported_to_police": reported_to_police, "support_needs_met": support_needs_met,
        })
        with self.db.session() as session:
            case = self._case(session, reference)
            if case.status in ENDED_STATUSES:
                raise InvalidInputError(f"{case.reference} is already {CaseStatus(case.status).label.lower()} (since {uk_date(case.closed_on)}).")
            status = CLOSURE_STATUS.get(ClosureReason(reason_value), CaseStatus.CLOSED).value
            self._bump(case, status=status, closed_on=clock.today(), closure_reason=reason_value,
                       outcome=_optional_text()(outcome, "outcome") or case.outcome, **measures)
        return case

    # -- updating records people edit ------------------------------------------------

    def _bump(self, record: SQLModel, **changes: Any) -> None:
        for name, value in changes.items():
            setattr(record, name, value)
        record.version += 1
        record.updated_at = clock.utcnow()

    def _update(self, model: type[M], record_id: int, expected_version: int, specs: dict[str, FieldSpec],
                changes: dict[str, Any], what: str, stamped: dict[str, Any] | None = None,
                after: Callable[[Session, M], None] | None = None) -> M:
        """Apply ``changes`` (and already-clean ``stamped`` values) only if the record is still at
        ``expected_version``; otherwise raise :class:`StaleRecordError` and write nothing.

        ``after`` runs in the same transaction on the updated record: what it raises undoes the update."""
        cleaned = clean_fields(specs, changes) | (stamped or {})
        with self.db.session() as session:
            result = session.exec(
                update(model)
                .where(and_(model.id == record_id, model.version == expected_version))
                .values(**cleaned, version=model.version + 1, updated_at=clock.utcnow())
                .execution_options(synchronize_session=False)
            )
            if result.rowcount != 1:
                current = session.get(model, record_id)
                if current is None:
                    raise NotFoundError(f"The {what} no longer exists (someone may have removed it): reload and check.")
                raise StaleRecordError(
                    f"The {what} was changed by someone else since you opened it, so your change was not saved: "
                    "reload it and make your change again."
                )
            record = session.get(model, record_id, populate_existing=True)
            audit.record(session, "update", model.__tablename__, record_id,
                         case_reference=audit.reference_of(session, record), fields=cleaned)
            if after is not None:
                after(session, record)
            return record

    def update_case(self, case_id: int, version: int, **changes: Any) -> Case:
        if "area" in changes:
            changes["area"] = self._area(changes["area"]) if changes["area"] else None
        return self._update(Case, case_id, version, CASE_FIELDS, changes, "case")

    def update_client(self, client_id: int, version: int, **changes: Any) -> Client:
        return self._update(Client, client_id, version, CLIENT_FIELDS, changes, "client's details")

    def update_perpetrator(self, perpetrator_id: int, version: int, **changes: Any) -> Perpetrator:
        return self._update(Perpetrator, perpetrator_id, version, PERPETRATOR_FIELDS, changes, "perpetrator's details",
                            after=lambda session, perpetrator: self._refresh_domestic(session, perpetrator.case_id))

    def update_contact(self, contact_id: int, version: int, **changes: Any) -> AgencyContact:
        return self._update(AgencyContact, contact_id, version, CONTACT_FIELDS, changes, "agency contact")

    def update_order(self, order_id: int, version: int, **changes: Any) -> ProtectiveOrder:
        return self._update(ProtectiveOrder, order_id, version, ORDER_FIELDS, changes, "protective order",
                            after=lambda _session, order: _check_order_dates(order.granted_on, order.expires_on))

    def update_hearing(self, hearing_id: int, version: int, **changes: Any) -> CourtEvent:
        return self._update(CourtEvent, hearing_id, version, HEARING_FIELDS, changes, "court date")

    def update_plan_item(self, item_id: int, version: int, **changes: Any) -> PlanItem:
        stamped = {}
        if "status" in changes:
            done = clean_fields(PLAN_FIELDS, {"status": changes["status"]})["status"] == PlanStatus.DONE
            stamped["completed_at"] = clock.utcnow() if done else None
        return self._update(PlanItem, item_id, version, PLAN_FIELDS, changes, "plan item", stamped)

    def cycle_plan_item(self, item_id: int, version: int, current_status: str) -> PlanItem:
        """Move a plan item to the next status in :data:`PLAN_STATUS_CYCLE`."""
        position = PLAN_STATUS_CYCLE.index(PlanStatus(current_status))
        following = PLAN_STATUS_CYCLE[(position + 1) % len(PLAN_STATUS_CYCLE)]
        return self.update_plan_item(item_id, version, status=following.value)

    def _refresh_domestic(self, session: Session, case_id: int) -> None:
        relationships = session.exec(select(Perpetrator.relationship).where(Perpetrator.case_id == case_id)).all()
        domestic = any(r in DOMESTIC_RELATIONSHIPS for r in relationships)
        session.exec(update(Case).where(Case.id == case_id).values(domestic=domestic))

    # -- adding records to a case ----------------------------------------------------

    def add_perpetrator(self, reference: str, **values: Any) -> Perpetrator:
        cleaned = clean_fields(PERPETRATOR_FIELDS, {"relationship": Relationship.UNKNOWN.value, **values})
        with self.db.session() as session:
            case = self._case(session, reference)
            perpetrator = Perpetrator(case_id=case.id, **cleaned)
            session.add(perpetrator)
            session.flush()
            self._refresh_domestic(session, case.id)
        return perpetrator

    def add_contact(self, reference: str, **values: Any) -> AgencyContact:
        cleaned = clean_fields(CONTACT_FIELDS, values)
        return self._add(reference, lambda case_id: AgencyContact(case_id=case_id, **cleaned))

    def _add(self, reference: str, build: Callable[[int], M]) -> M:
        with self.db.session() as session:
            case = self._case(session, reference)
            record = build(case.id)
            session.add(record)
        return record

    def _case_key(self, session: Session, reference: str) -> tuple[int, str]:
        """The id and reference of a case, found with a Core statement (see :meth:`add_note`)."""
        ref = reference.strip().upper()
        cases = Case.__table__
        case_id = session.exec(select(cases.c.id).where(cases.c.reference == ref)).first()
        if case_id is None:
            raise NotFoundError(self._unknown_reference(session, ref))
        return case_id, ref

    def add_note(self, reference: str, text: str | Callable[[], str], kind: str = NoteKind.OTHER.value,
                 noted_at: datetime | None = None) -> AddedNote:
        """Add to the contact log. ``text`` may be a function that asks for it (an editor): it is called
        only once the case and the kind are known to be right, so no one writes a note that is then refused.

        ``advocate note`` is the quickest entry of all, so this uses Core statements only: setting up
        the ORM's mappers would add a fifth to the command's time (see bench/run.py)."""
        kind_value = _vocab(NoteKind)(kind, "note kind")
        if callable(text):
            with self.db.reader() as session:
                self._case_key(session, reference)
            text = text()
        values = {"kind": kind_value, "text": _required_text()(text, "note"), "author": self.user,
                  "noted_at": clock.local(noted_at) if noted_at else clock.now()}
        stamp = clock.utcnow()
        with self.db.session() as session:
            case_id, ref = self._case_key(session, reference)
            added = session.exec(insert(Note.__table__).values(case_id=case_id, created_at=stamp, updated_at=stamp, **values))
            note_id = added.inserted_primary_key[0]
            audit.record(session, "create", Note.__tablename__, note_id, case_reference=ref, fields=values)
        return AddedNote(note_id, ref, kind_value, values["noted_at"])

    def add_incident(
        self,
        reference: str,
        description: str,
        occurred_at: datetime,
        kinds: Iterable[str] = (),
        *,
        approximate: bool = False,
        location: str | None = None,
        witnesses: str | None = None,
        evidence_what: str | None = None,
        evidence_where: str | None = None,
        evidence_do_not_handle: bool = False,
        police_reference: str | None = None,
        police_reported_on: date | str | None = None,
        police_officer: str | None = None,
        impact: str | None = None,
        breached_order_id: int | None = None,
        serious: bool = False,
    ) -> Incident:
        """Log an incident; who recorded it and when are set here and never change."""
        values = {
            "description": _required_text()(description, "incident description"),
            "occurred_at": _incident_time(occurred_at),
            "approximate": approximate,
            "location": _optional_text()(location, "location"),
            "witnesses": _optional_text()(witnesses, "witnesses"),
            "evidence_what": _optional_text()(evidence_what, "evidence held"),
            "evidence_where": _optional_text()(evidence_where, "where the evidence is"),
            "evidence_do_not_handle": evidence_do_not_handle,
            "police_reference": _optional_text(64)(police_reference, "police reference"),
            "police_reported_on": _past_date(police_reported_on, "date reported to police"),
            "police_officer": _optional_text(128)(police_officer, "police officer"),
            "impact": _optional_text()(impact, "impact on the client"),
            "serious": serious,
        }
        values["reported_to_police"] = bool(values["police_reference"] or values["police_reported_on"])
        behaviours = sorted({_vocab(Behaviour)(k, "behaviour kind") for k in kinds}) or [Behaviour.OTHER.value]
        with self.db.session() as session:
            case = self._case(session, reference)
            if breached_order_id is not None:
                order = session.get(ProtectiveOrder, breached_order_id)
                if order is None or order.case_id != case.id:
                    raise InvalidInputError(f"Order {breached_order_id} is not an order on {case.reference}.")
                if Behaviour.ORDER_BREACH.value not in behaviours:
                    behaviours.append(Behaviour.ORDER_BREACH.value)
            incident = Incident(case_id=case.id, recorded_by=self.user, breached_order_id=breached_order_id, **values)
            incident.behaviours = [IncidentBehaviour(kind=k) for k in behaviours]
            session.add(incident)
        return incident

    def add_plan_item(self, reference: str, category: str, title: str, due_on: date | str | None = None) -> PlanItem:
        cleaned = clean_fields(PLAN_FIELDS, {"category": category, "title": title, "due_on": due_on})
        with self.db.session() as session:
            case = self._case(session, reference)
            last = session.exec(select(func.max(PlanItem.position)).where(PlanItem.case_id == case.id)).one()
            item = PlanItem(case_id=case.id, position=(last or 0) + 1, **cleaned)
            session.add(item)
        return item

    def plan_item(self, reference: str, item_id: int) -> PlanItem:
        with self.db.reader() as session:
            case = self._case(session, reference)
            item = session.get(PlanItem, item_id)
            if item is None or item.case_id != case.id:
                raise NotFoundError(f"{case.reference} has no plan item {item_id}: see `advocate plan {case.reference}` for the numbers.")
            return item

    def add_hearing(self, reference: str, starts_at: datetime | str, court: str, kind: str, **extra: Any) -> CourtEvent:
        cleaned = clean_fields(HEARING_FIELDS, {"starts_at": starts_at, "court": court, "kind": kind, **extra})
        return self._add(reference, lambda case_id: CourtEvent(case_id=case_id, **cleaned))

    def add_order(self, reference: str, kind: str, status: str = OrderStatus.CONSIDERED.value, **extra: Any) -> ProtectiveOrder:
        cleaned = clean_fields(ORDER_FIELDS, {"kind": kind, "status": status, **extra})
        _check_order_dates(cleaned.get("granted_on"), cleaned.get("expires_on"))
        if cleaned.get("granted_on") and cleaned["status"] in {OrderStatus.CONSIDERED.value, OrderStatus.REQUESTED.value}:
            cleaned["status"] = OrderStatus.GRANTED.value
        return self._add(reference, lambda case_id: ProtectiveOrder(case_id=case_id, **cleaned))

    # -- documents -------------------------------------------------------------------

    def record_document(self, reference: str, *, template: str, title: str, audience: str, format: str,
                        path: str, content_sha256: str, address_override_reason: str | None = None) -> Document:
        """Record a letter or draft made for the case; an address override needs its reason."""
        from advocate_tui.sharing import log_document

        reason = _optional_text()(address_override_reason, "reason for including the address")
        with self.db.session() as session:
            case = self._case(session, reference)
            document = Document(
                case_id=case.id, template=template, title=title, audience=audience, format=format, path=path,
                content_sha256=content_sha256, created_by=self.user,
                address_override=reason is not None, address_override_reason=reason,
            )
            session.add(document)
            session.flush()
            log_document(session, case, document, self.user)  # sharing outside the service is recorded
        return document

    def list_documents(self, reference: str) -> list[Document]:
        """The documents made for a case, newest first."""
        with self.db.reader() as session:
            case = self._case(session, reference)
            return list(session.exec(
                select(Document).where(Document.case_id == case.id).order_by(Document.created_at.desc(), Document.id.desc())
            ))

    # -- lists across the caseload ---------------------------------------------------

    def upcoming_hearings(self, days: int = HEARING_HORIZON_DAYS) -> list[tuple[CourtEvent, str, str]]:
        """Hearings from now to ``days`` ahead on open cases, soonest first, with reference and name."""
        if days < 0:
            raise InvalidInputError("--days must be 0 or more.")
        start = clock.now().replace(hour=0, minute=0, second=0)
        end = start + timedelta(days=days + 1)
        query = (
            select(CourtEvent, Case.reference, func.coalesce(Client.preferred_name, Client.name))
            .join(Case, Case.id == CourtEvent.case_id)
            .join(Client, Client.case_id == Case.id)
            .where(CourtEvent.starts_at >= start, CourtEvent.starts_at < end)
            .where(_open_case())
            .order_by(CourtEvent.starts_at)
        )
        with self.db.reader() as session:
            return [(event, ref, name) for event, ref, name in session.exec(query)]

    def agenda(self) -> list[AgendaEntry]:
        """What needs attention: hearings soon, plan items due, cases gone quiet, orders expiring, and
        (from :meth:`risk_agenda`) escalation alerts and risk reviews due."""
        today = clock.today()
        entries = [
            AgendaEntry("Court dates", clock.local(event.starts_at).date(), ref, name,
                        f"{clock.local(event.starts_at):%a %d %b %H:%M} {HearingKind(event.kind).label} at {event.court}")
            for event, ref, name in self.upcoming_hearings()
        ]
        open_case = _open_case()
        display = func.coalesce(Client.preferred_name, Client.name)
        with self.db.reader() as session:
            due = session.exec(
                select(PlanItem, Case.reference, display)
                .join(Case, Case.id == PlanItem.case_id).join(Client, Client.case_id == Case.id)
                .where(open_case, PlanItem.due_on <= today + timedelta(days=PLAN_DUE_SOON_DAYS))
                .where(PlanItem.status.in_([PlanStatus.TODO.value, PlanStatus.IN_PROGRESS.value]))
                .order_by(PlanItem.due_on, Case.reference)
            )
            entries += [
                AgendaEntry("Safety plan due", item.due_on, ref, name, item.title, overdue=item.due_on < today)
                for item, ref, name in due
            ]
            expiring = session.exec(
                select(ProtectiveOrder, Case.reference, display)
                .join(Case, Case.id == ProtectiveOrder.case_id).join(Client, Client.case_id == Case.id)
                .where(open_case, ProtectiveOrder.status.in_([s.value for s in ORDER_IN_FORCE]))
                .where(ProtectiveOrder.expires_on >= today, ProtectiveOrder.expires_on <= today + timedelta(days=ORDER_EXPIRY_DAYS))
                .order_by(ProtectiveOrder.expires_on)
            )
            entries += [
                AgendaEntry("Orders expiring", order.expires_on, ref, name,
                            f"{OrderKind(order.kind).label} expires {uk_date(order.expires_on)}")
                for order, ref, name in expiring
            ]
        quiet = [row for row in self.list_cases() if row.days_since_contact(today) >= NO_CONTACT_DAYS]
        entries += [
            AgendaEntry("No contact in 14 days", today, row.reference, row.display_name,
                        f"No contact for {row.days_since_contact(today)} days", overdue=True)
            for row in sorted(quiet, key=lambda r: -r.days_since_contact(today))
        ]
        return entries + self.risk_agenda()

    # -- risk ------------------------------------------------------------------------

    @property
    def thresholds(self) -> RiskThresholds:
        """The configured lines for risk bands, MARAC, reviews and suppression ([risk] and [reports])."""
        if self._thresholds is None:
            from advocate_tui.config import load_settings

            self._thresholds = load_settings().thresholds
        return self._thresholds

    def checklists(self) -> dict[str, Checklist]:
        """The risk checklists in use by id: the built-ins, or the service's own files that replace them."""
        if self._checklists is None:
            from advocate_tui.config import user_checklists_dir

            self._checklists = load_checklists(user_checklists_dir(), self.thresholds)
        return self._checklists

    def checklist(self, checklist_id: str) -> Checklist:
        found = self.checklists()
        key = checklist_id.strip().lower()
        if key not in found:
            raise InvalidInputError(f"There is no risk checklist '{checklist_id}': use one of {', '.join(found)}.")
        return found[key]

    def record_assessment(self, reference: str, checklist_id: str, answers: Mapping[str, GivenAnswer | str],
                          assessed_on: date | str | None = None) -> RiskAssessment:
        """Keep a completed checklist; a banded one sets the case's risk level when it is the latest."""
        checklist = self.checklist(checklist_id)
        cleaned = clean_answers(checklist, answers)
        day = _past_date(assessed_on, "assessment date") or clock.today()
        points = score(answer for _item, answer, _source, _comment in cleaned)
        level = band(points, self.thresholds).value if checklist.banded else None
        with self.db.session() as session:
            case = self._case(session, reference)
            assessment = RiskAssessment(
                case_id=case.id, checklist=checklist.id, assessed_on=day, assessor=self.user, score=points, band=level,
                answers=[RiskAnswer(position=n, item=item.key, answer=answer.value, source=source, comment=comment)
                         for n, (item, answer, source, comment) in enumerate(cleaned)],
            )
            session.add(assessment)
            session.flush()
            if level is not None:
                bands = session.exec(
                    select(RiskAssessment.band)
                    .where(RiskAssessment.case_id == case.id, RiskAssessment.band.is_not(None))
                    .order_by(RiskAssessment.assessed_on, RiskAssessment.created_at, RiskAssessment.id)
                ).all()
                changes = {name: value for name, value in (("risk_at_intake", bands[0]), ("risk_level", bands[-1]))
                           if getattr(case, name) != value}
                if changes:
                    self._bump(case, **changes)
        return assessment

    def risk_overview(self, reference: str) -> RiskOverview:
        """The case's assessments, MARAC criteria, next review and the checklists offered now."""
        with self.db.reader() as session:
            case = self._case(session, reference)
            assessments = session.exec(
                select(RiskAssessment).where(RiskAssessment.case_id == case.id)
                .order_by(RiskAssessment.assessed_on.desc(), RiskAssessment.created_at.desc(), RiskAssessment.id.desc())
            ).all()
            incidents = [IncidentFacts(*row) for row in session.exec(
                select(Incident.occurred_at, Incident.recorded_at, Incident.reported_to_police,
                       Incident.police_reported_on, Incident.serious).where(Incident.case_id == case.id)
            )]
        checklists = self.checklists()
        latest = next((a for a in assessments if a.band is not None), None)
        answered = {(a.checklist, answer.item): answer.answer for a in reversed(assessments) for answer in a.answers}
        offers = {c.id: reason for c in checklists.values()
                  if (reason := offer_reason(c, len(incidents), answered, checklists)) is not None}
        review = None if case.status in ENDED_STATUSES else review_due(
            latest=latest, serious_recorded=[i.recorded_at for i in incidents if i.serious],
            referral_date=case.referral_date, thresholds=self.thresholds,
        )
        criteria = marac_criteria(latest=latest, incidents=incidents, judgement_reason=case.marac_judgement_reason,
                                  referred_on=case.marac_referral_date, today=clock.today(), thresholds=self.thresholds)
        return RiskOverview(case.reference, case.risk_level, tuple(checklists.values()), tuple(assessments),
                            tuple(criteria), review, offers, case.marac_judgement_reason)

    def set_marac_judgement(self, reference: str, reason: str | None) -> Case:
        """Flag (with the advocate's reason) or, with ``None``, unflag a MARAC referral on professional judgement."""
        text = None if reason is None else _required_text()(reason, "reason for the professional judgement")
        with self.db.session() as session:
            case = self._case(session, reference)
            self._bump(case, marac_judgement_reason=text)
        return case

    def risk_reviews_due(self, within_days: int = PLAN_DUE_SOON_DAYS) -> list[tuple[str, str, ReviewDue]]:
        """Open cases whose risk review falls due within ``within_days`` (or is overdue), soonest first,
        as (reference, client's name, review)."""
        horizon = clock.today() + timedelta(days=within_days)
        open_case = _open_case()
        with self.db.reader() as session:
            cases = session.exec(
                select(Case.id, Case.reference, func.coalesce(Client.preferred_name, Client.name), Case.referral_date)
                .join(Client, Client.case_id == Case.id).where(open_case)
            ).all()
            newest = (
                select(RiskAssessment.case_id, func.max(RiskAssessment.assessed_on).label("assessed_on"))
                .join(Case, Case.id == RiskAssessment.case_id)
                .where(open_case, RiskAssessment.band.is_not(None)).group_by(RiskAssessment.case_id).subquery()
            )
            latest = {a.case_id: a for a in session.exec(
                select(RiskAssessment).join(newest, and_(newest.c.case_id == RiskAssessment.case_id,
                                                         newest.c.assessed_on == RiskAssessment.assessed_on))
                .where(RiskAssessment.band.is_not(None))
                .order_by(RiskAssessment.created_at, RiskAssessment.id)
                .options(lazyload(RiskAssessment.answers))
            )}
            serious: dict[int, list[datetime]] = {}
            for case_id, logged in session.exec(
                select(Incident.case_id, Incident.recorded_at).join(Case, Case.id == Incident.case_id)
                .where(open_case, Incident.serious)
            ):
                serious.setdefault(case_id, []).append(logged)
        due = [
            (reference, name, review_due(latest=latest.get(case_id), serious_recorded=serious.get(case_id, []),
                                         referral_date=referral_date, thresholds=self.thresholds))
            for case_id, reference, name, referral_date in cases
        ]
        return sorted((row for row in due if row[2].due_on <= horizon), key=lambda row: (row[2].due_on, row[0]))

    def risk_agenda(self) -> list[AgendaEntry]:
        """Agenda rows: escalation alerts on open cases, then risk reviews due within a week or overdue."""
        today = clock.today()
        alerts = self.alerts_for_open_cases()
        with self.db.reader() as session:
            names = dict(session.exec(
                select(Case.reference, func.coalesce(Client.preferred_name, Client.name))
                .join(Client, Client.case_id == Case.id).where(Case.reference.in_(list(alerts)))
            ).all())
        entries = [
            AgendaEntry("Escalation alerts", alert.since, reference, names.get(reference, ""), alert.text, overdue=True)
            for reference, raised in sorted(alerts.items()) for alert in raised
        ]
        return entries + [
            AgendaEntry("Risk review due", review.due_on, reference, name, f"Risk review: {review.reason}",
                        overdue=review.due_on < today)
            for reference, name, review in self.risk_reviews_due()
        ]

    # -- patterns and alerts ---------------------------------------------------------

    def _alerts_where(self, condition: Any) -> dict[str, list[Alert]]:
        """Unacknowledged escalation alerts, by reference, of the cases matching ``condition`` (three queries)."""
        now = clock.now()
        recent = Incident.occurred_at >= patterns.recent_start(now)
        with self.db.reader() as session:
            histories = session.exec(
                select(Case.id, Case.reference, Case.referral_date, func.min(Incident.occurred_at),
                       func.sum(sql_case((recent, 0), else_=1)), func.sum(sql_case((recent, 1), else_=0)),
                       func.max(sql_case((recent, Incident.recorded_at))))
                .join(Case, Case.id == Incident.case_id).where(condition)
                .group_by(Case.id, Case.reference, Case.referral_date)
            ).all()
            firsts: dict[int, dict[str, tuple[datetime, datetime]]] = {}
            for case_id, kind, occurred, logged in session.exec(
                select(Incident.case_id, IncidentBehaviour.kind, func.min(Incident.occurred_at), func.min(Incident.recorded_at))
                .join(IncidentBehaviour, IncidentBehaviour.incident_id == Incident.id)
                .join(Case, Case.id == Incident.case_id)
                .where(condition, IncidentBehaviour.kind.in_(list(patterns.WATCHED)))
                .group_by(Incident.case_id, IncidentBehaviour.kind)
            ):
                firsts.setdefault(case_id, {})[kind] = (occurred, logged)
            seen: dict[int, dict[str, datetime]] = {}
            for case_id, key, at in session.exec(
                select(AlertAcknowledgement.case_id, AlertAcknowledgement.alert, func.max(AlertAcknowledgement.acknowledged_at))
                .join(Case, Case.id == AlertAcknowledgement.case_id).where(condition)
                .group_by(AlertAcknowledgement.case_id, AlertAcknowledgement.alert)
            ):
                seen.setdefault(case_id, {})[key] = at
        found = {}
        for case_id, reference, referral_date, first_at, earlier, in_window, logged in histories:
            history = IncidentHistory(first_at, earlier, in_window, logged, firsts.get(case_id, {}))
            alerts = patterns.unacknowledged(patterns.escalation_alerts(history, referral_date, now), seen.get(case_id, {}))
            if alerts:
                found[reference] = alerts
        return found

    def alerts(self, reference: str) -> list[Alert]:
        """The case's escalation alerts not yet acknowledged (see :mod:`advocate_tui.patterns`)."""
        with self.db.reader() as session:
            case = self._case(session, reference)
        return self._alerts_where(Case.id == case.id).get(case.reference, [])

    def alerts_for_open_cases(self) -> dict[str, list[Alert]]:
        """Unacknowledged escalation alerts of every open case, by reference (cases without any are left out)."""
        return self._alerts_where(_open_case())

    def acknowledge_alerts(self, reference: str, keys: Iterable[str] = ()) -> list[Alert]:
        """Mark the case's alerts named by ``keys`` (all of them when none are named) as seen; return them."""
        current = self.alerts(reference)
        wanted = [key.strip().lower() for key in keys]
        unknown = [key for key in wanted if key not in {a.key for a in current}]
        if unknown:
            showing = ", ".join(a.key for a in current) or "none"
            raise InvalidInputError(f"{reference.strip().upper()} has no alert '{unknown[0]}' showing (alerts showing: {showing}).")
        chosen = [a for a in current if not wanted or a.key in wanted]
        with self.db.session() as session:
            case = self._case(session, reference)
            session.add_all(AlertAcknowledgement(case_id=case.id, alert=a.key, acknowledged_by=self.user,
                                                 acknowledged_at=clock.utcnow()) for a in chosen)
        return chosen

    def incident_pattern(self, reference: str) -> IncidentPattern:
        """Incidents per week since the first, the count of each behaviour (most first), and the alerts."""
        with self.db.reader() as session:
            case = self._case(session, reference)
            moments = session.exec(select(Incident.occurred_at).where(Incident.case_id == case.id)).all()
            kinds = session.exec(
                select(IncidentBehaviour.kind, func.count(IncidentBehaviour.id))
                .join(Incident, Incident.id == IncidentBehaviour.incident_id)
                .where(Incident.case_id == case.id).group_by(IncidentBehaviour.kind)
            ).all()
        today = clock.today()
        weeks = patterns.weeks_of_history(min(moments, default=None), today)
        return IncidentPattern(
            weekly=incidents_per_week(moments, today, weeks),
            behaviours=sorted(((kind, count) for kind, count in kinds), key=lambda kc: (-kc[1], kc[0])),
            alerts=self.alerts(case.reference),
        )

    # -- reports ---------------------------------------------------------------------

    def report(self, start: date | str, end: date | str, *, area: str | None = None,
               advocate: str | None = None) -> Report:
        """The commissioner's report for ``start`` to ``end`` (both included), for one area or advocate if given."""
        first = _required(_optional_date(start, "first day of the report"), "first day of the report")
        last = _required(_optional_date(end, "last day of the report"), "last day of the report")
        who = _optional_text(128)(advocate, "advocate")
        with self.db.reader() as session:
            return build_report(session, first, last, area=self._area(area), advocate=who, areas=self.areas)

    # -- demo data -------------------------------------------------------------------

    def load_demo(self, cases: int, seed: int = 7) -> DemoSummary:
        """Add ``cases`` fictional cases (see :mod:`advocate_tui.demo`)."""
        if cases < 1:
            raise InvalidInputError("--cases must be at least 1.")
        from advocate_tui.demo import generate

        return generate(self.db, cases, seed=seed, plan=self.starting_plan(), user=self.user, areas=self.areas)


def _check_order_dates(granted: date | None, expires: date | None) -> None:
    if granted and expires and expires <= granted:
        raise InvalidInputError(
            f"The expiry date ({uk_date(expires)}) must be after the date granted ({uk_date(granted)})."
        )


# -- for the application ----------------------------------------------------------------
# Pure functions over records already loaded by get_case, for the terminal application.

INCIDENT_WEEKS = 12
HEARING_SOON_DAYS = 2


def incident_time(text: str) -> tuple[datetime, bool]:
    """Parse an incident's everyday date and check it as add_incident will; return it and whether a time was given."""
    from advocate_tui.dates import parse_when

    moment, has_time = parse_when(text, prefer="past", what="incident date")
    return _incident_time(moment), has_time


def orders_in_force(orders: Iterable[ProtectiveOrder], today: date) -> list[ProtectiveOrder]:
    """Orders that protect the client today (granted or varied, not expired), soonest expiry first."""
    live = [o for o in orders if o.status in ORDER_IN_FORCE and (o.expires_on is None or o.expires_on >= today)]
    return sorted(live, key=lambda o: (o.expires_on is None, o.expires_on or today))


def next_hearing(hearings: Iterable[CourtEvent], now: datetime) -> CourtEvent | None:
    """The first hearing at or after ``now``."""
    return min((h for h in hearings if h.starts_at >= now), key=lambda h: h.starts_at, default=None)


def case_alerts(case: Case, today: date) -> list[str]:
    """Short warnings for the top of a case: hearings very soon, orders expiring, silence, overdue plan items."""
    alerts = []
    hearing = next_hearing(case.hearings, clock.local(datetime.combine(today, datetime.min.time())))
    if hearing is not None and (clock.local(hearing.starts_at).date() - today).days <= HEARING_SOON_DAYS:
        alerts.append(f"{HearingKind(hearing.kind).label} {_in_days((clock.local(hearing.starts_at).date() - today).days)}")
    for order in orders_in_force(case.orders, today):
        if order.expires_on is not None and (order.expires_on - today).days <= ORDER_EXPIRY_DAYS:
            alerts.append(f"{OrderKind(order.kind).label} expires {_in_days((order.expires_on - today).days)}")
    if case.status in ENDED_STATUSES:  # no contact is expected, nor plan items done, once a case has ended
        return alerts
    last = clock.local(case.notes[0].noted_at).date() if case.notes else case.referral_date
    if (today - last).days >= NO_CONTACT_DAYS:
        alerts.append(f"No contact for {(today - last).days} days")
    overdue = sum(1 for i in case.plan_items
                  if i.due_on and i.due_on < today and i.status in (PlanStatus.TODO, PlanStatus.IN_PROGRESS))
    if overdue:
        alerts.append(f"{overdue} safety-plan item{'s' if overdue != 1 else ''} overdue")
    return alerts


def _in_days(days: int) -> str:
    return {0: "today", 1: "tomorrow"}.get(days, f"in {days} days")


def incidents_per_week(moments: Iterable[datetime], today: date, weeks: int = INCIDENT_WEEKS) -> list[tuple[date, int]]:
    """Incident counts for the last ``weeks`` weeks (Monday to Sunday, oldest first, this week last)."""
    this_monday = today - timedelta(days=today.weekday())
    starts = [this_monday - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    counts = dict.fromkeys(starts, 0)
    for moment in moments:
        day = clock.local(moment).date()
        monday = day - timedelta(days=day.weekday())
        if monday in counts:
            counts[monday] += 1
    return list(counts.items())
