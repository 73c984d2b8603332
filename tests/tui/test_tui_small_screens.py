"""Small terminals (80×24, 100×30): every tab title, name and prompt readable, new rows in view."""

import pytest
from conftest import local, open_case, press, rows, started, text_of, type_text
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, Static, Tabs, TextArea
from workers import settle

from advocate_tui.app import AdvocateApp
from advocate_tui.screens.caseload import CaseTable
from advocate_tui.screens.tabs.documents import INCLUDE_LABELS, DocumentsPane
from advocate_tui.screens.tabs.incidents import IncidentTable
from advocate_tui.screens.tabs.risk import RiskItems
from advocate_tui.screens.widgets.table import RecordTable
from advocate_tui.screens.workspace import TABS, CaseWorkspace
from advocate_tui.services.casework import Casework


@pytest.mark.parametrize("width", [80, 100, 120])
async def test_every_tab_title_is_whole_on_one_line(app: AdvocateApp, width: int) -> None:
    async with app.run_test(size=(width, 24)) as pilot:
        await started(pilot)
        workspace = await open_case(pilot, "STK-2026-0001")
        tabs = workspace.query_one(Tabs)
        shown = [tab for tab in tabs.query("Tab")]
        assert len(shown) == len(TABS)
        for number, tab in enumerate(shown, start=1):
            label = tab.label.plain
            assert label.startswith(f"{number} ") and len(label) > len(f"{number} ") + 2
            assert label.removeprefix(f"{number} ") in (TABS[number - 1].TITLE, TABS[number - 1].SHORT)
            assert tab.region.x >= 0 and tab.region.right <= width, label


async def test_the_caseload_gives_client_names_room_first_at_80_columns(app: AdvocateApp, caseload: Casework) -> None:
    caseload.cases.create_case("Tomasz Example", relationship="stranger")
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        table = pilot.app.screen.query_one(CaseTable)
        assert "STK-2026-0005 Tomasz Example Standard Referred ND" in rows(table)[-1]
        widths = [column.width for column in table.ordered_columns]
        client, status, orders = widths[1], widths[3], widths[-1]
        assert client > len("Tomasz Example") and status > len("Assessment") and orders < 12
        assert sum(widths) == table.usable_width


def labels(table: RecordTable) -> list[str]:
    """The column labels as drawn: cut with "…" where the column is narrower than its label."""
    return [
        label if len(label) <= column.width else label[: max(column.width - 1, 0)] + "…"
        for column in table.ordered_columns
        for label in [column.label.plain]
    ]


async def test_column_labels_are_whole_or_shortened_never_cut_at_80_columns(
    app: AdvocateApp, caseload: Casework
) -> None:
    caseload.justice.add_report("STK-2026-0001", "NS/12345/26", status="no-further-action", status_reason="None")
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        caseload = labels(pilot.app.screen.query_one(CaseTable))
        assert "Cntct" in caseload and not any("…" in label for label in caseload)
        workspace = await open_case(pilot, "STK-2026-0001")
        for tab in ("4", "8"):  # court dates and orders; crime references ("Inv…" hid the investigation)
            await press(pilot, tab)
            for table in workspace.query(RecordTable):
                if table.show_header and table.region.width:
                    assert not any("…" in label for label in labels(table)), labels(table)


def in_view(table: RecordTable) -> bool:
    """Whether the row under the cursor is drawn within the table (below its header)."""
    row_y = table.cursor_row + (1 if table.show_header else 0)
    return (
        table.scroll_y + (1 if table.show_header else 0)
        <= row_y
        < table.scroll_y + table.scrollable_content_region.height
    )


