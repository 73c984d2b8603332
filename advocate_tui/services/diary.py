"""Importing the client's own diary into a case's incident log: read and shown first, saved only when asked.

Saving adds, in one transaction, every row that can be logged and is not in the log already; rows that cannot
be read are never saved and are listed by line. A file is read again against the log inside that transaction,
so two imports of one diary at once still add each entry once.
"""

from pathlib import Path
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, select

from advocate_tui.rules import clock
from advocate_tui.rules.diary import (
    CLIENT_RECORD,
    SOURCE_LABEL,
    DiaryEntry,
    DiaryReport,
    Problem,
    YearCarry,
    entry_key,
    layout,
    read_entry,
)
from advocate_tui.rules.errors import InvalidInputError
from advocate_tui.rules.fields import INCIDENT_FIELDS, clean_fields
from advocate_tui.services.context import ServiceContext
from advocate_tui.services.lookup import case_key
from advocate_tui.storage import audit
from advocate_tui.storage.diary_file import read_diary_file
from advocate_tui.storage.models import Incident, IncidentBehaviour
from advocate_tui.storage.orm import table_of


class ClientDiary:
    """The client's own diary, read from a CSV or Excel file and added to the incident log."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def preview(self, reference: str, path: Path) -> DiaryReport:
        """What importing ``path`` would add to the case's log, and what it would leave out; nothing is written."""
        with self.ctx.reading() as session:
            case_id, _ = case_key(session, reference)
            return self._report(session, case_id, path)

    def apply(self, reference: str, path: Path) -> DiaryReport:
        """Add the new entries of ``path`` to the case's log, each marked as from the client's own record, with
        the file's name and the entry's line in the audit trail."""
        with self.ctx.writing() as session:
            case_id, ref = case_key(session, reference)
            report = self._report(session, case_id, path)
            self._save(session, case_id, ref, report)
            report.saved = True
            return report

    def _report(self, session: Session, case_id: int, path: Path) -> DiaryReport:
        diary = read_diary_file(path)
        columns = layout(diary.headings)
        report = DiaryReport(diary.name, diary.encoding, ignored_columns=columns.ignored)
        logged = session.exec(
            select(Incident.occurred_at, Incident.approximate, Incident.description).where(Incident.case_id == case_id)
        ).all()
        seen: dict[tuple[str, str, str], int | None] = {
            entry_key(at, approximate, text): None for at, approximate, text in logged
        }
        carry = YearCarry()
        for line, cells in diary.rows:
            try:
                entry = read_entry(line, {key: _cell(cells, index) for key, index in columns.columns.items()}, carry)
                _values(entry)  # refused here as saving would refuse it
            except InvalidInputError as problem:
                report.problems.append(Problem(line, str(problem).rstrip(".")))
                continue
            if entry.key in seen:
                earlier = seen[entry.key]
                report.already.append(Problem(line, f"the same as line {earlier}" if earlier else "in the case's log"))
                continue
            seen[entry.key] = line
            report.new.append(entry)
        return report

    def _save(self, session: Session, case_id: int, ref: str, report: DiaryReport) -> None:
        incidents, behaviours = table_of(Incident), table_of(IncidentBehaviour)
        stamp = clock.utcnow()
        changes = []
        since = audit.last_id(session, IncidentBehaviour.__tablename__)
        for entry in report.new:
            values = _values(entry)
            kinds = values.pop("behaviours")
            record = Incident(case_id=case_id, recorded_by=self.ctx.user, source=CLIENT_RECORD, **values)
            row = {column.name: getattr(record, column.name) for column in incidents.columns if column.name != "id"}
            row["recorded_at"] = row["created_at"] = row["updated_at"] = stamp
            key = session.exec(insert(incidents).values(**row)).inserted_primary_key
            assert key is not None  # a one-row insert has its key
            session.exec(
                insert(behaviours),
                params=[{"incident_id": key[0], "kind": k, "created_at": stamp, "updated_at": stamp} for k in kinds],
            )
            changes.append(
                audit.Change(
                    "create",
                    Incident.__tablename__,
                    key[0],
                    ref,
                    sorted(name for name, value in row.items() if value is not None and name not in audit.UNTRACKED),
                    f"{SOURCE_LABEL}: {report.file_name}, line {entry.line}",
                )
            )
        audit.record_all(session, changes)
        audit.record_inserted(session, IncidentBehaviour.__tablename__, since)


def _cell(cells: list[object], index: int) -> object:
    return cells[index] if index < len(cells) else None


def _values(entry: DiaryEntry) -> dict[str, Any]:
    """The entry as the incident log's fields, checked as every incident is (lengths, dates)."""
    return clean_fields(
        INCIDENT_FIELDS,
        {
            "occurred_at": entry.occurred_at,
            "approximate": entry.approximate,
            "description": entry.description,
            "location": entry.location,
            "witnesses": entry.witnesses,
            "evidence_what": entry.evidence,
            "behaviours": list(entry.kinds),
        },
    )
