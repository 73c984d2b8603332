"""Alembic migrations, run from code when a database is opened (see :mod:`advocate_tui.db`)."""

from pathlib import Path
from typing import TYPE_CHECKING

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

if TYPE_CHECKING:
    from advocate_tui.db import Database

HERE = Path(__file__).parent


def alembic_config(connection: object | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(HERE))
    config.attributes["connection"] = connection
    return config


def script_directory() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head() -> str:
    revision = script_directory().get_current_head()
    assert revision is not None  # the package ships its migrations
    return revision


def is_known(revision: str) -> bool:
    return revision in {script.revision for script in script_directory().walk_revisions()}


def upgrade(database: "Database", revision: str = "head") -> None:
    """Upgrade in one transaction; on SQLite, with foreign keys off while tables are rebuilt.

    The pragma is set on the driver connection before SQLAlchemy begins a transaction, because
    SQLite ignores ``PRAGMA foreign_keys`` inside one. The transaction is begun here, not by Alembic,
    which on SQLite would otherwise commit after each revision; references are checked before the commit.
    """
    with database.engine.connect() as connection:
        raw = connection.connection.dbapi_connection if database.is_sqlite else None
        if raw is not None:
            raw.execute("PRAGMA foreign_keys = OFF")
        try:
            with connection.begin():
                command.upgrade(alembic_config(connection), revision)
                if raw is not None:
                    broken = raw.execute("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"the migration left {len(broken)} broken references")
        finally:
            if raw is not None:
                raw.execute("PRAGMA foreign_keys = ON")
