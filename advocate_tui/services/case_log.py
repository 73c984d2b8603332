"""The case's log: contact notes and the incident log, each entry stamped with who recorded it and when."""

import json
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, col, select

from advocate_tui.rules import clock
from advocate_tui.rules.errors import InvalidInputError, NotFoundError, StaleRecordError
from advocate_tui.rules.fields import INCIDENT_FIELDS, clean_fields, optional_text, required_text, vocab
from advocate_tui.rules.saved import saved_id
from advocate_tui.rules.vocab import Behaviour, NoteKind
from advocate_tui.services.context import ServiceContext
from advocate_tui.services.lookup import case_key, find_case
from advocate_tui.services.records import bump
from advocate_tui.services.rows import AddedNote
from advocate_tui.storage import audit
from advocate_tui.storage.audit_state import canonical
from advocate_tui.storage.models import Incident, IncidentBehaviour, IncidentRevision, Note, ProtectiveOrder
from advocate_tui.storage.orm import table_of


def numbered(session: Session, case_id: int, ref: str, number: int) -> Incident:
    """Incident ``number`` of the case ``case_id`` (``ref``), counting from 1 for the earliest, as its log lists them."""
    incident = session.exec(
        select(Incident)
        .where(Incident.case_id == case_id)
        .order_by(col(Incident.occurred_at), col(Incident.id))
        .offset(max(number - 1, 0))
        .limit(1)
    ).first()
    if number < 1 or incident is None:
        raise NotFoundError(
            f"{ref} has no incident {number}: incidents are numbered from 1, earliest first.",
            topic="incident-numbers",
            reference=ref,
            number=str(number),
        )
    return incident


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
        values = clean_fields(
            INCIDENT_FIELDS,
            {
                "description": description,
                "occurred_at": occurred_at,
                "behaviours": list(kinds),
                "approximate": approximate,
                "location": location,
                "witnesses": witnesses,
                "evidence_what": evidence_what,
                "evidence_where": evidence_where,
                "evidence_do_not_handle": evidence_do_not_handle,
                "police_reference": police_reference,
                "police_reported_on": police_reported_on,
                "police_officer": police_officer,
                "impact": impact,
                "serious": serious,
            },
        )
        behaviours = values.pop("behaviours")
        values["reported_to_police"] = _reported(values)
        with self.ctx.writing() as session:
            case = find_case(session, reference)
            if breached_order_id is not None:
                order = session.get(ProtectiveOrder, breached_order_id)
                if order is None or order.case_id != case.id:
                    raise InvalidInputError(f"Order {breached_order_id} is not an order on {case.reference}.")
            incident = Incident(
                case_id=saved_id(case), recorded_by=self.ctx.user, breached_order_id=breached_order_id, **values
            )
            _set_behaviours(incident, behaviours)
            session.add(incident)
        return incident

    def numbered_incident(self, reference: str, number: int) -> Incident:
        """The case's incident ``number``, counting from 1 for the earliest, as the case's log lists them."""
        with self.ctx.reading() as session:
            case_id, ref = case_key(session, reference)
            return numbered(session, case_id, ref, number)

    def correct_incident(
        self, incident_id: int, version: int, changes: dict[str, Any], reason: str | None = None
    ) -> Incident:
        """Correct a logged incident, keeping the values it replaces in a revision with who, when and
        ``reason``; refused if the incident changed since ``version`` was read. When and by whom it was
        first recorded never change. Only fields whose value differs are corrected."""
        unknown = sorted(set(changes) - set(INCIDENT_FIELDS))
        if unknown:
            raise InvalidInputError(
                f"An incident has no field '{unknown[0]}': the fields are {', '.join(INCIDENT_FIELDS)}."
            )
        cleaned = clean_fields(INCIDENT_FIELDS, changes)
        why = optional_text()(reason, "reason for the correction")
        with self.ctx.writing() as session:
            incident = session.get(Incident, incident_id)
            if incident is None:
                raise NotFoundError("The incident no longer exists (someone may have removed it): reload and check.")
            if incident.version != version:
                raise StaleRecordError(
                    "The incident was changed by someone else since you opened it, so your correction was not "
                    "saved: reload it and make your correction again."
                )
            earlier = {name: _stored(incident, name) for name in cleaned}
            corrected = {
                name: cleaned[name]
                for name in INCIDENT_FIELDS
                if name in cleaned and _canonical(cleaned[name]) != earlier[name]
            }
            if not corrected:
                raise InvalidInputError("Nothing to correct: the values given are those already recorded.")
            for name, value in corrected.items():
                if name == "behaviours":
                    _set_behaviours(incident, value)
                else:
                    setattr(incident, name, value)
            incident.reported_to_police = _reported(
                {"police_reference": incident.police_reference, "police_reported_on": incident.police_reported_on}
            )
            bump(incident)
            session.add(
                IncidentRevision(
                    case_id=incident.case_id,
                    incident_id=incident_id,
                    revised_by=self.ctx.user,
                    reason=why,
                    fields=",".join(corrected),
                    earlier=json.dumps({name: earlier[name] for name in corrected}, ensure_ascii=False),
                )
            )
            session.flush()
            session.refresh(incident, ["revisions"])
        return incident


def _reported(values: dict[str, Any]) -> bool:
    return bool(values.get("police_reference") or values.get("police_reported_on"))


def _set_behaviours(incident: Incident, kinds: list[str]) -> None:
    """An incident that breached an order always has the order-breach behaviour (in place of "other" when no
    behaviour was given: the breach is what is known)."""
    if incident.breached_order_id is not None and Behaviour.ORDER_BREACH.value not in kinds:
        other_alone = kinds == [Behaviour.OTHER.value]
        kinds = sorted([*([] if other_alone else kinds), Behaviour.ORDER_BREACH.value])
    # kept behaviours stay the same rows (a kind is unique per incident); incident_id is set on new ones
    # from this relationship when the incident is flushed
    kept = {b.kind: b for b in incident.behaviours if b.kind in kinds}
    incident.behaviours = [kept.get(k) or IncidentBehaviour(kind=k) for k in kinds]  # type: ignore[call-arg]


def _canonical(value: Any) -> Any:
    return sorted(value) if isinstance(value, list) else canonical(value)


def _stored(incident: Incident, name: str) -> Any:
    """A field's value as stored, in the form the revision keeps it (times in UTC, dates ISO, kinds a list)."""
    return _canonical(incident.kinds if name == "behaviours" else getattr(incident, name))
