"""risk assessments, alerts, outcome measures and anonymised statistics

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 17:55:09.912520
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_statistic",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referral_date", sa.Date(), nullable=False),
        sa.Column("referral_source", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("area", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("advocate", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=True),
        sa.Column("domestic", sa.Boolean(), nullable=False),
        sa.Column("gender", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("age_band", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
        sa.Column("risk_at_intake", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
        sa.Column("risk_latest", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("first_contact_days", sa.Integer(), nullable=True),
        sa.Column("marac_referral_date", sa.Date(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("closure_reason", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("feels_safe_at_intake", sa.Integer(), nullable=True),
        sa.Column("feels_safe_at_closure", sa.Integer(), nullable=True),
        sa.Column("risk_reduced", sa.Boolean(), nullable=True),
        sa.Column("reported_to_police", sa.Boolean(), nullable=True),
        sa.Column("support_needs_met", sa.Boolean(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("case_statistic", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_statistic_referral_date"), ["referral_date"], unique=False)

    op.create_table(
        "alert_acknowledgement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("alert", sqlmodel.sql.sqltypes.AutoString(length=48), nullable=False),
        sa.Column("acknowledged_by", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("acknowledged_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case_file.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("alert_acknowledgement", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_alert_acknowledgement_case_id"), ["case_id"], unique=False)

    op.create_table(
        "risk_assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("checklist", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("assessed_on", sa.Date(), nullable=False),
        sa.Column("assessor", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("band", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case_file.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("risk_assessment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_risk_assessment_case_id"), ["case_id"], unique=False)
        batch_op.create_index("ix_risk_assessment_case_on", ["case_id", "assessed_on"], unique=False)

    op.create_table(
        "statistic_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("statistic_id", sa.Integer(), nullable=False),
        sa.Column("family", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("result", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("happened_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["statistic_id"], ["case_statistic.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("statistic_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_statistic_event_statistic_id"), ["statistic_id"], unique=False)

    op.create_table(
        "risk_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("item", sqlmodel.sql.sqltypes.AutoString(length=48), nullable=False),
        sa.Column("answer", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=True),
        sa.Column("comment", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(["assessment_id"], ["risk_assessment.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("assessment_id", "item"),
    )
    with op.batch_alter_table("risk_answer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_risk_answer_assessment_id"), ["assessment_id"], unique=False)

    with op.batch_alter_table("case_file", schema=None) as batch_op:
        batch_op.add_column(sa.Column("risk_at_intake", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True))
        batch_op.add_column(sa.Column("marac_judgement_reason", sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column("feels_safe_at_intake", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("feels_safe_at_closure", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("risk_reduced", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("reported_to_police", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("support_needs_met", sa.Boolean(), nullable=True))
    # Cases opened before risk was recorded at intake: the level they have is the best known.
    op.execute("UPDATE case_file SET risk_at_intake = risk_level")

    with op.batch_alter_table("court_event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("result", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))

    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.add_column(sa.Column("serious", sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.drop_column("serious")

    with op.batch_alter_table("court_event", schema=None) as batch_op:
        batch_op.drop_column("result")

    with op.batch_alter_table("case_file", schema=None) as batch_op:
        batch_op.drop_column("support_needs_met")
        batch_op.drop_column("reported_to_police")
        batch_op.drop_column("risk_reduced")
        batch_op.drop_column("feels_safe_at_closure")
        batch_op.drop_column("feels_safe_at_intake")
        batch_op.drop_column("marac_judgement_reason")
        batch_op.drop_column("risk_at_intake")

    with op.batch_alter_table("risk_answer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_risk_answer_assessment_id"))

    op.drop_table("risk_answer")
    with op.batch_alter_table("statistic_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_statistic_event_statistic_id"))

    op.drop_table("statistic_event")
    with op.batch_alter_table("risk_assessment", schema=None) as batch_op:
        batch_op.drop_index("ix_risk_assessment_case_on")
        batch_op.drop_index(batch_op.f("ix_risk_assessment_case_id"))

    op.drop_table("risk_assessment")
    with op.batch_alter_table("alert_acknowledgement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_alert_acknowledgement_case_id"))

    op.drop_table("alert_acknowledgement")
    with op.batch_alter_table("case_statistic", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_statistic_referral_date"))

    op.drop_table("case_statistic")
