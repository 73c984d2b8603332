"""The Justice tab through the keyboard: recording a charge, a CPS decision and a court outcome on a crime
reference, a police decision whose review deadline reaches the agenda, and the Victims' Code rights."""

from datetime import date

from conftest import SIZE, field, open_case, press, rows, started, text_of, type_text
from textual.widgets import Static

from advocate_tui.app import AdvocateApp
from advocate_tui.screens.forms.form import FormScreen
from advocate_tui.screens.tabs.justice import CrimeTable, EventTable, RightsTable
from advocate_tui.screens.workspace import CaseWorkspace
from advocate_tui.services.casework import Casework

JO = "STK-2026-0001"


async def test_record_a_charge_a_cps_decision_and_a_court_outcome(app: AdvocateApp, caseload: Casework) -> None:
    order = caseload.court.add_order(JO, "restraining-order-conviction", "granted", granted_on=date(2026, 11, 20))
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        workspace = await open_case(pilot, JO)
        await press(pilot, "8")
        assert isinstance(app.focused, CrimeTable)
        assert rows(workspace.query_one(CrimeTable)) == ["No crime references. Press a to add one."]
        await press(pilot, "a")
        form = app.screen
        assert isinstance(form, FormScreen) and form.title_text == "Add a crime reference"
        await type_text(pilot, "NS/12345/26")
        field(form, "reported_on").control.focus()
        await type_text(pilot, "1 Nov")
        field(form, "oic_name").control.focus()
        await type_text(pilot, "DC Alex Notreal")
        field(form, "status").control.value = "charged"
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, FormScreen)  # a charge without its offence is refused, nothing saved
        assert "nothing has been saved yet" not in text_of(app.screen.query_one("#form-problem", Static))
        assert (
            text_of(app.screen.query_one("#form-problem", Static)) == "A charge needs the offence charged: choose it."
        )
        field(form, "offence").control.value = "stalking-s2a"
        field(form, "charged_on").control.focus()
        await type_text(pilot, "20 Nov")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, CaseWorkspace)
        assert rows(workspace.query_one(CrimeTable)) == ["NS/12345/26 Charged: Stalking (PHA 1997 s2A) DC Alex Notreal"]

        await press(pilot, "enter")
        form = app.screen
        assert isinstance(form, FormScreen) and form.title_text == "Crime reference NS/12345/26"
        field(form, "cps_decision").control.value = "charge-authorised"
        field(form, "cps_decided_on").control.focus()
        await type_text(pilot, "19 Nov")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, CaseWorkspace)

        await press(pilot, "enter")
        form = app.screen
        field(form, "court_outcome").control.value = "guilty-plea"
        field(form, "outcome_on").control.focus()
        await type_text(pilot, "20 Nov")
        field(form, "sentence").control.focus()
        await type_text(pilot, "Community order")
        field(form, "restraining_order_id").control.value = str(order.id)
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, CaseWorkspace)
        assert rows(workspace.query_one(CrimeTable)) == [
            "NS/12345/26 Charged: Stalking (PHA 1997 s2A) Charge authorised Guilty plea + RO DC Alex Notreal"
        ]
    [journey] = caseload.justice.journeys(JO)
    report = journey.report
    assert (report.offence, report.cps_decision, report.court_outcome, report.outcome_on) == (
        "stalking-s2a",
        "charge-authorised",
        "guilty-plea",
        date(2026, 11, 20),
    )
    assert report.restraining_order_id == order.id and report.version == 3


async def test_a_police_update_and_a_decision_that_can_be_reviewed(app: AdvocateApp, caseload: Casework) -> None:
    caseload.justice.add_report(JO, "NS/12345/26", status="no-further-action", status_reason="Not enough evidence")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        workspace = await open_case(pilot, JO)
        await press(pilot, "8", "u")
        form = app.screen
        assert isinstance(form, FormScreen) and form.title_text == "Police update on NS/12345/26"
        field(form, "given_by").control.focus()
        await type_text(pilot, "DC Notreal")
        field(form, "said").control.focus()
        await type_text(pilot, "No further action")
        await press(pilot, "ctrl+s")
        await press(pilot, "d")
        form = app.screen
        assert isinstance(form, FormScreen) and form.title_text == "Decision on NS/12345/26"
        field(form, "body").control.value = "police"
        field(form, "kind").control.value = "not-to-charge"
        field(form, "decided_on").control.focus()
        await type_text(pilot, "16 Nov")
        field(form, "interviewed_under_caution").control.value = True
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, CaseWorkspace)
        assert rows(workspace.query_one(EventTable)) == [
            "23 Nov 2026 NS/12345/26 DC Notreal: No further action",
            "16 Nov 2026 NS/12345/26 Police decision: not to charge. Review can be asked for until 14 Feb 2027.",
        ]
        await press(pilot, "escape", "escape")
        await press(pilot, "g")
        agenda = rows(app.screen.query_one("AgendaTable"))
        assert "Sun 14 Feb STK-2026-0001 Jo Ask for a review: police, not to charge, NS/12345/26" in agenda


async def test_rights_explained_and_the_enhanced_rights_judgement(app: AdvocateApp, caseload: Casework) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        workspace = await open_case(pilot, JO)
        await press(pilot, "8")
        workspace.query_one(RightsTable).focus()
        await press(pilot, "down", "down", "down", "space")
        assert rows(workspace.query_one(RightsTable))[3] == "✓ To be referred to support services 23 Nov 2026"
        await press(pilot, "j")
        form = app.screen
        assert isinstance(form, FormScreen)
        field(form, "enhanced").control.value = True
        field(form, "reason").control.focus()
        await type_text(pilot, "Persistently targeted")
        field(form, "decided_by").control.focus()
        await type_text(pilot, "DC Notreal")
        await press(pilot, "ctrl+s")
        assert text_of(workspace.query_one("#victims-standing", Static)) == (
            "Enhanced rights: eligible — Persistently targeted (judged by DC Notreal, 23 Nov 2026)."
        )
    view = caseload.victims.view(JO)
    assert view.standing is not None and view.standing.decided_by == "DC Notreal"
    assert [right.value for right in view.explained] == ["referral-to-support"]
