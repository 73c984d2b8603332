"""the copies of case data written outside the database, so erasure can reach them

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 02:45:00.000000
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kept_copy",
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("path", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("case_reference", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("kept_copy", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_kept_copy_case_reference"), ["case_reference"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("kept_copy", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_kept_copy_case_reference"))
    op.drop_table("kept_copy")
