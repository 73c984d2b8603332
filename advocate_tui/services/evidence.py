"""Evidence files on incidents: kept in the database with their SHA-256, listed, checked and written back out.

Each file gets an exhibit reference (:mod:`advocate_tui.rules.exhibits`) from the initials of whoever produces
it to the police: the advocate (the configured name) or the client. Its bytes go into the database in chunks
(:mod:`advocate_tui.storage.evidence_store`) in the same transaction as its record, so a file is kept whole or
not at all; several files given together are kept all or none.
"""

import hashlib
import mimetypes
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import IO, Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection
from sqlmodel import Session, col

from advocate_tui.rules import clock
from advocate_tui.rules.errors import InvalidInputError, NotFoundError
from advocate_tui.rules.exhibits import exhibit_file_name, exhibit_reference, initials, next_number
from advocate_tui.rules.fields import optional_text
from advocate_tui.rules.vocab import EvidenceProducer
from advocate_tui.services.case_json import utc_iso
from advocate_tui.services.case_log import numbered
from advocate_tui.services.context import ServiceContext
from advocate_tui.services.copies import EXPORT, record_copy
from advocate_tui.services.lookup import case_key
from advocate_tui.storage import audit
from advocate_tui.storage.evidence_store import MIB, Source, check, chunks_of, open_source, store
from advocate_tui.storage.files import check_target, make_folder, write_stream
from advocate_tui.storage.models import Case, Client, EvidenceFile, Incident
from advocate_tui.storage.orm import table_of

FORMAT = "advocate-evidence/1"


@dataclass(frozen=True)
class EvidenceItem:
    """An evidence file's record, with the incident it is evidence of as the case's log numbers it."""

    record: EvidenceFile
    incident_number: int
    incident_at: datetime

    @property
    def file_name(self) -> str:
        """The name its file takes when written out: the exhibit reference and the original's extension."""
        return exhibit_file_name(self.record.exhibit_reference, self.record.original_name)


@dataclass(frozen=True)
class Verified:
    checked: int
    problems: tuple[str, ...]

    @property
    def summary(self) -> str:
        """The outcome in one sentence."""
        if self.problems:
            return f"{len(self.problems)} of {self.checked} evidence files are not as they were kept."
        return f"All {self.checked} evidence files match their SHA-256."


@dataclass(frozen=True)
class Written:
    reference: str
    folder: Path
    files: tuple[str, ...]


def as_json(reference: str, items: Sequence[EvidenceItem]) -> dict[str, Any]:
    """``evidence list --json``: format ``advocate-evidence/1`` (see README › JSON output)."""
    return {
        "format": FORMAT,
        "reference": reference,
        "evidence": [
            {
                "exhibit_reference": item.record.exhibit_reference,
                "incident": item.incident_number,
                "incident_occurred_at": utc_iso(item.incident_at),
                "produced_by": item.record.produced_by,
                "description": item.record.description,
                "original_name": item.record.original_name,
                "media_type": item.record.media_type,
                "size": item.record.size,
                "sha256": item.record.sha256,
                "added_by": item.record.added_by,
                "added_at": utc_iso(item.record.added_at),
            }
            for item in items
        ],
    }


def items_of(session: Session, case_id: int, incident_ids: Sequence[int] | None = None) -> list[EvidenceItem]:
    """The case's evidence files (of ``incident_ids`` only, if given), in the order of the log, then as added."""
    incidents = session.execute(
        select(col(Incident.id), col(Incident.occurred_at))
        .where(col(Incident.case_id) == case_id)
        .order_by(col(Incident.occurred_at), col(Incident.id))
    ).all()
    place = {incident_id: (number, at) for number, (incident_id, at) in enumerate(incidents, start=1)}
    query = select(EvidenceFile).where(col(EvidenceFile.case_id) == case_id)
    if incident_ids is not None:
        query = query.where(col(EvidenceFile.incident_id).in_(incident_ids))
    records = session.scalars(query.order_by(col(EvidenceFile.id))).all()
    items = [EvidenceItem(r, *place[r.incident_id]) for r in records]
    return sorted(items, key=lambda item: (item.incident_number, item.record.id or 0))


