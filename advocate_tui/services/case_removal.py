"""Removing a case from a database: the one way, used on the database itself and on the copies of it."""

from sqlalchemy import delete
from sqlmodel import Session, col

from advocate_tui.services.reports import keep_statistics
from advocate_tui.storage import audit
from advocate_tui.storage.models import Case


def erase_rows(session: Session, case_id: int, reference: str, detail: str) -> None:
    """Delete the case and everything on it (the database cascades), keeping its anonymised figures first,
    and record the erasure in the audit trail, without personal data."""
    keep_statistics(session, case_id)
    session.exec(delete(Case).where(col(Case.id) == case_id).execution_options(synchronize_session=False))
    audit.record(session, "erase", Case.__tablename__, case_id, case_reference=reference, detail=detail)
