"""Backups of a SQLite database: consistent online copies, the daily rotation, checks, and restoring.

Copies are made with SQLite's online backup API in one step, so they are consistent even while the
application or the command line writes; an encrypted database is copied encrypted with the same key
and salt, so a backup opens with the passphrase the database had when it was made. Backups live in
``<name>-backups/`` beside the database: one a day on the first open of the day (the newest 7 kept),
one a week (the newest 4 kept), and those made by ``advocate backup``. On PostgreSQL the server's own
tools (``pg_dump``) apply instead.
"""

import os
import re
import secrets
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout

from advocate_tui.rules import clock
from advocate_tui.rules.errors import DatabaseError
from advocate_tui.storage.audit_head import carry, forget
from advocate_tui.storage.crypto import DatabaseKey, check_key, connect, driver_errors, restrict

DAILY_KEPT = 7
WEEKLY_KEPT = 4
BUSY_TIMEOUT_S = 5.0
BACKUPS_SUFFIX = "-backups"
#: The ending of a copy being written, and of a restore's incoming copy (see :func:`clean_partials`).
PARTIAL = ".part"
RESTORING = ".restoring"
#: SQLite's journal of a copy being written, beside it.
COPY_SIDE_FILES = ("-journal", "-wal", "-shm")
STALE_AFTER_S = 3600
#: The names of the copies kept beside a database: ``NAME.pre-0006-20261130-101010.bak`` (before a migration
#: or encryption) and ``NAME.before-restore-20261130-101010``.
COPY_BESIDE = re.compile(r"\.(pre-[\w-]+-\d{8}-\d{6}\.bak|before-restore-\d{8}-\d{6})$")
#: Held while the daily copy is made, so starters running at once make it once.
ROTATION_LOCK = ".rotation.lock"
#: The byte of a WAL database's ``-shm`` file on which every process that has it open holds a shared lock
#: (SQLite's "dead man switch", see os_unix.c).
SHM_DMS_BYTE = 128
ON_POSTGRESQL = (
    "On PostgreSQL the server's own tools apply: back up with `pg_dump`, restore with `pg_restore` "
    "(or psql), and check with the server's monitoring; advocate does not copy a server's data."
)


def backups_dir(path: Path) -> Path:
    return path.with_name(f"{path.stem}{BACKUPS_SUFFIX}")


def copy_database(source: Path, destination: Path, key: DatabaseKey | None) -> Path:
    """Copy ``source`` into a new file at ``destination``: written under a name of its own beside it (so
    copies made at once never share a file), checked, and only then renamed into place."""
    destination.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{destination.name}.", suffix=PARTIAL, dir=destination.parent)
    os.close(handle)  # an empty file, readable by its owner only: SQLite makes a new database of it
    partial = Path(name)
    try:
        reader = connect(source, key, timeout=BUSY_TIMEOUT_S)
        try:
            writer = connect(partial, key)
            try:
                reader.backup(writer)  # all pages in one step: one consistent snapshot
            finally:
                writer.close()
        finally:
            reader.close()
        _into_place(partial, destination, key, f"The copy of {source} did not check out ({{}}): it was not kept.")
    except driver_errors() as exc:
        raise DatabaseError(f"Could not copy {source} ({exc}): nothing was written.") from None
    finally:
        _remove_partial(partial)
    carry(source, destination, key)  # the copy's audit head: see advocate_tui.storage.audit_head
    return destination


def _into_place(candidate: Path, target: Path, key: DatabaseKey | None, refusal: str) -> None:
    """Rename ``candidate`` to ``target`` once it checks out; else refuse with ``refusal`` (``{}``: the problem)."""
    checked = check_file(candidate, key)
    if checked.problems:
        raise DatabaseError(refusal.format(checked.problems[0]))
    os.replace(candidate, target)


def _remove_partial(partial: Path) -> None:
    for suffix in ("", *COPY_SIDE_FILES):
        partial.with_name(partial.name + suffix).unlink(missing_ok=True)


def is_backup(path: Path) -> bool:
    """Whether ``path`` is a copy this program made (daily, weekly, manual, pre-migration, before-restore)."""
    return path.parent.name.endswith(BACKUPS_SUFFIX) or COPY_BESIDE.search(path.name) is not None


def clean_partials(folder: Path) -> None:
    """Remove the partial copies in ``folder`` that a stopped command left (untouched for an hour): they
    hold whole databases (in plain text, for a plain one) that nothing would ever use or delete."""
    cutoff = time.time() - STALE_AFTER_S
    for candidate in folder.glob(".*"):
        if not (PARTIAL in candidate.name or candidate.name.endswith(RESTORING)):
            continue
        with suppress(OSError):  # gone already, or not ours to remove: the next start tries again
            if candidate.is_file() and candidate.stat().st_mtime < cutoff:
                candidate.unlink()


