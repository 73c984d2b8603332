"""What a template can use, and how it is built from a case.

The names a template sees are documented here as data: :data:`ROOT` (the top-level names) and
:data:`RECORDS` (the fields of each kind of record). ``advocate templates fields`` prints them and
``advocate templates check`` tests templates against them.

A field that may be unset holds :class:`Missing` instead of ``None``: it is false in ``{% if %}``
and ``or``, and printing it raises :class:`MissingDataError` with a sentence naming the field and
where to fill it in, so a letter never says "None" or leaves a gap.
"""

from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from advocate_tui.rules import clock
from advocate_tui.rules.address_screen import ADDRESS_WITHHELD as WITHHELD
from advocate_tui.rules.claims import near_home_elsewhere, times
from advocate_tui.rules.diary import CLIENT_RECORD
from advocate_tui.rules.errors import InvalidInputError
from advocate_tui.rules.vocab import (
    DOMESTIC_RELATIONSHIPS,
    ORDER_IN_FORCE,
    AgencyKind,
    Audience,
    Behaviour,
    CaseStatus,
    HearingKind,
    OrderKind,
    OrderStatus,
    PlanCategory,
    PlanStatus,
    ReferralSource,
    Relationship,
    RiskLevel,
)
from advocate_tui.services.claims import CaseClaims
from advocate_tui.services.withholding import Withholding
from advocate_tui.storage.config import Settings, config_file
from advocate_tui.storage.models import Case, Incident


class MissingDataError(InvalidInputError):
    """A letter needs something that is not recorded; the sentence says what and where to add it."""


@dataclass(frozen=True)
class Var:
    """One name a template can use.

    ``kind`` names a record kind in :data:`RECORDS` (``many``: a list of them). ``subject`` is set
    when the value may be unset: it is how the error names it ("the officer in the case"), with
    ``where`` to add it; ``setting`` means it comes from the config file, not the case.
    """

    doc: str
    kind: str | None = None
    many: bool = False
    subject: str | None = None
    where: str = ""
    unset: str = "is not set"
    remedy: str = "add it"
    setting: bool = False

    def problem(self, reference: str) -> str:
        """The sentence for this value being unset, e.g. 'The officer in the case is not set on …'."""
        place = "in the settings" if self.setting else f"on {reference}"
        sentence = f"{self.subject} {self.unset} {place}: {self.remedy} under {self.where_text}."
        return sentence[0].upper() + sentence[1:]

    @property
    def where_text(self) -> str:
        return self.where.format(config=config_file())


def _opt(doc: str, subject: str, where: str, **extra: Any) -> Var:
    return Var(doc, subject=subject, where=where, **extra)


# Where each thing is filled in, in the words of the case workspace's tabs and sections.
_CLIENT = "Overview → Client"
_CONSENT = "Overview → Consent"
_CASE = "Overview → Referral and police"
_PERP = "Overview → Perpetrator"
_CONTACTS = "Overview → Agency contacts"
_COURT = "Court & orders"
_RISK = "Risk"


def _setting(doc: str, subject: str, table: str) -> Var:
    return Var(doc, subject=subject, where=f"[{table}] in {{config}}", setting=True)


