"""The audit trail: who created, changed, removed, viewed, generated, exported or erased what, and when.

Every ORM change made in a :meth:`Database.session` is recorded generically (an ``after_flush``
listener: entity, id, case, the *names* of the fields set or changed, never their values); the
service layer adds entries for what the ORM does not see (its versioned Core updates, views of a
case, exports, erasures). A create or update entry also carries the hash of the record as stored after
it (see :mod:`advocate_tui.storage.audit_state`), so a record changed or removed with raw SQL shows.

Entries are hash-chained: each one's ``hash`` covers every other column of it (times to the microsecond)
and the previous entry's hash, so :func:`verify` finds a row edited, inserted or removed with raw SQL.
A chain cut short, lengthened or rewritten whole is still a valid chain: that is found against its head
kept outside the database (:mod:`advocate_tui.storage.audit_head`) or an anchor noted elsewhere.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, event, func, insert, inspect, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session
from sqlmodel import SQLModel, col

from advocate_tui.rules import clock
from advocate_tui.rules.errors import InvalidInputError
from advocate_tui.storage.audit_state import (
    STATE_ACTIONS,
    Ledger,
    canonical,
    digest,
    moment,
    records_problems,
    state_hashes,
    stored,
)
from advocate_tui.storage.models import AuditEntry, Case
from advocate_tui.storage.orm import table_of

GENESIS = "0" * 64
#: PostgreSQL advisory-lock key under which entries are chained one writer at a time ("AUD" in ASCII).
AUDIT_LOCK = 0x415544
ACTOR = "audit_actor"
#: Where a session keeps the span of the chain its transaction added (see :func:`added`).
SPAN = "audit_span"
#: Set on a session whose transaction accepts the trail as it is (see :func:`accept`).
ACCEPTING = "audit_accepting"
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
    references = References(connection)
    changes = []
    for record in session.new:
        entity = record.__tablename__
        changes.append(
            Change(
                NEW_RECORD_ACTIONS.get(entity, "create"), entity, record.id, references.of(record), _fields_set(record)
            )
        )
    for record in session.dirty:
        changed = _columns_changed(record)
        if changed:  # bookkeeping columns alone change the stored row too: recorded, with no field named
            changes.append(
                Change("update", record.__tablename__, record.id, references.of(record), sorted(changed - UNTRACKED))
            )
    for record in session.deleted:
        changes.append(Change("delete", record.__tablename__, record.id, references.of(record)))
    if changes:
        _add(session, changes, actor)


def _fields_set(record: SQLModel) -> list[str]:
    mapper = inspect(record).mapper
    return sorted(a.key for a in mapper.column_attrs if a.key not in UNTRACKED and getattr(record, a.key) is not None)


def _columns_changed(record: SQLModel) -> set[str]:
    state = inspect(record)
    return {a.key for a in state.mapper.column_attrs if state.attrs[a.key].history.has_changes()}


class References:
    """The case reference of a record: its own, its case's, or its parent record's case's (cached per flush)."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.by_case_id: dict[int, str | None] = {}

    def of(self, record: SQLModel) -> str | None:
        return self.of_row(
            table_of(type(record)), {a: getattr(record, a, None) for a in ("reference", "case_id")}, record
        )

    def of_row(self, table: Table, values: dict[str, Any], record: object = None) -> str | None:
        """The reference of a row of ``table`` given its column values (or a record to read them from)."""
        if table.name == Case.__tablename__:
            return values.get("reference")
        case_id = values.get("case_id")
        if case_id is None:
            case_id = self._case_id_through_parent(table, values if record is None else vars(record))
        return self.of_case(case_id)

    def of_case(self, case_id: int | None) -> str | None:
        if case_id is None:
            return None
        if case_id not in self.by_case_id:
            self.by_case_id[case_id] = self.connection.execute(
                select(col(Case.reference)).where(col(Case.id) == case_id)
            ).scalar()
        return self.by_case_id[case_id]

    def _case_id_through_parent(self, table: Table, values: dict[str, Any]) -> int | None:
        """E.g. an incident's behaviour: the case of the incident it belongs to."""
        for column in table.columns:
            for key in column.foreign_keys:
                parent = key.column.table
                value = values.get(column.key)
                if value is not None and "case_id" in parent.columns:
                    return self.connection.execute(select(parent.c.case_id).where(key.column == value)).scalar()
        return None


def reference_of(session: Session, record: SQLModel) -> str | None:
    return References(session.connection()).of(record)


def reference_of_case(session: Session, case_id: int) -> str | None:
    return References(session.connection()).of_case(case_id)


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
    change = Change(action, entity, entity_id, case_reference, sorted(set(fields) - UNTRACKED), detail)
    _add(session, [change], session.info.get(ACTOR) or default_actor())


def record_all(session: Session, changes: Sequence[Change]) -> None:
    """Add ``changes`` in the session's transaction, chained in one step (for many records written at once)."""
    if changes:
        _add(session, changes, session.info.get(ACTOR) or default_actor())


