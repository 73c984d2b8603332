"""Risk, alerts, closing, the agenda's risk sections and reports, driven by key presses in the whole application."""

import os
import stat
import sys
from pathlib import Path

import pytest
from conftest import SIZE, field, open_case, press, rows, run_command, started, text_of, type_text
from textual.widgets import Static

from advocate_tui.app import AdvocateApp
from advocate_tui.screens.agenda import AgendaTable
from advocate_tui.screens.caseload import CaseloadScreen, CaseTable
from advocate_tui.screens.forms.form import FormScreen
from advocate_tui.screens.modals.confirm import ConfirmScreen
from advocate_tui.screens.reports import ReportsScreen
from advocate_tui.screens.tabs.overview import OverviewTable
from advocate_tui.screens.tabs.risk import RiskItems, RiskPane
from advocate_tui.screens.widgets.case_header import CaseHeader
from advocate_tui.screens.workspace import CaseWorkspace
from advocate_tui.services.casework import Casework
from advocate_tui.storage.config import documents_dir


def header(workspace: CaseWorkspace) -> str:
    return text_of(workspace.query_one(CaseHeader))


def last_notification(app: AdvocateApp) -> str:
    return list(app._notifications)[-1].message


async def test_the_risk_tab_is_answered_with_y_n_d_and_the_header_follows(app: AdvocateApp, caseload: Casework) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        workspace = await open_case(pilot, "STK-2026-0002")
        assert "Risk review OVERDUE since 01 Sep 2026 (no risk checklist yet)" in header(workspace)
        await press(pilot, "7")
        assert isinstance(app.focused, RiskItems)
        await press(pilot, "a", *["y"] * 14, "d", *["n"] * 9)
        assert "24 of 24 answered, 14 Yes so far" in text_of(workspace.query_one("#risk-heading", Static))
        await press(pilot, "ctrl+s")
        assert last_notification(app) == "Risk checklist saved: 14 Yes, high risk."
        assert "HIGH risk" in header(workspace)
        assert "Risk review 18 Jan 2027 (8 weeks after 23 Nov 2026)" in header(workspace)
        assert "Multi-agency stalking panel: visible high risk" in header(workspace)  # Priya's case is non-domestic
        assert "MARAC" not in header(workspace)
    latest = caseload.risk.risk_overview("STK-2026-0002").latest("risk")
    assert (latest.score, latest.answers[14].answer) == (14, "dont-know")
    assert caseload.cases.get_case("STK-2026-0002").risk_level == "high"


async def test_leaving_a_half_answered_checklist_asks_first(app: AdvocateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        workspace = await open_case(pilot, "STK-2026-0003")
        await press(pilot, "7", "a", "y", "y", "1", "escape")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "n", "7")
        assert app.screen is workspace
        assert "2 of 24 answered" in text_of(workspace.query_one("#risk-heading", Static))
        await press(pilot, "ctrl+q")
        assert isinstance(app.screen, ConfirmScreen), "quitting asks too"
        await press(pilot, "n")
        await press(pilot, "escape", "y")
        assert workspace.query_one(RiskPane).pending is None
        await press(pilot, "escape")
        assert isinstance(app.screen, CaseloadScreen), "nothing left unsaved: escape leaves at once"


async def test_escalation_alerts_show_until_acknowledged(app: AdvocateApp, caseload: Casework) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await started(pilot)
        assert "3 open cases, ⚠ 1 with escalation alerts" in text_of(screen.query_one("#caseload-status", Static))
        workspace = await open_case(pilot, "STK-2026-0001")
        assert "⚠ Incidents rising: 3 in the last 14 days (about 0.8 per 14 days before)" in header(workspace)
        assert "⚠ First threats logged (14 Nov 2026)" in header(workspace)
        await press(pilot, "k")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "y")
        assert last_notification(app) == "3 escalation alerts acknowledged."
        assert "Incidents rising" not in header(workspace) and "First threats" not in header(workspace)
        assert "⚠ SPO expires in 17 days" in header(workspace), "the case's own warnings stay"
        await press(pilot, "k")
        assert app.screen is workspace, "nothing is left to acknowledge"
        await press(pilot, "escape")
        assert rows(screen.query_one(CaseTable))[0].startswith("STK-2026-0001 Jo HIGH")
    assert caseload.alerts.alerts("STK-2026-0001") == []


async def test_close_a_case_from_the_overview(app: AdvocateApp, caseload: Casework) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        workspace = await open_case(pilot, "STK-2026-0002")
        await press(pilot, "x")
        form = app.screen
        assert isinstance(form, FormScreen) and form.title_text == "Close STK-2026-0002"
        field(form, "reason").control.value = "support-complete"
        field(form, "feels_safe_at_closure").control.value = "4"
        await press(pilot, "ctrl+s")
        assert app.screen is workspace
        assert last_notification(app) == "Case closed."
        assert "Closed · non-domestic" in header(workspace)
        await press(pilot, "x")
        assert app.screen is workspace, "a closed case cannot be closed again"
    case = caseload.cases.get_case("STK-2026-0002")
    assert (case.status, case.closure_reason, case.feels_safe_at_closure) == ("closed", "support-complete", 4)


