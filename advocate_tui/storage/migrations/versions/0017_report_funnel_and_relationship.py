"""the report's justice funnel and relationship breakdown: erased cases keep those facts too

The anonymised statistics of erased cases gain the perpetrator's relationship to the client and whether the case
reached each stage of the justice funnel (reported to the police, charged, convicted; an order applied for,
granted, breached). Cases erased before are left empty: "not recorded", never guessed. Their stored rows gain
columns, so the audit trail records their state again.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03 09:00:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op
from sqlalchemy import select

from advocate_tui.storage import audit
from advocate_tui.storage.audit_state import stored_tables

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

ACTOR = "advocate_tui (upgrade)"
STAGES = ("crime_reported", "charged", "convicted", "order_applied", "order_granted", "order_breached")


def upgrade() -> None:
    with op.batch_alter_table("case_statistic", schema=None) as batch_op:
        batch_op.add_column(sa.Column("relationship", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))
        for stage in STAGES:
            batch_op.add_column(sa.Column(stage, sa.Boolean(), nullable=True))
    connection = op.get_bind()
    if connection.execute(select(sa.table("case_statistic", sa.column("id")).c.id).limit(1)).first():
        tables = [table for table in stored_tables(connection) if table.name == "case_statistic"]
        audit.baseline(connection, ACTOR, tables)


def downgrade() -> None:
    with op.batch_alter_table("case_statistic", schema=None) as batch_op:
        for stage in reversed(STAGES):
            batch_op.drop_column(stage)
        batch_op.drop_column("relationship")
