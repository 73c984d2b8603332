"""Retention and erasure: a closed case's personal data goes for good; the funder's figures stay right."""

from datetime import date, datetime
from pathlib import Path

import pytest
from conftest import FIXED_NOW, Advocate
from protection import CLIENT, PERPETRATOR, every_record, file_bytes, run
from sqlalchemy import select

from advocate_tui.db import Database
from advocate_tui.rules import clock
from advocate_tui.services.casework import Casework
from advocate_tui.storage import audit
from advocate_tui.storage.models import Document


def report_sections(casework: Casework) -> tuple:
    return casework.reports.report(date(2026, 1, 1), date(2026, 12, 31)).sections


def close(casework: Casework, reference: str, on: datetime) -> None:
    clock.fix(on)
    casework.cases.close_case(reference, "support-complete", feels_safe=4, risk_reduced=True)
    clock.fix(FIXED_NOW)


def test_retention_lists_the_closed_cases_kept_longer_than_the_period(
    sqlite_casework: Casework, sqlite_url: str
) -> None:
    old = sqlite_casework.cases.create_case("Old Case", referral_date="2019-01-07")
    close(sqlite_casework, old.reference, datetime(2020, 3, 2, 12, 0))
    recent = sqlite_casework.cases.create_case("Recent Case", referral_date="2024-01-08")
    close(sqlite_casework, recent.reference, datetime(2025, 3, 2, 12, 0))
    sqlite_casework.cases.create_case("Open Case")
    result = run(sqlite_url, "retention")
    assert result.stdout == (
        "Past the retention period (6 years after closure); erase each with `advocate erase REF`:\n"
        f"  {old.reference}  closed 02 Mar 2020, due for erasure since 02 Mar 2026\n"
    )


def test_erase_leaves_no_trace_of_the_client_in_the_file_and_reports_still_count_the_case(
    sqlite_casework: Casework, sqlite_db: Database, sqlite_url: str
) -> None:
    reference = every_record(sqlite_casework)
    keep = sqlite_casework.cases.create_case("Priya Madeup", relationship="colleague").reference
    close(sqlite_casework, reference, FIXED_NOW)
    before = report_sections(sqlite_casework)
    with sqlite_db.reader() as session:
        files = [Path(p) for p in session.scalars(select(Document.path))]
    assert files and all(f.exists() for f in files)
    assert CLIENT.encode() in file_bytes(sqlite_db.path)
    sqlite_db.dispose()

    result = run(sqlite_url, "erase", reference.lower(), "--confirm", reference)

    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[-2].startswith(f"Erased {reference}: ")
    assert not any(f.exists() for f in files)
    data = file_bytes(sqlite_db.path)
    for trace in (CLIENT, "Zelda", PERPETRATOR, "Dana Sample", "Hidden Fiction Lane", "07700 900123", "jo@example.org"):
        assert trace.encode() not in data, trace
    assert report_sections(sqlite_casework) == before
    assert [row.reference for row in sqlite_casework.cases.list_cases(include_closed=True)] == [keep]
    with sqlite_db.reader() as session:
        assert audit.verify(session).breaks == ()
        [erased] = [e for e in audit.entries(session, reference) if e.action == "erase"]
    assert erased.detail.endswith("document files; anonymised figures kept")


def test_erase_works_on_sqlite_and_postgresql(casework: Casework) -> None:
    reference = casework.cases.create_case(
        "Jo Example", relationship="ex-partner", risk="high", risk_reason="Threats"
    ).reference
    casework.log.add_note(reference, "Called")
    close(casework, reference, FIXED_NOW)
    before = report_sections(casework)

    done = casework.erasure.erase(casework.erasure.plan(reference))
    assert done.records == 16 and done.problems == ()
    assert casework.cases.list_cases(include_closed=True) == []
    assert report_sections(casework) == before


def test_erase_needs_the_reference_typed(sqlite_advocate: Advocate) -> None:
    reference = sqlite_advocate("case", "new", "-q", "Jo Example").stdout.strip()
    sqlite_advocate("case", "close", reference, "--reason", "support-complete")
    result = sqlite_advocate("erase", reference, input="STK-2026-0002\n")
    assert result.exit_code == 1
    assert result.stderr == f"Error: That is not {reference}, so nothing was erased.\n"
    assert reference in sqlite_advocate("case", "list", "--all").stdout
    typed = sqlite_advocate("erase", reference, input=f"{reference.lower()}\n")
    assert typed.exit_code == 0, typed.stderr
    assert f"{reference} (closed): 14 records and 0 document files will be removed for good." in typed.stdout


def test_an_open_case_is_not_erased(sqlite_advocate: Advocate) -> None:
    reference = sqlite_advocate("case", "new", "-q", "Jo Example").stdout.strip()
    result = sqlite_advocate("erase", reference, "--confirm", reference)
    assert result.exit_code == 1
    assert (
        result.stderr == f"Error: {reference} is still open (referred): close it first; only ended cases are erased.\n"
    )


@pytest.mark.parametrize("years", [2])
def test_the_retention_period_comes_from_the_config(
    isolated_home: Path, sqlite_casework: Casework, sqlite_url: str, years: int
) -> None:
    from advocate_tui.storage.config import load_settings

    config = isolated_home / "config" / "advocate-tui" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(f"[retention]\nyears = {years}\n")
    load_settings.cache_clear()
    case = sqlite_casework.cases.create_case("Recent Case", referral_date="2024-01-08")
    close(sqlite_casework, case.reference, datetime(2024, 6, 3, 12, 0))
    assert (
        f"{case.reference}  closed 03 Jun 2024, due for erasure since 03 Jun 2026"
        in run(sqlite_url, "retention").stdout
    )
