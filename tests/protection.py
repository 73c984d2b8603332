"""Helpers for the data-protection tests: encrypted databases, raw dumps of a file, a case with every kind of record."""

from pathlib import Path
from typing import Any

import pytest
from letter_cases import full_case
from typer.testing import CliRunner, Result

from advocate_tui.cli.main import app
from advocate_tui.rules.risk import GivenAnswer
from advocate_tui.services.casework import Casework
from advocate_tui.storage.crypto import DatabaseKey, connect
from advocate_tui.storage.models import AlertAcknowledgement

PASSPHRASE = "correct horse battery staple"
OTHER_PASSPHRASE = "purple elephant sings at dawn"
#: Names that appear nowhere else, so a search of the file's bytes means something.
CLIENT = "Zelda Unforgettable"
PERPETRATOR = "Quentin Rarename"


@pytest.fixture
def encrypting(monkeypatch: pytest.MonkeyPatch) -> str:
    """New databases are encrypted with PASSPHRASE, given in ADVOCATE_PASSPHRASE."""
    monkeypatch.delenv("ADVOCATE_NO_ENCRYPT", raising=False)
    monkeypatch.setenv("ADVOCATE_PASSPHRASE", PASSPHRASE)
    return PASSPHRASE


def run(path: Path | str, *args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
    """``advocate --db PATH ARGS…`` in-process."""
    return CliRunner().invoke(
        app, ["--db", str(path), *args], input=input, env=env, catch_exceptions=False, prog_name="advocate"
    )


def new_case(path: Path, name: str = "Jo Example") -> str:
    """A new case through ``advocate case new``; its reference."""
    result = run(path, "case", "new", "-q", name)
    assert result.exit_code == 0, result.stderr
    return result.stdout.strip()


def same_library(path: str | Path, **options: Any) -> Any:
    """A connection through the program's own SQLite library: two SQLite libraries in one process do not see
    each other's locks (POSIX locks are per process), so a lock held with the system's would go unseen."""
    return connect(Path(path), None, **options)


def key_for(path: Path, passphrase: str = PASSPHRASE) -> DatabaseKey:
    return DatabaseKey.for_file(passphrase, path)


def dump(path: Path, key: DatabaseKey | None = None) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of the file, read with the driver directly."""
    connection = connect(path, key)
    try:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        return {table: connection.execute(f'SELECT * FROM "{table}" ORDER BY 1').fetchall() for table in tables}
    finally:
        connection.close()


def file_bytes(path: Path) -> bytes:
    """The database file and its write-ahead log, as stored."""
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def files_in(folder: Path) -> dict[str, bytes]:
    return {item.name: item.read_bytes() for item in sorted(folder.rglob("*")) if item.is_file()}


def every_record(casework: Casework, name: str = CLIENT) -> str:
    """A case with a record in every table that can hold one, closed; returns its reference."""
    from advocate_tui.output.letters.documents import draft, save

    ref = full_case(casework)
    case = casework.cases.get_case(ref)
    casework.parties.update_client(case.client.id, case.client.version, name=name)
    perpetrator = case.perpetrators[0]
    casework.parties.update_perpetrator(perpetrator.id, perpetrator.version, name=PERPETRATOR)
    casework.log.add_note(ref, f"Called {name}; {PERPETRATOR} was outside again.", "call")
    checklist = casework.risk.checklist("risk")
    casework.risk.record_assessment(
        ref, "risk", {item.key: GivenAnswer("no", comment=f"{name} said no") for item in checklist.items}
    )
    with casework.db.session() as session:
        session.add(AlertAcknowledgement(case_id=case.id, alert="rising", acknowledged_by=casework.user))
    casework.sharing.add_disclosure(
        ref,
        recipient="MARAC, by secure email",
        what="Risk checklist",
        why="High risk",
        basis="legitimate-interests",
        condition="safeguarding",
    )
    casework.sharing.withhold(ref, "Dana Sample", "the perpetrator's sister, works at the council")
    save(casework, draft(casework, ref, "safety-plan-summary"), "md")
    save(casework, draft(casework, ref, "housing-support"), "md")
    return ref