async def test_the_incident_just_logged_is_scrolled_into_view_at_80_by_24(app: AdvocateApp, caseload: Casework) -> None:
    for day in range(1, 15):
        caseload.log.add_incident("STK-2026-0001", f"Message number {day}.", local(2026, 9, day, 9, 0), ["messages"])
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await open_case(pilot, "STK-2026-0001")
        await press(pilot, "3")
        table = app.screen.query_one(IncidentTable)
        table.move_cursor(row=0)
        await pilot.pause()
        assert table.cursor_row == 0 and in_view(table)
        await press(pilot, "a")
        await type_text(pilot, "yesterday 21:30")
        await press(pilot, "tab", "tab", "space", "tab")
        await type_text(pilot, "Rang twelve times.")
        await press(pilot, "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, CaseWorkspace)
        assert rows(table)[table.cursor_row].endswith("Rang twelve times.")
        assert in_view(table)


@pytest.fixture
def long_caseload(caseload: Casework) -> Casework:
    """Thirty cases more than fit in 24 lines, the last of them Zed Example."""
    for number in range(29):
        caseload.cases.create_case(f"Client Number {number}")
    caseload.cases.create_case("Zed Example")
    return caseload


async def test_a_new_case_is_under_the_cursor_and_in_view_once_the_filter_is_cleared(
    app: AdvocateApp, long_caseload: Casework
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await press(pilot, "slash")
        await type_text(pilot, "Number 1")
        await press(pilot, "enter", "n")
        await type_text(pilot, "Aaron Newcase")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, CaseWorkspace)
        await press(pilot, "escape", "slash", "escape")
        await pilot.pause()
        table = app.screen.query_one(CaseTable)
        assert table.row_count > 30 and "Aaron Newcase" in rows(table)[table.cursor_row]
        assert in_view(table)


async def show_letter(pilot: Pilot, moves: str) -> DocumentsPane:
    """Open Jo's Documents tab and highlight a template ``moves`` ("down" for the client's court date letter)."""
    await started(pilot)
    workspace = await open_case(pilot, "STK-2026-0001")
    await press(pilot, "6", moves)
    await settle(pilot)
    return workspace.query_one(DocumentsPane)


async def test_the_letter_has_room_at_80_by_24_and_the_whole_screen_on_demand(app: AdvocateApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await show_letter(pilot, "down")
        preview = pane.query_one("#doc-preview-scroll")
        state = pane.query_one("#doc-state", Static)
        assert preview.region.height >= 10
        assert state.region.y > pane.query_one("#doc-save").region.y
        assert state.region.height == 1 and text_of(state) == "Press e to edit the text."
        await press(pilot, "ctrl+f")
        assert app.screen.maximized is pane.query_one("#doc-main")
        assert preview.region.height >= 18 and app.focused is preview
        await press(pilot, "e")
        await type_text(pilot, "Note ")
        assert pane.query_one("#doc-editor").region.height >= 18
        await press(pilot, "escape")
        assert isinstance(app.screen, CaseWorkspace) and app.screen.maximized is None
        assert pane.query_one("#doc-editor", TextArea).text.startswith("Note ")
        await press(pilot, "ctrl+f")
        assert app.screen.maximized is pane.query_one("#doc-main")
        await press(pilot, "ctrl+f")
        assert app.screen.maximized is None


async def test_the_reason_for_showing_the_address_is_whole_at_100_by_30(app: AdvocateApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await show_letter(pilot, "up")
        reason = pane.query_one("#doc-reason", Input)
        boxes = {item: pane.query_one(f"#doc-include-{item}", Checkbox) for item in INCLUDE_LABELS}
        assert boxes["address"].display and boxes["phone"].display
        for item, box in boxes.items():
            assert not box.display or box.content_region.width > len(INCLUDE_LABELS[item]) + 4, item
        assert reason.content_region.width > len(reason.placeholder)
        assert pane.query_one("#doc-preview-scroll").region.height >= 8


async def test_the_risk_pane_says_what_it_will_list_whole_at_100_by_30(app: AdvocateApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        workspace = await open_case(pilot, "STK-2026-0001")
        await press(pilot, "7")
        items = workspace.query_one(RiskItems)
        [row] = items.rows.values()
        assert items.row_count == 1 and row.height * items.ordered_columns[0].width >= len(RiskItems.EMPTY) + 2


async def test_the_referral_judgement_question_is_whole_at_120_by_40(app: AdvocateApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        workspace = await open_case(pilot, "STK-2026-0001")
        await press(pilot, "7", "m")
        await pilot.pause()
        question = workspace.query_one("#risk-question", Static)
        prompt = workspace.query_one("#risk-prompt", Input)
        assert text_of(question).startswith("Why a referral to the ") and question.region.height >= 1
        assert question.content_region.width * question.region.height >= len(text_of(question))
        assert app.focused is prompt and prompt.content_region.width > len(prompt.placeholder)
