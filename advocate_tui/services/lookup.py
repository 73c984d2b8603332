"""Finding a case by its reference, for every service: the record, or one sentence saying it is not there."""

import difflib

from sqlalchemy import ColumnElement, func
from sqlmodel import Session, col, select

from advocate_tui.rules.errors import NotFoundError
from advocate_tui.rules.references import PREFIX
from advocate_tui.rules.vocab import ENDED_STATUSES, CaseStatus
from advocate_tui.storage.models import Case
from advocate_tui.storage.orm import table_of


def normal_reference(reference: str) -> str:
    """A reference as stored: no surrounding spaces, upper case."""
    return reference.strip().upper()


def find_case(session: Session, reference: str) -> Case:
    """The case with ``reference``, or :class:`NotFoundError` with the nearest reference as a hint."""
    ref = normal_reference(reference)
    case = session.exec(select(Case).where(Case.reference == ref)).first()
    if case is None:
        raise missing_case(session, ref)
    return case


def case_key(session: Session, reference: str) -> tuple[int, str]:
    """The id and reference of a case, found with a Core statement (no ORM mapping: quick entry uses it)."""
    ref = normal_reference(reference)
    cases = table_of(Case)
    case_id = session.exec(select(cases.c.id).where(cases.c.reference == ref)).first()
    if case_id is None:
        raise missing_case(session, ref)
    return case_id, ref


def missing_case(session: Session, ref: str) -> NotFoundError:
    """The error for a reference that is not there, naming the closest one if any is close (a face
    adds where to look up references when none is: topic ``unknown-case``)."""
    if not ref:
        return NotFoundError("No case reference given: give one such as STK-2026-0001.")
    known = session.exec(select(Case.reference)).all()
    close = difflib.get_close_matches(ref, known, n=1, cutoff=0.6)
    if close:
        return NotFoundError(f"There is no case {ref}. Did you mean {close[0]}?")
    return NotFoundError(f"There is no case {ref}.", topic="unknown-case")


def open_case() -> ColumnElement[bool]:
    """The condition "the case is open", as the status index answers it (``NOT IN`` ended statuses
    would read every case, closed ones included)."""
    return col(Case.status).in_([s.value for s in CaseStatus if s not in ENDED_STATUSES])


def next_number(session: Session, year: int) -> int:
    """The number the next case referred in ``year`` takes: one more than the highest so far."""
    last = session.exec(
        select(Case.reference)
        .where(col(Case.reference).like(f"{PREFIX}-{year}-%"))
        .order_by(func.length(Case.reference).desc(), col(Case.reference).desc())
        .limit(1)
    ).first()
    return int(last.rsplit("-", 1)[1]) + 1 if last else 1
