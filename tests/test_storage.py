"""Where the database lives, how SQLite is set up, and what every table carries."""

from pathlib import Path

import pytest
from conftest import Advocate
from protection import same_library
from sqlalchemy import text
from sqlmodel import SQLModel
from test_cli import new_case
from typer.testing import CliRunner

from advocate_tui.cli.main import app
from advocate_tui.db import Database, open_database
from advocate_tui.rules import clock
from advocate_tui.services.casework import Casework
from advocate_tui.storage.config import load_settings

#: Records people edit, which carry a version for optimistic concurrency.
EDITABLE_TABLES = {
    "case_file",
    "client",
    "perpetrator",
    "incident",
    "plan_item",
    "court_event",
    "protective_order",
    "agency_contact",
}
#: The casework data model's tables.
CASEWORK_TABLES = EDITABLE_TABLES | {"note", "incident_behaviour"}


@pytest.mark.parametrize("name", sorted(CASEWORK_TABLES))
def test_every_casework_table_has_created_and_updated_times(name: str) -> None:
    table = SQLModel.metadata.tables[name]
    assert not table.columns["created_at"].nullable
    assert not table.columns["updated_at"].nullable


@pytest.mark.parametrize("name", sorted(EDITABLE_TABLES))
def test_editable_records_carry_a_version(name: str) -> None:
    assert not SQLModel.metadata.tables[name].columns["version"].nullable


def test_sqlite_settings(sqlite_db: Database) -> None:
    with sqlite_db.engine.connect() as connection:
        settings = {
            name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "foreign_keys", "synchronous", "busy_timeout")
        }
    assert settings == {"journal_mode": "wal", "foreign_keys": 1, "synchronous": 2, "busy_timeout": 5000}


def test_removing_a_case_removes_everything_on_it(casework: Casework, db: Database) -> None:
    reference = casework.cases.create_case("Jo Example", relationship="ex-partner").reference
    casework.log.add_note(reference, "Called")
    casework.log.add_incident(reference, "Followed", clock.now(), ["following"])
    with db.engine.begin() as connection:
        connection.execute(text("DELETE FROM case_file"))
        left = {
            name: connection.execute(text(f"SELECT count(*) FROM {name}")).scalar()
            for name in ("client", "perpetrator", "note", "incident", "incident_behaviour", "plan_item")
        }
    assert set(left.values()) == {0}


def test_the_command_line_writes_while_the_application_reads(sqlite_advocate: Advocate, sqlite_url: str) -> None:
    reference = new_case(sqlite_advocate, "Jo Example")
    application = same_library(sqlite_url.removeprefix("sqlite:///"), isolation_level=None)
    application.execute("BEGIN")
    assert application.execute("SELECT count(*) FROM note").fetchone() == (0,)
    try:
        result = sqlite_advocate("note", reference, "Written while the application had the file open")
        assert result.exit_code == 0, result.stderr
        assert application.execute("SELECT count(*) FROM note").fetchone() == (0,)  # its snapshot holds
    finally:
        application.execute("COMMIT")
    assert application.execute("SELECT count(*) FROM note").fetchone() == (1,)
    application.close()


# -- choosing the database ---------------------------------------------------------------------


def run(*args: str, env: dict[str, str] | None = None) -> str:
    result = CliRunner().invoke(app, list(args), env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_the_default_database_is_created_on_first_use_in_the_data_folder(isolated_home: Path) -> None:
    path = isolated_home / "data" / "advocate-tui" / "advocate.db"
    assert not path.exists()
    assert run("case", "new", "-q", "Jo Example") == "STK-2026-0001\n"
    assert path.is_file()
    assert run("db", "current") == f"{path}: schema {open_database().current_revision()}; up to date.\n"
    # Readable by the advocate only, and so are SQLite's files beside it and the folder made for it.
    modes = {p.name: oct(p.stat().st_mode & 0o777) for p in path.parent.glob("advocate.db*")}
    assert "advocate.db" in modes and set(modes.values()) == {"0o600"}, modes
    assert oct(path.parent.stat().st_mode & 0o777) == "0o700"


def test_advocate_db_names_the_database(tmp_path: Path) -> None:
    path = tmp_path / "team" / "cases.db"
    run("case", "new", "Jo Example", env={"ADVOCATE_DB": str(path)})
    assert path.is_file()
    assert "STK-2026-0001" in run("--db", str(path), "case", "list")


@pytest.mark.parametrize("command", [("case", "list"), ("note", "STK-2026-0001", "Called"), ("alerts",)])
def test_a_mistyped_database_folder_is_refused_and_nothing_is_made(tmp_path: Path, command: tuple[str, ...]) -> None:
    path = tmp_path / "tema" / "cases.db"  # the team's folder, mistyped
    result = CliRunner().invoke(app, ["--db", str(path), *command])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"Error: There is no database at {path} (nor its folder): check --db (or ADVOCATE_DB), "
        "or start one with `advocate case new` or `advocate demo`.\n"
    )
    assert not path.parent.exists()


def test_the_config_file_can_name_the_database(isolated_home: Path, tmp_path: Path) -> None:
    path = tmp_path / "configured.db"
    (isolated_home / "config" / "advocate-tui").mkdir(parents=True, exist_ok=True)
    (isolated_home / "config" / "advocate-tui" / "config.toml").write_text(f'[database]\nurl = "{path}"\n')
    load_settings.cache_clear()
    run("case", "new", "Jo Example")
    assert path.is_file()
    assert f"Database:    {path}" in run("config")


