"""The people on a case: the client's details, the perpetrators and the agencies involved."""

from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from advocate_tui.rules.fields import CLIENT_FIELDS, CONTACT_FIELDS, PERPETRATOR_FIELDS, clean_fields
from advocate_tui.rules.saved import saved_id
from advocate_tui.rules.vocab import DOMESTIC_RELATIONSHIPS, Relationship
from advocate_tui.services.context import ServiceContext
from advocate_tui.services.lookup import find_case
from advocate_tui.services.records import add_to_case, update_versioned
from advocate_tui.services.repeats import index_registrations
from advocate_tui.storage import audit
from advocate_tui.storage.models import AgencyContact, Case, Client, Perpetrator


class Parties:
    """Adding and editing the client, perpetrators and agency contacts of a case."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def update_client(self, client_id: int, version: int, **changes: Any) -> Client:
        """Change the client's details; the equality answers are checked against the service's categories."""
        return update_versioned(
            self.ctx, Client, client_id, version, CLIENT_FIELDS, self.ctx.equality.clean(changes), "client's details"
        )

    def add_perpetrator(self, reference: str, **values: Any) -> Perpetrator:
        cleaned = clean_fields(PERPETRATOR_FIELDS, {"relationship": Relationship.UNKNOWN.value, **values})
        with self.ctx.writing() as session:
            case = find_case(session, reference)
            perpetrator = Perpetrator(case_id=saved_id(case), **cleaned)
            session.add(perpetrator)
            session.flush()
            refresh_domestic(session, perpetrator.case_id)
            index_registrations(session, [perpetrator])
        return perpetrator

    def update_perpetrator(self, perpetrator_id: int, version: int, **changes: Any) -> Perpetrator:
        return update_versioned(
            self.ctx,
            Perpetrator,
            perpetrator_id,
            version,
            PERPETRATOR_FIELDS,
            changes,
            "perpetrator's details",
            after=_perpetrator_changed,
        )

    def add_contact(self, reference: str, **values: Any) -> AgencyContact:
        cleaned = clean_fields(CONTACT_FIELDS, values)
        return add_to_case(self.ctx, reference, lambda case_id: AgencyContact(case_id=case_id, **cleaned))

    def update_contact(self, contact_id: int, version: int, **changes: Any) -> AgencyContact:
        return update_versioned(self.ctx, AgencyContact, contact_id, version, CONTACT_FIELDS, changes, "agency contact")


def _perpetrator_changed(session: Session, perpetrator: Perpetrator) -> None:
    refresh_domestic(session, perpetrator.case_id)
    index_registrations(session, [perpetrator])


def refresh_domestic(session: Session, case_id: int) -> None:
    """A case is domestic when any perpetrator is a partner, ex-partner or family member."""
    relationships = session.exec(select(Perpetrator.relationship).where(Perpetrator.case_id == case_id)).all()
    domestic = any(r in DOMESTIC_RELATIONSHIPS for r in relationships)
    changed = session.exec(
        update(Case).where(col(Case.id) == case_id, col(Case.domestic) != domestic).values(domestic=domestic)
    )
    if changed.rowcount:
        audit.record(
            session,
            "update",
            Case.__tablename__,
            case_id,
            case_reference=audit.reference_of_case(session, case_id),
            fields=["domestic"],
        )
