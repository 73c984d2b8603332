"""The casework tables.

Conventions: every datetime is timezone-aware and stored in UTC (see :mod:`advocate_tui.rules.clock`);
dates (referral, expiry, due) are plain calendar days. Vocabulary columns hold the values of the enums in :mod:`advocate_tui.rules.vocab`.
Records people edit carry a ``version`` that the service layer checks on every update.

No ``from __future__ import annotations`` here: SQLModel relationships need real annotations.
"""

from datetime import date, datetime
from typing import Optional

from sqlalchemy import BigInteger, Column, ForeignKey, Index, Integer, LargeBinary, UniqueConstraint, false, true
from sqlmodel import Field, Relationship, SQLModel, col

from advocate_tui.rules.clock import utcnow


def _case_fk() -> Column:
    return Column(Integer, ForeignKey("case_file.id", ondelete="CASCADE"), nullable=False, index=True)


class Timestamped(SQLModel):
    created_at: datetime = Field(default_factory=utcnow, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, nullable=False)


class Versioned(Timestamped):
    version: int = Field(default=1, nullable=False)


class Case(Versioned, table=True):
    __tablename__ = "case_file"

    id: Optional[int] = Field(default=None, primary_key=True)
    reference: str = Field(max_length=16, unique=True, index=True)
    status: str = Field(default="referred", max_length=32, index=True)
    referral_date: date
    referral_source: str = Field(max_length=32)
    first_contact_date: Optional[date] = None
    area: Optional[str] = Field(default=None, max_length=64)
    advocate: Optional[str] = Field(default=None, max_length=128)
    crime_reference: Optional[str] = Field(default=None, max_length=64, index=True)
    oic_name: Optional[str] = Field(default=None, max_length=128)
    oic_contact: Optional[str] = Field(default=None, max_length=256)
    risk_level: str = Field(default="standard", max_length=16)
    # What the level rests on (a RiskBasisKind), and for professional judgement its reason, by whom and when.
    risk_basis: str = Field(default="not-assessed", max_length=16)
    risk_reason: Optional[str] = None
    risk_set_by: Optional[str] = Field(default=None, max_length=128)
    risk_set_on: Optional[date] = None
    domestic: bool = Field(default=False)
    marac_referral_date: Optional[date] = None
    closed_on: Optional[date] = None
    closure_reason: Optional[str] = Field(default=None, max_length=32)
    outcome: Optional[str] = None
    # Risk and outcome measures for the funder's reports (see advocate_tui.services.reports).
    risk_at_intake: Optional[str] = Field(default=None, max_length=16)
    marac_judgement_reason: Optional[str] = None  # set: the advocate judges a MARAC referral is needed
    # The outcome measures (advocate_tui.rules.outcomes): None = not asked. The 1-5 scales hold 0 for declined.
    feels_safe_at_intake: Optional[int] = None  # 1 (not at all safe) to 5 (completely safe)
    feels_safe_at_closure: Optional[int] = None
    quality_of_life_at_intake: Optional[int] = None  # 1 (very poor) to 5 (very good)
    quality_of_life_at_closure: Optional[int] = None
    behaviours_at_intake: Optional[str] = Field(default=None, max_length=16)  # an IntakeAnswer; kinds: CaseBehaviour
    risk_at_closure: Optional[str] = Field(default=None, max_length=16)  # the closing review's level, or "skipped"
    risk_reduced: Optional[bool] = None  # the closure questions; None = not asked
    reported_to_police: Optional[bool] = None
    support_needs_met: Optional[bool] = None
    # The earlier case whose client this one's matched when it was opened (a re-referral); None: none matched,
    # or opened before repeats were looked for.
    re_referral_of: Optional[str] = Field(default=None, max_length=16)

    client: Optional["Client"] = Relationship(
        back_populates="case", sa_relationship_kwargs={"uselist": False, "cascade": "all, delete-orphan"}
    )
    # in the order they were added, so ``perpetrators[0]`` (as the case's JSON numbers them) names the same one
    perpetrators: list["Perpetrator"] = Relationship(
        back_populates="case", sa_relationship_kwargs={"cascade": "all, delete-orphan", "order_by": "Perpetrator.id"}
    )
    incidents: list["Incident"] = Relationship(
        back_populates="case",
        # the id breaks ties, so the log's numbering (1 for the earliest) is the same at every reading
        sa_relationship_kwargs={
            "cascade": "all, delete-orphan",
            "order_by": lambda: [col(Incident.occurred_at), col(Incident.id)],
        },
    )
    notes: list["Note"] = Relationship(
        back_populates="case",
        sa_relationship_kwargs={"cascade": "all, delete-orphan", "order_by": "Note.noted_at.desc()"},
    )
    plan_items: list["PlanItem"] = Relationship(
        back_populates="case",
        sa_relationship_kwargs={"cascade": "all, delete-orphan", "order_by": "PlanItem.position"},
    )
    hearings: list["CourtEvent"] = Relationship(
        back_populates="case",
        sa_relationship_kwargs={"cascade": "all, delete-orphan", "order_by": "CourtEvent.starts_at"},
    )
    orders: list["ProtectiveOrder"] = Relationship(
        back_populates="case", sa_relationship_kwargs={"cascade": "all, delete-orphan"}
    )
    contacts: list["AgencyContact"] = Relationship(
        back_populates="case", sa_relationship_kwargs={"cascade": "all, delete-orphan", "order_by": "AgencyContact.id"}
    )
    behaviours: list["CaseBehaviour"] = Relationship(
        back_populates="case",
        sa_relationship_kwargs={"cascade": "all, delete-orphan", "order_by": "CaseBehaviour.behaviour"},
    )