ROOT: dict[str, Var] = {
    "title": Var("The template's title (from its front matter)."),
    "audience": Var("Who the document is for, e.g. 'Police', 'Client'."),
    "today": Var("Today's date."),
    "case": Var("The case.", kind="case"),
    "client": Var("The client.", kind="client"),
    "perpetrator": Var("The first perpetrator recorded (fields unset when there is none).", kind="perpetrator"),
    "perpetrators": Var("Every perpetrator recorded.", kind="perpetrator", many=True),
    "incidents": _opt(
        "The incident log, oldest first.",
        "the incident log",
        "Incidents",
        kind="incident",
        many=True,
        unset="is empty",
        remedy="log an incident",
    ),
    "behaviours": Var("Each kind of behaviour logged, most frequent first.", kind="behaviour", many=True),
    "orders": Var("Protective orders recorded.", kind="order", many=True),
    "hearings": Var("Court dates, earliest first.", kind="hearing", many=True),
    "next_hearing": _opt(
        "The next court date from today.",
        "an upcoming court date",
        _COURT,
        kind="hearing",
        unset="is not recorded",
        remedy="add one",
    ),
    "plan": _opt(
        "The safety-plan checklist.",
        "the safety plan",
        "Safety plan",
        kind="plan_item",
        many=True,
        unset="is empty",
        remedy="add an item",
    ),
    "contacts": Var("Agencies and professionals involved.", kind="contact", many=True),
    "risk": Var("The risk level and what it rests on, as the Risk tab gives it.", kind="risk"),
    "route": Var(
        "The case's multi-agency route (MARAC or the stalking panel) and its criteria, as the Risk tab shows them.",
        kind="route",
    ),
    "urgent": Var(
        "Why the log shows urgency now (the escalation alerts it raises, e.g. 'First threats logged (20 Nov 2026)'); "
        "empty when it shows none."
    ),
    "agency": Var(
        "The first contact of each kind, e.g. agency.housing (fields unset when there is none).", kind="agency"
    ),
    "advocate": Var("You, the advocate writing (from the config file).", kind="advocate"),
    "organisation": Var("The service, for the letterhead (from the config file).", kind="organisation"),
}

