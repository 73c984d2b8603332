"""Subject access: everything held about a case's client, written to a folder for review and disclosure.

The folder gets ``<REF>.json`` (every row of every table that belongs to the case, column by column:
complete by construction, format ``advocate-subject-access/1`` described in the README), a readable
``<REF>-summary.md``, ``documents/`` with the files generated for the case, and ``evidence/`` with the
evidence files kept on it (named by exhibit reference, each checked against its SHA-256 on the way out). Third-party data
(the perpetrator, witnesses, other people named in free text, the do-not-disclose list, the
professionals' contact details) and the client's confidential address, safe phone and safe email are listed under ``review_before_disclosure`` and marked REVIEW in the
summary: a request may come from, or be coerced by, the perpetrator.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, Table, select
from sqlmodel import SQLModel, col

from advocate_tui.rules import clock
from advocate_tui.rules.errors import InvalidInputError
from advocate_tui.rules.saved import saved_id
from advocate_tui.services.context import ServiceContext
from advocate_tui.services.copies import EXPORT, record_copy
from advocate_tui.services.evidence import copy_out, items_of
from advocate_tui.services.lookup import find_case
from advocate_tui.storage import audit
from advocate_tui.storage.files import make_folder, write_file, write_stream
from advocate_tui.storage.models import AuditEntry, Case, EvidenceChunk

FORMAT = "advocate-subject-access/1"
BOOKKEEPING = ("id", "case_id", "version", "created_at", "updated_at")
TITLES = {
    "case_file": "The case",
    "client": "The client",
    "perpetrator": "Perpetrators",
    "incident": "Incident log",
    "incident_behaviour": "Behaviours in each incident",
    "incident_revision": "Corrections to the incident log (the values each replaced)",
    "note": "Contact notes",
    "plan_item": "Safety plan",
    "court_event": "Court dates",
    "protective_order": "Protective orders",
    "agency_contact": "Agency contacts",
    "document": "Documents made",
    "risk_assessment": "Risk checklists",
    "risk_answer": "Risk checklist answers",
    "referral": "Referrals to multi-agency meetings",
    "referral_action": "Actions agreed at multi-agency meetings",
    "alert_acknowledgement": "Escalation alerts seen",
    "disclosure": "Information shared outside the service",
    "do_not_disclose": "Do not disclose to",
    "evidence_file": "Evidence files kept (each file is in evidence/, named by its exhibit reference)",
    "audit_entry": "Who viewed or changed the record",
}
#: Whole records about other people.
THIRD_PARTY_RECORDS = {
    "perpetrator": "about the person who stalked or harassed the client (third party; disclosure may put the client at risk)",
    "do_not_disclose": "names other people and why they must not be told (third party)",
}
#: Fields that hold other people's details, or free text that may name them.
THIRD_PARTY_FIELDS = {
    ("client", "dependants_note"): "about children or dependants (third parties)",
    ("incident", "description"): "free text that may name other people",
    ("incident", "witnesses"): "names witnesses (third parties)",
    ("incident", "police_officer"): "names an officer (third party)",
    ("incident_revision", "earlier"): "an incident's earlier wording, which may name other people",
    ("note", "text"): "free text that may name other people",
    ("agency_contact", "person"): "names a professional (third party)",
    ("agency_contact", "phone"): "a professional's contact details (third party)",
    ("agency_contact", "email"): "a professional's contact details (third party)",
    ("risk_answer", "comment"): "free text that may name other people",
    ("risk_answer", "source"): "names who gave the information (third party)",
    ("case_file", "oic_name"): "names an officer (third party)",
    ("referral", "outcome"): "free text that may name other people",
    ("referral_action", "action"): "free text that may name other people",
    ("referral_action", "owner"): "names a professional (third party)",
}

#: The client's confidential details, each with its flag: a request may come from, or be coerced by,
#: the person they are kept from.
CONFIDENTIAL_FIELDS = {
    ("client", "address"): ("address_confidential", "address"),
    ("client", "phone"): ("phone_confidential", "safe phone number"),
    ("client", "email"): ("email_confidential", "safe email address"),
}
CONFIDENTIAL_REASON = "the client's confidential {what} (the request may come from the perpetrator)"


@dataclass(frozen=True)
class Exported:
    reference: str
    files: tuple[str, ...]
    review_items: int
    problems: tuple[str, ...]


def _value(value: Any) -> Any:
    if isinstance(value, datetime):
        moment = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return moment.isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    return value


Finder = Callable[[int], ColumnElement[bool]]


def _equal_to_case(column: ColumnElement[Any]) -> Finder:
    """The rows whose ``column`` is the case id."""
    return lambda case_id: column == case_id


def _under_case(column: ColumnElement[Any], parent: Table) -> Finder:
    """The rows whose ``column`` points to a row of ``parent`` that belongs to the case."""
    return lambda case_id: column.in_(select(parent.c.id).where(parent.c.case_id == case_id))


def _case_tables() -> list[tuple[Table, Finder]]:
    """Every table holding records of a case, with how to find a case's rows (a function of the case id)."""
    found: list[tuple[Table, Finder]] = []
    for table in SQLModel.metadata.sorted_tables:
        if table.name == EvidenceChunk.__tablename__:
            continue  # the evidence files' bytes: written out as files under evidence/, not as records
        if table.name == Case.__tablename__:
            found.append((table, _equal_to_case(table.c.id)))
        elif "case_id" in table.columns:
            found.append((table, _equal_to_case(table.c.case_id)))
        else:
            for key in (k for column in table.columns for k in column.foreign_keys):
                parent = key.column.table
                if "case_id" in parent.columns:
                    found.append((table, _under_case(key.parent, parent)))
    return found


