"""evidence files on incidents, with exhibit references, their bytes kept in chunks in the database

New tables only: no stored record changes, so the audit trail needs no baseline.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 09:00:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "evidence_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("exhibit_reference", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
        sa.Column("exhibit_initials", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("exhibit_number", sa.Integer(), nullable=False),
        sa.Column("produced_by", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("original_name", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("media_type", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("added_by", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("added_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case_file.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["incident_id"], ["incident.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_id", "exhibit_initials", "exhibit_number"),
        sa.UniqueConstraint("case_id", "exhibit_reference"),
    )
    with op.batch_alter_table("evidence_file", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_evidence_file_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_evidence_file_incident_id"), ["incident_id"], unique=False)

    op.create_table(
        "evidence_chunk",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("evidence_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["evidence_id"], ["evidence_file.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("evidence_id", "seq"),
    )


def downgrade() -> None:
    op.drop_table("evidence_chunk")
    with op.batch_alter_table("evidence_file", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evidence_file_incident_id"))
        batch_op.drop_index(batch_op.f("ix_evidence_file_case_id"))

    op.drop_table("evidence_file")