RECORDS: dict[str, dict[str, Var]] = {
    "case": {
        "reference": Var("The case reference, e.g. STK-2026-0003."),
        "status": Var("The case's status, e.g. 'Ongoing support'."),
        "referral_date": Var("The date of referral."),
        "referral_source": Var("Who referred, e.g. 'Police'."),
        "first_contact_date": _opt("The date of first contact.", "the date of first contact", _CASE),
        "area": _opt("The area.", "the area", _CASE),
        "advocate": _opt("The assigned advocate.", "the assigned advocate", _CASE),
        "crime_reference": _opt("The police crime reference.", "the police crime reference", _CASE),
        "oic_name": _opt("The officer in the case.", "the officer in the case", _CASE),
        "oic_contact": _opt("The officer's contact details.", "the officer's contact details", _CASE),
        "risk_level": Var("The risk level: 'Standard', 'Medium' or 'High'."),
        "domestic": Var("True when the perpetrator is a partner, ex-partner or family member."),
        "marac_referral_date": _opt(
            "The date of the last referral to the case's route (MARAC or the stalking panel).",
            "the date of the last multi-agency referral",
            _CASE,
        ),
    },
    "client": {
        "name": Var("The client's full name."),
        "display_name": Var("The name the client likes to be called (preferred name, else full name)."),
        "preferred_name": _opt("The preferred name.", "the client's preferred name", _CLIENT),
        "pronouns": _opt("Pronouns, e.g. 'she/her'.", "the client's pronouns", _CLIENT),
        "they": Var("The client as the subject of a sentence: 'she', 'he', 'they', else the preferred name."),
        "them": Var("The client as an object: 'her', 'him', 'them', else the preferred name."),
        "their": Var("The client's: 'her', 'his', 'their', else e.g. \"Jo's\"."),
        "they_are": Var("'she is', 'they are', 'Jo is'."),
        "date_of_birth": _opt("Date of birth.", "the client's date of birth", _CLIENT),
        "language": _opt("First language.", "the client's language", _CLIENT),
        "interpreter_needed": Var("True when an interpreter is needed."),
        "phone": _opt(
            "The safe phone number (unset when it is confidential and the document is not for the client).",
            "the client's safe phone number",
            _CLIENT,
        ),
        "safe_call_times": _opt("Safe times to call.", "the client's safe times to call", _CLIENT),
        "voicemail_safe": Var("True when a voicemail is safe to leave."),
        "email": _opt(
            "The safe email address (unset when it is confidential and the document is not for the client).",
            "the client's safe email address",
            _CLIENT,
        ),
        "address": _opt(
            f"The address on one line, or '{WITHHELD}' when it is confidential and the document is not for the client.",
            "the client's address",
            _CLIENT,
        ),
        "address_lines": _opt("The address as a list of lines (withheld as above).", "the client's address", _CLIENT),
        "address_withheld": Var("True when the address is left out of this document."),
        "dependants_note": _opt("Children and dependants.", "the note on children and dependants", _CLIENT),
        "consent_share_police": Var(
            "True when the client agreed to share information with the police.",
            subject="the client's consent to share with the police",
            where=_CONSENT,
            unset="is not recorded",
            remedy="record it",
        ),
        "consent_share_police_answer": Var(
            "'given', 'refused' (answered no on the date recorded) or 'not recorded' (no and no date)."
        ),
        "consent_share_police_on": _opt(
            "When that consent was given.", "the date of consent to share with the police", _CONSENT
        ),
        "consent_refer": Var(
            "True when the client agreed to referrals to other agencies.",
            subject="the client's consent to referral",
            where=_CONSENT,
            unset="is not recorded",
            remedy="record it",
        ),
        "consent_refer_answer": Var("'given', 'refused' or 'not recorded', as for the police."),
        "consent_refer_on": _opt(
            "When the client answered (gave or refused that consent).", "the date of consent to referral", _CONSENT
        ),
    },
    "perpetrator": {
        "name": _opt("The name.", "the perpetrator's name", _PERP),
        "aliases": _opt("Other names used.", "the perpetrator's other names", _PERP),
        "date_of_birth": _opt("Date of birth.", "the perpetrator's date of birth", _PERP),
        "description": _opt("Physical description.", "the perpetrator's description", _PERP),
        "vehicles": _opt("Vehicles.", "the perpetrator's vehicles", _PERP),
        "address": _opt("The perpetrator's address.", "the perpetrator's address", _PERP),
        "relationship": _opt("The relationship to the client, e.g. 'Ex partner'.", "the perpetrator", _PERP),
        "domestic": Var("True when the relationship is partner, ex-partner or family."),
    },
    "incident": {
        "when": Var("Date and time for a chronology, e.g. '20 Nov 2026 21:30' or 'about 20 Nov 2026'."),
        "on": Var("Date and time for a sentence, e.g. '20 November 2026 at 21:30', '20 November 2026 at about 21:30'."),
        "occurred_at": Var("Date and time it happened (use the date or datetime filter)."),
        "approximate": Var("True when the time is approximate."),
        "description": Var("What happened."),
        "behaviours": Var("The kinds of behaviour, as a list of labels."),
        "behaviour_words": Var("The kinds of behaviour as words for a sentence, e.g. 'letters or gifts'."),
        "at_home": Var("True when it was logged as turning up at the client's home (the log's one sign of place)."),
        "elsewhere": Var(
            "True when it is of a kind that could be at the home (loitering, watching…) but is not logged there."
        ),
        "location": _opt("Where it happened.", "an incident's location", "Incidents"),
        "witnesses": _opt("Witnesses.", "an incident's witnesses", "Incidents"),
        "evidence": _opt("Evidence kept and where it is.", "an incident's evidence", "Incidents"),
        "evidence_do_not_handle": Var("True when the evidence must not be handled (kept for forensics)."),
        "reported_to_police": Var("True when it was reported to the police."),
        "police_reference": _opt("Police crime or incident reference.", "an incident's police reference", "Incidents"),
        "police_reported_on": _opt("The date it was reported.", "the date an incident was reported", "Incidents"),
        "police_officer": _opt(
            "The officer it was reported to.", "the officer an incident was reported to", "Incidents"
        ),
        "impact": _opt("The impact on the client.", "an incident's impact on the client", "Incidents"),
        "recorded_by": Var("Who logged it."),
        "recorded_at": Var("When it was logged."),
        "from_client_record": Var("True when it was imported from the client's own diary (their own record)."),
        "corrected": Var("True when it was corrected after it was logged (the earlier values are kept)."),
        "corrected_by": Var("Who last corrected it (unset when never corrected)."),
        "corrected_at": Var("When it was last corrected (unset when never corrected)."),
    },
    "behaviour": {
        "label": Var("The kind of behaviour, e.g. 'Turning up at home'."),
        "words": Var("The behaviour in a sentence, e.g. 'letters or gifts', 'tracking by GPS'."),
        "kind": Var("Its key, e.g. 'letters-gifts', to test for one kind."),
        "count": Var("How many incidents included it."),
        "times": Var("How often in words: 'once', 'twice', '3 times'."),
        "first": Var("The date of the first such incident."),
        "last": Var("The date of the latest such incident."),
    },
    "order": {
        "kind": Var("The kind, e.g. 'Non-molestation order'."),
        "status": Var("The status, e.g. 'Granted'."),
        "in_force": Var("True when granted (or varied) and not expired."),
        "applied_on": _opt("Date applied for.", "the date an order was applied for", _COURT),
        "granted_on": _opt("Date granted.", "the date an order was granted", _COURT),
        "expires_on": _opt("Expiry date.", "an order's expiry date", _COURT),
        "court": _opt("The court.", "an order's court", _COURT),
        "conditions": _opt("Its terms.", "an order's terms", _COURT),
    },
    "hearing": {
        "starts_at": Var("Date and time (use the datetime filter)."),
        "court": Var("The court's name."),
        "kind": Var("The kind of hearing, e.g. 'Trial'."),
        "upcoming": Var("True when it is today or later."),
        "court_case_number": _opt("The court's case number.", "a hearing's court case number", _COURT),
        "outcome": _opt("The outcome.", "a hearing's outcome", _COURT),
        "notes": _opt("Notes.", "a hearing's notes", _COURT),
    },
    "plan_item": {
        "category": Var("The area of the plan, e.g. 'Home security'."),
        "title": Var("What is to be done."),
        "status": Var("The status, e.g. 'Done'."),
        "done": Var("True when done."),
        "open": Var("True when still to do or in progress."),
        "due_on": _opt("Due date.", "a plan item's due date", "Safety plan"),
        "notes": _opt("Notes.", "a plan item's notes", "Safety plan"),
    },
    "contact": {
        "kind": Var("The kind of agency, e.g. 'Housing'."),
        "organisation": _opt("The organisation.", "the agency", _CONTACTS),
        "addressee": _opt("The person and organisation as lines, for the top of a letter.", "the agency", _CONTACTS),
        "person": _opt("The person to contact.", "an agency contact's name", _CONTACTS),
        "phone": _opt("Phone number.", "an agency contact's phone number", _CONTACTS),
        "email": _opt("Email address.", "an agency contact's email address", _CONTACTS),
    },
    "agency": {kind.value: Var(f"The first {kind.label.lower()} contact.", kind="contact") for kind in AgencyKind},
    "risk": {
        "level": Var("The risk level: 'Standard', 'Medium' or 'High'."),
        "assessed": Var("True when the level is the one the latest risk checklist gave (else it was set by hand)."),
        "basis": Var(
            "What the level rests on: 'checklist', 'judgement' (professional judgement, with its reason), "
            "'not-assessed' (a new case, no level set yet) or 'unrecorded' (set by hand before the basis was kept)."
        ),
        "reason": _opt(
            "Why the advocate judged the risk at this level.",
            "a reason for the risk level",
            _CASE,
            unset="is not recorded",
            remedy="set the level on professional judgement with its reason",
        ),
        "set_by": Var("Who set the level (the advocate, or who answered the checklist)."),
        "set_on": _opt("When the level was set.", "the date the risk level was set", _CASE),
        "checklist": _opt(
            "The latest risk checklist that sets a level, by name.",
            "a risk checklist",
            _RISK,
            unset="has not been done",
            remedy="complete one",
        ),
        "score": _opt(
            "Its number of Yes answers.", "a risk checklist", _RISK, unset="has not been done", remedy="complete one"
        ),
        "assessed_on": _opt("Its date.", "a risk checklist", _RISK, unset="has not been done", remedy="complete one"),
        "band": _opt("The level it gave.", "a risk checklist", _RISK, unset="has not been done", remedy="complete one"),
        "high_from": Var("The number of Yes answers from which the risk is high."),
        "judgement": _opt(
            "The reason written for a referral (MARAC or the stalking panel) on professional judgement.",
            "a professional judgement with its reason",
            f"{_RISK} (m)",
            unset="is not flagged",
            remedy="flag it",
        ),
    },
    "route": {
        "key": Var("'marac' for a domestic case, 'panel' for the others."),
        "name": Var("The route's name, e.g. 'MARAC' (the panel's from [routes.panel] in the config file)."),
        "referral_text": Var("What the route is, in a sentence or two (from the config file)."),
        "criteria": Var("Its four referral criteria, met or not, with their evidence.", kind="criterion", many=True),
        "met": _opt(
            "The criteria the case meets today.",
            "a referral criterion",
            _RISK,
            kind="criterion",
            many=True,
            unset="is not met",
            remedy="complete the risk checklist, or flag a referral on professional judgement with its reason,",
        ),
        "visible_high_risk": Var("True when the latest risk checklist scores at least the route's line."),
        "score_from": Var("The Yes answers from which the risk is visibly high for this route (configured)."),
        "escalation": Var("True when enough incidents were counted within the window."),
        "escalation_count": Var("The incidents counted within the window."),
        "escalation_from": Var("How many such incidents meet the criterion (configured)."),
        "counted": Var("Which incidents count: 'identified' (all logged) or 'reported to the police' (configured)."),
        "window_months": Var("The window in months (configured)."),
        "judgement": Var("True when a referral on professional judgement is flagged with its reason."),
        "repeat": Var("True when this is a repeat referral: a new incident within the repeat window of the last one."),
        "repeat_months": Var("The repeat window in months (configured)."),
        "referred_on": _opt("The date of the last referral.", "a referral", _CASE),
        "since_referral": Var("Incidents logged since the last referral."),
        "consent_basis": _opt(
            "'consent' when the client agreed, 'judgement' when the referral is made without consent on the flagged judgement.",
            "the client's consent to this referral, or a reason to make it without consent,",
            f"{_RISK} (m)",
            unset="is not recorded",
            remedy=f"record consent under {_CONSENT}, or flag a referral on professional judgement with its reason",
        ),
    },
    "criterion": {
        "label": Var("The criterion, e.g. 'Visible high risk'."),
        "met": Var("True when the case meets it today."),
        "detail": Var("The evidence, e.g. '15 Yes on 20 Nov 2026 (at least 14)'."),
    },
    "advocate": {
        "name": Var("Your name."),
        "role": Var("Your role, e.g. 'Independent Stalking Advocate'."),
        "phone": _setting("Your work phone.", "your phone number", "advocate"),
        "email": _setting("Your work email.", "your email address", "advocate"),
        "signature": Var("The lines under your letters (default: your name and role)."),
    },
    "organisation": {
        "name": Var("The service's name."),
        "address": Var("The service's address as a list of lines (may be empty)."),
        "phone": _setting("The service's phone number.", "the service's phone number", "organisation"),
        "email": _setting("The service's email address.", "the service's email address", "organisation"),
    },
}


