"""indexes for the report and the escalation alerts at a county's scale

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 19:23:20.736414
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("incident_behaviour", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incident_behaviour_kind"))

    with op.batch_alter_table("plan_item", schema=None) as batch_op:
        batch_op.create_index("ix_plan_item_status_completed", ["status", "completed_at"], unique=False)

    with op.batch_alter_table("protective_order", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_protective_order_applied_on"), ["applied_on"], unique=False)
        batch_op.create_index("ix_protective_order_created_at", ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_protective_order_granted_on"), ["granted_on"], unique=False)

    with op.batch_alter_table("statistic_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_statistic_event_happened_on"), ["happened_on"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("statistic_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_statistic_event_happened_on"))

    with op.batch_alter_table("protective_order", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_protective_order_granted_on"))
        batch_op.drop_index("ix_protective_order_created_at")
        batch_op.drop_index(batch_op.f("ix_protective_order_applied_on"))

    with op.batch_alter_table("plan_item", schema=None) as batch_op:
        batch_op.drop_index("ix_plan_item_status_completed")

    with op.batch_alter_table("incident_behaviour", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incident_behaviour_kind"), ["kind"], unique=False)
