"""Typed work is never thrown away without a word: leaving the case, quitting and opening another case or
screen from the command palette ask first whatever holds it (the letter editor, a risk checklist, a prompt)."""

from conftest import SIZE, field, open_case, press, run_command, started, text_of, type_text
from textual import events
from textual.pilot import Pilot
from textual.widgets import Static, TextArea
from workers import settle

from advocate_tui.app import AdvocateApp
from advocate_tui.output.letters.templates import available
from advocate_tui.screens.caseload import CaseloadScreen
from advocate_tui.screens.forms.form import FormScreen
from advocate_tui.screens.modals.confirm import ConfirmScreen
from advocate_tui.screens.tabs.risk import RiskPane
from advocate_tui.screens.workspace import CaseWorkspace
from advocate_tui.services.casework import Casework


def asked(app: AdvocateApp) -> str:
    assert isinstance(app.screen, ConfirmScreen), f"nothing was asked (screen: {app.screen!r})"
    return app.screen.question


async def edit_the_letter(pilot: Pilot) -> CaseWorkspace:
    await started(pilot)
    workspace = await open_case(pilot, "STK-2026-0001")
    await press(pilot, "6")
    await settle(pilot)
    await press(pilot, *["down"] * list(available()).index("incident-chronology"))
    await press(pilot, "e")
    await type_text(pilot, "Checked with Jo. ")
    assert "Checked with Jo." in workspace.query_one("#doc-editor", TextArea).text
    return workspace


async def test_an_edited_letter_is_not_left_nor_quit_without_asking(app: AdvocateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        workspace = await edit_the_letter(pilot)
        await press(pilot, "escape")
        assert asked(app) == "The letter being edited is not saved. Leave the case without saving?"
        await press(pilot, "n")
        assert app.screen is workspace
        await press(pilot, "ctrl+q")
        assert asked(app).endswith("The letter being edited is not saved. Quit without saving?")
        await press(pilot, "n")
        assert app.is_running and app.screen is workspace
        await run_command(pilot, "Caseload")
        assert asked(app).endswith("Go to the caseload without saving?")
        await press(pilot, "y")
        assert isinstance(app.screen, CaseloadScreen)


async def test_opening_another_case_asks_while_a_risk_checklist_is_half_answered(app: AdvocateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        workspace = await open_case(pilot, "STK-2026-0001")
        await press(pilot, "7", "a", "y", "n")
        await run_command(pilot, "STK-2026-0002")
        assert asked(app) == (
            "On STK-2026-0001: The risk checklist being answered is not saved. "
            "Open STK-2026-0002 anyway? It stays unsaved here, behind STK-2026-0002."
        )
        await press(pilot, "n")
        assert app.screen is workspace
        await run_command(pilot, "STK-2026-0002")
        await press(pilot, "y")
        assert isinstance(app.screen, CaseWorkspace) and app.screen.reference == "STK-2026-0002"
        await press(pilot, "escape")
        assert app.screen is workspace
        assert workspace.query_one(RiskPane).has_answers, "the answers were kept behind the other case"


async def test_a_referral_judgement_being_typed_is_work_too(app: AdvocateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        workspace = await open_case(pilot, "STK-2026-0001")
        await press(pilot, "7", "m")
        await type_text(pilot, "Escalating")
        await press(pilot, "ctrl+q")
        assert asked(app) == (
            "On STK-2026-0001: The reason for the referral judgement being typed is not saved. Quit without saving?"
        )
        await press(pilot, "n", "escape")
        assert app.screen is workspace and workspace.unsaved_work() is None, "the prompt closed: nothing kept"
        await press(pilot, "escape")
        assert isinstance(app.screen, CaseloadScreen)


async def test_a_paste_of_several_lines_into_a_name_is_joined_and_says_so(app: AdvocateApp, caseload: Casework) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await press(pilot, "n")
        form = app.screen
        assert isinstance(form, FormScreen)
        name = field(form, "client_name")
        name.control.post_message(events.Paste("Robin\nFictus\n"))
        await settle(pilot)
        assert name.raw == "Robin Fictus"
        assert text_of(name.query_one(".field-message", Static)) == "Line breaks joined with spaces."
        await press(pilot, "ctrl+s")
    assert caseload.cases.get_case("STK-2026-0005").client.name == "Robin Fictus"


async def test_a_reason_typed_to_show_what_is_withheld_is_work_too(app: AdvocateApp) -> None:
    from textual.widgets import Input

    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        workspace = await open_case(pilot, "STK-2026-0001")
        await press(pilot, "6")
        await settle(pilot)
        workspace.query_one("#doc-reason", Input).focus()
        await type_text(pilot, "Court needs the address")
        await press(pilot, "escape")
        assert asked(app).startswith("The reason typed for showing what is withheld is not saved")
        await press(pilot, "n")
        assert app.screen is workspace


async def test_showing_the_address_in_an_edited_letter_asks_before_the_edits_go(app: AdvocateApp) -> None:
    from textual.widgets import Checkbox, Input

    async with app.run_test(size=SIZE) as pilot:
        workspace = await edit_the_letter(pilot)
        workspace.query_one("#doc-reason", Input).value = "The court needs it"
        box = workspace.query_one("#doc-include-address", Checkbox)
        box.value = True
        await pilot.pause()
        assert asked(app).startswith("The letter's text is edited: making it again for this change loses the edits")
        await press(pilot, "n")
        assert not box.value  # put back as it was
        assert "Checked with Jo." in workspace.query_one("#doc-editor", TextArea).text
        box.value = True
        await pilot.pause()
        await press(pilot, "y")
        await settle(pilot)
        assert box.value
        assert "Checked with Jo." not in workspace.query_one("#doc-editor", TextArea).text
