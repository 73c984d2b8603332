"""The casework tables.

Conventions: every datetime is timezone-aware and stored in UTC (see :mod:`advocate_tui.clock`);
dates (referral, expiry, due) are plain calendar days. Vocabulary columns hold the values of the enums in :mod:`advocate_tui.vocab`.
Records people edit carry a ``version`` that the service layer checks on every update.

No ``from __future__ import annotations`` here: SQLModel relationships need real annotations.
"""

from datetime import date, datetime
from typing import Optional

from sqlalchemy import Column, ForeignKey, Index, Integer, UniqueConstraint
from sqlmodel import Field, Relationship, SQLModel

from advocate_tui.clock import utcnow


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
    domestic: bool = Field(default=False)
    marac_referral_date: Optional[date] = None
    closed_on: Optional[date] = None
    closure_reason: Optional[str] = Field(default=None, max_length=32)
    outcome: Optional[str] = None

    client: Optional["Client"] = Relationship(
        back_populates="case", sa_relationship_kwargs={"uselist": False, "cascade": "all, delete-orphan"}
    )
    perpetrators: list["Perpetrator"] = Relationship(
        back_populates="case", sa_relationship_kwargs={"cascade": "all, delete-orphan"}
    )
    incidents: list["Incident"] = Relationship(
        back_populates="case",
        sa_relationship_kwargs={"cascade": "all, delete-orphan", "order_by": "Incident.occurred_at"},
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
        back_populates="case", sa_relationship_kwargs={"cascade": "all, delete-orphan"}
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
    phone: Optional[str] = Field(default=None, max_length=64)
    safe_call_times: Optional[str] = Field(default=None, max_length=128)
    voicemail_safe: bool = False
    email: Optional[str] = Field(default=None, max_length=256)
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


class Perpetrator(Versioned, table=True):
    __tablename__ = "perpetrator"

    id: Optional[int] = Field(default=None, primary_key=True)
    case_id: int = Field(sa_column=_case_fk())
    name: Optional[str] = Field(default=None, max_length=128)
    aliases: Optional[str] = None
    date_of_birth: Optional[date] = None
    description: Optional[str] = None
    vehicles: Optional[str] = None
    address: Optional[str] = None
    relationship: str = Field(default="unknown", max_length=32)

    case: Optional[Case] = Relationship(back_populates="perpetrators")

    @property
    def display_name(self) -> str:
        return self.name or "(name not known)"


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
    breached_order_id: Optional[int] = Field(
        default=None, foreign_key="protective_order.id", ondelete="SET NULL"
    )

    case: Optional[Case] = Relationship(back_populates="incidents")
    behaviours: list["IncidentBehaviour"] = Relationship(
        back_populates="incident",
        sa_relationship_kwargs={"cascade": "all, delete-orphan", "lazy": "selectin"},
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
    kind: str = Field(max_length=32, index=True)

    incident: Optional[Incident] = Relationship(back_populates="behaviours")


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
    __table_args__ = (Index("ix_plan_item_case_status", "case_id", "status"),)

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
    notes: Optional[str] = None

    case: Optional[Case] = Relationship(back_populates="hearings")


class ProtectiveOrder(Versioned, table=True):
    __tablename__ = "protective_order"
    __table_args__ = (Index("ix_protective_order_case_status", "case_id", "status"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    case_id: int = Field(sa_column=_case_fk())
    kind: str = Field(max_length=32)
    status: str = Field(default="being-considered", max_length=32)
    applied_on: Optional[date] = None
    granted_on: Optional[date] = None
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
