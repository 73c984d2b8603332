"""professional consultations; the information-sharing record's Article 6 basis and its condition apart

A new table ``consultation``. Each disclosure gets the condition for special-category and criminal-offence
data (``condition``) beside its Article 6 basis, and ``basis_to_review``. The old bases mixed the two and
are mapped to the nearest meaning (see :data:`MAPPED` and README › Lawful bases); where the old one does
not say which Article 6 basis or condition applied, the record is flagged for review. Disclosures are
changed in place, so the audit trail records a baseline of them afterwards.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 09:00:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

from advocate_tui.storage import audit
from advocate_tui.storage.models import Disclosure
from advocate_tui.storage.orm import table_of

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

ACTOR = "advocate_tui (upgrade)"

#: Old basis -> (Article 6 basis, condition, flagged for review). "Safeguarding" was a Schedule 1 condition
#: recorded as a basis: a charity's Article 6 basis for it is usually legitimate interests, but a service
#: carrying out a task in law may rely on public task, so it is flagged. A legal obligation names no
#: condition, and "other" neither, so both are flagged.
MAPPED: dict[str, tuple[str | None, str | None, bool]] = {
    "consent": ("consent", "explicit-consent", False),
    "safeguarding": ("legitimate-interests", "safeguarding", True),
    "legal-obligation": ("legal-obligation", None, True),
    "other": (None, None, True),
}
#: The old basis each pair is taken back to by a downgrade.
UNMAPPED = {"consent": "consent", "legitimate-interests": "safeguarding", "legal-obligation": "legal-obligation"}


def upgrade() -> None:
    op.create_table(
        "consultation",
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("organisation", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("professional", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=True),
        sa.Column("question", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("advice", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("follow_up", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("follow_up_on", sa.Date(), nullable=True),
        sa.Column("followed_up_on", sa.Date(), nullable=True),
        sa.Column("recorded_by", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("consultation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consultation_held_on"), ["held_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_consultation_follow_up_on"), ["follow_up_on"], unique=False)

    with op.batch_alter_table("disclosure", schema=None) as batch_op:
        batch_op.add_column(sa.Column("condition", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))
        batch_op.add_column(sa.Column("basis_to_review", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.alter_column("basis", existing_type=sa.String(length=32), nullable=True)

    connection = op.get_bind()
    disclosures = table_of(Disclosure)
    if connection.execute(sa.select(disclosures.c.id).limit(1)).first() is None:
        return
    for old, (basis, condition, review) in MAPPED.items():
        connection.execute(
            sa.update(disclosures)
            .where(disclosures.c.basis == old)
            .values(basis=basis, condition=condition, basis_to_review=review)
        )
    # anything else an older program stored (none is known) is kept as it was and flagged
    known = [basis for basis, _condition, _review in MAPPED.values() if basis is not None]
    connection.execute(sa.update(disclosures).where(disclosures.c.basis.not_in(known)).values(basis_to_review=True))
    audit.baseline(connection, ACTOR, [disclosures])


def downgrade() -> None:
    """The older program's single basis again: the nearest old value for each pair ("other" for the rest)."""
    connection = op.get_bind()
    disclosures = sa.table("disclosure", sa.column("basis", sa.String))
    connection.execute(
        sa.update(disclosures)
        .where(sa.or_(disclosures.c.basis.is_(None), disclosures.c.basis.not_in(list(UNMAPPED))))
        .values(basis="other")
    )
    for new, old in UNMAPPED.items():
        if new != old:
            connection.execute(sa.update(disclosures).where(disclosures.c.basis == new).values(basis=old))
    with op.batch_alter_table("disclosure", schema=None) as batch_op:
        batch_op.alter_column("basis", existing_type=sa.String(length=32), nullable=False)
        batch_op.drop_column("basis_to_review")
        batch_op.drop_column("condition")

    with op.batch_alter_table("consultation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consultation_follow_up_on"))
        batch_op.drop_index(batch_op.f("ix_consultation_held_on"))

    op.drop_table("consultation")