class Missing:
    """An unset field: false, and printing it or using its fields raises the sentence for it (written
    only then: a case's records have hundreds of unset fields, and few are ever printed)."""

    __slots__ = ("_reference", "_var")

    def __init__(self, var: Var, reference: str) -> None:
        self._var = var
        self._reference = reference

    @property
    def message(self) -> str:
        return self._var.problem(self._reference)

    def __bool__(self) -> bool:
        return False

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        raise MissingDataError(self.message)

    def __str__(self) -> str:
        raise MissingDataError(self.message)

    def __repr__(self) -> str:
        return f"Missing({self.message!r})"


class Record:
    """One record as a template sees it: exactly the fields documented in :data:`RECORDS`."""

    __slots__ = ("_kind", "_values")

    def __init__(self, kind: str, reference: str, values: dict[str, Any]) -> None:
        spec = RECORDS[kind]
        if values.keys() != spec.keys():
            raise AssertionError(f"{kind} record built with {sorted(values.keys() ^ spec.keys())} out of step")
        self._kind = kind
        self._values = {
            name: Missing(spec[name], reference) if _unset(value) and spec[name].subject else value
            for name, value in values.items()
        }

    def __getattr__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name) from None

    def __repr__(self) -> str:
        return f"Record({self._kind!r})"


