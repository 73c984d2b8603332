"""the audit trail covers every column of an entry and the state of every record

Entries get a ``state_hash`` (the record as stored after a create or update). The chain is checked with
the rule it was written under (which left the sub-second part of ``created_at`` and ``updated_at`` out),
re-sealed under today's rule, which covers every column, and the result of that check is recorded in an
``upgrade`` entry; then a ``baseline`` entry records the state of every record already there. It reads
the records as this step has them; a later migration that changes stored records records baseline entries
of its own for what it changed (``audit.baseline``). The copy
of the file kept aside before the upgrade (SQLite) still holds the chain as it was.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 10:00:00
"""

import hashlib
import json
from datetime import UTC

import sqlalchemy as sa
from alembic import op
from sqlalchemy import select, update

from advocate_tui.storage import audit
from advocate_tui.storage.audit_state import stored_tables
from advocate_tui.storage.models import AuditEntry
from advocate_tui.storage.orm import table_of

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

ACTOR = "advocate_tui (upgrade)"
CHUNK = 5000


def _old_hash(row: dict) -> str:
    """The rule of schemas 0005 and 0006: some columns, times to the second."""
    at = row["created_at"]
    at = at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
    content = [
        row["id"],
        at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        *(row[name] for name in ("actor", "action", "entity", "entity_id", "case_reference", "fields", "detail")),
        row["previous_hash"],
    ]
    return hashlib.sha256(json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode()).hexdigest()


def upgrade() -> None:
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.add_column(sa.Column("state_hash", sa.String(length=64), nullable=True))

    connection = op.get_bind()
    trail = table_of(AuditEntry)
    count, breaks = 0, []
    old = (0, audit.GENESIS)  # the id and stored hash of the entry before, as the old rule chained them
    previous = audit.GENESIS
    while True:  # in chunks, so a county's trail of millions of entries never sits in memory whole
        query = select(trail).where(trail.c.id > old[0]).order_by(trail.c.id).limit(CHUNK)
        rows = [dict(row._mapping) for row in connection.execute(query)]
        if not rows:
            break
        for row in rows:
            if row["id"] != old[0] + 1 or row["previous_hash"] != old[1] or _old_hash(row) != row["hash"]:
                breaks.append(row["id"])
            old = (row["id"], row["hash"])
            row["previous_hash"] = previous
            row["hash"] = previous = audit.entry_hash(row)
        connection.execute(
            update(trail).where(trail.c.id == sa.bindparam("old_id")),
            [{"old_id": row["id"], "previous_hash": row["previous_hash"], "hash": row["hash"]} for row in rows],
        )
        count += len(rows)
    before = (
        f"whole, {count} entries"
        if not breaks
        else f"{len(breaks)} broken entries, the first entry {breaks[0]}: see the copy kept before the upgrade"
    )
    tables = stored_tables(connection)
    if count or any(connection.execute(select(table.c.id).limit(1)).first() for table in tables):
        # a new, empty database starts its trail with its first change
        upgrade = audit.Change(
            "upgrade", AuditEntry.__tablename__, None, None, detail=f"re-sealed; before it: {before}"
        )
        audit.baseline(connection, ACTOR, tables, first=[upgrade])


def downgrade() -> None:
    """The column goes; the chain stays re-sealed, so the older program's check reports it altered."""
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_column("state_hash")