def last_id(session: Session, entity: str) -> int:
    """The highest id in ``entity`` now (0 when empty): rows inserted after it are :func:`record_inserted`."""
    table = table_of_entity(entity)
    return session.connection().execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()


def record_inserted(session: Session, entity: str, since_id: int) -> None:
    """Record the creation of the rows of ``entity`` past ``since_id``, inserted in this transaction with Core
    statements (which the ORM listener does not see)."""
    connection = session.connection()
    references = References(connection)
    table = table_of_entity(entity)
    changes = [
        Change(
            "create",
            entity,
            row.id,
            references.of_row(table, dict(row._mapping)),
            sorted(name for name, value in row._mapping.items() if value is not None and name not in UNTRACKED),
        )
        for row in connection.execute(select(table).where(table.c.id > since_id).order_by(table.c.id))
    ]
    if changes:
        _add(session, changes, session.info.get(ACTOR) or default_actor())


def table_of_entity(entity: str) -> Table:
    return SQLModel.metadata.tables[entity]


@dataclass(frozen=True)
class Point:
    """An entry of the chain by number and hash; entry 0 is the start, before any entry."""

    count: int
    hash: str


START = Point(0, GENESIS)


@dataclass(frozen=True)
class Span:
    """What one transaction added to the chain: where the chain was before, and its new end."""

    before: Point
    after: Point


def _add(session: Session, changes: Sequence[Change], actor: str) -> None:
    span = append(session.connection(), actor, changes)
    earlier: Span | None = session.info.get(SPAN)
    session.info[SPAN] = Span(earlier.before, span.after) if earlier else span


def accept(session: Session, detail: str) -> None:
    """Record that the person accepts the trail as it is now: its head is moved to the new end."""
    session.info[ACCEPTING] = True
    record(session, "accept", AuditEntry.__tablename__, detail=detail)


def accepting(session: Session) -> bool:
    return bool(session.info.get(ACCEPTING))


def added(session: Session) -> Span | None:
    """The span of the chain this session's transaction has added so far, if any."""
    return session.info.get(SPAN)


def append(connection: Connection, actor: str, changes: Sequence[Change]) -> Span:
    """Chain ``changes`` onto the trail. SQLite writers already queue; on PostgreSQL a lock makes them."""
    if connection.dialect.name == "postgresql":
        connection.execute(select(func.pg_advisory_xact_lock(AUDIT_LOCK)))
    trail = table_of(AuditEntry)  # Core columns: appending never sets up the ORM (quick entry stays quick)
    last = connection.execute(select(trail.c.id, trail.c.hash).order_by(trail.c.id.desc()).limit(1)).first()
    before = Point(last.id, last.hash) if last else START
    states = _states(connection, changes)
    next_id, previous = before.count + 1, before.hash
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
            "state_hash": states.get((change.entity, change.entity_id)) if change.action in STATE_ACTIONS else None,
            "previous_hash": previous,
        }
        row["hash"] = previous = entry_hash(row)
        rows.append(row)
    connection.execute(insert(trail), rows)
    return Span(before, Point(next_id + len(rows) - 1, previous))


#: How many rows a baseline reads, and entries it appends, at a time.
BASELINE_CHUNK = 5000


def baseline(connection: Connection, actor: str, tables: Sequence[Table], first: Sequence[Change] = ()) -> None:
    """For a migration that changed stored records: after ``first``, a ``baseline`` entry recording the state
    of every row of ``tables`` as the migration left them (so the check of records knows them again)."""
    references = References(connection)
    changes = list(first)
    for table in tables:
        last = None
        while True:  # in chunks of rows and of entries: a county's records never sit in memory whole
            query = stored(connection, table).order_by(table.c.id).limit(BASELINE_CHUNK)
            rows = connection.execute(query if last is None else query.where(table.c.id > last)).all()
            if not rows:
                break
            last = rows[-1].id
            changes += [
                Change("baseline", table.name, row.id, references.of_row(table, dict(row._mapping))) for row in rows
            ]
            if len(changes) >= BASELINE_CHUNK:
                append(connection, actor, changes)
                changes = []
    if changes:
        append(connection, actor, changes)


def _states(connection: Connection, changes: Sequence[Change]) -> dict[tuple[str, int | None], str]:
    """The stored state of every record the changes create or update, read back in one query per table."""
    wanted: dict[str, list[int]] = {}
    for change in changes:
        if change.action in STATE_ACTIONS and change.entity_id is not None:
            wanted.setdefault(change.entity, []).append(change.entity_id)
    return {
        (entity, entity_id): state
        for entity, ids in wanted.items()
        for entity_id, state in state_hashes(connection, entity, ids).items()
    }