def _unset(value: Any) -> bool:
    return value is None or value == "" or value == []


@dataclass(frozen=True)
class Context:
    """Everything a template renders from."""

    reference: str
    values: dict[str, Any]

    def missing(self, needs: tuple[str, ...]) -> list[str]:
        """The sentence for each of ``needs`` ("case.oic_name", "incidents"…) that is unset or false."""
        problems = []
        for path in needs:
            root, _, field = path.partition(".")
            var, value = ROOT[root], self.values[root]
            if field and not isinstance(value, Missing):
                assert var.kind is not None  # a need with a field names a record's (checked as templates load)
                var, value = RECORDS[var.kind][field], getattr(value, field)
            if isinstance(value, Missing):
                problems.append(value.message)
            elif not value:
                problems.append(var.problem(self.reference))
        return problems


def _incident_on(incident: Incident) -> str:
    """'20 November 2026 at 21:30', '20 November 2026 at about 21:30', 'about 20 November 2026'."""
    moment = clock.local(incident.occurred_at)
    day = f"{moment.day} {moment:%B %Y}"
    if (moment.hour, moment.minute) == (0, 0) and incident.approximate:
        return f"about {day}"
    return f"{day} at {'about ' if incident.approximate else ''}{moment:%H:%M}"


def _incident_when(incident: Incident) -> str:
    moment = clock.local(incident.occurred_at)
    if incident.approximate:
        has_time = (moment.hour, moment.minute) != (0, 0)
        return f"about {moment.day} {moment:%b %Y}" + (f" {moment:%H:%M}" if has_time else "")
    return f"{moment.day} {moment:%b %Y %H:%M}"


