"""Small terminals (80×24, 100×30): every tab title, name and prompt readable, new rows in view."""

import pytest
from conftest import open_case, rows, started
from textual.widgets import Tabs

from advocate_tui.app import AdvocateApp
from advocate_tui.screens.caseload import CaseTable
from advocate_tui.screens.workspace import TABS
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
