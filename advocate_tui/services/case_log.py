"""The case's log: contact notes and the incident log, each entry stamped with who recorded it and when."""

from collections.abc import Callable, Iterable
from datetime import date, datetime

from sqlalchemy import insert

from advocate_tui.rules import clock
from advocate_tui.rules.errors import InvalidInputError
from advocate_tui.rules.fields import checked_incident_time, optional_text, past_date, required_text, vocab
from advocate_tui.rules.saved import saved_id
from advocate_tui.rules.vocab import Behaviour, NoteKind
from advocate_tui.services.context import ServiceContext
from advocate_tui.services.lookup import case_key, find_case
from advocate_tui.services.rows import AddedNote
from advocate_tui.storage import audit
from advocate_tui.storage.models import Incident, IncidentBehaviour, Note, ProtectiveOrder
from advocate_tui.storage.orm import table_of


class CaseLog:
    """Adding notes and incidents to a case."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def add_note(
        self,
        reference: str,
        text: str | Callable[[], str],
        kind: str = NoteKind.OTHER.value,
        noted_at: datetime | None = None,
    ) -> AddedNote:
        """Add to the contact log. ``text`` may be a function that asks for it (an editor): it is called
        only once the case and the kind are known to be right, so no one writes a note that is then refused.

        ``advocate note`` is the quickest entry of all, so this uses Core statements only: setting up
        the ORM's mappers would add a fifth to the command's time (see bench/run.py)."""
        kind_value = vocab(NoteKind)(kind, "note kind")
        if callable(text):
            with self.ctx.reading() as session:
                case_key(session, reference)
            text = text()
        values = {
            "kind": kind_value,
            "text": required_text()(text, "note"),
            "author": self.ctx.user,
            "noted_at": clock.local(noted_at) if noted_at else clock.now(),
        }
        stamp = clock.utcnow()
        notes = table_of(Note)
        with self.ctx.writing() as session:
            case_id, ref = case_key(session, reference)
            added = session.exec(insert(notes).values(case_id=case_id, created_at=stamp, updated_at=stamp, **values))
            key = added.inserted_primary_key
            assert key is not None  # a one-row insert has its key
            note_id = key[0]
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
            "description": required_text()(description, "incident description"),
            "occurred_at": checked_incident_time(occurred_at),
            "approximate": approximate,
            "location": optional_text()(location, "location"),
            "witnesses": optional_text()(witnesses, "witnesses"),
            "evidence_what": optional_text()(evidence_what, "evidence held"),
            "evidence_where": optional_text()(evidence_where, "where the evidence is"),
            "evidence_do_not_handle": evidence_do_not_handle,
            "police_reference": optional_text(64)(police_reference, "police reference"),
            "police_reported_on": past_date(police_reported_on, "date reported to police"),
            "police_officer": optional_text(128)(police_officer, "police officer"),
            "impact": optional_text()(impact, "impact on the client"),
            "serious": serious,
        }
        values["reported_to_police"] = bool(values["police_reference"] or values["police_reported_on"])
        behaviours = sorted({vocab(Behaviour)(k, "behaviour kind") for k in kinds}) or [Behaviour.OTHER.value]
        with self.ctx.writing() as session:
            case = find_case(session, reference)
            if breached_order_id is not None:
                order = session.get(ProtectiveOrder, breached_order_id)
                if order is None or order.case_id != case.id:
                    raise InvalidInputError(f"Order {breached_order_id} is not an order on {case.reference}.")
                if Behaviour.ORDER_BREACH.value not in behaviours:
                    behaviours.append(Behaviour.ORDER_BREACH.value)
            incident = Incident(
                case_id=saved_id(case), recorded_by=self.ctx.user, breached_order_id=breached_order_id, **values
            )
            # incident_id is set from this relationship when the incident is flushed
            incident.behaviours = [IncidentBehaviour(kind=k) for k in behaviours]  # type: ignore[call-arg]
            session.add(incident)
        return incident
