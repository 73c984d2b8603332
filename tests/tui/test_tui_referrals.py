"""The Referrals tab through the keyboard: a referral to the case's route (refused without a reason when the
client has not consented), its meeting, an action agreed and marked done, the outcome; a repeat referral
marked as one; meetings and actions on the agenda."""

from datetime import date

from conftest import SIZE, field, open_case, press, rows, started, text_of, type_text
from textual.widgets import Static

from advocate_tui.app import AdvocateApp
from advocate_tui.screens.agenda import AgendaTable
from advocate_tui.screens.forms.form import FormScreen
from advocate_tui.screens.tabs.referrals import ActionTable, ReferralTable
from advocate_tui.screens.workspace import CaseWorkspace
from advocate_tui.services.casework import Casework

JO = "STK-2026-0001"
REASON = "Vital interests: threats to kill"


async def test_refer_set_the_meeting_agree_an_action_mark_it_done_and_record_the_outcome(
    app: AdvocateApp, caseload: Casework
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        workspace = await open_case(pilot, JO)
        await press(pilot, "9")
        assert isinstance(app.focused, ReferralTable)
        assert rows(workspace.query_one(ReferralTable)) == ["No referrals. Press r to refer the case to its route."]
        await press(pilot, "r")
        form = app.screen
        assert isinstance(form, FormScreen) and form.title_text == "Refer to the MARAC"
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, FormScreen)  # Jo has not consented: the reason is asked for
        field(form, "without_consent").control.focus()
        await type_text(pilot, REASON)
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, CaseWorkspace)
        assert rows(workspace.query_one(ReferralTable)) == ["1 MARAC 23 Nov 2026"]
        detail = text_of(workspace.query_one("#referral-detail", Static))
        assert detail.startswith("Referral 1 criteria: Potential escalation (5 incidents identified in 12 months")
        assert f"Consent: without consent: {REASON}" in detail

        await press(pilot, "m")
        form = app.screen
        assert isinstance(form, FormScreen) and form.title_text == "Meeting for referral 1"
        await type_text(pilot, "3 Dec")
        await press(pilot, "ctrl+s")
        assert rows(workspace.query_one(ReferralTable)) == ["1 MARAC 23 Nov 2026 03 Dec 2026"]

        await press(pilot, "a")
        form = app.screen
        assert isinstance(form, FormScreen) and form.title_text == "Action agreed on referral 1"
        await type_text(pilot, "Police")
        field(form, "action").control.focus()
        await type_text(pilot, "Fit a doorbell camera")
        field(form, "owner").control.focus()
        await type_text(pilot, "PC Sample")
        field(form, "due").control.focus()
        await type_text(pilot, "1 Dec")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, CaseWorkspace)
        actions = workspace.query_one(ActionTable)
        assert rows(actions) == ["1 Police Fit a doorbell camera PC Sample 01 Dec 2026"]
        actions.focus()
        await press(pilot, "space")
        assert rows(actions) == ["1 Police Fit a doorbell camera PC Sample 01 Dec 2026 23 Nov 2026"]

        workspace.query_one(ReferralTable).focus()
        await press(pilot, "o")
        form = app.screen
        assert isinstance(form, FormScreen) and form.title_text == "Outcome of referral 1"
        await type_text(pilot, "Actions agreed")
        await press(pilot, "ctrl+s")
        assert rows(workspace.query_one(ReferralTable)) == ["1 MARAC 23 Nov 2026 03 Dec 2026 Actions agreed"]
    (row,) = caseload.referrals.history(JO)
    assert (row.referral.meeting_on, row.referral.outcome, row.referral.without_consent_reason) == (
        date(2026, 12, 3),
        "Actions agreed",
        REASON,
    )
    assert [(a.agency, a.owner, a.due_on, a.done_on) for a in row.actions] == [
        ("Police", "PC Sample", date(2026, 12, 1), date(2026, 11, 23))
    ]


async def test_a_repeat_referral_is_marked_and_the_meeting_is_on_the_agenda(
    app: AdvocateApp, caseload: Casework
) -> None:
    caseload.risk.set_referral_judgement(JO, "Threats to kill")
    caseload.referrals.add(JO, on="2026-01-10", without_consent=REASON)  # incidents since, within 12 months
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        workspace = await open_case(pilot, JO)
        await press(pilot, "9", "r")
        field(app.screen, "without_consent").control.focus()
        await type_text(pilot, REASON)
        await press(pilot, "ctrl+s")
        workspace.query_one(ReferralTable).move_cursor(row=1)
        await press(pilot, "m")
        await type_text(pilot, "26 Nov")
        await press(pilot, "ctrl+s")
        assert rows(workspace.query_one(ReferralTable)) == [
            "1 MARAC 10 Jan 2026",
            "2 MARAC 23 Nov 2026 repeat 26 Nov 2026",
        ]
        await press(pilot, "escape", "g")
        shown = rows(app.screen.query_one(AgendaTable))
        assert f"Thu 26 Nov {JO} Jo MARAC meeting" in shown