def _review(records: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    items = []
    for table, rows in records.items():
        for row in rows:
            if table in THIRD_PARTY_RECORDS:
                items.append({"table": table, "id": row["id"], "field": None, "reason": THIRD_PARTY_RECORDS[table]})
            items += [
                {"table": table, "id": row["id"], "field": name, "reason": reason}
                for (where, name), reason in THIRD_PARTY_FIELDS.items()
                if where == table and row.get(name)
            ]
            items += [
                {"table": table, "id": row["id"], "field": name, "reason": CONFIDENTIAL_REASON.format(what=what)}
                for (where, name), (flag, what) in CONFIDENTIAL_FIELDS.items()
                if where == table and row.get(name) and row.get(flag)
            ]
    return items


def summary(document: dict[str, Any]) -> str:
    """A readable Markdown account of the export, with third-party data marked REVIEW."""
    flagged = {
        (item["table"], item["id"], item["field"]): item["reason"] for item in document["review_before_disclosure"]
    }
    lines = [
        f"# Everything held about {document['reference']}",
        "",
        f"Exported {document['exported_at']} by {document['exported_by']}. Every record is also in "
        f"`{document['reference']}.json`; documents made for the case are in `documents/`.",
        "",
        f"**Before disclosure**, review the {len(flagged)} places marked REVIEW: they hold data about other people "
        "or the client's confidential address and safe contacts "
        "(the request may come from, or be made under pressure from, the perpetrator).",
        "",
    ]
    for table, rows in document["records"].items():
        lines += [f"## {TITLES.get(table, table)} ({len(rows)})", ""]
        if table in THIRD_PARTY_RECORDS:
            lines += [f"> REVIEW: these records are {THIRD_PARTY_RECORDS[table]}.", ""]
        for row in rows:
            lines.append(f"- Record {row['id']}")
            for name, value in row.items():
                if name in BOOKKEEPING or value in (None, "", []):
                    continue
                mark = (
                    f" **REVIEW: {flagged[(table, row['id'], name)]}**" if (table, row["id"], name) in flagged else ""
                )
                text = str(value).replace("\n", " / ")
                lines.append(f"  - {name.replace('_', ' ')}: {text}{mark}")
        lines.append("")
    return "\n".join(lines)


def _write(path: Path, text: str) -> str:
    write_file(path, text.encode("utf-8"))
    return path.name


class SubjectAccess:
    """Everything held on a client, exported for a subject access request."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def _evidence(self, reference: str, folder: Path) -> list[str]:
        """The case's evidence files written into ``folder``, named by exhibit reference."""
        with self.ctx.reading() as session:
            items = items_of(session, find_case(session, reference).id or 0)
            if items:
                make_folder(folder)
            for item in items:
                write_stream(folder / item.file_name, partial(copy_out, session.connection(), item.record))
        return [f"{folder.name}/{item.file_name}" for item in items]

    def collect(self, reference: str) -> dict[str, Any]:
        """The export's JSON document."""
        with self.ctx.reading() as session:
            case = find_case(session, reference)
            records = {
                table.name: [
                    {name: _value(value) for name, value in row._mapping.items()}
                    for row in session.execute(
                        select(table).where(where(saved_id(case))).order_by(*table.primary_key.columns)
                    )
                ]
                for table, where in _case_tables()
            }
            trail = session.scalars(
                select(AuditEntry).where(col(AuditEntry.case_reference) == case.reference).order_by(col(AuditEntry.id))
            )
            records[AuditEntry.__tablename__] = [
                {name: _value(value) for name, value in entry.model_dump(exclude={"previous_hash", "hash"}).items()}
                for entry in trail
            ]
        return {
            "format": FORMAT,
            "reference": case.reference,
            "exported_at": _value(clock.utcnow()),
            "exported_by": self.ctx.user,
            "review_before_disclosure": _review(records),
            "records": records,
        }

    def export_case(self, reference: str, out: Path) -> Exported:
        """Write the export to the new or empty folder ``out``, and record it in the audit trail."""
        if out.exists() and (not out.is_dir() or any(out.iterdir())):
            raise InvalidInputError(
                f"{out} is not an empty folder: give a new folder for the export (nothing was written)."
            )
        document = self.collect(reference)
        ref = document["reference"]
        make_folder(out)
        written = [
            _write(out / f"{ref}.json", json.dumps(document, indent=2, ensure_ascii=False) + "\n"),
            _write(out / f"{ref}-summary.md", summary(document)),
        ]
        problems = []
        for record in document["records"].get("document", []):
            source = Path(record["path"])
            target = out / "documents" / f"{record['id']}-{source.name}"
            try:
                data = source.read_bytes()
            except OSError:
                problems.append(f"the document {source} (record {record['id']}) is missing from disk.")
                continue
            if hashlib.sha256(data).hexdigest() != record["content_sha256"]:
                problems.append(f"the document {source} (record {record['id']}) was changed after it was made.")
            make_folder(target.parent)
            write_file(target, data)
            written.append(f"documents/{target.name}")
        written += self._evidence(document["reference"], out / "evidence")
        with self.ctx.writing() as session:
            rows = sum(len(rows) for rows in document["records"].values())
            audit.record(
                session,
                "export",
                Case.__tablename__,
                document["records"]["case_file"][0]["id"],
                case_reference=ref,
                detail=f"subject access export: {rows} records, {len(written) - 2} files",
            )
            record_copy(session, EXPORT, out, ref)
        return Exported(ref, tuple(written), len(document["review_before_disclosure"]), tuple(problems))
