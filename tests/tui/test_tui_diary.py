"""Importing the client's own diary from the Incidents tab: the path, the report (nothing saved), ctrl+s to save."""

from pathlib import Path

from conftest import SIZE, open_case, press, rows, settle, started, text_of, type_text
from textual.widgets import Input, Static

from advocate_tui.app import AdvocateApp
from advocate_tui.screens.modals.confirm import ConfirmScreen
from advocate_tui.screens.modals.diary_import import DiaryImport
from advocate_tui.screens.tabs.incidents import IncidentTable
from advocate_tui.screens.workspace import CaseWorkspace
from advocate_tui.services.casework import Casework


async def report_of(pilot, screen: DiaryImport, first_words: str) -> str:  # type: ignore[no-untyped-def]
    for _ in range(200):
        shown = text_of(screen.query_one("#diary-report", Static))
        if shown.startswith(first_words):
            return shown
        await pilot.pause(0.02)
    raise AssertionError(f"the report never appeared: {shown!r}")


async def test_import_a_diary_from_the_incidents_tab(app: AdvocateApp, caseload: Casework, tmp_path: Path) -> None:
    diary = tmp_path / "jo's diary.csv"
    diary.write_text(
        "Date,Time,What happened,Where\n"
        "16/11/2026,9pm,Sent [bold]40[/bold] texts,Home\n"
        "yesterday,,Rang me,\n"
        "17 Nov 2026,,Followed me to the bus stop,\n",
        encoding="utf-8",
    )
    before = len(caseload.cases.get_case("STK-2026-0001").incidents)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await open_case(pilot, "STK-2026-0001")
        await press(pilot, "3")
        assert isinstance(app.focused, IncidentTable)
        await press(pilot, "i")
        screen = app.screen
        assert isinstance(screen, DiaryImport)
        assert isinstance(app.focused, Input)

        await press(pilot, "ctrl+s")  # nothing read yet: nothing to save
        assert isinstance(app.screen, DiaryImport)

        await type_text(pilot, str(tmp_path / "missing.csv"))
        await press(pilot, "enter")
        assert "Cannot read" in await report_of(pilot, screen, "Cannot read")

        screen.query_one("#diary-path", Input).value = str(diary)
        screen.query_one("#diary-path", Input).focus()
        await press(pilot, "enter")
        report = await report_of(pilot, screen, "jo's diary.csv: 3 rows read (CSV, UTF-8).")
        assert "line 2: Mon 16 Nov 2026 21:00 — Sent [bold]40[/bold] texts [messages]" in report  # as written
        assert "line 3: not read: 'yesterday' is a relative date" in report
        assert "line 4: Tue 17 Nov 2026 (no time given) — Followed me to the bus stop [following]" in report
        assert report.endswith("Nothing saved yet: press ctrl+s to add 2 entries, or escape to close.")
        assert len(caseload.cases.get_case("STK-2026-0001").incidents) == before

        await press(pilot, "escape")  # entries read and not saved: asked first
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.question == "2 new entries read from the diary are not saved. Close without saving them?"
        await press(pilot, "n")
        assert app.screen is screen

        await press(pilot, "ctrl+s")
        for _ in range(200):
            if isinstance(app.screen, CaseWorkspace):
                break
            await pilot.pause(0.02)
        await settle(pilot)
        assert isinstance(app.screen, CaseWorkspace)
        logged = caseload.cases.get_case("STK-2026-0001").incidents
        assert len(logged) == before + 2
        imported = {"Sent [bold]40[/bold] texts", "Followed me to the bus stop"}
        assert {i.source for i in logged if i.description in imported} == {"client-record"}
        for _ in range(100):
            if any(
                "(client's record) Followed me to the bus stop" in row
                for row in rows(app.screen.query_one(IncidentTable))
            ):
                break
            await pilot.pause(0.02)
        assert any(
            "(client's record) Sent [bold]40[/bold] texts" in row for row in rows(app.screen.query_one(IncidentTable))
        )

        await press(pilot, "i")
        assert isinstance(app.screen, DiaryImport)
        await press(pilot, "escape")
        assert isinstance(app.screen, CaseWorkspace)
