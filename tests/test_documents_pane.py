"""The Documents pane, driven through Pilot inside a tiny app: pick, preview, edit, save."""

import re
from datetime import datetime
from pathlib import Path

from letter_cases import SECRET_PARTS, full_case
from sqlmodel import select
from textual.app import ComposeResult
from textual.pilot import Pilot
from textual.widgets import Button, Input, Markdown, OptionList, Select, Static, TextArea
from withheld_corpus import TOWN_COURT, TOWN_COURT_LISTED, corpus_case
from workers import CaseworkApp, settle

from advocate_tui.output.letters.templates import available
from advocate_tui.screens.modals.confirm import ConfirmScreen
from advocate_tui.screens.tabs.documents import DocumentsPane
from advocate_tui.services.casework import Casework
from advocate_tui.storage.models import DocumentRelease

SIZE = (120, 40)
NAMES = list(available())


class PaneApp(CaseworkApp):
    """Just the pane, as the case workspace would mount it."""

    def compose(self) -> ComposeResult:
        yield DocumentsPane(self.casework, self.reference)


async def choose(pilot: Pilot, name: str) -> DocumentsPane:
    """Move the template list's cursor to ``name`` with the arrow keys and wait for the preview."""
    await settle(pilot)
    pane = pilot.app.query_one(DocumentsPane)
    pane.query_one("#doc-templates", OptionList).focus()
    await pilot.press("home", *["down"] * NAMES.index(name))
    await settle(pilot)
    return pane


async def test_pick_preview_edit_and_save(sqlite_casework: Casework) -> None:
    ref = full_case(sqlite_casework)
    app = PaneApp(sqlite_casework, ref)
    async with app.run_test(size=SIZE) as pilot:
        pane = await choose(pilot, "incident-chronology")
        assert "Police" in str(pane.query_one("#doc-about", Static).render())
        preview = pane.query_one("#doc-preview", Markdown)
        assert preview.source.startswith("# Incident chronology: Jo Example")
        assert not pane.query_one("#doc-save", Button).disabled

        await pilot.press("e")
        editor = pane.query_one("#doc-editor", TextArea)
        assert editor.has_focus
        editor.move_cursor(editor.document.end)
        await pilot.press("enter", "enter", *"Checked with Jo.")
        assert pane.unsaved_work() == "The letter being edited is not saved."
        pane.query_one("#doc-format", Select).value = "txt"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pane.unsaved_work() is None, "saved: leaving loses nothing"

        [document] = sqlite_casework.documents.list_documents(ref)
        saved = Path(document.path)
        assert saved.name == f"{ref}_incident-chronology_2026-11-23.txt"
        assert saved.read_text(encoding="utf-8").rstrip().endswith("Checked with Jo.")
        assert [n.message for n in app._notifications] == [f"Saved {saved}"]
        made = pane.query_one("#doc-made", OptionList)
        assert made.option_count == 1
        assert "Incident chronology for the police" in str(made.get_option_at_index(0).prompt)


async def test_moving_to_another_template_asks_before_losing_the_edits(sqlite_casework: Casework) -> None:
    ref = full_case(sqlite_casework)
    app = PaneApp(sqlite_casework, ref)
    async with app.run_test(size=SIZE) as pilot:
        pane = await choose(pilot, "incident-chronology")
        await pilot.press("e", *"Edited")
        editor = pane.query_one("#doc-editor", TextArea)
        edited = editor.text
        choices = pane.query_one("#doc-templates", OptionList)
        choices.focus()
        await pilot.press("down")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "The letter being edited is not saved." in str(app.screen.question)
        await pilot.press("n")
        await settle(pilot)
        assert editor.text == edited, "kept"
        assert choices.highlighted == NAMES.index("incident-chronology"), "the list back on the letter being edited"
        await pilot.press("down")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert pane.template_shown == NAMES[NAMES.index("incident-chronology") + 1]
        assert "Edited" not in editor.text and pane.unsaved_work() is None


