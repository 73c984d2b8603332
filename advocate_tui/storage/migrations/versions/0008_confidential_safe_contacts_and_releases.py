"""the client's safe phone and email each confidential; what a document shows that is withheld by default

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 02:21:20.339856
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "document_release",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("item", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("passage", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case_file.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["document_id"], ["document.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("document_release", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_release_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_document_release_document_id"), ["document_id"], unique=False)

    with op.batch_alter_table("client", schema=None) as batch_op:
        batch_op.add_column(sa.Column("phone_confidential", sa.Boolean(), server_default=sa.true(), nullable=False))
        batch_op.add_column(sa.Column("email_confidential", sa.Boolean(), server_default=sa.true(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("client", schema=None) as batch_op:
        batch_op.drop_column("email_confidential")
        batch_op.drop_column("phone_confidential")

    with op.batch_alter_table("document_release", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_release_document_id"))
        batch_op.drop_index(batch_op.f("ix_document_release_case_id"))

    op.drop_table("document_release")