def _confidential(field: str, reference: str) -> Missing:
    """A safe contact detail left out of a document: false in ``{% if %}``; needed or printed, the
    letter is refused with the way to include it."""
    var = replace(
        RECORDS["client"][field],
        unset="is confidential",
        remedy="give a reason to include it",
        where="Documents (the reason is recorded with the document)",
    )
    return Missing(var, reference)


def build_context(
    case: Case,
    claims: CaseClaims,
    settings: Settings,
    *,
    user: str,
    title: str,
    audience: Audience,
    withholding: Withholding,
) -> Context:
    """The template context for ``case``, its claims (what may be said of it, worked out once by the
    claims service); what ``withholding`` leaves out is not in it at all, and every text from the case
    is screened by it."""
    ref = case.reference
    today = clock.today()
    client = case.client
    assert client is not None  # every case is opened with its client (Cases.create_case)
    shown = withholding.address_lines()

    def record(kind: str, /, **values: Any) -> Record:
        return Record(kind, ref, withholding.screened(kind, values))

    perpetrators = [
        record(
            "perpetrator",
            name=p.name,
            aliases=p.aliases,
            date_of_birth=p.date_of_birth,
            description=p.description,
            vehicles=p.vehicles,
            address=", ".join(line.strip(" ,") for line in (p.address or "").splitlines() if line.strip(" ,")),
            relationship=Relationship(p.relationship).label,
            domestic=p.relationship in DOMESTIC_RELATIONSHIPS,
        )
        for p in case.perpetrators
    ]
    nobody = record(
        "perpetrator",
        name=None,
        aliases=None,
        date_of_birth=None,
        description=None,
        vehicles=None,
        address=None,
        relationship=None,
        domestic=False,
    )
    incidents = sorted(case.incidents, key=lambda i: i.occurred_at)
    contacts = [
        record(
            "contact",
            kind=AgencyKind(c.kind).label,
            organisation=c.organisation,
            addressee=[line for line in (c.person, c.organisation) if line],
            person=c.person,
            phone=c.phone,
            email=c.email,
        )
        for c in case.contacts
    ]
    hearings = [
        record(
            "hearing",
            starts_at=clock.local(h.starts_at),
            court=h.court,
            kind=HearingKind(h.kind).label,
            upcoming=clock.local(h.starts_at).date() >= today,
            court_case_number=h.court_case_number,
            outcome=h.outcome,
            notes=h.notes,
        )
        for h in sorted(case.hearings, key=lambda h: h.starts_at)
    ]
    pronouns = claims.pronouns
    values = {
        "title": title,
        "audience": audience.label,
        "today": today,
        "case": record(
            "case",
            reference=ref,
            status=CaseStatus(case.status).label,
            referral_date=case.referral_date,
            referral_source=ReferralSource(case.referral_source).label,
            first_contact_date=case.first_contact_date,
            area=case.area,
            advocate=case.advocate,
            crime_reference=case.crime_reference,
            oic_name=case.oic_name,
            oic_contact=case.oic_contact,
            risk_level=RiskLevel(case.risk_level).label,
            domestic=case.domestic,
            marac_referral_date=case.marac_referral_date,
        ),
        "client": record(
            "client",
            name=client.name,
            display_name=client.display_name,
            preferred_name=client.preferred_name,
            pronouns=client.pronouns,
            they=pronouns.they,
            them=pronouns.them,
            their=pronouns.their,
            they_are=f"{pronouns.they} {'are' if pronouns.plural else 'is'}",
            date_of_birth=client.date_of_birth,
            language=client.language,
            interpreter_needed=client.interpreter_needed,
            phone=_confidential("phone", ref) if withholding.phone_withheld else client.phone,
            safe_call_times=client.safe_call_times,
            voicemail_safe=client.voicemail_safe,
            email=_confidential("email", ref) if withholding.email_withheld else client.email,
            address=", ".join(shown),
            address_lines=shown,
            address_withheld=withholding.address_withheld,
            dependants_note=client.dependants_note,
            consent_share_police=client.consent_share_police,
            consent_share_police_answer=claims.police_consent.value,
            consent_share_police_on=client.consent_share_police_on,
            consent_refer=client.consent_refer,
            consent_refer_answer=claims.referral_consent.value,
            consent_refer_on=client.consent_refer_on,
        ),
        "perpetrator": perpetrators[0] if perpetrators else nobody,
        "perpetrators": perpetrators,
        "incidents": [
            record(
                "incident",
                when=_incident_when(i),
                on=_incident_on(i),
                occurred_at=clock.local(i.occurred_at),
                approximate=i.approximate,
                description=i.description,
                behaviours=[Behaviour(k).label for k in sorted(i.kinds)],
                behaviour_words=[Behaviour(k).words for k in sorted(i.kinds)],
                at_home=i.id in claims.at_home,
                elsewhere=near_home_elsewhere(i.kinds),
                location=i.location,
                witnesses=i.witnesses,
                evidence=" — ".join(filter(None, (i.evidence_what, i.evidence_where))),
                evidence_do_not_handle=i.evidence_do_not_handle,
                reported_to_police=i.reported_to_police,
                police_reference=i.police_reference,
                police_reported_on=i.police_reported_on,
                police_officer=i.police_officer,
                impact=i.impact,
                recorded_by=i.recorded_by,
                recorded_at=clock.local(i.recorded_at),
                from_client_record=i.source == CLIENT_RECORD,
                corrected=bool(i.revisions),
                corrected_by=i.revisions[-1].revised_by if i.revisions else None,
                corrected_at=clock.local(i.revisions[-1].revised_at) if i.revisions else None,
            )
            for i in incidents
        ],
        "behaviours": _behaviours(incidents, record),
        "orders": [
            record(
                "order",
                kind=OrderKind(o.kind).label,
                status=OrderStatus(o.status).label,
                in_force=o.status in ORDER_IN_FORCE and (o.expires_on is None or o.expires_on >= today),
                applied_on=o.applied_on,
                granted_on=o.granted_on,
                expires_on=o.expires_on,
                court=o.court,
                conditions=o.conditions,
            )
            for o in case.orders
        ],
        "hearings": hearings,
        "next_hearing": next((h for h in hearings if h.upcoming), Missing(ROOT["next_hearing"], ref)),
        "plan": [
            record(
                "plan_item",
                category=PlanCategory(p.category).label,
                title=p.title,
                status=PlanStatus(p.status).label,
                done=p.status == PlanStatus.DONE,
                open=p.status in (PlanStatus.TODO, PlanStatus.IN_PROGRESS),
                due_on=p.due_on,
                notes=p.notes,
            )
            for p in case.plan_items
        ],
        "contacts": contacts,
        "risk": _risk(claims, record),
        "route": _route(claims, record),
        "urgent": [alert.text for alert in claims.urgent],
        "agency": record(
            "agency",
            **{
                kind.value: next((c for c in contacts if c.kind == kind.label), None)
                or record(
                    "contact", kind=kind.label, organisation=None, addressee=None, person=None, phone=None, email=None
                )
                for kind in AgencyKind
            },
        ),
        "advocate": record(
            "advocate",
            name=user,
            role=settings.advocate_role,
            phone=settings.advocate_phone,
            email=settings.advocate_email,
            signature=list(settings.signature or (user, settings.advocate_role)),
        ),
        "organisation": record(
            "organisation",
            name=settings.organisation.name,
            address=list(settings.organisation.address),
            phone=settings.organisation.phone,
            email=settings.organisation.email,
        ),
    }
    return Context(ref, values)


