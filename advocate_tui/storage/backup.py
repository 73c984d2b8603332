"""Backups of a SQLite database: consistent online copies, the daily rotation, checks, and restoring.

Copies are made with SQLite's online backup API in one step, so they are consistent even while the
application or the command line writes; an encrypted database is copied encrypted with the same key
and salt, so a backup opens with the passphrase the database had when it was made. Backups live in
``<name>-backups/`` beside the database: one a day on the first open of the day (the newest 7 kept),
one a week (the newest 4 kept), and those made by ``advocate backup``. On PostgreSQL the server's own
tools (``pg_dump``) apply instead.
"""

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from advocate_tui.rules import clock
from advocate_tui.rules.errors import DatabaseError
from advocate_tui.storage.audit_head import carry
from advocate_tui.storage.crypto import DatabaseKey, check_key, connect, driver_errors, restrict

DAILY_KEPT = 7
WEEKLY_KEPT = 4
BUSY_TIMEOUT_S = 5.0
#: The byte of a WAL database's ``-shm`` file on which every process that has it open holds a shared lock
#: (SQLite's "dead man switch", see os_unix.c).
SHM_DMS_BYTE = 128
ON_POSTGRESQL = (
    "On PostgreSQL the server's own tools apply: back up with `pg_dump`, restore with `pg_restore` "
    "(or psql), and check with the server's monitoring; advocate does not copy a server's data."
)


def backups_dir(path: Path) -> Path:
    return path.with_name(f"{path.stem}-backups")


def copy_database(source: Path, destination: Path, key: DatabaseKey | None) -> Path:
    """Copy ``source`` into a new file at ``destination`` (written aside, then renamed into place)."""
    destination.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    partial = destination.with_name(f".{destination.name}.part")
    partial.unlink(missing_ok=True)
    reader = connect(source, key, timeout=BUSY_TIMEOUT_S)
    try:
        writer = connect(partial, key)
        try:
            reader.backup(writer)  # all pages in one step: one consistent snapshot
        finally:
            writer.close()
    except driver_errors() as exc:
        partial.unlink(missing_ok=True)
        raise DatabaseError(f"Could not copy {source} ({exc}): nothing was written.") from None
    finally:
        reader.close()
    restrict(partial)
    os.replace(partial, destination)
    carry(source, destination, key)  # the copy's audit head: see advocate_tui.storage.audit_head
    return destination


def daily_backup(path: Path, key: DatabaseKey | None) -> Path | None:
    """On the first open of the day, copy the database into its backups folder and drop old copies."""
    folder = backups_dir(path)
    today = clock.today()
    daily = folder / f"daily-{today.isoformat()}.db"
    if daily.exists():
        return None
    copy_database(path, daily, key)
    weekly = folder / f"weekly-{today:%G-W%V}.db"
    if not weekly.exists():
        shutil.copyfile(daily, weekly)
        restrict(weekly)
    for prefix, kept in (("daily-", DAILY_KEPT), ("weekly-", WEEKLY_KEPT)):
        for old in sorted(folder.glob(f"{prefix}*.db"), reverse=True)[kept:]:
            old.unlink()
    return daily


def backup_name(path: Path) -> str:
    return f"{path.stem}-{clock.now():%Y%m%d-%H%M%S}.db"


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
    incoming = path.with_name(f".{path.name}.restoring")
    aside = None
    try:
        copy_database(backup, incoming, key)
        checked = check_file(incoming, key)
        if checked.problems or checked.revision is None:
            problem = checked.problems[0] if checked.problems else "no schema"
            raise DatabaseError(f"The copy of {backup} did not check out ({problem}): nothing was changed.")
        if path.exists():
            aside = keep_aside(path, "before-restore")
            for suffix in SIDE_FILES:  # the old log must not be replayed into the restored database
                path.with_name(path.name + suffix).unlink(missing_ok=True)
        os.replace(incoming, path)
    except BaseException:
        for suffix in ("", *SIDE_FILES):
            incoming.with_name(incoming.name + suffix).unlink(missing_ok=True)
        raise
    return aside
