"""casework tables

Revision ID: 0001
Revises:
Create Date: 2026-11-23 17:37:10.517760
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_file",
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("referral_date", sa.Date(), nullable=False),
        sa.Column("referral_source", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("first_contact_date", sa.Date(), nullable=True),
        sa.Column("area", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("advocate", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=True),
        sa.Column("crime_reference", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("oic_name", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=True),
        sa.Column("oic_contact", sqlmodel.sql.sqltypes.AutoString(length=256), nullable=True),
        sa.Column("risk_level", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("domestic", sa.Boolean(), nullable=False),
        sa.Column("marac_referral_date", sa.Date(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("closure_reason", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("outcome", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("case_file", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_file_crime_reference"), ["crime_reference"], unique=False)
        batch_op.create_index(batch_op.f("ix_case_file_reference"), ["reference"], unique=True)
        batch_op.create_index(batch_op.f("ix_case_file_status"), ["status"], unique=False)

    op.create_table(
        "agency_contact",
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("organisation", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("person", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=True),
        sa.Column("phone", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=256), nullable=True),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["case_file.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("agency_contact", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agency_contact_case_id"), ["case_id"], unique=False)

    op.create_table(
        "client",
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("preferred_name", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=True),
        sa.Column("pronouns", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("gender", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("language", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("interpreter_needed", sa.Boolean(), nullable=False),
        sa.Column("phone", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("safe_call_times", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=True),
        sa.Column("voicemail_safe", sa.Boolean(), nullable=False),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=256), nullable=True),
        sa.Column("address", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("address_confidential", sa.Boolean(), nullable=False),
        sa.Column("dependants_note", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("consent_store", sa.Boolean(), nullable=False),
        sa.Column("consent_store_on", sa.Date(), nullable=True),
        sa.Column("consent_share_police", sa.Boolean(), nullable=False),
        sa.Column("consent_share_police_on", sa.Date(), nullable=True),
        sa.Column("consent_refer", sa.Boolean(), nullable=False),
        sa.Column("consent_refer_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["case_file.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_id"),
    )
    op.create_table(
        "court_event",
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("court", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("court_case_number", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("outcome", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["case_file.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("court_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_court_event_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_court_event_starts_at"), ["starts_at"], unique=False)

    op.create_table(
        "note",
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("text", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("author", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("noted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case_file.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("note", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_note_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_note_noted_at"), ["noted_at"], unique=False)

    op.create_table(
        "perpetrator",
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=True),
        sa.Column("aliases", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("vehicles", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("address", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("relationship", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case_file.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("perpetrator", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_perpetrator_case_id"), ["case_id"], unique=False)

    op.create_table(
        "plan_item",
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("category", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=256), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("completed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["case_file.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("plan_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_item_case_id"), ["case_id"], unique=False)

    op.create_table(
        "protective_order",
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("applied_on", sa.Date(), nullable=True),
        sa.Column("granted_on", sa.Date(), nullable=True),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("court", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=True),
        sa.Column("conditions", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["case_file.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("protective_order", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_protective_order_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_protective_order_expires_on"), ["expires_on"], unique=False)

    op.create_table(
        "incident",
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("occurred_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("approximate", sa.Boolean(), nullable=False),
        sa.Column("recorded_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("recorded_by", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("location", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("witnesses", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("evidence_what", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("evidence_where", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("evidence_do_not_handle", sa.Boolean(), nullable=False),
        sa.Column("reported_to_police", sa.Boolean(), nullable=False),
        sa.Column("police_reported_on", sa.Date(), nullable=True),
        sa.Column("police_reference", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("police_officer", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=True),
        sa.Column("impact", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("breached_order_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["breached_order_id"], ["protective_order.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["case_id"], ["case_file.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incident_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_incident_occurred_at"), ["occurred_at"], unique=False)

    op.create_table(
        "incident_behaviour",
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.ForeignKeyConstraint(["incident_id"], ["incident.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("incident_id", "kind"),
    )
    with op.batch_alter_table("incident_behaviour", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incident_behaviour_incident_id"), ["incident_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_incident_behaviour_kind"), ["kind"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("incident_behaviour", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incident_behaviour_kind"))
        batch_op.drop_index(batch_op.f("ix_incident_behaviour_incident_id"))

    op.drop_table("incident_behaviour")
    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incident_occurred_at"))
        batch_op.drop_index(batch_op.f("ix_incident_case_id"))

    op.drop_table("incident")
    with op.batch_alter_table("protective_order", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_protective_order_expires_on"))
        batch_op.drop_index(batch_op.f("ix_protective_order_case_id"))

    op.drop_table("protective_order")
    with op.batch_alter_table("plan_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_item_case_id"))

    op.drop_table("plan_item")
    with op.batch_alter_table("perpetrator", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_perpetrator_case_id"))

    op.drop_table("perpetrator")
    with op.batch_alter_table("note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_note_noted_at"))
        batch_op.drop_index(batch_op.f("ix_note_case_id"))

    op.drop_table("note")
    with op.batch_alter_table("court_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_court_event_starts_at"))
        batch_op.drop_index(batch_op.f("ix_court_event_case_id"))

    op.drop_table("court_event")
    op.drop_table("client")
    with op.batch_alter_table("agency_contact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agency_contact_case_id"))

    op.drop_table("agency_contact")
    with op.batch_alter_table("case_file", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_file_status"))
        batch_op.drop_index(batch_op.f("ix_case_file_reference"))
        batch_op.drop_index(batch_op.f("ix_case_file_crime_reference"))

    op.drop_table("case_file")