def verified_chunks(connection: Connection, item: EvidenceFile) -> Iterator[bytes]:
    """The stored bytes of ``item``, chunk by chunk; raises after the last if they are not what was kept (the
    file being written from them is then not kept: see :func:`advocate_tui.storage.files.write_stream`)."""
    digest = hashlib.sha256()
    size = 0
    for piece in chunks_of(connection, item.id or 0):
        digest.update(piece)
        size += len(piece)
        yield piece
    if digest.hexdigest() != item.sha256 or size != item.size:
        raise InvalidInputError(
            f"The stored copy of {item.exhibit_reference} ({item.original_name}) no longer matches its SHA-256, "
            "so it was not written out: restore the database from a backup."
        )


def copy_out(connection: Connection, item: EvidenceFile, stream: IO[bytes]) -> None:
    for piece in verified_chunks(connection, item):
        stream.write(piece)


def empty_folder(out: Path, what: str) -> None:
    """Refuse ``out`` unless it is a new or empty folder (erasing the case later removes the whole folder)."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise InvalidInputError(
            f"{out} is not an empty folder: give a new folder for the {what} (nothing was written)."
        )


class Evidence:
    """Keeping, listing, checking and writing out the evidence files of a case."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    @property
    def max_bytes(self) -> int:
        return self.ctx.settings.evidence_max_mb * MIB

    def check_file(self, path: Path) -> Path:
        """Refuse, in one sentence, a file that could not be kept (missing, not an ordinary file, empty, too big)."""
        open_source(path, self.max_bytes).close()
        return path

    def add(
        self,
        reference: str,
        incident_number: int,
        paths: Sequence[Path],
        *,
        description: str | None = None,
        produced_by: str = EvidenceProducer.ADVOCATE.value,
    ) -> list[EvidenceItem]:
        """Keep ``paths`` as evidence of the case's incident ``incident_number``, each with the next exhibit
        reference of its producer; every file is checked before anything is written."""
        try:
            producer = EvidenceProducer.parse(produced_by, "producer of the evidence")
        except ValueError as exc:
            raise InvalidInputError(str(exc)) from None
        text = optional_text()(description, "description of the evidence")
        if not paths:
            raise InvalidInputError("No file was given: name at least one file to keep as evidence.")
        with ExitStack() as opened:
            sources = [opened.enter_context(open_source(path, self.max_bytes)) for path in paths]
            with self.ctx.writing() as session:
                case_id, ref = case_key(session, reference)
                incident = numbered(session, case_id, ref, incident_number)
                marks = self._initials(session, case_id, producer)
                since = audit.last_id(session, EvidenceFile.__tablename__)
                connection = session.connection()
                for source in sources:
                    self._keep(connection, case_id, incident.id or 0, marks, producer, text, source)
                audit.record_inserted(session, EvidenceFile.__tablename__, since)
                return [item for item in items_of(session, case_id) if (item.record.id or 0) > since]

    def _initials(self, session: Session, case_id: int, producer: EvidenceProducer) -> str:
        if producer is EvidenceProducer.ADVOCATE:
            return initials(self.ctx.user, "advocate's")
        name = session.scalars(select(col(Client.name)).where(col(Client.case_id) == case_id)).first()
        return initials(name or "", "client's")

    def _keep(
        self,
        connection: Connection,
        case_id: int,
        incident_id: int,
        marks: str,
        producer: EvidenceProducer,
        description: str | None,
        source: Source,
    ) -> None:
        files = table_of(EvidenceFile)
        taken = connection.execute(
            select(files.c.exhibit_number).where(files.c.case_id == case_id, files.c.exhibit_initials == marks)
        ).scalars()
        number = next_number(taken)
        name = source.path.name[:255]
        evidence_id = connection.execute(
            insert(files)
            .returning(files.c.id)
            .values(
                case_id=case_id,
                incident_id=incident_id,
                exhibit_reference=exhibit_reference(marks, number),
                exhibit_initials=marks,
                exhibit_number=number,
                produced_by=producer.value,
                description=description,
                original_name=name,
                media_type=mimetypes.guess_type(name)[0] or "application/octet-stream",
                size=source.size,
                sha256="",
                added_by=self.ctx.user,
                added_at=clock.utcnow(),
            )
        ).scalar_one()
        sha256 = store(connection, evidence_id, source)
        connection.execute(update(files).where(files.c.id == evidence_id).values(sha256=sha256))

    def list(self, reference: str, incident_id: int | None = None) -> tuple[str, list[EvidenceItem]]:
        """The case's reference as stored, and its evidence files (of the incident ``incident_id`` only, if given)."""
        with self.ctx.reading() as session:
            case_id, ref = case_key(session, reference)
            return ref, items_of(session, case_id, None if incident_id is None else [incident_id])

    def verify(self, reference: str | None = None) -> Verified:
        """Hash every stored file (of the case ``reference``, or of every case) again from its chunks and compare
        with its recorded SHA-256 and size; each difference in one sentence."""
        problems = []
        with self.ctx.reading() as session:
            query = select(EvidenceFile, col(Case.reference)).join(Case, col(Case.id) == col(EvidenceFile.case_id))
            if reference is not None:
                case_id, _ref = case_key(session, reference)
                query = query.where(col(EvidenceFile.case_id) == case_id)
            rows = session.execute(query.order_by(col(Case.reference), col(EvidenceFile.id))).all()
            for item, ref in rows:
                found = check(session.connection(), item.id or 0)
                what = f"{ref} {item.exhibit_reference} ({item.original_name})"
                if found.size != item.size:
                    problems.append(f"{what}: {found.size:,} bytes are stored, not the {item.size:,} recorded.")
                elif found.sha256 != item.sha256:
                    problems.append(f"{what}: the stored bytes do not match the SHA-256 recorded when it was kept.")
        return Verified(len(rows), tuple(problems))

    def export(self, reference: str, exhibits: Sequence[str], out: Path) -> Written:
        """Write the case's evidence files (``exhibits`` only, by reference, if any are named) into the new or
        empty folder ``out``, each named by its exhibit reference and checked against its SHA-256 on the way."""
        empty_folder(out, "evidence files")
        with self.ctx.reading() as session:
            case_id, ref = case_key(session, reference)
            chosen = _chosen(items_of(session, case_id), exhibits, ref)
            make_folder(out)
            for item in chosen:
                check_target(out / item.file_name)
            connection = session.connection()
            for item in chosen:
                write_stream(out / item.file_name, partial(copy_out, connection, item.record))
        with self.ctx.writing() as session:
            detail = f"evidence export: {len(chosen)} files ({', '.join(i.record.exhibit_reference for i in chosen)})"
            audit.record(session, "export", Case.__tablename__, case_id, case_reference=ref, detail=detail[:256])
            record_copy(session, EXPORT, out, ref)
        return Written(ref, out, tuple(item.file_name for item in chosen))


def _chosen(items: list[EvidenceItem], exhibits: Sequence[str], ref: str) -> list[EvidenceItem]:
    if not items:
        raise NotFoundError(f"{ref} has no evidence files: nothing was written.")
    if not exhibits:
        return items
    by_reference = {item.record.exhibit_reference.casefold(): item for item in items}
    chosen = []
    for name in exhibits:
        item = by_reference.get("".join(name.split()).casefold())
        if item is None:
            known = ", ".join(i.record.exhibit_reference for i in items)
            raise NotFoundError(f"{ref} has no exhibit {name.strip()}: its exhibits are {known}.")
        chosen.append(item)
    return list({item.record.exhibit_reference: item for item in chosen}.values())
