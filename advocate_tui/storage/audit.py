"""The audit trail: who created, changed, removed, viewed, generated, exported or erased what, and when.

Every ORM change made in a :meth:`Database.session` is recorded generically (an ``after_flush``
listener: entity, id, case, the *names* of the fields set or changed, never their values); the
service layer adds entries for what the ORM does not see (its versioned Core updates, views of a
case, exports, erasures). Entries are hash-chained: each one's ``hash`` covers its own fields and the
previous entry's hash, so :func:`verify` finds a row edited, inserted or removed with raw SQL.
Removing entries from the *end* leaves a shorter chain that is still whole: ``advocate audit verify``
prints the last hash so it can be noted elsewhere and compared later.
"""

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import event, func, insert, inspect, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session
from sqlmodel import SQLModel, col

from advocate_tui.rules import clock
from advocate_tui.rules.saved import saved_id
from advocate_tui.storage.models import AuditEntry, Case
from advocate_tui.storage.orm import table_of

GENESIS = "0" * 64
#: PostgreSQL advisory-lock key under which entries are chained one writer at a time ("AUD" in ASCII).
AUDIT_LOCK = 0x415544
ACTOR = "audit_actor"
#: Bookkeeping columns left out of the list of fields changed.
UNTRACKED = frozenset({"id", "case_id", "version", "created_at", "updated_at"})
#: The action recorded for a new record of these tables, when it is not "create".
NEW_RECORD_ACTIONS = {"document": "generate"}


@dataclass(frozen=True)
class Change:
    action: str
    entity: str
    entity_id: int | None
    case_reference: str | None
    fields: Sequence[str] = ()
    detail: str | None = None


def default_actor() -> str:
    """The configured advocate's name, else the login name."""
    from advocate_tui.storage.config import load_settings

    return load_settings().advocate_name


def watch(session: Session, actor: str | None) -> None:
    """Record the ORM changes ``session`` flushes, in ``actor``'s name."""
    session.info[ACTOR] = actor or default_actor()


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context: object) -> None:
    actor = session.info.get(ACTOR)
    if actor is None:
        return
    connection = session.connection()
    references = _References(connection)
    changes = []
    for record in session.new:
        entity = record.__tablename__
        changes.append(
            Change(
                NEW_RECORD_ACTIONS.get(entity, "create"), entity, record.id, references.of(record), _fields_set(record)
            )
        )
    for record in session.dirty:
        changed = _fields_changed(record)
        if changed:
            changes.append(Change("update", record.__tablename__, record.id, references.of(record), changed))
    for record in session.deleted:
        changes.append(Change("delete", record.__tablename__, record.id, references.of(record)))
    if changes:
        append(connection, actor, changes)


def _fields_set(record: SQLModel) -> list[str]:
    mapper = inspect(record).mapper
    return sorted(a.key for a in mapper.column_attrs if a.key not in UNTRACKED and getattr(record, a.key) is not None)


def _fields_changed(record: SQLModel) -> list[str]:
    state = inspect(record)
    return sorted(
        a.key for a in state.mapper.column_attrs if a.key not in UNTRACKED and state.attrs[a.key].history.has_changes()
    )


class _References:
    """The case reference of a record: its own, its case's, or its parent record's case's (cached per flush)."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.by_case_id: dict[int, str | None] = {}

    def of(self, record: SQLModel) -> str | None:
        if isinstance(record, Case):
            return record.reference
        case_id = getattr(record, "case_id", None)
        if case_id is None:
            case_id = self._case_id_through_parent(record)
        return self.of_case(case_id)

    def of_case(self, case_id: int | None) -> str | None:
        if case_id is None:
            return None
        if case_id not in self.by_case_id:
            self.by_case_id[case_id] = self.connection.execute(
                select(col(Case.reference)).where(col(Case.id) == case_id)
            ).scalar()
        return self.by_case_id[case_id]

    def _case_id_through_parent(self, record: SQLModel) -> int | None:
        """E.g. an incident's behaviour: the case of the incident it belongs to."""
        table = table_of(type(record))
        for column in table.columns:
            for key in column.foreign_keys:
                parent = key.column.table
                value = getattr(record, column.key, None)
                if value is not None and "case_id" in parent.columns:
                    return self.connection.execute(select(parent.c.case_id).where(key.column == value)).scalar()
        return None


def reference_of(session: Session, record: SQLModel) -> str | None:
    return _References(session.connection()).of(record)