def entry_hash(row: dict[str, Any]) -> str:
    """SHA-256 over every column of the entry but its own hash (the previous entry's hash among them),
    by name, in canonical form: times to the microsecond."""
    columns = sorted(column.name for column in table_of(AuditEntry).columns if column.name != "hash")
    return digest([[name, canonical(row[name])] for name in columns])


# -- reading and checking -----------------------------------------------------------------


@dataclass(frozen=True)
class Break:
    """Something the check found altered, in a sentence (and the entry it is about, if one)."""

    entry_id: int | None
    problem: str


@dataclass(frozen=True)
class Verdict:
    entries: int
    last_id: int | None
    last_hash: str | None
    breaks: tuple[Break, ...]

    @property
    def end(self) -> Point:
        return Point(self.last_id, self.last_hash) if self.last_id is not None and self.last_hash else START

    @property
    def anchor(self) -> str:
        """The anchor of the chain's last entry (see :func:`anchor`)."""
        return anchor(self.end)


def verify(session: Session) -> Verdict:
    """Walk the chain from the first entry and report every place it breaks, then every case record that
    is not as the trail last recorded it (see :mod:`advocate_tui.storage.audit_state`)."""
    connection = session.connection()
    breaks: list[Break] = []
    ledger = Ledger()
    previous_id, previous_hash, count = 0, GENESIS, 0
    trail = table_of(AuditEntry)
    for entry in connection.execute(select(trail).order_by(trail.c.id)).yield_per(500):
        count += 1
        row = dict(entry._mapping)
        entry_id = entry.id
        if entry_id != previous_id + 1:
            one = entry_id == previous_id + 2
            missing = f"entry {previous_id + 1}" if one else f"entries {previous_id + 1} to {entry_id - 1}"
            breaks.append(
                Break(
                    entry_id,
                    f"{missing} before entry {entry_id} {'is' if one else 'are'} missing: removed from the trail.",
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
                    f"entry {entry_id} ({moment(entry.created_at)}) does not match its hash: "
                    "it was edited, or inserted by hand.",
                )
            )
        ledger.note(entry_id, entry.action, entry.entity, entry.entity_id, entry.case_reference, entry.state_hash)
        previous_id, previous_hash = entry_id, entry.hash
    breaks += [Break(None, problem) for problem in records_problems(connection, ledger)]
    return Verdict(count, previous_id or None, previous_hash if count else None, tuple(breaks))


def hash_of_entry(session: Session, number: int) -> str | None:
    trail = table_of(AuditEntry)
    return session.connection().execute(select(trail.c.hash).where(trail.c.id == number)).scalar()


def first_hash(connection: Connection) -> str | None:
    """The hash of the trail's first entry (written when the database's first record was), or None while empty."""
    trail = table_of(AuditEntry)
    return connection.execute(select(trail.c.hash).order_by(trail.c.id).limit(1)).scalar()


def end_of_chain(connection: Connection) -> Point:
    """The last entry of the chain (one indexed read)."""
    trail = table_of(AuditEntry)
    last = connection.execute(select(trail.c.id, trail.c.hash).order_by(trail.c.id.desc()).limit(1)).first()
    return Point(last.id, last.hash) if last else START


# -- anchors: a point of the chain noted outside the program --------------------------------------

ANCHOR_FORM = re.compile(r"A1-([1-9][0-9]{0,17})-([0-9a-f]{16})", re.IGNORECASE)
ANCHOR_EXAMPLE = "A1-16-0123456789abcdef"


def anchor(point: Point) -> str:
    """A short string naming the chain's entry ``point``: its number and the start of its hash."""
    return f"A1-{point.count}-{point.hash[:16]}"


def parse_anchor(text: str) -> Point:
    """The entry an anchor names (its hash known only by its first 16 digits)."""
    match = ANCHOR_FORM.fullmatch(text.strip())
    if match is None:
        raise InvalidInputError(f"'{text}' is not an audit anchor (one looks like {ANCHOR_EXAMPLE}): copy it again.")
    return Point(int(match.group(1)), match.group(2).lower())


def anchor_problem(session: Session, given: str) -> str | None:
    """Why the trail no longer holds the anchor ``given``, or None when entry N still has that hash."""
    point = parse_anchor(given)
    found = hash_of_entry(session, point.count)
    if found is None:
        end = end_of_chain(session.connection())
        return (
            f"The anchor {given} names entry {point.count}, but the trail ends at entry {end.count}: "
            "entries were cut off its end."
        )
    if not found.startswith(point.hash):
        return f"Entry {point.count} is not the one the anchor {given} names: the trail was rewritten."
    return None


def entries(session: Session, case_reference: str | None = None, limit: int | None = None) -> list[AuditEntry]:
    """The newest ``limit`` entries (of one case, when given), oldest first."""
    query = select(AuditEntry).order_by(col(AuditEntry.id).desc())
    if case_reference is not None:
        query = query.where(col(AuditEntry.case_reference) == case_reference)
    if limit is not None:
        query = query.limit(limit)
    return list(reversed(session.scalars(query).all()))
