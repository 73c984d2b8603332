"""Editing a whole case at once: any editable field of the case, its client, its perpetrators and its agency
contacts, checked by the forms' own cleaners and written in one transaction that is refused whole when
anything on the case changed since it was read."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import selectinload
from sqlmodel import Session, select

from advocate_tui.rules.errors import AdvocateError, InvalidInputError, StaleRecordError
from advocate_tui.rules.field_paths import LISTS, PARTS, FieldPath, every_field, field_path
from advocate_tui.rules.saved import saved_id
from advocate_tui.rules.vocab import ENDED_STATUSES, CaseStatus
from advocate_tui.services.cases import Cases
from advocate_tui.services.context import ServiceContext
from advocate_tui.services.lookup import missing_case, normal_reference
from advocate_tui.services.parties import refresh_domestic
from advocate_tui.services.records import write_versioned
from advocate_tui.services.repeats import index_registrations
from advocate_tui.services.risk_level import JUDGED
from advocate_tui.storage import audit
from advocate_tui.storage.models import AgencyContact, Case, Client, Perpetrator, Versioned
from advocate_tui.storage.orm import rel

#: Each part's record and how a refusal names it.
MODELS: dict[str, tuple[type[Versioned], str]] = {
    "": (Case, "case"),
    "client": (Client, "client's details"),
    "perpetrators": (Perpetrator, "perpetrator's details"),
    "agency_contacts": (AgencyContact, "agency contact"),
}


@dataclass(frozen=True)
class RecordState:
    """One record of the case as it was read: its id, its version and its editable fields' values."""

    model: type[Versioned]
    what: str
    record_id: int
    version: int
    values: dict[str, Any]


@dataclass(frozen=True)
class EditableCase:
    """The editable records of a case, by the name its JSON gives each ("" for the case, ``perpetrators[0]``)."""

    case_id: int
    reference: str
    status: str
    records: dict[str, RecordState]

    @property
    def counts(self) -> dict[str, int]:
        """How many records each list part has."""
        return {part: sum(1 for name in self.records if name.startswith(f"{part}[")) for part in LISTS}

    def fields(self) -> list[FieldPath]:
        """Every editable field, the case's own first, then the client's, the perpetrators' and the contacts'."""
        return [path for path in every_field(self.counts) if path.record in self.records]

    def path(self, name: str) -> FieldPath:
        """The field ``name`` names (as the case's JSON does), or one sentence refusing it."""
        path = field_path(name, self.counts)
        if path.record not in self.records:
            raise InvalidInputError(f"{self.reference} has no {path.part} record to edit.")
        return path

    def value(self, path: FieldPath) -> Any:
        return self.records[path.record].values[path.field]

    def versions(self) -> dict[tuple[str, int], int]:
        return {(state.model.__name__, state.record_id): state.version for state in self.records.values()}


class CaseEdit:
    """Reading a case's editable fields and changing any of them together."""

    def __init__(self, ctx: ServiceContext, cases: Cases) -> None:
        self.ctx = ctx
        self.cases = cases

    def read(self, reference: str, *, shown: bool = False) -> EditableCase:
        """The case's editable records as they are now; ``shown`` (every value is put before the person)
        records the view in the audit trail."""
        ref = normal_reference(reference)
        with self.ctx.reading() as session:
            case = _load(session, ref)
        editable = EditableCase(saved_id(case), case.reference, case.status, _states(case))
        if shown:
            with self.ctx.writing() as session:
                audit.record(session, "view", Case.__tablename__, editable.case_id, case_reference=case.reference)
        return editable

    def apply(self, editable: EditableCase, changes: dict[FieldPath, Any]) -> dict[FieldPath, Any]:
        """Check every change with the forms' cleaners, then write those that differ from what was read, in one
        transaction, only if no record of the case changed (or came or went) since ``editable`` was read.
        Returns the fields changed with their new values; a refusal names the first bad field and writes nothing."""
        cleaned: dict[FieldPath, Any] = {}
        for path, value in changes.items():
            try:
                clean = self._clean(editable, path, value)
            except AdvocateError as exc:
                raise type(exc)(f"{path}: {exc}") from None
            if clean != editable.value(path):
                cleaned[path] = clean
        if not cleaned:
            return {}
        by_record: dict[str, dict[str, Any]] = {}
        for path, clean in cleaned.items():
            by_record.setdefault(path.record, {})[path.field] = clean
        judged = {field: by_record.get("", {}).pop(field) for field in JUDGED if field in by_record.get("", {})}
        if judged:  # a level and its reason are one judgement: checked together, with who and when
            by_record[""] |= self.cases.clean_changes(judged)
        with self.ctx.writing() as session:
            if _versions(session, editable.case_id) != editable.versions():
                raise StaleRecordError(
                    f"{editable.reference} was changed by someone else since it was read, so nothing was saved: "
                    "read it again and make the changes again.",
                    topic="case-changed",
                    reference=editable.reference,
                )
            new_vehicles = []
            for record, values in by_record.items():
                state = editable.records[record]
                written = write_versioned(session, state.model, state.record_id, state.version, values, state.what)
                if isinstance(written, Perpetrator) and "vehicles" in values:
                    new_vehicles.append(written)
            if any(path.part == "perpetrators" and path.field == "relationship" for path in cleaned):
                refresh_domestic(session, editable.case_id)
            index_registrations(session, new_vehicles)
        order = editable.fields()
        return dict(sorted(cleaned.items(), key=lambda item: order.index(item[0])))

    def _clean(self, editable: EditableCase, path: FieldPath, value: Any) -> Any:
        if path.part == "client":
            value = self.ctx.equality.clean({path.field: value})[path.field]
        if path.part or path.field in JUDGED:
            return path.spec.clean(value, path.spec.label)
        clean = self.cases.clean_changes({path.field: value})[path.field]
        if path.field == "status" and clean != editable.status:
            if editable.status in ENDED_STATUSES or clean in ENDED_STATUSES:
                open_statuses = ", ".join(s.value for s in CaseStatus if s not in ENDED_STATUSES)
                raise InvalidInputError(
                    f"a case's status moves only between {open_statuses} here; a case ends by being closed, "
                    "which records why and when."
                )
        return clean


def _load(session: Session, reference: str) -> Case:
    case = session.exec(
        select(Case)
        .where(Case.reference == reference)
        .options(selectinload(rel(Case.client)), selectinload(rel(Case.perpetrators)), selectinload(rel(Case.contacts)))
    ).first()
    if case is None:
        raise missing_case(session, reference)
    return case


def _states(case: Case) -> dict[str, RecordState]:
    """Each editable record, the lists in the order the case's JSON gives them (that of their ids)."""
    parts: dict[str, list[Any]] = {
        "": [case],
        "client": [case.client] if case.client else [],
        "perpetrators": case.perpetrators,
        "agency_contacts": case.contacts,
    }
    states = {}
    for part, records in parts.items():
        model, what = MODELS[part]
        for index, record in enumerate(records):
            values = {field: getattr(record, field) for field in PARTS[part]}
            name = f"{part}[{index}]" if part in LISTS else part
            states[name] = RecordState(model, what, saved_id(record), record.version, values)
    return states


def _versions(session: Session, case_id: int) -> dict[tuple[str, int], int]:
    """The version of every editable record of the case now, as :meth:`EditableCase.versions` gives them."""
    found = {}
    for model, _what in MODELS.values():
        table: Any = model
        key = table.id if model is Case else table.case_id
        for record_id, version in session.execute(select(table.id, table.version).where(key == case_id)):
            found[(model.__name__, record_id)] = version
    return found
