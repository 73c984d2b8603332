"""The copies of case data the program made outside the database, and erasing a client from them.

They are: the daily and weekly copies and backups in the backups folder, the copies kept beside the database
(before an upgrade, encryption or a restore), backups written elsewhere with ``advocate backup --to`` and
subject-access exports (both recorded in the database when made). A database copy made by this version of the
program and openable with the database's key is re-written without the client (in a working copy, checked,
then renamed into place); one it cannot re-write is named, and so is an export that could not be removed.
"""

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlmodel import Session, col

from advocate_tui.db import HEAD_REVISION, open_database, resolve_target
from advocate_tui.rules.errors import DatabaseError
from advocate_tui.services.case_removal import erase_rows
from advocate_tui.services.context import ServiceContext
from advocate_tui.storage.backup import COPY_BESIDE, backups_dir, is_backup, references_in, rewriting
from advocate_tui.storage.models import AuditEntry, Case, KeptCopy
from advocate_tui.storage.shredding import shred_folder

BACKUP = "backup"
EXPORT = "export"
WHAT_TO_DO = "delete it once you no longer need it."
UNREADABLE = "made with an earlier passphrase, or damaged"


@dataclass(frozen=True)
class CopiesCleaned:
    """What erasing a client did to the copies: database copies re-written, exports removed, and what remains."""

    databases: int = 0
    exports: int = 0
    problems: tuple[str, ...] = ()


def record_copy(session: Session, kind: str, path: Path, reference: str | None = None) -> None:
    """Note a copy written outside the backups folder, in the transaction that records making it."""
    session.add(KeptCopy(kind=kind, path=str(path.resolve()), case_reference=reference))


class Copies:
    """Finding the copies of the database and of cases, and erasing a client from them."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def back_up(self, destination: Path) -> Path:
        """A consistent copy of the database at ``destination``, recorded unless it is in the backups folder."""
        made = self.ctx.db.backup_to(destination)
        if not is_backup(made):
            with self.ctx.writing() as session:
                record_copy(session, BACKUP, made)
        return made

    def database_copies(self) -> list[Path]:
        """Every copy of the database file this program knows of and that is still there."""
        path = self.ctx.db.path
        if path is None:
            return []
        found = [*backups_dir(path).glob("*.db"), *(p for p in path.parent.iterdir() if COPY_BESIDE.search(p.name))]
        found += [Path(p) for p in self._recorded(BACKUP)]
        unique = {copy.resolve(): copy for copy in found if copy.is_file()}
        return sorted(unique.values())

    def exports(self, reference: str | None = None) -> list[tuple[Path, str]]:
        """Exports still on disk (subject-access and evidence folders, evidence packs), with their case (of ``reference`` only, if given)."""
        with self.ctx.reading() as session:
            query = select(col(KeptCopy.path), col(KeptCopy.case_reference)).where(col(KeptCopy.kind) == EXPORT)
            if reference is not None:
                query = query.where(col(KeptCopy.case_reference) == reference)
            rows = session.execute(query.order_by(col(KeptCopy.id))).all()
        return [(Path(folder), ref) for folder, ref in rows if Path(folder).exists()]

    def _recorded(self, kind: str) -> list[str]:
        with self.ctx.reading() as session:
            return list(session.scalars(select(col(KeptCopy.path)).where(col(KeptCopy.kind) == kind)))

    def erase_everywhere(self, reference: str, detail: str) -> CopiesCleaned:
        """Erase the case ``reference`` from every database copy that holds it and remove its exports."""
        databases, problems = 0, []
        for copy in self.database_copies():
            rewritten, problem = self._erase_in(copy, reference, detail)
            databases += rewritten
            problems += [problem] if problem else []
        exports = 0
        for folder, _ref in self.exports(reference):
            left = shred_folder(folder)
            problems += left
            exports += not left
        remaining = [str(folder) for folder, _ref in self.exports(reference)]
        with self.ctx.writing() as session:  # one by one, so the audit trail records each
            for kept in session.scalars(
                select(KeptCopy).where(col(KeptCopy.case_reference) == reference, col(KeptCopy.path).not_in(remaining))
            ):
                session.delete(kept)
        return CopiesCleaned(databases, exports, tuple(problems))

    def _erase_in(self, copy: Path, reference: str, detail: str) -> tuple[bool, str | None]:
        """Re-write ``copy`` without the case: whether it was, and else a sentence on why it still may hold it."""
        try:
            revision, held = references_in(copy, self.ctx.db.key)
        except DatabaseError:
            return False, f"{copy} could not be checked for {reference} ({UNREADABLE}): {WHAT_TO_DO}"
        if reference not in held:
            return False, None
        if revision != HEAD_REVISION:
            return (
                False,
                f"{copy} still holds {reference} (it was made by an older version and is not re-written): {WHAT_TO_DO}",
            )
        try:
            with rewriting(copy, self.ctx.db.key) as working:
                database = open_database(resolve_target(str(working)), migrate=False, key=self.ctx.db.key)
                try:
                    with database.session(actor=self.ctx.user) as session:
                        case_id = session.scalar(select(col(Case.id)).where(col(Case.reference) == reference))
                        assert case_id is not None  # references_in found it
                        erase_rows(session, case_id, reference, detail)
                finally:
                    database.dispose()
        except DatabaseError as exc:
            return False, f"{copy} still holds {reference} ({str(exc).rstrip('.')}): {WHAT_TO_DO}"
        return True, None

    def still_holding(self) -> list[str]:
        """The copies that still hold an erased client, one sentence each (for the retention report)."""
        with self.ctx.reading() as session:
            erased = set(
                session.scalars(select(col(AuditEntry.case_reference)).where(col(AuditEntry.action) == "erase"))
            )
        if not erased:
            return []
        found = []
        for copy in self.database_copies():
            try:
                _revision, held = references_in(copy, self.ctx.db.key)
            except DatabaseError:
                found.append(f"{copy} could not be checked ({UNREADABLE}) and may hold an erased client: {WHAT_TO_DO}")
                continue
            found += [f"{copy} still holds erased {ref}: {WHAT_TO_DO}" for ref in sorted(held & erased)]
        found += [f"{folder} still holds erased {ref}: {WHAT_TO_DO}" for folder, ref in self.exports() if ref in erased]
        return found