async def test_missing_data_shows_the_sentence_and_saves_nothing(sqlite_casework: Casework) -> None:
    ref = sqlite_casework.cases.create_case(
        "Jo Example", relationship="ex-partner", perpetrator_name="Alex Notreal"
    ).reference
    sqlite_casework.log.add_incident(ref, "Calls.", datetime(2026, 11, 20, 9))
    app = PaneApp(sqlite_casework, ref)
    async with app.run_test(size=SIZE) as pilot:
        pane = await choose(pilot, "spo-request")
        problem = pane.query_one("#doc-problem", Static)
        assert problem.display
        assert (
            str(problem.render())
            == f"The officer in the case is not set on {ref}: add it under Overview → Referral and police."
        )
        assert pane.query_one("#doc-save", Button).disabled
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert sqlite_casework.documents.list_documents(ref) == []


async def test_including_the_confidential_address_needs_a_reason(sqlite_casework: Casework) -> None:
    ref = full_case(sqlite_casework)
    app = PaneApp(sqlite_casework, ref)
    async with app.run_test(size=SIZE) as pilot:
        pane = await choose(pilot, "home-security-referral")
        preview = pane.query_one("#doc-preview", Markdown)
        assert not any(part in preview.source for part in SECRET_PARTS)
        assert pane.query_one("#doc-address").display
        await pilot.click("#doc-include-address")
        await settle(pilot)
        assert pane.query_one("#doc-reason").has_focus
        await pilot.press(*"Fitter needs it", "enter")
        await settle(pilot)
        assert SECRET_PARTS[0] in preview.source
        pane.query_one("#doc-format", Select).value = "md"
        await pilot.press("ctrl+s")
        await settle(pilot)
    [document] = sqlite_casework.documents.list_documents(ref)
    assert (document.address_override, document.address_override_reason) == (True, "Fitter needs it")


def test_preview_snapshot(sqlite_casework: Casework, snap_compare) -> None:
    ref = full_case(sqlite_casework)

    async def show_chronology(pilot: Pilot) -> None:
        await choose(pilot, "incident-chronology")

    assert snap_compare(PaneApp(sqlite_casework, ref), terminal_size=SIZE, run_before=show_chronology)


async def test_withheld_passages_are_listed_and_one_can_be_released_with_a_reason(sqlite_casework: Casework) -> None:
    ref = corpus_case(sqlite_casework)
    app = PaneApp(sqlite_casework, ref)
    async with app.run_test(size=SIZE) as pilot:
        pane = await choose(pilot, "restraining-order-request")
        preview = pane.query_one("#doc-preview", Markdown)
        assert f"{TOWN_COURT}" not in preview.source
        state = str(pane.query_one("#doc-state", Static).render())
        assert re.match(
            r"\d+ passages were withheld \(listed above; r shows the highlighted one, with a reason\)", state
        )
        withheld = pane.query_one("#doc-withheld", OptionList)
        assert withheld.display
        shown = f'court date of 3 Dec 2026 (court): "{TOWN_COURT_LISTED}"'
        prompts = [str(withheld.get_option_at_index(i).prompt) for i in range(withheld.option_count)]
        court = prompts.index(shown)
        withheld.focus()
        withheld.highlighted = court
        await pilot.press("r")
        await settle(pilot)
        assert pane.query_one("#doc-reason", Input).has_focus  # a reason first
        assert TOWN_COURT not in preview.source
        await pilot.press(*"The court's name is public", "enter")
        await settle(pilot)
        assert TOWN_COURT not in preview.source  # nothing released yet: r was refused
        withheld.focus()
        withheld.highlighted = court
        await pilot.press("r")
        await settle(pilot)
        assert TOWN_COURT in preview.source
        assert shown not in [str(withheld.get_option_at_index(i).prompt) for i in range(withheld.option_count)]
        pane.query_one("#doc-format", Select).value = "md"
        await pilot.press("ctrl+s")
        await settle(pilot)
    [document] = sqlite_casework.documents.list_documents(ref)
    assert TOWN_COURT in Path(document.path).read_text(encoding="utf-8")
    with sqlite_casework.db.reader() as session:
        [release] = session.exec(select(DocumentRelease).where(DocumentRelease.document_id == document.id)).all()
    assert (release.item, release.passage, release.reason) == (
        "passage",
        TOWN_COURT_LISTED,
        "The court's name is public",
    )
