"""Engine, sessions and migrations for SQLite files and PostgreSQL servers.

Opening a database checks its schema revision with one query (on SQLite it also confirms WAL mode).
Only when it differs from :data:`HEAD_REVISION` is Alembic imported: an empty database is created, an
older one is copied aside (SQLite) and upgraded, and one made by a newer version of the program is refused.
"""

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlmodel import Session

from advocate_tui.rules import clock
from advocate_tui.rules.errors import DatabaseError
from advocate_tui.rules.sqlite_library import wal_reset_bug
from advocate_tui.storage import audit
from advocate_tui.storage.audit_head import AuditHead
from advocate_tui.storage.crypto import DatabaseKey, FileState, driver_errors, file_state, library_version, sqlcipher

#: The newest migration this version of the program knows (kept equal to Alembic's head by a test).
HEAD_REVISION = "0019"

BUSY_TIMEOUT_MS = 5000


def default_database_path() -> Path:
    from advocate_tui.storage.config import data_dir

    return data_dir() / "advocate.db"


def resolve_target(target: str | URL | None) -> str | URL:
    """Turn ``--db`` / ``ADVOCATE_DB`` / the config / the default into a SQLAlchemy URL. A file path is
    made into a URL object, never parsed as URL text, so ``?``, ``%`` and ``#`` in a name stay in the name."""
    if isinstance(target, URL):
        return target
    if not target:
        target = os.environ.get("ADVOCATE_DB")
    if not target:
        from advocate_tui.storage.config import load_settings

        target = load_settings().database
    if not target:
        return _file_url(default_database_path())
    if "://" in target:
        return target
    return _file_url(Path(target).expanduser().resolve())


def _file_url(path: Path) -> URL:
    return URL.create("sqlite", database=str(path))


