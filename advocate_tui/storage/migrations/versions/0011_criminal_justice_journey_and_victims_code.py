"""the criminal-justice journey per crime reference, police updates, review decisions, the Victims' Code

New tables only: no stored record changes, so the audit trail needs no baseline.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 03:20:08
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "right_explained",
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("right", sqlmodel.sql.sqltypes.AutoString(length=48), nullable=False),
        sa.Column("explained_on", sa.Date(), nullable=False),
        sa.Column("explained_by", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case_file.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_id", "right"),
    )
    with op.batch_alter_table("right_explained", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_right_explained_case_id"), ["case_id"], unique=False)

    op.create_table(
        "victims_code_standing",
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("enhanced", sa.Boolean(), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("decided_by", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case_file.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_id"),
    )
    op.create_table(
        "crime_report",
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("crime_number", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("reported_on", sa.Date(), nullable=True),
        sa.Column("reported_how", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("oic_name", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=True),
        sa.Column("oic_contact", sqlmodel.sql.sqltypes.AutoString(length=256), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("status_reason", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("offence", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("charged_on", sa.Date(), nullable=True),
        sa.Column("cps_decision", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("cps_decided_on", sa.Date(), nullable=True),
        sa.Column("court_outcome", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("outcome_on", sa.Date(), nullable=True),
        sa.Column("sentence", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("restraining_order_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["case_file.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["restraining_order_id"], ["protective_order.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_id", "crime_number"),
    )
    with op.batch_alter_table("crime_report", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_crime_report_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_crime_report_restraining_order_id"), ["restraining_order_id"], unique=False
        )

    op.create_table(
        "police_update",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("crime_report_id", sa.Integer(), nullable=False),
        sa.Column("given_on", sa.Date(), nullable=False),
        sa.Column("given_by", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("said", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("client_told", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("recorded_by", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case_file.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["crime_report_id"], ["crime_report.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("police_update", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_police_update_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_police_update_crime_report_id"), ["crime_report_id"], unique=False)

    op.create_table(
        "review_decision",
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("crime_report_id", sa.Integer(), nullable=False),
        sa.Column("body", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("interviewed_under_caution", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("review_requested_on", sa.Date(), nullable=True),
        sa.Column("recorded_by", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case_file.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["crime_report_id"], ["crime_report.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("review_decision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_review_decision_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_review_decision_crime_report_id"), ["crime_report_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_review_decision_decided_on"), ["decided_on"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("review_decision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_decision_decided_on"))
        batch_op.drop_index(batch_op.f("ix_review_decision_crime_report_id"))
        batch_op.drop_index(batch_op.f("ix_review_decision_case_id"))

    op.drop_table("review_decision")
    with op.batch_alter_table("police_update", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_police_update_crime_report_id"))
        batch_op.drop_index(batch_op.f("ix_police_update_case_id"))

    op.drop_table("police_update")
    with op.batch_alter_table("crime_report", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_crime_report_restraining_order_id"))
        batch_op.drop_index(batch_op.f("ix_crime_report_case_id"))

    op.drop_table("crime_report")
    op.drop_table("victims_code_standing")
    with op.batch_alter_table("right_explained", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_right_explained_case_id"))

    op.drop_table("right_explained")