def _risk(claims: CaseClaims, record: Any) -> Record:
    basis = claims.risk
    return record(
        "risk",
        level=basis.level.label,
        assessed=basis.assessed,
        basis=basis.set.kind.value,
        reason=basis.set.reason,
        set_by=basis.set.by,
        set_on=basis.set.on,
        checklist=basis.checklist and basis.checklist.lower(),
        score=basis.score,
        assessed_on=basis.assessed_on,
        band=basis.band and basis.band.label,
        high_from=claims.thresholds.high_from,
        judgement=basis.judgement,
    )


def _route(claims: CaseClaims, record: Any) -> Record:
    route = claims.route
    criteria = [record("criterion", label=c.label, met=c.met, detail=c.detail) for c in claims.criteria]
    escalation = claims.criterion("potential-escalation")
    repeat = claims.criterion("repeat-referral")
    consent = "consent" if claims.referral_consent.value == "given" else "judgement" if claims.risk.judgement else None
    return record(
        "route",
        key=route.key,
        name=route.name,
        referral_text=route.referral_text,
        criteria=criteria,
        met=[shown for shown, c in zip(criteria, claims.criteria, strict=True) if c.met],
        visible_high_risk=claims.criterion("visible-high-risk").met,
        score_from=route.score_from or claims.thresholds.high_from,
        escalation=escalation.met,
        escalation_count=escalation.count,
        escalation_from=route.incidents,
        counted="reported to the police" if route.police_only else "identified",
        window_months=route.months,
        judgement=claims.criterion("professional-judgement").met,
        repeat=repeat.met,
        repeat_months=route.repeat_months,
        referred_on=claims.referred_on,
        since_referral=repeat.count,
        consent_basis=consent,
    )


def _behaviours(incidents: list[Incident], record: Any) -> list[Record]:
    counts = Counter(kind for incident in incidents for kind in incident.kinds)
    days: dict[str, list[date]] = {}
    for incident in incidents:
        for kind in incident.kinds:
            days.setdefault(kind, []).append(clock.local(incident.occurred_at).date())
    return [
        record(
            "behaviour",
            label=Behaviour(kind).label,
            words=Behaviour(kind).words,
            kind=kind,
            count=count,
            times=times(count),
            first=min(days[kind]),
            last=max(days[kind]),
        )
        for kind, count in sorted(counts.items(), key=lambda kc: (-kc[1], kc[0]))
    ]
