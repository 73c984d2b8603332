"""what each case's risk level rests on: a checklist, professional judgement (reason, by whom, when), or nothing

A case whose level is the one its latest banded risk checklist gave is marked as resting on that checklist;
every other existing case is marked "set by hand, no basis recorded" (its level is kept as it was). The
anonymised statistics of erased cases get the column too, left empty ("not recorded" in reports). The
cases' rows change, so the audit trail records their state again.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 06:00:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op
from sqlalchemy import exists, select, update

from advocate_tui.storage import audit
from advocate_tui.storage.audit_state import stored_tables

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

ACTOR = "advocate_tui (upgrade)"


def upgrade() -> None:
    with op.batch_alter_table("case_file", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "risk_basis", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False, server_default="unrecorded"
            )
        )
        batch_op.add_column(sa.Column("risk_reason", sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column("risk_set_by", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=True))
        batch_op.add_column(sa.Column("risk_set_on", sa.Date(), nullable=True))
    with op.batch_alter_table("case_statistic", schema=None) as batch_op:
        batch_op.add_column(sa.Column("risk_basis", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True))

    connection = op.get_bind()
    cases = sa.table("case_file", sa.column("id"), sa.column("risk_level"), sa.column("risk_basis"))
    checks = sa.table(
        "risk_assessment",
        sa.column("id"),
        sa.column("case_id"),
        sa.column("band"),
        sa.column("assessed_on"),
        sa.column("created_at"),
    )
    newer = checks.alias("newer")
    later = (
        select(newer.c.id)
        .where(
            newer.c.case_id == checks.c.case_id,
            newer.c.band.is_not(None),
            sa.tuple_(newer.c.assessed_on, newer.c.created_at, newer.c.id)
            > sa.tuple_(checks.c.assessed_on, checks.c.created_at, checks.c.id),
        )
        .exists()
    )
    latest_gave_the_level = exists(
        select(checks.c.id).where(
            checks.c.case_id == cases.c.id,
            checks.c.band.is_not(None),
            checks.c.band == cases.c.risk_level,
            ~later,
        )
    )
    connection.execute(update(cases).where(latest_gave_the_level).values(risk_basis="checklist"))
    tables = [table for table in stored_tables(connection) if table.name == "case_file"]
    if connection.execute(select(cases.c.id).limit(1)).first():
        audit.baseline(connection, ACTOR, tables)


def downgrade() -> None:
    with op.batch_alter_table("case_statistic", schema=None) as batch_op:
        batch_op.drop_column("risk_basis")
    with op.batch_alter_table("case_file", schema=None) as batch_op:
        batch_op.drop_column("risk_set_on")
        batch_op.drop_column("risk_set_by")
        batch_op.drop_column("risk_reason")
        batch_op.drop_column("risk_basis")