async def test_the_agenda_lists_alerts_and_risk_reviews_and_opens_their_case(app: AdvocateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await press(pilot, "g")
        table = app.screen.query_one(AgendaTable)
        shown = rows(table)
        assert shown[0] == "Overdue and today (9)"
        assert "since 14 Nov STK-2026-0001 Jo First threats logged (14 Nov 2026)" in shown
        assert "OVERDUE 05 Oct STK-2026-0001 Jo Risk review: no risk checklist yet" in shown
        review = "today STK-2026-0003 Alex Notreal Risk review: no risk checklist yet"
        assert review in shown
        table.move_cursor(row=shown.index(review))
        await press(pilot, "enter")
        assert isinstance(app.screen, CaseWorkspace) and app.screen.reference == "STK-2026-0003"


async def test_the_agenda_is_saved_as_a_calendar_in_the_documents_folder(app: AdvocateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await press(pilot, "g", "x")
        form = app.screen
        target = documents_dir() / "agenda.ics"
        assert isinstance(form, FormScreen) and field(form, "path").raw == str(target)
        await press(pilot, "ctrl+s")
        assert last_notification(app).startswith("Saved ") and last_notification(app).endswith(f" to {target}")
    calendar = target.read_text(encoding="utf-8")
    assert "SUMMARY:STK-2026-0001 SPO hearing" in calendar and "Jo" not in calendar.replace("JOURNAL", "")


async def test_saving_the_agenda_over_a_file_asks_first(app: AdvocateApp) -> None:
    target = documents_dir() / "agenda.ics"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("the advocate's own calendar\n", encoding="utf-8")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await press(pilot, "g", "x", "ctrl+s")
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.question == f"{target} exists: replace it?"
        await press(pilot, "n")
        assert isinstance(app.screen, FormScreen)
        assert target.read_text(encoding="utf-8") == "the advocate's own calendar\n"
        await press(pilot, "ctrl+s", "y")
        assert last_notification(app).endswith(f" to {target}")
    assert "SUMMARY:STK-2026-0001 SPO hearing" in target.read_text(encoding="utf-8")


@pytest.mark.skipif(sys.platform == "win32", reason="named pipes are made with os.mkfifo")
async def test_the_agenda_is_never_saved_onto_a_pipe(app: AdvocateApp, tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.ics"
    os.mkfifo(pipe)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await press(pilot, "g", "x")
        form = app.screen
        assert isinstance(form, FormScreen)
        field(form, "path").control.value = str(pipe)
        await press(pilot, "ctrl+s")
        assert app.screen is form
        assert text_of(form.query_one("#form-problem", Static)) == (
            f"{pipe} is not an ordinary file (it is a named pipe): give the name of a file to write."
        )
    assert stat.S_ISFIFO(pipe.lstat().st_mode)


async def test_reports_open_from_the_palette_and_from_the_caseload(app: AdvocateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await run_command(pilot, "Reports")
        assert isinstance(app.screen, ReportsScreen)
        await press(pilot, "escape", "p")
        assert isinstance(app.screen, ReportsScreen)


async def test_the_forms_ask_how_safe_the_client_feels_serious_incidents_and_hearing_results(
    app: AdvocateApp, caseload: Casework
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await press(pilot, "n")
        await type_text(pilot, "Robin Fictus")
        field(app.screen, "feels_safe").control.value = "2"
        await press(pilot, "ctrl+s")
        await press(pilot, "3", "a")
        await type_text(pilot, "yesterday 21:30")
        field(app.screen, "description").control.load_text("Threw a brick through the window.")
        field(app.screen, "serious").control.value = True
        await press(pilot, "ctrl+s")
        assert app.screen.question == "No behaviour is ticked: save it as Other?"
        await press(pilot, "y", "escape")
        await open_case(pilot, "STK-2026-0001")
        await press(pilot, "4", "enter")  # the hearing on 3 Dec, still to come
        field(app.screen, "result").control.value = "order-made"
        await press(pilot, "ctrl+s")
        assert text_of(app.screen.query_one("#form-problem", Static)).startswith(
            "The hearing on 03 Dec 2026 10:00 has not started yet, so it has no result"
        )
        await press(pilot, "escape", "y", "down", "enter")  # the one on 20 Oct
        field(app.screen, "result").control.value = "adjourned"
        await press(pilot, "ctrl+s")
    robin = caseload.cases.get_case("STK-2026-0005")
    assert robin.feels_safe_at_intake == 2 and robin.incidents[0].serious
    assert robin.incidents[0].kinds == ["other"]
    assert [h.result for h in caseload.cases.get_case("STK-2026-0001").hearings] == ["adjourned", None]


async def test_a_level_changed_by_hand_needs_its_reason_and_the_header_shows_the_basis(
    app: AdvocateApp, caseload: Casework
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        workspace = await open_case(pilot, "STK-2026-0003")  # opened with no level: not assessed
        assert "Standard risk (not assessed)" in header(workspace)
        table = workspace.query_one(OverviewTable)
        table.move_cursor(row=table.get_row_index("case::risk_level"))
        await press(pilot, "enter")
        form = app.screen
        assert isinstance(form, FormScreen)
        field(form, "risk_level").control.value = "high"
        await press(pilot, "ctrl+s")
        assert app.screen is form  # refused: nothing saved
        assert text_of(form.query_one("#form-problem", Static)).startswith(
            "A risk level set by hand needs the reason for your professional judgement"
        )
        field(form, "risk_reason").control.focus()
        await type_text(pilot, "Turned up at her new flat")
        await press(pilot, "ctrl+s")
        assert app.screen is workspace
        assert "HIGH risk (by judgement)" in header(workspace)
        await press(pilot, "7")
        summary = text_of(workspace.query_one("#risk-summary", Static))
        assert "professional judgement (Test Advocate, 23 Nov 2026): Turned up at her new flat" in summary
    case = caseload.cases.get_case("STK-2026-0003")
    assert (case.risk_level, case.risk_basis, case.risk_reason) == ("high", "judgement", "Turned up at her new flat")
