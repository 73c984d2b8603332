"""No N+1 queries: the caseload, a case open and the report each take the same number of statements
however much is recorded; and the open caseload never reads the closed cases (SQLite's query plans)."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

import pytest
from sqlalchemy import event

from advocate_tui.services.casework import Casework

Path = Callable[[Casework], Any]


@contextmanager
def statements(casework: Casework) -> Iterator[list[tuple[str, Any]]]:
    """Every statement the database is sent while the block runs, with its parameters."""
    sent: list[tuple[str, Any]] = []

    def record(_connection: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        sent.append((statement, parameters))

    event.listen(casework.db.engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(casework.db.engine, "before_cursor_execute", record)


def count(casework: Casework, path: Path) -> int:
    with statements(casework) as sent:
        path(casework)
    return len(sent)


def caseload(casework: Casework) -> None:
    """What the caseload screen reads."""
    casework.cases.list_cases()
    casework.alerts.alerts_for_open_cases()


def case_open(reference: str) -> Path:
    """What the case workspace reads."""

    def read(casework: Casework) -> None:
        casework.cases.get_case(reference)
        casework.risk.risk_overview(reference)
        casework.alerts.alerts(reference)

    return read


def report(casework: Casework) -> None:
    casework.reports.report(date(2026, 1, 1), date(2026, 12, 31))


@pytest.mark.parametrize("path", [caseload, report])
def test_the_caseload_and_the_report_take_as_many_statements_for_many_cases_as_for_few(
    casework: Casework, path: Path
) -> None:
    casework.demo.load_demo(4)
    few = count(casework, path)
    casework.demo.load_demo(40)
    assert count(casework, path) == few


def test_opening_a_case_takes_as_many_statements_for_many_records_as_for_few(casework: Casework) -> None:
    reference = casework.cases.create_case("Jo Example", relationship="ex-partner").reference

    def add(records: int) -> None:
        for number in range(records):
            casework.log.add_incident(
                reference, f"Incident {number}", datetime(2026, 11, 1 + number % 20, 21, 0), ["following", "messages"]
            )
            casework.log.add_note(reference, f"Note {number}", "call")

    add(1)
    few = count(casework, case_open(reference))
    add(25)
    assert count(casework, case_open(reference)) == few


@pytest.mark.parametrize("path", [caseload, case_open("STK-2026-0001")])
def test_the_caseload_and_a_case_open_read_by_index_never_by_scanning_a_table(
    sqlite_casework: Casework, path: Path
) -> None:
    """Whatever the number of closed cases: a scan of a table (``SCAN case_file``) would read all of them. The
    case's perpetrator has a date of birth and a vehicle, so the check for other cases of theirs runs too."""
    case = sqlite_casework.cases.create_case("Jo Example", relationship="ex-partner", perpetrator_name="Gary Madeup")
    perpetrator = case.perpetrators[0]
    sqlite_casework.parties.update_perpetrator(
        perpetrator.id, perpetrator.version, date_of_birth="1980-03-02", vehicles="Grey van ZZ26 ABC"
    )
    sqlite_casework.demo.load_demo(30)
    with statements(sqlite_casework) as sent:
        path(sqlite_casework)
    with sqlite_casework.db.engine.connect() as connection:
        for statement, parameters in sent:
            if not statement.lstrip().upper().startswith("SELECT"):
                continue
            plan = [row[3] for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)]
            assert not reads_a_whole_table(statement, plan), (statement, plan)


def reads_a_whole_table(statement: str, plan: list[str]) -> bool:
    """A scan, unless it is in the order asked for and stops at a LIMIT (the newest audit entry)."""
    stops_early = " LIMIT " in statement and not any("TEMP B-TREE" in step for step in plan)
    return any(step.startswith("SCAN") for step in plan) and not stops_early
