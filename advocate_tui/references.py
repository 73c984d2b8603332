"""Case references, ``STK-YYYY-NNNN``: numbered from 1 each year, never reused."""

from sqlalchemy import func
from sqlmodel import Session, select

from advocate_tui.models import Case

PREFIX = "STK"


def reference(year: int, number: int) -> str:
    return f"{PREFIX}-{year}-{number:04d}"


def next_number(session: Session, year: int) -> int:
    """The number the next case referred in ``year`` takes: one more than the highest so far."""
    last = session.exec(
        select(Case.reference)
        .where(Case.reference.like(f"{PREFIX}-{year}-%"))
        .order_by(func.length(Case.reference).desc(), Case.reference.desc())
        .limit(1)
    ).first()
    return int(last.rsplit("-", 1)[1]) + 1 if last else 1