def describe_target(url: str | URL) -> str:
    """The database named for people: a file path, or the URL with any password hidden."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return "(unreadable database address)"
    if parsed.get_backend_name() == "sqlite":
        return parsed.database or "(memory)"
    return parsed.render_as_string(hide_password=True)


def _check_sqlite_file(path: Path, encrypted: bool) -> None:
    """Refuse, before connecting, paths that cannot hold our database (or not with this key, or without one)."""
    if path.is_dir():
        raise DatabaseError(f"{path} is a folder, not a database file: give the path of a file.")
    if not path.exists():
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseError(f"Cannot create the folder {path.parent} for the database ({exc.strerror}).") from None
        with suppress(OSError):  # readable by its owner only (SQLite gives its -wal and -shm files the same)
            path.touch(mode=0o600)
        return
    try:
        state = file_state(path)
    except OSError as exc:
        raise DatabaseError(f"Cannot read the database file {path} ({exc.strerror}): check its permissions.") from None
    if state is FileState.OTHER:
        raise DatabaseError(
            f"{path} is not an advocate database (it is not a SQLite file): check its path.",
            topic="not-a-database",
            path=str(path),
        )
    if state is FileState.ENCRYPTED and not encrypted:
        raise DatabaseError(
            f"{path} is encrypted: open it with its passphrase.", topic="encrypted-file", path=str(path)
        )
    if state is FileState.PLAIN and encrypted:
        raise DatabaseError(
            f"{path} is not encrypted: open it without a passphrase, or encrypt it first.",
            topic="plain-file",
            path=str(path),
        )


def _install_sqlite_pragmas(engine: Engine, key: DatabaseKey | None, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.isolation_level = None  # transactions are begun by _on_begin below
        cursor = dbapi_connection.cursor()
        if key is not None:
            cursor.execute(key.pragma())  # the raw key: no key derivation per connection
        cursor.execute(f"PRAGMA busy_timeout = {busy_timeout_ms}")
        cursor.execute("PRAGMA secure_delete = ON")  # deleted text is overwritten, not left in free pages
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        # Writers take the write lock up front, so a busy database makes them wait (busy_timeout)
        # instead of failing half way when a read transaction tries to become a write.
        immediate = connection.get_execution_options().get("sqlite_immediate", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def explain(exc: BaseException, where: str, waited_ms: int | None = None) -> str:
    """One sentence for a database failure (after waiting ``waited_ms`` for a lock), never showing a password."""
    message = str(getattr(exc, "orig", exc)).lower()
    if "locked" in message or "busy" in message:
        waited = (waited_ms if waited_ms is not None else BUSY_TIMEOUT_MS) // 1000
        return f"The database {where} is busy (locked by another program) and stayed so for {waited} s: try again in a moment."
    if "not a database" in message or "malformed" in message:
        return f"{where} is not a readable advocate database (damaged or not SQLite): restore it from a backup."
    if "readonly" in message or "read-only" in message:
        return f"The database {where} is read-only: check the file's permissions."
    if "unable to open" in message:
        return f"Cannot open the database {where}: check that the folder exists and you may write to it."
    if "connection" in message or "could not" in message or "password" in message:
        return f"Cannot connect to the database server {where}: check that it is running and the address is right."
    return f"The database {where} reported a problem ({exc.__class__.__name__}); nothing was changed."


class Database:
    """One database: its engine, sessions and schema state."""

    def __init__(self, url: str | URL, key: DatabaseKey | None = None, *, busy_timeout_ms: int | None = None) -> None:
        """``key`` opens (or creates) an encrypted SQLite file; without one the file is plain. A write waits
        up to ``busy_timeout_ms`` (default :data:`BUSY_TIMEOUT_MS`) for another program's lock."""
        self.url = url
        self.key = key
        self.busy_timeout_ms = busy_timeout_ms if busy_timeout_ms is not None else BUSY_TIMEOUT_MS
        self.where = describe_target(url)
        try:
            parsed = make_url(url)
        except ArgumentError:
            raise DatabaseError(f"'{url}' is neither a file path nor a database URL.") from None
        self.is_sqlite = parsed.get_backend_name() == "sqlite"
        self.path: Path | None = Path(parsed.database) if self.is_sqlite and parsed.database else None
        if self.is_sqlite:
            if self.path is None:
                raise DatabaseError("An in-memory SQLite database cannot be shared between threads: give a file path.")
            _check_sqlite_file(self.path, encrypted=key is not None)
            self.engine = create_engine(  # SQLCipher's bundled SQLite, for plain files too (see use_wal)
                url,
                module=sqlcipher(),
                connect_args={"check_same_thread": False, "timeout": self.busy_timeout_ms / 1000},
            )
            _install_sqlite_pragmas(self.engine, key, self.busy_timeout_ms)
        else:
            try:
                self.engine = create_engine(url, pool_pre_ping=True)
            except (ArgumentError, ImportError) as exc:
                raise DatabaseError(f"Cannot use the database address {self.where}: {exc}.") from None
        self._writer = self.engine.execution_options(sqlite_immediate=True)
        #: The audit chain's head kept outside the file (SQLite only; see advocate_tui.storage.audit_head).
        self.head = AuditHead(self.path, key) if self.path is not None else None

    # -- sessions -----------------------------------------------------------------

    @contextmanager
    def session(self, actor: str | None = None) -> Iterator[Session]:
        """A read-write transaction, committed on success and rolled back on any error; the audit trail
        names ``actor`` for its changes, and the chain's new end is noted in its head file around the commit.
        A failure of the database is raised as :class:`DatabaseError`."""
        with self.translated_errors(), Session(self._writer, expire_on_commit=False) as session:
            audit.watch(session, actor)
            try:
                yield session
                session.flush()
                span = audit.added(session) if self.head is not None else None
                if span is not None and self.head is not None:
                    self.head.prepare(span, accept=audit.accepting(session))
                session.commit()
            except BaseException:
                session.rollback()
                raise
            if span is not None and self.head is not None:
                self.head.settle(span)

    def head_problem(self) -> str | None:
        """Why the audit chain is not the one its head file vouches for, in a sentence (None: it is, or
        there is no head file to check against: a PostgreSQL server)."""
        if self.head is None:
            return None
        head = self.head
        with self.reader() as session:
            end = audit.end_of_chain(session.connection())
            return head.problem(end, lambda number: audit.hash_of_entry(session, number))

    @contextmanager
    def reader(self) -> Iterator[Session]:
        """A read-only unit of work; a failure of the database is raised as :class:`DatabaseError`."""
        with self.translated_errors(), Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def translated_errors(self) -> Iterator[None]:
        """Turn the database's own errors (busy, damaged, unreachable) into one sentence for the person:
        above storage, nothing needs to know SQLAlchemy's or the driver's exceptions."""
        try:
            yield
        except _database_errors() as exc:
            raise DatabaseError(explain(exc, self.where, self.busy_timeout_ms)) from None

    def dispose(self) -> None:
        self.engine.dispose()

    # -- schema -------------------------------------------------------------------

    def current_revision(self) -> str | None:
        """The schema revision stamped in the database, or ``None`` for an empty one."""
        with self.translated_errors(), self.engine.connect() as connection:
            if not inspect(connection).has_table("alembic_version"):
                names = inspect(connection).get_table_names()
                if names:
                    raise DatabaseError(
                        f"{self.where} holds other tables ({', '.join(sorted(names)[:3])}…) and is not an advocate database: choose another file."
                    )
                return None
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()

    def use_wal(self) -> None:
        """Put a SQLite file in WAL mode, a lasting setting of the file: done only once it is known to be ours
        (or empty), so a file we refuse is left as it was. A SQLite library with the WAL-reset bug (not the one
        shipped, but should one be used) gets the rollback journal instead, safe for several processes."""
        mode = "DELETE" if wal_reset_bug(library_version()) else "WAL"
        with self.translated_errors(), self.engine.connect() as connection:
            raw = connection.connection.dbapi_connection
            assert raw is not None  # None only once the connection is closed
            raw.execute(f"PRAGMA journal_mode = {mode}")

    def ensure_schema(self) -> None:
        """Create or upgrade the schema so it is at :data:`HEAD_REVISION`. A file made by a newer program is
        refused before anything about it changes (its journal mode included)."""
        revision = self.current_revision()
        if revision == HEAD_REVISION:
            if self.is_sqlite:
                self.use_wal()
            return
        from advocate_tui.storage import migrations

        if revision is not None and not migrations.is_known(revision):
            raise DatabaseError(
                f"{self.where} was made by a newer version of advocate_tui (schema {revision}): upgrade advocate_tui to open it."
            )
        if self.is_sqlite:
            self.use_wal()
        if revision is not None and self.path is not None:
            self.backup_to(self.path.with_name(f"{self.path.name}.pre-{HEAD_REVISION}-{clock.now():%Y%m%d-%H%M%S}.bak"))
        migrations.upgrade(self)

    def compact(self) -> bool:
        """Rebuild the database so its free pages and write-ahead log no longer hold removed text. Return False
        when another program's read transaction kept the old pages in a SQLite file: the next open of the
        database finishes the job (see :meth:`finish_compaction`)."""
        if self.path is None:
            with (
                self.translated_errors(),
                self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection,
            ):
                connection.exec_driver_sql("VACUUM")
            return True
        with self.translated_errors(), self.engine.connect() as connection:
            raw = connection.connection.dbapi_connection
            assert raw is not None  # None only once the connection is closed
            raw.execute("VACUUM")
            busy = raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        pending = self.path.with_name(f".{self.path.name}.compact-pending")
        if busy:
            pending.touch(mode=0o600)
            return False
        pending.unlink(missing_ok=True)
        return True

    def finish_compaction(self) -> None:
        """Finish a compaction a reader held up last time (see :meth:`compact`)."""
        if self.path is not None and self.path.with_name(f".{self.path.name}.compact-pending").exists():
            self.compact()

    def backup_to(self, destination: Path) -> Path:
        """A consistent copy of a SQLite database (the online backup API), encrypted like the database."""
        from advocate_tui.storage.backup import copy_database

        assert self.path is not None
        return copy_database(self.path, destination, self.key)


def _database_errors() -> tuple[type[Exception], ...]:
    """SQLAlchemy's exceptions and both drivers' (looked up only once an error is being handled)."""
    return (SQLAlchemyError, *driver_errors())


def open_database(
    target: str | URL | None = None,
    *,
    migrate: bool = True,
    key: DatabaseKey | None = None,
    busy_timeout_ms: int | None = None,
) -> Database:
    """Open (and by default create or upgrade) the database named by ``target``; ``key`` for an encrypted one
    (see :mod:`advocate_tui.storage.passphrase` for where keys come from)."""
    database = Database(resolve_target(target), key, busy_timeout_ms=busy_timeout_ms)
    if migrate:
        try:
            database.ensure_schema()
        except BaseException as exc:
            database.dispose()  # leaves no connection (nor -wal file) behind a refusal
            if isinstance(exc, _database_errors()):
                raise DatabaseError(explain(exc, database.where, database.busy_timeout_ms)) from None
            raise
    return database