class Client(Versioned, table=True):
    __tablename__ = "client"

    id: Optional[int] = Field(default=None, primary_key=True)
    case_id: int = Field(
        sa_column=Column(Integer, ForeignKey("case_file.id", ondelete="CASCADE"), nullable=False, unique=True)
    )
    name: str = Field(max_length=128)
    preferred_name: Optional[str] = Field(default=None, max_length=128)
    pronouns: Optional[str] = Field(default=None, max_length=32)
    gender: Optional[str] = Field(default=None, max_length=32)
    date_of_birth: Optional[date] = None
    language: Optional[str] = Field(default=None, max_length=64)
    interpreter_needed: bool = False
    # Equality monitoring (advocate_tui.rules.equality): a category's key or "prefer-not-to-say"; None = not asked.
    age_band: Optional[str] = Field(default=None, max_length=16)  # asked when the date of birth is not known
    sex: Optional[str] = Field(default=None, max_length=48)
    gender_identity: Optional[str] = Field(default=None, max_length=48)
    ethnicity: Optional[str] = Field(default=None, max_length=48)
    disability: Optional[str] = Field(default=None, max_length=48)
    sexual_orientation: Optional[str] = Field(default=None, max_length=48)
    religion: Optional[str] = Field(default=None, max_length=48)
    phone: Optional[str] = Field(default=None, max_length=64)
    phone_confidential: bool = Field(default=True, sa_column_kwargs={"server_default": true()})
    safe_call_times: Optional[str] = Field(default=None, max_length=128)
    voicemail_safe: bool = False
    email: Optional[str] = Field(default=None, max_length=256)
    email_confidential: bool = Field(default=True, sa_column_kwargs={"server_default": true()})
    address: Optional[str] = None
    address_confidential: bool = True
    dependants_note: Optional[str] = None
    consent_store: bool = False
    consent_store_on: Optional[date] = None
    consent_share_police: bool = False
    consent_share_police_on: Optional[date] = None
    consent_refer: bool = False
    consent_refer_on: Optional[date] = None

    case: Optional[Case] = Relationship(back_populates="client")

    @property
    def display_name(self) -> str:
        return self.preferred_name or self.name


