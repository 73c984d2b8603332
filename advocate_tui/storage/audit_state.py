"""What the audit trail says each record holds: a hash of a stored row, and the check of every live row against it.

A create or update entry carries the ``state_hash`` of its record as stored right after the change (every
column, read back in the same transaction, in a canonical form that is the same on SQLite and PostgreSQL).
:func:`records_problems` reads every row of every case table and compares it with the latest entry about
it: a row changed, removed or added with raw SQL shows. A migration that changes a case table's columns
(or its stored values) changes those hashes, so it must record a new ``baseline`` entry for every row.
"""

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Select, Table, inspect, select
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

#: Entries that record what a row holds after them, and those after which it is gone.
STATE_ACTIONS = frozenset({"create", "update", "generate", "baseline"})
GONE_ACTIONS = frozenset({"delete", "erase"})
TRAIL = "audit_entry"
#: Tables whose rows the trail does not hash: evidence files' bytes, vouched for by each file's SHA-256 on
#: its ``evidence_file`` record (which the trail covers) and checked by ``evidence verify``.
UNHASHED = frozenset({TRAIL, "evidence_chunk"})
#: Set on the connection while migrations run: the schema is then that of a step, maybe older than the
#: models, so rows are read through the tables and columns it has at that step.
AT_A_STEP = "advocate_tui.migrating"


def moment(value: datetime) -> str:
    """A stored time to the microsecond, in UTC (a naive one is UTC, as stored)."""
    at = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(value: Any) -> Any:
    """A stored value in the one form hashes are taken of."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, datetime):
        return moment(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"no canonical form for a stored {type(value).__name__}")


def digest(content: Any) -> str:
    return hashlib.sha256(json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode()).hexdigest()


def row_hash(entity: str, row: Any) -> str:
    """The hash of one stored row of ``entity``: its table's name and every column, by name."""
    values = row._mapping
    return digest([entity, sorted((name, canonical(values[name])) for name in values.keys())])


def case_tables() -> list[Table]:
    """Every table the trail covers: all but the trail itself and the evidence files' bytes."""
    return [table for table in SQLModel.metadata.sorted_tables if table.name not in UNHASHED]


def stored_tables(connection: Connection) -> list[Table]:
    """The tables the trail covers that the database has (at a migration step, those made so far)."""
    if not connection.info.get(AT_A_STEP):
        return case_tables()
    present = set(inspect(connection).get_table_names())
    return [table for table in case_tables() if table.name in present]


def stored(connection: Connection, table: Table) -> Select[Any]:
    """Every column of ``table`` as stored (at a migration step, only the columns it has so far)."""
    if not connection.info.get(AT_A_STEP):
        return select(table)
    present = {column["name"] for column in inspect(connection).get_columns(table.name)}
    return select(*(column for column in table.columns if column.name in present))


def table_named(entity: str) -> Table | None:
    table = SQLModel.metadata.tables.get(entity)
    return table if table is not None and table.name not in UNHASHED else None


def state_hashes(connection: Connection, entity: str, ids: Iterable[int]) -> dict[int, str]:
    """The state hashes of the rows ``ids`` of ``entity`` as stored now (in this transaction)."""
    table = table_named(entity)
    wanted = sorted(set(ids))
    if table is None or not wanted:
        return {}
    found = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        for row in connection.execute(stored(connection, table).where(table.c.id.in_(chunk))):
            found[row.id] = row_hash(entity, row)
    return found


# -- checking -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Latest:
    """The newest entry about one record that says what it holds or that it is gone."""

    entry_id: int
    action: str
    state_hash: str | None
    case_reference: str | None


class Ledger:
    """What the trail says of each record, filled while the chain is walked."""

    def __init__(self) -> None:
        self.latest: dict[tuple[str, int], Latest] = {}
        self.erased: dict[str, int] = {}  # a case reference and the entry that erased it

    def note(
        self, entry_id: int, action: str, entity: str, entity_id: int | None, reference: str | None, state: str | None
    ) -> None:
        if action == "erase" and reference is not None:
            self.erased[reference] = entry_id
        if entity_id is not None and (action in STATE_ACTIONS or action in GONE_ACTIONS):
            self.latest[(entity, entity_id)] = Latest(entry_id, action, state, reference)

    def erased_since(self, latest: Latest) -> bool:
        """Whether the record's case was erased after its latest entry (its rows went with it)."""
        erased = self.erased.get(latest.case_reference or "")
        return erased is not None and erased > latest.entry_id


def _of(reference: str | None) -> str:
    return f" of {reference}" if reference else ""


def records_problems(connection: Connection, ledger: Ledger) -> Iterator[str]:
    """Every live row not as its latest entry says, and every recorded row gone without an entry saying so."""
    seen = set()
    for table in case_tables():
        for row in connection.execute(select(table).order_by(table.c.id)).yield_per(500):
            key = (table.name, row.id)
            seen.add(key)
            latest = ledger.latest.get(key)
            what = f"{table.name} {row.id}"
            if latest is None:
                yield f"{what} has no audit entry: it was added outside the program, or its entry was removed."
            elif latest.action in GONE_ACTIONS:
                yield f"{what}{_of(latest.case_reference)} was removed at entry {latest.entry_id} but is there: it was put back outside the program."
            elif latest.state_hash is not None and latest.state_hash != row_hash(table.name, row):
                yield f"{what}{_of(latest.case_reference)} is not as entry {latest.entry_id} recorded it: it was changed outside the program."
    for (entity, entity_id), latest in ledger.latest.items():
        if (
            (entity, entity_id) not in seen
            and latest.action in STATE_ACTIONS
            and latest.state_hash is not None
            and table_named(entity) is not None
            and not ledger.erased_since(latest)
        ):
            yield (
                f"{entity} {entity_id}{_of(latest.case_reference)} is gone, though entry {latest.entry_id} recorded it "
                "and none removed it: it was deleted outside the program."
            )