def test_the_command_line_option_wins_over_the_environment(tmp_path: Path) -> None:
    chosen, other = tmp_path / "chosen.db", tmp_path / "other.db"
    run("--db", str(chosen), "case", "new", "Jo Example", env={"ADVOCATE_DB": str(other)})
    assert chosen.is_file() and not other.exists()


def test_a_database_failure_leaves_the_services_as_one_sentence(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Storage turns the database's own errors into DatabaseError: no face sees SQLAlchemy's."""

    from advocate_tui import db as db_module
    from advocate_tui.rules.errors import DatabaseError
    from advocate_tui.services.casework import Casework

    monkeypatch.setattr(db_module, "BUSY_TIMEOUT_MS", 200)
    database = db_module.open_database(sqlite_url)
    casework = Casework(database, user="Test Advocate", areas=("City",))
    reference = casework.cases.create_case("Jo Example").reference
    holder = same_library(sqlite_url.removeprefix("sqlite:///"), isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(DatabaseError) as refused:
            casework.log.add_note(reference, "Called")
        assert str(refused.value).startswith(f"The database {database.where} is busy (locked by another program)")
        assert refused.value.__cause__ is None and refused.value.__suppress_context__
    finally:
        holder.close()
        database.dispose()


@pytest.mark.parametrize(
    "command", [("case", "list"), ("note", "STK-2026-0001", "Called"), ("alerts",), ("db", "current")]
)
def test_a_missing_database_in_a_folder_that_is_there_is_refused_and_nothing_is_made(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    """Only the commands that start a database (case new, demo, db upgrade) make one where none is."""
    (tmp_path / "team").mkdir()
    path = tmp_path / "team" / "case.db"  # the team's cases.db, mistyped
    result = CliRunner().invoke(app, ["--db", str(path), *command])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"Error: There is no database at {path}: check --db (or ADVOCATE_DB), "
        "or start one with `advocate case new` or `advocate demo`.\n"
    )
    assert list(path.parent.iterdir()) == []


@pytest.mark.parametrize("name", ["a?b.db", "e%41f.db", "notes#1.db"])
def test_a_path_is_a_path_whatever_characters_it_holds(tmp_path: Path, name: str) -> None:
    """A file name is never read as part of a URL (a query, an escape, a fragment)."""
    path = tmp_path / "team" / name
    path.parent.mkdir()
    result = CliRunner().invoke(app, ["--db", str(path), "case", "new", "-q", "Jo Example"])
    assert result.exit_code == 0, result.stderr
    assert (
        sorted(p.name for p in path.parent.iterdir() if not p.name.startswith(path.stem)) == []
    )  # its own -wal, backups
    assert path.is_file()
    assert "STK-2026-0001" in CliRunner().invoke(app, ["--db", str(path), "case", "list"]).stdout


# -- the SQLite library (issue 15) -----------------------------------------------------------------


def test_plain_files_use_a_sqlite_without_the_wal_reset_bug(tmp_path: Path) -> None:
    """SQLite before 3.51.3 can corrupt a WAL database written by several processes; the system's library
    may be that old, so plain files are opened with the SQLite bundled with SQLCipher, as encrypted ones are."""
    from sqlalchemy import text

    from advocate_tui.db import open_database
    from advocate_tui.rules.sqlite_library import wal_reset_bug
    from advocate_tui.storage.crypto import connect

    database = open_database(str(tmp_path / "plain.db"))
    try:
        with database.reader() as session:
            version = session.execute(text("SELECT sqlite_version()")).scalar_one()
    finally:
        database.dispose()
    assert not wal_reset_bug(version)
    direct = connect(tmp_path / "plain.db", None)
    try:
        assert direct.execute("SELECT sqlite_version()").fetchone()[0] == version
    finally:
        direct.close()


@pytest.mark.parametrize(
    ("version", "affected"),
    [("3.40.1", True), ("3.7.0", True), ("3.51.2", True), ("3.51.3", False), ("3.53.4", False), ("3.6.23", False)],
)
def test_which_sqlite_versions_have_the_wal_reset_bug(version: str, affected: bool) -> None:
    from advocate_tui.rules.sqlite_library import wal_reset_bug

    assert wal_reset_bug(version) is affected


def test_on_an_affected_library_a_database_is_not_put_in_wal_mode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from advocate_tui import db as db_module
    from advocate_tui.storage.crypto import connect

    monkeypatch.setattr(db_module, "library_version", lambda: "3.40.1")
    database = db_module.open_database(str(tmp_path / "old-library.db"))
    database.dispose()
    direct = connect(tmp_path / "old-library.db", None)
    try:
        assert direct.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        direct.close()


def test_db_check_names_the_sqlite_library(tmp_path: Path) -> None:
    from protection import new_case, run

    from advocate_tui.storage.crypto import library_version

    path = tmp_path / "cases.db"
    new_case(path)
    result = run(path, "db", "check")
    assert result.exit_code == 0
    assert f"SQLite {library_version()} (bundled with SQLCipher)" in result.stdout
