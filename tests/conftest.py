"""Shared fixtures: an isolated home, a fixed clock, and databases on SQLite and PostgreSQL."""

import hashlib
import os
import re
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from typer.testing import CliRunner, Result

from advocate_tui.cli.main import app
from advocate_tui.db import Database, open_database
from advocate_tui.rules import clock
from advocate_tui.services.casework import Casework
from advocate_tui.storage.config import load_settings

#: The moment every test runs at (local time, England): Monday 23 November 2026, 10:00.
FIXED_NOW = datetime(2026, 11, 23, 10, 0)
PG_ENV = "ADVOCATE_TEST_PG_URL"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Config, data and documents under tmp_path; no database or config chosen by the environment."""
    home = tmp_path / "home"
    for variable, folder in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_DOCUMENTS_DIR", "documents"),
    ):
        (home / folder).mkdir(parents=True)
        monkeypatch.setenv(variable, str(home / folder))
    for variable in ("ADVOCATE_DB", "ADVOCATE_CONFIG", "ADVOCATE_PASSPHRASE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("ADVOCATE_NO_ENCRYPT", "1")  # new databases are plain unless a test asks for encryption
    monkeypatch.setenv("USER", "test-advocate")
    monkeypatch.setenv("LOGNAME", "test-advocate")
    load_settings.cache_clear()
    yield home
    load_settings.cache_clear()


@pytest.fixture(autouse=True)
def fixed_clock() -> Iterator[datetime]:
    clock.fix(FIXED_NOW)
    yield FIXED_NOW
    clock.fix(None)


def _pg_test_database(admin_url: str, worker: str) -> str:
    """A database of our own on the test server (one per checkout and xdist worker, so test runs of two
    checkouts on one server do not empty each other's), emptied for each test."""
    checkout = hashlib.sha256(str(Path(__file__).resolve().parent).encode()).hexdigest()[:8]
    name = f"advocate_test_{checkout}_" + re.sub(r"\W", "_", worker)
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).scalar()
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database: a SQLite file, and the PostgreSQL server when one is configured."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'advocate.db'}"
    admin_url = os.environ.get(PG_ENV)
    if not admin_url:
        pytest.skip(f"{PG_ENV} is not set: start PostgreSQL and set it (as .ci/run does) to run the PostgreSQL tests")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    return _pg_test_database(admin_url, worker)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'advocate.db'}"


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    database = open_database(database_url)
    yield database
    database.dispose()


@pytest.fixture
def sqlite_db(sqlite_url: str) -> Iterator[Database]:
    database = open_database(sqlite_url)
    yield database
    database.dispose()


@pytest.fixture
def casework(db: Database) -> Casework:
    return Casework(db, user="Test Advocate", areas=("City", "County"))


@pytest.fixture
def sqlite_casework(sqlite_db: Database) -> Casework:
    return Casework(sqlite_db, user="Test Advocate", areas=("City", "County"))


#: Runs ``advocate ARGS…`` in-process on one database and returns what it printed and its exit code.
Advocate = Callable[..., Result]


def _advocate_on(url: str) -> Advocate:
    runner = CliRunner()

    def run(*args: str, input: str | None = None) -> Result:
        return runner.invoke(app, ["--db", url, *args], input=input, catch_exceptions=False, prog_name="advocate")

    return run


@pytest.fixture
def advocate(database_url: str) -> Advocate:
    """The ``advocate`` command on the SQLite file and, when configured, the PostgreSQL server; the database
    is there already, as the advocate's own is (only commands that start one make one where there is none)."""
    open_database(database_url).dispose()
    return _advocate_on(database_url)


@pytest.fixture
def sqlite_advocate(sqlite_url: str) -> Advocate:
    """The ``advocate`` command on a SQLite file only (for file-level behaviour), which is there already."""
    open_database(sqlite_url).dispose()
    return _advocate_on(sqlite_url)
