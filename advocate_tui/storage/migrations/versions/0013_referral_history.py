"""referral history: each referral to the multi-agency route, its meeting, actions and outcome

Each case's one referral date becomes that case's first referral (its route from the case's domestic
flag, its criteria "recorded before referral history"); the date stays on the case as the date of the
last referral. No stored record changes; the referrals it makes get baseline entries, so the check of
records knows them.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 05:00:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

from advocate_tui.storage import audit
from advocate_tui.storage.models import Referral
from advocate_tui.storage.orm import table_of

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

ACTOR = "advocate_tui (upgrade)"
#: Who made a referral recorded before referral history was kept.
EARLIER = "before referral history"


def upgrade() -> None:
    op.create_table(
        "referral",
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("route", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("referred_on", sa.Date(), nullable=False),
        sa.Column("repeat", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("criteria", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("judgement_reason", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("consent", sa.Boolean(), nullable=True),
        sa.Column("without_consent_reason", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("meeting_on", sa.Date(), nullable=True),
        sa.Column("outcome", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("referred_by", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case_file.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_referral_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_referral_referred_on"), ["referred_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_referral_meeting_on"), ["meeting_on"], unique=False)

    op.create_table(
        "referral_action",
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("agency", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("owner", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["case_file.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["referral_id"], ["referral.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("referral_action", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_referral_action_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_referral_action_referral_id"), ["referral_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_referral_action_due_on"), ["due_on"], unique=False)

    connection = op.get_bind()
    cases = sa.table(
        "case_file",
        sa.column("id", sa.Integer()),
        sa.column("domestic", sa.Boolean()),
        sa.column("marac_referral_date", sa.Date()),
        sa.column("created_at", sqlmodel.sql.sqltypes.UTCDateTime()),
    )
    referral = table_of(Referral)
    earlier = sa.select(
        cases.c.id,
        sa.case((cases.c.domestic, sa.literal("marac")), else_=sa.literal("panel")),
        cases.c.marac_referral_date,
        sa.literal(EARLIER),
        sa.literal(False),
        sa.literal(1),
        cases.c.created_at,
        cases.c.created_at,
    ).where(cases.c.marac_referral_date.is_not(None))
    made = connection.execute(
        referral.insert().from_select(
            ["case_id", "route", "referred_on", "referred_by", "repeat", "version", "created_at", "updated_at"],
            earlier,
        )
    ).rowcount
    if made:
        audit.baseline(connection, ACTOR, [referral])


def downgrade() -> None:
    with op.batch_alter_table("referral_action", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_referral_action_due_on"))
        batch_op.drop_index(batch_op.f("ix_referral_action_referral_id"))
        batch_op.drop_index(batch_op.f("ix_referral_action_case_id"))
    op.drop_table("referral_action")
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_referral_meeting_on"))
        batch_op.drop_index(batch_op.f("ix_referral_referred_on"))
        batch_op.drop_index(batch_op.f("ix_referral_case_id"))
    op.drop_table("referral")
