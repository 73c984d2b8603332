"""repeat detection: a case notes the earlier case it re-refers, the kept figures count re-referrals, and
perpetrators are found again by date of birth and vehicle registration

Cases opened before this were never checked, so their ``re_referral_of`` is empty and their kept figures count
no re-referral. The registrations already written in perpetrators' vehicles are indexed. Case rows and kept
figures gain a column, so the audit trail records their state again, and the new registrations' too.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-04 09:00:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op
from sqlalchemy import insert, select

from advocate_tui.rules.repeats import registrations
from advocate_tui.storage import audit
from advocate_tui.storage.audit_state import stored_tables

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

ACTOR = "advocate_tui (upgrade)"
CHANGED = ("case_file", "case_statistic", "vehicle_registration")


def upgrade() -> None:
    with op.batch_alter_table("case_file", schema=None) as batch_op:
        batch_op.add_column(sa.Column("re_referral_of", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True))
    with op.batch_alter_table("case_statistic", schema=None) as batch_op:
        batch_op.add_column(sa.Column("re_referral", sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table("perpetrator", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_perpetrator_date_of_birth"), ["date_of_birth"], unique=False)
    op.create_table(
        "vehicle_registration",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("perpetrator_id", sa.Integer(), nullable=False),
        sa.Column("registration", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case_file.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["perpetrator_id"], ["perpetrator.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("vehicle_registration", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_vehicle_registration_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_vehicle_registration_perpetrator_id"), ["perpetrator_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_vehicle_registration_registration"), ["registration"], unique=False)
    connection = op.get_bind()
    perpetrator = sa.table("perpetrator", sa.column("id"), sa.column("case_id"), sa.column("vehicles"))
    indexed = sa.table(
        "vehicle_registration", sa.column("case_id"), sa.column("perpetrator_id"), sa.column("registration")
    )
    rows = [
        {"case_id": row.case_id, "perpetrator_id": row.id, "registration": registration}
        for row in connection.execute(select(perpetrator).where(perpetrator.c.vehicles.is_not(None)))
        for registration in sorted(registrations(row.vehicles))
    ]
    if rows:
        connection.execute(insert(indexed), rows)
    audit.baseline(connection, ACTOR, [table for table in stored_tables(connection) if table.name in CHANGED])


def downgrade() -> None:
    with op.batch_alter_table("vehicle_registration", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vehicle_registration_registration"))
        batch_op.drop_index(batch_op.f("ix_vehicle_registration_perpetrator_id"))
        batch_op.drop_index(batch_op.f("ix_vehicle_registration_case_id"))
    op.drop_table("vehicle_registration")
    with op.batch_alter_table("perpetrator", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_perpetrator_date_of_birth"))
    with op.batch_alter_table("case_statistic", schema=None) as batch_op:
        batch_op.drop_column("re_referral")
    with op.batch_alter_table("case_file", schema=None) as batch_op:
        batch_op.drop_column("re_referral_of")