class CaseBehaviour(Timestamped, table=True):
    """A kind of stalking behaviour the client named at intake, and what became of it by the exit."""

    __tablename__ = "case_behaviour"
    __table_args__ = (UniqueConstraint("case_id", "behaviour"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    case_id: int = Field(sa_column=_case_fk())
    behaviour: str = Field(max_length=32)  # a Behaviour
    outcome: Optional[str] = Field(default=None, max_length=16)  # a BehaviourOutcome; None = not asked

    case: Optional[Case] = Relationship(back_populates="behaviours")


class Perpetrator(Versioned, table=True):
    __tablename__ = "perpetrator"

    id: Optional[int] = Field(default=None, primary_key=True)
    case_id: int = Field(sa_column=_case_fk())
    name: Optional[str] = Field(default=None, max_length=128)
    aliases: Optional[str] = None
    date_of_birth: Optional[date] = Field(default=None, index=True)  # looked up for possible serial perpetrators
    description: Optional[str] = None
    vehicles: Optional[str] = None
    address: Optional[str] = None
    relationship: str = Field(default="unknown", max_length=32)

    case: Optional[Case] = Relationship(back_populates="perpetrators")

    @property
    def display_name(self) -> str:
        return self.name or "(name not known)"


class VehicleRegistration(SQLModel, table=True):
    """A registration written in a perpetrator's vehicles, in one form (capitals, no spaces): what the check for
    a possible serial perpetrator looks up. Made again from the perpetrator's record whenever its vehicles change."""

    __tablename__ = "vehicle_registration"

    id: Optional[int] = Field(default=None, primary_key=True)
    case_id: int = Field(sa_column=_case_fk())
    perpetrator_id: int = Field(
        sa_column=Column(Integer, ForeignKey("perpetrator.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    registration: str = Field(max_length=16, index=True)


class Incident(Versioned, table=True):
    __tablename__ = "incident"
    __table_args__ = (Index("ix_incident_case_occurred", "case_id", "occurred_at"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    case_id: int = Field(sa_column=_case_fk())
    occurred_at: datetime = Field(index=True)
    approximate: bool = False
    recorded_at: datetime = Field(default_factory=utcnow, nullable=False)
    recorded_by: str = Field(max_length=128)
    location: Optional[str] = None
    description: str
    witnesses: Optional[str] = None
    evidence_what: Optional[str] = None
    evidence_where: Optional[str] = None
    evidence_do_not_handle: bool = False
    reported_to_police: bool = False
    police_reported_on: Optional[date] = None
    police_reference: Optional[str] = Field(default=None, max_length=64)
    police_officer: Optional[str] = Field(default=None, max_length=128)
    impact: Optional[str] = None
    serious: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    breached_order_id: Optional[int] = Field(default=None, foreign_key="protective_order.id", ondelete="SET NULL")
    #: Where the entry came from when not from the advocate: "client-record" for one imported from the
    #: client's own diary (the file and its line are in the audit trail). Never changes.
    source: Optional[str] = Field(default=None, max_length=32)

    case: Optional[Case] = Relationship(back_populates="incidents")
    behaviours: list["IncidentBehaviour"] = Relationship(
        back_populates="incident",
        sa_relationship_kwargs={"cascade": "all, delete-orphan", "lazy": "selectin"},
    )
    revisions: list["IncidentRevision"] = Relationship(
        back_populates="incident",
        sa_relationship_kwargs={"cascade": "all, delete-orphan", "order_by": "IncidentRevision.id"},
    )

    @property
    def kinds(self) -> list[str]:
        return [b.kind for b in self.behaviours]


class IncidentBehaviour(Timestamped, table=True):
    __tablename__ = "incident_behaviour"

    __table_args__ = (UniqueConstraint("incident_id", "kind"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    incident_id: int = Field(
        sa_column=Column(Integer, ForeignKey("incident.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    kind: str = Field(max_length=32)  # no index of its own: the alerts would read every case's incidents by it

    incident: Optional[Incident] = Relationship(back_populates="behaviours")


class IncidentRevision(SQLModel, table=True):
    """One correction of a logged incident: the values it replaced, who corrected it, when and why.

    Kept apart from the incident's ``version`` (which only guards against two people editing at once):
    the earlier values stay readable here however often the incident is corrected."""

    __tablename__ = "incident_revision"

    id: Optional[int] = Field(default=None, primary_key=True)
    case_id: int = Field(sa_column=_case_fk())
    incident_id: int = Field(
        sa_column=Column(Integer, ForeignKey("incident.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    revised_at: datetime = Field(default_factory=utcnow, nullable=False)
    revised_by: str = Field(max_length=128)
    reason: Optional[str] = None
    fields: str  # the names of the fields corrected, comma-separated
    earlier: str  # a JSON object: each corrected field's value before this correction

    incident: Optional[Incident] = Relationship(back_populates="revisions")


class Note(Timestamped, table=True):
    __tablename__ = "note"
    __table_args__ = (Index("ix_note_case_noted", "case_id", "noted_at"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    case_id: int = Field(sa_column=_case_fk())
    kind: str = Field(default="other", max_length=16)
    text: str
    author: str = Field(max_length=128)
    noted_at: datetime = Field(index=True)

    case: Optional[Case] = Relationship(back_populates="notes")


class PlanItem(Versioned, table=True):
    __tablename__ = "plan_item"
    __table_args__ = (
        Index("ix_plan_item_case_status", "case_id", "status"),
        Index("ix_plan_item_status_completed", "status", "completed_at"),  # the report: items done in a period
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    case_id: int = Field(sa_column=_case_fk())
    position: int = 0
    category: str = Field(max_length=32)
    title: str = Field(max_length=256)
    status: str = Field(default="to-do", max_length=16)
    due_on: Optional[date] = None
    notes: Optional[str] = None
    completed_at: Optional[datetime] = None

    case: Optional[Case] = Relationship(back_populates="plan_items")


class CourtEvent(Versioned, table=True):
    __tablename__ = "court_event"
    __table_args__ = (Index("ix_court_event_case_starts", "case_id", "starts_at"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    case_id: int = Field(sa_column=_case_fk())
    starts_at: datetime = Field(index=True)
    court: str = Field(max_length=128)
    kind: str = Field(max_length=32)
    court_case_number: Optional[str] = Field(default=None, max_length=64)
    outcome: Optional[str] = None
    result: Optional[str] = Field(default=None, max_length=32)  # a HearingResult, for reports
    notes: Optional[str] = None

    case: Optional[Case] = Relationship(back_populates="hearings")


class ProtectiveOrder(Versioned, table=True):
    __tablename__ = "protective_order"
    __table_args__ = (
        Index("ix_protective_order_case_status", "case_id", "status"),
        Index("ix_protective_order_created_at", "created_at"),  # the report: orders requested in a period
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    case_id: int = Field(sa_column=_case_fk())
    kind: str = Field(max_length=32)
    status: str = Field(default="being-considered", max_length=32)
    applied_on: Optional[date] = Field(default=None, index=True)
    granted_on: Optional[date] = Field(default=None, index=True)
    expires_on: Optional[date] = Field(default=None, index=True)
    court: Optional[str] = Field(default=None, max_length=128)
    conditions: Optional[str] = None

    case: Optional[Case] = Relationship(back_populates="orders")


class AgencyContact(Versioned, table=True):
    __tablename__ = "agency_contact"

    id: Optional[int] = Field(default=None, primary_key=True)
    case_id: int = Field(sa_column=_case_fk())
    kind: str = Field(max_length=16)
    organisation: str = Field(max_length=128)
    person: Optional[str] = Field(default=None, max_length=128)
    phone: Optional[str] = Field(default=None, max_length=64)
    email: Optional[str] = Field(default=None, max_length=256)
    notes: Optional[str] = None

    case: Optional[Case] = Relationship(back_populates="contacts")


class Document(SQLModel, table=True):
    """A letter or draft made from a template: what, for whom, where it was saved, and by whom.

    Records are never edited; the hash lets anyone check a file is the one that was made.
    """

    __tablename__ = "document"

    id: Optional[int] = Field(default=None, primary_key=True)
    case_id: int = Field(sa_column=_case_fk())
    template: str = Field(max_length=64)
    title: str = Field(max_length=256)
    audience: str = Field(max_length=32)
    format: str = Field(max_length=8)
    path: str
    content_sha256: str = Field(max_length=64)
    created_by: str = Field(max_length=128)
    created_at: datetime = Field(default_factory=utcnow, nullable=False)
    address_override: bool = False
    address_override_reason: Optional[str] = None


class DocumentRelease(SQLModel, table=True):
    """Something the advocate chose to show in a document for someone other than the client although
    it is withheld by default: the client's safe phone number or email address, or a passage of the
    record that holds part of the confidential address (a court named after the client's town).
    Who and when are the document's; records are never edited."""

    __tablename__ = "document_release"

    id: Optional[int] = Field(default=None, primary_key=True)
    case_id: int = Field(sa_column=_case_fk())
    document_id: int = Field(
        sa_column=Column(Integer, ForeignKey("document.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    item: str = Field(max_length=16)  # "phone", "email" or "passage"
    passage: Optional[str] = None
    reason: str


class RiskAssessment(SQLModel, table=True):
    """One completed risk checklist; never edited (a review is a new assessment)."""

    __tablename__ = "risk_assessment"
    __table_args__ = (Index("ix_risk_assessment_case_on", "case_id", "assessed_on"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    case_id: int = Field(sa_column=_case_fk())
    checklist: str = Field(max_length=32)
    assessed_on: date
    assessor: str = Field(max_length=128)
    score: int
    band: Optional[str] = Field(default=None, max_length=16)  # a RiskLevel, for checklists with bands
    created_at: datetime = Field(default_factory=utcnow, nullable=False)

    answers: list["RiskAnswer"] = Relationship(
        back_populates="assessment",
        sa_relationship_kwargs={"cascade": "all, delete-orphan", "lazy": "selectin", "order_by": "RiskAnswer.position"},
    )


class RiskAnswer(SQLModel, table=True):
    __tablename__ = "risk_answer"
    __table_args__ = (UniqueConstraint("assessment_id", "item"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    assessment_id: int = Field(
        sa_column=Column(Integer, ForeignKey("risk_assessment.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    position: int
    item: str = Field(max_length=48)
    answer: str = Field(max_length=16)  # an Answer
    source: Optional[str] = Field(default=None, max_length=128)  # who said so, when not the client
    comment: Optional[str] = None

    assessment: Optional[RiskAssessment] = Relationship(back_populates="answers")


class AlertAcknowledgement(SQLModel, table=True):
    """An advocate has seen an escalation alert; it stays hidden until it occurs again."""

    __tablename__ = "alert_acknowledgement"

    id: Optional[int] = Field(default=None, primary_key=True)
    case_id: int = Field(sa_column=_case_fk())
    alert: str = Field(max_length=48)
    acknowledged_by: str = Field(max_length=128)
    acknowledged_at: datetime = Field(default_factory=utcnow, nullable=False)


class CaseStatistic(SQLModel, table=True):
    """What the funder's reports count about a case, kept without personal data when the case is erased.

    The columns are those of :func:`advocate_tui.services.reports.case_facts`, which fills them.
    """

    __tablename__ = "case_statistic"

    id: Optional[int] = Field(default=None, primary_key=True)
    referral_date: date = Field(index=True)
    referral_source: str = Field(max_length=32)
    area: Optional[str] = Field(default=None, max_length=64)
    advocate: Optional[str] = Field(default=None, max_length=128)
    domestic: bool
    gender: Optional[str] = Field(default=None, max_length=32)
    age_band: Optional[str] = Field(default=None, max_length=16)
    risk_at_intake: Optional[str] = Field(default=None, max_length=16)
    risk_latest: str = Field(max_length=16)
    risk_basis: Optional[str] = Field(default=None, max_length=16)  # None: kept before the basis was
    first_contact_days: Optional[int] = None
    marac_referral_date: Optional[date] = None
    closed_on: Optional[date] = None
    closure_reason: Optional[str] = Field(default=None, max_length=32)
    feels_safe_at_intake: Optional[int] = None
    feels_safe_at_closure: Optional[int] = None
    risk_reduced: Optional[bool] = None
    reported_to_police: Optional[bool] = None
    support_needs_met: Optional[bool] = None
    # Kept from 0017 on; None for cases erased before (counted as "not recorded" or not at that stage).
    relationship: Optional[str] = Field(default=None, max_length=32)
    crime_reported: Optional[bool] = None
    charged: Optional[bool] = None
    convicted: Optional[bool] = None
    order_applied: Optional[bool] = None
    order_granted: Optional[bool] = None
    order_breached: Optional[bool] = None
    # Kept from 0018 on; None for cases erased before (counted as "not asked" or "not recorded").
    quality_of_life_at_intake: Optional[int] = None
    quality_of_life_at_closure: Optional[int] = None
    behaviours_at_intake: Optional[str] = Field(default=None, max_length=16)
    risk_at_closure: Optional[str] = Field(default=None, max_length=16)
    sex: Optional[str] = Field(default=None, max_length=48)
    gender_identity: Optional[str] = Field(default=None, max_length=48)
    ethnicity: Optional[str] = Field(default=None, max_length=48)
    disability: Optional[str] = Field(default=None, max_length=48)
    sexual_orientation: Optional[str] = Field(default=None, max_length=48)
    religion: Optional[str] = Field(default=None, max_length=48)
    language: Optional[str] = Field(default=None, max_length=64)
    interpreter_needed: Optional[bool] = None  # None: kept before it was counted
    re_referral: bool = Field(default=False, sa_column_kwargs={"server_default": false()})


class StatisticEvent(SQLModel, table=True):
    """A counted event of an erased case: an order requested, applied for or granted, a hearing, a plan item done,
    a multi-agency referral (and each criterion it met)."""

    __tablename__ = "statistic_event"

    id: Optional[int] = Field(default=None, primary_key=True)
    statistic_id: int = Field(
        sa_column=Column(Integer, ForeignKey("case_statistic.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    family: str = Field(max_length=16)
    kind: str = Field(max_length=32)
    result: Optional[str] = Field(default=None, max_length=32)
    happened_on: date = Field(index=True)


# -- protecting the data (see advocate_tui.storage.audit and advocate_tui.services.sharing) ------------------------


class AuditEntry(Timestamped, table=True):
    """Who did what to which record, and when (``created_at``); never the values themselves.

    Entries are written in order and chained: ``hash`` covers every other column of the entry (``previous_hash``,
    the ``hash`` of the one before, among them), so an edited, inserted or removed row breaks the chain (see
    :func:`advocate_tui.storage.audit.verify`).
    """

    __tablename__ = "audit_entry"

    id: Optional[int] = Field(default=None, primary_key=True)
    actor: str = Field(max_length=128)
    action: str = Field(max_length=16)
    entity: str = Field(max_length=32)
    entity_id: Optional[int] = None
    case_reference: Optional[str] = Field(default=None, max_length=16, index=True)
    fields: Optional[str] = None  # the names of the fields set or changed, comma-separated
    detail: Optional[str] = Field(default=None, max_length=256)  # never personal data
    state_hash: Optional[str] = Field(default=None, max_length=64)  # a create's or update's record, as stored after it
    previous_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)


class Disclosure(Timestamped, table=True):
    """One sharing of the client's data outside the service: to whom, what, why, on what basis, by whom, when."""

    __tablename__ = "disclosure"

    id: Optional[int] = Field(default=None, primary_key=True)
    case_id: int = Field(sa_column=_case_fk())
    shared_at: datetime
    recipient: str = Field(max_length=256)
    what: str
    why: str
    basis: Optional[str] = Field(default=None, max_length=32)  # a LawfulBasis (Article 6); None: not yet decided
    condition: Optional[str] = Field(default=None, max_length=32)  # a SharingCondition; None: none needed
    basis_to_review: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    shared_by: str = Field(max_length=128)
    document_id: Optional[int] = Field(default=None, foreign_key="document.id", ondelete="SET NULL")


class DoNotDisclose(Timestamped, table=True):
    """A person or organisation nothing about the case may be sent to (e.g. a perpetrator's relative at an agency)."""

    __tablename__ = "do_not_disclose"
    __table_args__ = (UniqueConstraint("case_id", "name"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    case_id: int = Field(sa_column=_case_fk())
    name: str = Field(max_length=256)
    reason: Optional[str] = None
    added_by: str = Field(max_length=128)


class KeptCopy(Timestamped, table=True):
    """A file of case data the program wrote outside the database and its backups folder (a backup made to a
    path of the person's choosing, a subject-access export), so that erasing a client reaches it too."""

    __tablename__ = "kept_copy"

    id: Optional[int] = Field(default=None, primary_key=True)
    kind: str = Field(max_length=16)  # "backup" (a whole database) or "export" (one case's folder)
    path: str
    case_reference: Optional[str] = Field(default=None, max_length=16, index=True)  # an export's case


# -- the criminal-justice journey and the Victims' Code (see advocate_tui.services.justice and .victims) ----------


class CrimeReport(Versioned, table=True):
    """One crime reference on a case and where it has got to: reported, investigated, charged, decided, tried."""

    __tablename__ = "crime_report"
    __table_args__ = (UniqueConstraint("case_id", "crime_number"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    case_id: int = Field(sa_column=_case_fk())
    crime_number: str = Field(max_length=64)  # the force's crime or incident number
    reported_on: Optional[date] = None
    reported_how: Optional[str] = Field(default=None, max_length=32)  # a ReportedHow
    oic_name: Optional[str] = Field(default=None, max_length=128)
    oic_contact: Optional[str] = Field(default=None, max_length=256)
    status: str = Field(default="reported", max_length=32)  # an InvestigationStatus
    status_reason: Optional[str] = None  # the reason for no further action, the bail conditions
    offence: Optional[str] = Field(default=None, max_length=32)  # an Offence, once charged
    charged_on: Optional[date] = None
    cps_decision: Optional[str] = Field(default=None, max_length=32)  # a CpsDecision
    cps_decided_on: Optional[date] = None
    court_outcome: Optional[str] = Field(default=None, max_length=32)  # a CourtOutcome
    outcome_on: Optional[date] = None
    sentence: Optional[str] = None
    restraining_order_id: Optional[int] = Field(
        default=None, foreign_key="protective_order.id", ondelete="SET NULL", index=True
    )


class PoliceUpdate(SQLModel, table=True):
    """What the police told the service about a crime reference, and what the client was told; never edited."""

    __tablename__ = "police_update"

    id: Optional[int] = Field(default=None, primary_key=True)
    case_id: int = Field(sa_column=_case_fk())
    crime_report_id: int = Field(
        sa_column=Column(Integer, ForeignKey("crime_report.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    given_on: date
    given_by: str = Field(max_length=128)
    said: str
    client_told: Optional[str] = None
    recorded_by: str = Field(max_length=128)
    created_at: datetime = Field(default_factory=utcnow, nullable=False)


class ReviewDecision(Versioned, table=True):
    """A police or CPS decision on a crime reference that the victim may be able to ask to have reviewed."""

    __tablename__ = "review_decision"

    id: Optional[int] = Field(default=None, primary_key=True)
    case_id: int = Field(sa_column=_case_fk())
    crime_report_id: int = Field(
        sa_column=Column(Integer, ForeignKey("crime_report.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    body: str = Field(max_length=8)  # a ReviewBody
    kind: str = Field(max_length=32)  # a DecisionKind
    decided_on: date = Field(index=True)
    interviewed_under_caution: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    review_requested_on: Optional[date] = None
    recorded_by: str = Field(max_length=128)


class VictimsCodeStanding(Versioned, table=True):
    """Whether the client is eligible for the Victims' Code's enhanced rights: a judgement, with who made it."""

    __tablename__ = "victims_code_standing"

    id: Optional[int] = Field(default=None, primary_key=True)
    case_id: int = Field(
        sa_column=Column(Integer, ForeignKey("case_file.id", ondelete="CASCADE"), nullable=False, unique=True)
    )
    enhanced: bool
    reason: str
    decided_by: str = Field(max_length=128)
    decided_on: date


class RightExplained(Timestamped, table=True):
    """One Victims' Code right explained to the client: which, when and by whom (explained again: a new date)."""

    __tablename__ = "right_explained"
    __table_args__ = (UniqueConstraint("case_id", "right"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    case_id: int = Field(sa_column=_case_fk())
    right: str = Field(max_length=48)  # a VictimRight
    explained_on: date
    explained_by: str = Field(max_length=128)


# -- referral history on the multi-agency routes (see advocate_tui.services.referrals) ---------------------------


class Referral(Versioned, table=True):
    """One referral of a case to its multi-agency route (the MARAC or the stalking panel) and why it was made.

    ``criteria`` keeps the criteria met on the day as JSON (``[[label, detail], ...]``), so the record still says
    why after the log changes; ``None`` for a referral recorded before referral history was kept. ``consent`` is
    ``None`` there too (not recorded); otherwise a referral without consent carries its reason.
    """

    __tablename__ = "referral"

    id: Optional[int] = Field(default=None, primary_key=True)
    case_id: int = Field(sa_column=_case_fk())
    route: str = Field(max_length=8)  # a route key: "marac" or "panel"
    referred_on: date = Field(index=True)
    repeat: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    criteria: Optional[str] = None
    judgement_reason: Optional[str] = None
    consent: Optional[bool] = None
    without_consent_reason: Optional[str] = None
    meeting_on: Optional[date] = Field(default=None, index=True)
    outcome: Optional[str] = None
    referred_by: str = Field(max_length=128)

    actions: list["ReferralAction"] = Relationship(
        back_populates="referral",
        sa_relationship_kwargs={
            "cascade": "all, delete-orphan",
            "order_by": lambda: [col(ReferralAction.id)],
            "lazy": "selectin",
        },
    )


class ReferralAction(Versioned, table=True):
    """An action a multi-agency meeting agreed on a referral: which agency, what, who owns it, when due, when done."""

    __tablename__ = "referral_action"

    id: Optional[int] = Field(default=None, primary_key=True)
    case_id: int = Field(sa_column=_case_fk())
    referral_id: int = Field(
        sa_column=Column(Integer, ForeignKey("referral.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    agency: str = Field(max_length=128)
    action: str
    owner: Optional[str] = Field(default=None, max_length=128)
    due_on: Optional[date] = Field(default=None, index=True)
    done_on: Optional[date] = None

    referral: Optional[Referral] = Relationship(back_populates="actions")


# -- advice to other organisations (see advocate_tui.services.consultations) -----------------------------------


class Consultation(Timestamped, table=True):
    """Advice the service gave another organisation's professional on a stalking case of theirs: tied to no
    case of ours, and holding nothing that names their client."""

    __tablename__ = "consultation"

    id: Optional[int] = Field(default=None, primary_key=True)
    held_on: date = Field(index=True)
    organisation: str = Field(max_length=128)
    professional: str = Field(max_length=128)
    role: Optional[str] = Field(default=None, max_length=128)
    question: str
    advice: str
    minutes: int
    follow_up: Optional[str] = None
    follow_up_on: Optional[date] = Field(default=None, index=True)
    followed_up_on: Optional[date] = None  # the day the follow-up was done (it leaves the agenda)
    recorded_by: str = Field(max_length=128)


# -- evidence files (see advocate_tui.services.evidence) ---------------------------------------------------------


class EvidenceFile(SQLModel, table=True):
    """A file kept as evidence of an incident: its exhibit reference, where it came from and its SHA-256.

    The bytes are in :class:`EvidenceChunk` rows; records are never edited (an exhibit reference, once given,
    stays), and go only with their case."""

    __tablename__ = "evidence_file"
    __table_args__ = (
        UniqueConstraint("case_id", "exhibit_initials", "exhibit_number"),
        UniqueConstraint("case_id", "exhibit_reference"),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    case_id: int = Field(sa_column=_case_fk())
    incident_id: int = Field(
        sa_column=Column(Integer, ForeignKey("incident.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    exhibit_reference: str = Field(max_length=24)  # e.g. "SC/1": the producer's initials and a number
    exhibit_initials: str = Field(max_length=8)
    exhibit_number: int
    produced_by: str = Field(max_length=16)  # an EvidenceProducer: who produces it to the police
    description: Optional[str] = None
    original_name: str = Field(max_length=255)
    media_type: str = Field(max_length=128)
    size: int = Field(sa_column=Column(BigInteger, nullable=False))
    sha256: str = Field(max_length=64)
    added_by: str = Field(max_length=128)
    added_at: datetime = Field(default_factory=utcnow, nullable=False)


class EvidenceChunk(SQLModel, table=True):
    """One piece of an evidence file's bytes, in order (``seq`` from 0); never edited.

    Left out of the audit trail's row hashes (a chunk is up to a mebibyte): the file's SHA-256 on its
    :class:`EvidenceFile`, which the trail covers, is what vouches for them (``evidence verify``)."""

    __tablename__ = "evidence_chunk"
    __table_args__ = (UniqueConstraint("evidence_id", "seq"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    evidence_id: int = Field(
        sa_column=Column(Integer, ForeignKey("evidence_file.id", ondelete="CASCADE"), nullable=False)
    )
    seq: int
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