def daily_backup(path: Path, key: DatabaseKey | None) -> Path | None:
    """On the first open of the day, copy the database into its backups folder (and the week's copy, made
    again should it not check out), drop old copies; return the new daily copy, or ``None`` when there was
    nothing to do. One starter does this at a time; the others, finding it under way, carry on without it."""
    if is_backup(path):
        return None
    folder = backups_dir(path)
    today = clock.today()
    daily = folder / f"daily-{today.isoformat()}.db"
    if daily.exists():
        return None
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        with FileLock(folder / ROTATION_LOCK, blocking=False):
            if daily.exists():  # made by another starter between our look and the lock
                return None
            clean_partials(folder)
            clean_partials(path.parent)
            copy_database(path, daily, key)
            weekly = folder / f"weekly-{today:%G-W%V}.db"
            if not weekly.exists() or _fails_check(weekly, key):
                copy_database(daily, weekly, key)
            for prefix, kept in (("daily-", DAILY_KEPT), ("weekly-", WEEKLY_KEPT)):
                for old in sorted(folder.glob(f"{prefix}*.db"), reverse=True)[kept:]:
                    old.unlink()
                    forget(old)
    except Timeout:
        return None
    return daily


def _fails_check(path: Path, key: DatabaseKey | None) -> bool:
    try:
        return bool(check_file(path, key).problems)
    except DatabaseError:
        return True


def backup_name(path: Path) -> str:
    return f"{path.stem}-{clock.now():%Y%m%d-%H%M%S}.db"


def discard_new(path: Path) -> None:
    """Remove a database this very command made and then refused to use (nothing of the person's is in it):
    the file, its side files, the day's copies of it and its audit head."""
    for suffix in ("", *SIDE_FILES, "-journal"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    shutil.rmtree(backups_dir(path), ignore_errors=True)
    forget(path)


# -- checking a file ------------------------------------------------------------------------


@dataclass(frozen=True)
class Checked:
    """A database file that passed :func:`check_file`."""

    revision: str | None
    problems: tuple[str, ...]


def check_file(path: Path, key: DatabaseKey | None) -> Checked:
    """Integrity and foreign-key checks, and the schema revision, of the database at ``path``."""
    if key is not None:
        check_key(path, key)
    connection = connect(path, key, timeout=BUSY_TIMEOUT_S)
    try:
        integrity = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        broken = connection.execute("PRAGMA foreign_key_check").fetchall()
        has_version = connection.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).fetchone()[0]
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0] if has_version else None
    except driver_errors():
        raise DatabaseError(
            f"{path} is damaged or is not a database: it cannot be used, and nothing was changed."
        ) from None
    finally:
        connection.close()
    problems = [] if integrity == ["ok"] else [f"integrity: {line}" for line in integrity[:5]]
    problems += [
        f"a row of {table} (row {row}) refers to a missing row of {parent}" for table, row, parent, _ in broken[:5]
    ]
    return Checked(revision, tuple(problems))


def check_restorable(path: Path, key: DatabaseKey | None) -> str:
    """Refuse a backup that is damaged, not ours, or from a newer program; return its schema revision."""
    from advocate_tui.storage import migrations

    if not path.is_file():
        raise DatabaseError(f"There is no file {path}.")
    checked = check_file(path, key)
    if checked.problems:
        raise DatabaseError(f"{path} is damaged ({checked.problems[0]}): it was not restored, nothing was changed.")
    if checked.revision is None:
        raise DatabaseError(f"{path} is not an advocate database: it was not restored, nothing was changed.")
    if not migrations.is_known(checked.revision):
        raise DatabaseError(
            f"{path} was made by a newer version of advocate_tui (schema {checked.revision}): "
            "upgrade advocate_tui first; nothing was changed."
        )
    return checked.revision


# -- replacing a database -------------------------------------------------------------------


def in_use_elsewhere(path: Path) -> bool:
    """Whether another process has the (WAL-mode) database open, judged from the lock it holds on ``-shm``.

    Only meaningful while this process has no connection to it (POSIX locks are per process)."""
    try:
        import fcntl
    except ImportError:  # Windows: no way to tell; the caller's warning to close the application stands
        return False
    shm = path.with_name(f"{path.name}-shm")
    try:
        handle = shm.open("r+b")
    except FileNotFoundError:
        return False
    with handle:
        try:
            fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, SHM_DMS_BYTE)
        except OSError:
            return True
        fcntl.lockf(handle, fcntl.LOCK_UN, 1, SHM_DMS_BYTE)
    return False