def record(
    session: Session,
    action: str,
    entity: str,
    entity_id: int | None = None,
    *,
    case_reference: str | None = None,
    fields: Iterable[str] = (),
    detail: str | None = None,
) -> None:
    """Add one entry in the session's transaction (for what the ORM listener does not see)."""
    actor = session.info.get(ACTOR) or default_actor()
    append(
        session.connection(),
        actor,
        [Change(action, entity, entity_id, case_reference, sorted(set(fields) - UNTRACKED), detail)],
    )


def append(connection: Connection, actor: str, changes: Sequence[Change]) -> None:
    """Chain ``changes`` onto the trail. SQLite writers already queue; on PostgreSQL a lock makes them."""
    if connection.dialect.name == "postgresql":
        connection.execute(select(func.pg_advisory_xact_lock(AUDIT_LOCK)))
    trail = table_of(AuditEntry)  # Core columns: appending never sets up the ORM (quick entry stays quick)
    last = connection.execute(select(trail.c.id, trail.c.hash).order_by(trail.c.id.desc()).limit(1)).first()
    next_id, previous = (last.id + 1, last.hash) if last else (1, GENESIS)
    at = clock.utcnow()
    rows = []
    for number, change in enumerate(changes):
        row = {
            "id": next_id + number,
            "created_at": at,
            "updated_at": at,
            "actor": actor,
            "action": change.action,
            "entity": change.entity,
            "entity_id": change.entity_id,
            "case_reference": change.case_reference,
            "fields": ", ".join(change.fields) or None,
            "detail": change.detail,
            "previous_hash": previous,
        }
        row["hash"] = previous = entry_hash(row)
        rows.append(row)
    connection.execute(insert(trail), rows)


def _moment(value: datetime) -> str:
    moment = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def entry_hash(row: dict[str, Any]) -> str:
    """SHA-256 over the entry's fields and the previous entry's hash, in a fixed form."""
    content = [
        row["id"],
        _moment(row["created_at"]),
        row["actor"],
        row["action"],
        row["entity"],
        row["entity_id"],
        row["case_reference"],
        row["fields"],
        row["detail"],
        row["previous_hash"],
    ]
    return hashlib.sha256(json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode()).hexdigest()


# -- reading and checking -----------------------------------------------------------------


@dataclass(frozen=True)
class Break:
    """Where the chain is broken, in a sentence."""

    entry_id: int
    problem: str


@dataclass(frozen=True)
class Verdict:
    entries: int
    last_id: int | None
    last_hash: str | None
    breaks: tuple[Break, ...]


def verify(session: Session) -> Verdict:
    """Walk the chain from the first entry and report every place it breaks."""
    breaks: list[Break] = []
    previous_id, previous_hash, count = 0, GENESIS, 0
    for entry in _all(session):
        count += 1
        row = entry.model_dump()
        entry_id = saved_id(entry)
        if entry_id != previous_id + 1:
            missing = (
                f"entry {previous_id + 1}"
                if entry_id == previous_id + 2
                else f"entries {previous_id + 1} to {entry_id - 1}"
            )
            breaks.append(
                Break(
                    entry_id,
                    f"{missing} before entry {entry_id} {'is' if entry_id == previous_id + 2 else 'are'} missing: removed from the trail.",
                )
            )
        elif entry.previous_hash != previous_hash:
            breaks.append(
                Break(
                    entry_id,
                    f"entry {entry_id} does not follow on from entry {previous_id}: "
                    "an entry was removed or inserted before it.",
                )
            )
        if entry_hash(row) != entry.hash:
            breaks.append(
                Break(
                    entry_id,
                    f"entry {entry_id} ({_moment(entry.created_at)}) does not match its hash: "
                    "it was edited, or inserted by hand.",
                )
            )
        previous_id, previous_hash = entry_id, entry.hash
    return Verdict(count, previous_id or None, previous_hash if count else None, tuple(breaks))


def _all(session: Session) -> Iterator[AuditEntry]:
    yield from session.scalars(select(AuditEntry).order_by(col(AuditEntry.id)).execution_options(yield_per=500))


def entries(session: Session, case_reference: str | None = None, limit: int | None = None) -> list[AuditEntry]:
    """The newest ``limit`` entries (of one case, when given), oldest first."""
    query = select(AuditEntry).order_by(col(AuditEntry.id).desc())
    if case_reference is not None:
        query = query.where(col(AuditEntry.case_reference) == case_reference)
    if limit is not None:
        query = query.limit(limit)
    return list(reversed(session.scalars(query).all()))
