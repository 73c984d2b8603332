"""caseload indexes

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 17:37:16.285272
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("court_event", schema=None) as batch_op:
        batch_op.create_index("ix_court_event_case_starts", ["case_id", "starts_at"], unique=False)

    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.create_index("ix_incident_case_occurred", ["case_id", "occurred_at"], unique=False)

    with op.batch_alter_table("note", schema=None) as batch_op:
        batch_op.create_index("ix_note_case_noted", ["case_id", "noted_at"], unique=False)

    with op.batch_alter_table("plan_item", schema=None) as batch_op:
        batch_op.create_index("ix_plan_item_case_status", ["case_id", "status"], unique=False)

    with op.batch_alter_table("protective_order", schema=None) as batch_op:
        batch_op.create_index("ix_protective_order_case_status", ["case_id", "status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("protective_order", schema=None) as batch_op:
        batch_op.drop_index("ix_protective_order_case_status")

    with op.batch_alter_table("plan_item", schema=None) as batch_op:
        batch_op.drop_index("ix_plan_item_case_status")

    with op.batch_alter_table("note", schema=None) as batch_op:
        batch_op.drop_index("ix_note_case_noted")

    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.drop_index("ix_incident_case_occurred")

    with op.batch_alter_table("court_event", schema=None) as batch_op:
        batch_op.drop_index("ix_court_event_case_starts")
