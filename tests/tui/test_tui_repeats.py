"""Repeat detection on screen: a re-referral made in the new-case form, and a possible serial perpetrator, each
named in the case header and on the Overview."""

from conftest import SIZE, field, open_case, press, rows, started, text_of, type_text
from textual.widgets import Static

from advocate_tui.app import AdvocateApp
from advocate_tui.screens.forms.form import FormScreen
from advocate_tui.screens.tabs.overview import OverviewTable
from advocate_tui.screens.widgets.case_header import CaseHeader
from advocate_tui.screens.workspace import CaseWorkspace
from advocate_tui.services.casework import Casework


async def test_a_client_referred_again_is_named_as_a_re_referral_in_the_header(
    app: AdvocateApp, caseload: Casework
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await press(pilot, "n")
        form = app.screen
        assert isinstance(form, FormScreen)
        await type_text(pilot, "Joanne Madeup")  # Jo of STK-2026-0001, married since, on the same phone
        field(form, "phone").control.focus()
        await type_text(pilot, "+44 7700 900 123")
        await press(pilot, "ctrl+s")
        workspace = app.screen
        assert isinstance(workspace, CaseWorkspace) and workspace.reference == "STK-2026-0005"
        assert "Re-referral of STK-2026-0001" in text_of(workspace.query_one(CaseHeader))
        assert "Re-referral of STK-2026-0001" in rows(workspace.query_one(OverviewTable))
    assert caseload.cases.get_case("STK-2026-0005").re_referral_of == "STK-2026-0001"


async def test_a_perpetrator_on_another_case_is_flagged_in_the_header(app: AdvocateApp, caseload: Casework) -> None:
    for reference in ("STK-2026-0001", "STK-2026-0002"):
        perpetrator = caseload.cases.get_case(reference).perpetrators[0]
        caseload.parties.update_perpetrator(perpetrator.id, perpetrator.version, vehicles="Grey van ZZ26 ABC")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        workspace = await open_case(pilot, "STK-2026-0001")
        assert "Possible serial perpetrator: also on STK-2026-0002" in text_of(workspace.query_one(CaseHeader))
        assert "Possible serial perpetrator also on STK-2026-0002 (vehicle ZZ26ABC)" in rows(
            workspace.query_one(OverviewTable)
        )


async def test_the_question_on_stalking_before_names_the_other_cases(app: AdvocateApp, caseload: Casework) -> None:
    for reference in ("STK-2026-0001", "STK-2026-0002"):
        perpetrator = caseload.cases.get_case(reference).perpetrators[0]
        caseload.parties.update_perpetrator(perpetrator.id, perpetrator.version, vehicles="Grey van ZZ26 ABC")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        workspace = await open_case(pilot, "STK-2026-0002")
        await press(pilot, "7", "c", "a")
        detail = workspace.query_one("#risk-detail", Static)
        assert "may also be on" not in text_of(detail)  # the first question: very frightened
        await press(pilot, "y")  # on to the second: stalking before
        assert "On record: the perpetrator may also be on STK-2026-0001 (vehicle ZZ26ABC)" in text_of(detail)
