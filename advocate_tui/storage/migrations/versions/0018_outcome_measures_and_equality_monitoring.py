"""outcome measures at intake and exit, and equality monitoring

Cases gain quality of life at intake and exit, whether the behaviours faced were asked at intake, and the risk
level of the closing review (or "skipped"); each behaviour named at intake gets a row with what became of it.
Clients gain the equality questions. Nothing is filled in for existing cases: a question that did not exist
reads "not asked". The kept statistics of erased cases gain the same columns, empty. Stored rows of the
tables that gain columns are recorded again in the audit trail.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03 09:00:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op
from sqlalchemy import select

from advocate_tui.storage import audit
from advocate_tui.storage.audit_state import stored_tables

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

ACTOR = "advocate_tui (upgrade)"


def _text(name: str, length: int) -> sa.Column:
    return sa.Column(name, sqlmodel.sql.sqltypes.AutoString(length=length), nullable=True)


EQUALITY = ("sex", "gender_identity", "ethnicity", "disability", "sexual_orientation", "religion")
CASE_COLUMNS = ("quality_of_life_at_intake", "quality_of_life_at_closure", "behaviours_at_intake", "risk_at_closure")


def _case_columns() -> list[sa.Column]:
    """The outcome columns cases and their kept statistics gain (named by :data:`CASE_COLUMNS`)."""
    return [
        sa.Column("quality_of_life_at_intake", sa.Integer(), nullable=True),
        sa.Column("quality_of_life_at_closure", sa.Integer(), nullable=True),
        _text("behaviours_at_intake", 16),
        _text("risk_at_closure", 16),
    ]


CHANGED = ("case_file", "client", "case_statistic")


def upgrade() -> None:
    with op.batch_alter_table("case_file", schema=None) as batch_op:
        for column in _case_columns():
            batch_op.add_column(column)
    with op.batch_alter_table("client", schema=None) as batch_op:
        batch_op.add_column(_text("age_band", 16))
        for name in EQUALITY:
            batch_op.add_column(_text(name, 48))
    with op.batch_alter_table("case_statistic", schema=None) as batch_op:
        for column in _case_columns():
            batch_op.add_column(column)
        for name in EQUALITY:
            batch_op.add_column(_text(name, 48))
        batch_op.add_column(_text("language", 64))
        batch_op.add_column(sa.Column("interpreter_needed", sa.Boolean(), nullable=True))
    op.create_table(
        "case_behaviour",
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("behaviour", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("outcome", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["case_file.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_id", "behaviour"),
    )
    with op.batch_alter_table("case_behaviour", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_behaviour_case_id"), ["case_id"], unique=False)
    connection = op.get_bind()
    audit.baseline(
        connection,
        ACTOR,
        [
            table
            for table in stored_tables(connection)
            if table.name in CHANGED and connection.execute(select(table.c.id).limit(1)).first()
        ],
    )


def downgrade() -> None:
    with op.batch_alter_table("case_behaviour", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_behaviour_case_id"))
    op.drop_table("case_behaviour")
    with op.batch_alter_table("case_statistic", schema=None) as batch_op:
        for name in ("interpreter_needed", "language", *reversed(EQUALITY)):
            batch_op.drop_column(name)
        for name in reversed(CASE_COLUMNS):
            batch_op.drop_column(name)
    with op.batch_alter_table("client", schema=None) as batch_op:
        for name in (*reversed(EQUALITY), "age_band"):
            batch_op.drop_column(name)
    with op.batch_alter_table("case_file", schema=None) as batch_op:
        for name in reversed(CASE_COLUMNS):
            batch_op.drop_column(name)
