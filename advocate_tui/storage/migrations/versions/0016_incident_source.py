"""incidents say where they came from: "client-record" for an entry imported from the client's own diary

Every incident logged so far was logged by an advocate, so the new column is empty on them; their stored rows
gain a column, so the audit trail records their state again.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02 09:00:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op
from sqlalchemy import select

from advocate_tui.storage import audit
from advocate_tui.storage.audit_state import stored_tables

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

ACTOR = "advocate_tui (upgrade)"


def upgrade() -> None:
    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))
    connection = op.get_bind()
    if connection.execute(select(sa.table("incident", sa.column("id")).c.id).limit(1)).first():
        audit.baseline(connection, ACTOR, [table for table in stored_tables(connection) if table.name == "incident"])


def downgrade() -> None:
    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.drop_column("source")
