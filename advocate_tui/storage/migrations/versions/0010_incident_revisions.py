"""incidents can be corrected: each correction keeps the values it replaced, with who, when and why

A new table only: no stored record changes, so no baseline entries are needed.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 03:30:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "incident_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("revised_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("revised_by", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("fields", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("earlier", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case_file.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["incident_id"], ["incident.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("incident_revision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incident_revision_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_incident_revision_incident_id"), ["incident_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("incident_revision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incident_revision_incident_id"))
        batch_op.drop_index(batch_op.f("ix_incident_revision_case_id"))
    op.drop_table("incident_revision")