def refuse_if_in_use(path: Path, doing: str) -> None:
    if in_use_elsewhere(path):
        raise DatabaseError(
            f"{path} is open in another program (the application, or a command still running): "
            f"close it, then {doing} again; nothing was changed."
        )


#: The files of a SQLite database in WAL mode: the database itself, its write-ahead log and shared memory.
SIDE_FILES = ("-wal", "-shm")


def keep_aside(path: Path, why: str) -> Path:
    """Copy the database and its ``-wal`` (together, so the copy is whole) to a dated name beside it.

    Byte for byte: no key is needed, and no one else has the database open (see :func:`refuse_if_in_use`)."""
    aside = path.with_name(f"{path.name}.{why}-{clock.now():%Y%m%d-%H%M%S}")
    for suffix in ("", "-wal"):
        part = path.with_name(path.name + suffix)
        if part.exists():
            shutil.copyfile(part, aside.with_name(aside.name + suffix))
            restrict(aside.with_name(aside.name + suffix))
    return aside


def refuse_onto_itself(path: Path, backup: Path) -> None:
    """Restoring the database in use onto itself would leave nothing to restore from."""
    if path.exists() and backup.exists() and os.path.samefile(path, backup):
        raise DatabaseError(
            f"{path} is the database itself: restore a backup of it, not the file in use; nothing was changed."
        )


def restore(path: Path, backup: Path, key: DatabaseKey | None) -> Path | None:
    """Put a checked ``backup`` in place of the database at ``path``; return where the current one was kept.

    At every instant ``path`` holds a whole database: the backup is copied beside it and checked, the
    current database is copied aside, and only then does the checked copy take its place, in one rename.
    Should anything fail before that rename, the database is as it was and the copy is removed."""
    refuse_onto_itself(path, backup)
    refuse_if_in_use(path, "restore")
    incoming = path.with_name(f".{path.name}{RESTORING}")
    aside = None
    try:
        copy_database(backup, incoming, key)  # checked before it takes the incoming name
        if path.exists():
            aside = keep_aside(path, "before-restore")
            for suffix in SIDE_FILES:  # the old log must not be replayed into the restored database
                path.with_name(path.name + suffix).unlink(missing_ok=True)
        os.replace(incoming, path)
        carry(incoming, path, key)  # the restored trail's head is the backup's, where that vouched for it
    except BaseException:
        for suffix in ("", *SIDE_FILES):
            incoming.with_name(incoming.name + suffix).unlink(missing_ok=True)
        raise
    finally:
        forget(incoming)
    return aside


# -- re-writing a copy ----------------------------------------------------------------------------


def working_copy(path: Path, key: DatabaseKey | None) -> Path:
    """A checked copy of the database file at ``path``, beside it under a name of its own, to change and then
    put in its place with :func:`put_back`."""
    return copy_database(path, path.with_name(f".{path.name}.{secrets.token_hex(4)}{PARTIAL}"), key)


@contextmanager
def rewriting(path: Path, key: DatabaseKey | None) -> Iterator[Path]:
    """A working copy of the database file at ``path`` to change; once the block ends without an error, it takes
    the place of ``path`` (see :func:`put_back`). Whatever happens, ``path`` holds a whole database."""
    working = working_copy(path, key)
    try:
        yield working
        put_back(working, path, key)
    finally:
        _remove_partial(working)


def put_back(working: Path, path: Path, key: DatabaseKey | None) -> None:
    """Compact the changed ``working`` copy (so nothing removed lingers in free pages), check it, and put it in
    place of ``path`` in one rename; on any failure ``path`` is as it was and the working copy is removed."""
    try:
        connection = connect(working, key, isolation_level=None)
        try:
            connection.execute("VACUUM")
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            connection.close()
        _into_place(working, path, key, f"The re-written copy of {path} did not check out ({{}}).")
    except driver_errors() as exc:
        raise DatabaseError(f"Could not re-write {path} ({exc}): it is as it was.") from None
    finally:
        _remove_partial(working)
    carry(working, path, key)  # the copy's head follows its trail, which now records the change
    forget(working)


def references_in(path: Path, key: DatabaseKey | None) -> tuple[str | None, frozenset[str]]:
    """The schema revision of the database copy at ``path`` and the case references it holds."""
    if key is not None:
        check_key(path, key)
    connection = connect(path, key, timeout=BUSY_TIMEOUT_S)
    try:
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        references = frozenset(row[0] for row in connection.execute("SELECT reference FROM case_file"))
    except driver_errors():
        raise DatabaseError(f"{path} is damaged or is not an advocate database.") from None
    finally:
        connection.close()
    return revision, references
