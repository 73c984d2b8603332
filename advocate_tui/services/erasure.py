"""Retention and erasure: removing a closed case's personal data for good.

Erasing a case deletes, in one transaction, the case and everything recorded on it (the database
cascades to the client, perpetrators, incidents, notes, plan, hearings, orders, contacts, risk
checklists, documents, sharing record…), after copying what the funder's reports count into the
anonymised statistics tables (:func:`advocate_tui.services.reports.keep_statistics`), and records an audit
entry without personal data. Then the documents' files are overwritten and removed, and the SQLite
file is vacuumed and its write-ahead log truncated, so that (with ``secure_delete`` on) the erased
text does not linger in the file. Then every copy the program knows of is reached (see
:mod:`advocate_tui.services.copies`).
"""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlmodel import SQLModel, col

from advocate_tui.rules import clock
from advocate_tui.rules.errors import InvalidInputError
from advocate_tui.rules.saved import saved_id
from advocate_tui.rules.vocab import ENDED_STATUSES, CaseStatus
from advocate_tui.services.case_removal import erase_rows
from advocate_tui.services.context import ServiceContext
from advocate_tui.services.copies import Copies, CopiesCleaned
from advocate_tui.services.lookup import find_case
from advocate_tui.storage.models import Case, Document
from advocate_tui.storage.shredding import shred


@dataclass(frozen=True)
class ErasurePlan:
    """What erasing a case will remove, shown before the person confirms."""

    case_id: int
    reference: str
    status: str
    records: int
    files: tuple[Path, ...]


@dataclass(frozen=True)
class Erased:
    reference: str
    records: int
    files_removed: int
    copies: CopiesCleaned
    problems: tuple[str, ...]


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _case_tables() -> list:
    return [table for table in SQLModel.metadata.sorted_tables if "case_id" in table.columns]


class Erasure:
    """Erasing ended cases whose retention has run out, and every trace the database file keeps."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def past_retention(self) -> tuple[list[tuple[str, date, date]], int]:
        """Ended cases whose retention period has run out, as (reference, closed on, due since), and the period in years."""
        years = self.ctx.settings.retention_years
        today = clock.today()
        with self.ctx.reading() as session:
            closed = session.execute(
                select(col(Case.reference), col(Case.closed_on))
                .where(col(Case.status).in_([s.value for s in ENDED_STATUSES]), col(Case.closed_on).is_not(None))
                .order_by(col(Case.closed_on), col(Case.reference))
            ).all()
        due = [(reference, closed_on, _years_after(closed_on, years)) for reference, closed_on in closed]
        return [row for row in due if row[2] <= today], years

    def plan(self, reference: str) -> ErasurePlan:
        """Check the case may be erased (it has ended) and count what would go."""
        with self.ctx.reading() as session:
            case = find_case(session, reference)
            if case.status not in ENDED_STATUSES:
                raise InvalidInputError(
                    f"{case.reference} is still open ({CaseStatus(case.status).label.lower()}): "
                    "close it first; only ended cases are erased."
                )
            records = 1 + sum(
                session.execute(select(func.count()).select_from(table).where(table.c.case_id == case.id)).scalar_one()
                for table in _case_tables()
            )
            files = tuple(
                Path(path)
                for path in session.scalars(select(col(Document.path)).where(col(Document.case_id) == case.id))
            )
            return ErasurePlan(saved_id(case), case.reference, CaseStatus(case.status).label.lower(), records, files)

    def erase(self, plan: ErasurePlan) -> Erased:
        """Erase the planned case, its documents on disk, and the traces left in the database file."""
        detail = f"{plan.records} records and {len(plan.files)} document files; anonymised figures kept"
        with self.ctx.writing() as session:
            erase_rows(session, plan.case_id, plan.reference, detail)
        problems = []
        removed = 0
        for path in plan.files:
            try:
                shred(path)
                removed += 1
            except FileNotFoundError:
                problems.append(f"the document {path} was already gone.")
            except OSError as exc:
                problems.append(f"the document {path} could not be removed ({exc.strerror}): delete it by hand.")
        problems += self.compact()
        copies = Copies(self.ctx).erase_everywhere(plan.reference, detail)
        return Erased(plan.reference, plan.records, removed, copies, (*problems, *copies.problems))

    def compact(self) -> list[str]:
        """Rebuild the database so freed pages and the write-ahead log no longer hold erased text."""
        if self.ctx.db.compact():
            return []
        return [
            f"another program had {self.ctx.db.where} open while it was erased, so erased text stays in the "
            "database file until the next time the database is opened, when it is removed."
        ]
