"""Pictures of the screens (fixed clock, fixed fictional caseload, 120×40), compared with the approved ones.

Update them after a deliberate change with ``pytest tests/tui --snapshot-update`` and look at the report.
"""

import pytest
from conftest import SIZE, press, started
from workers import settle

from advocate_tui.app import AdvocateApp
from advocate_tui.screens.workspace import TABS


def keys(*pressed: str):
    """Start, then press each key in turn once the workers of the one before have finished, as a person
    would (pressed at once, a busy machine could open the audit trail before the visit was recorded)."""

    async def run_before(pilot) -> None:
        await started(pilot)
        for key in pressed:
            await press(pilot, key)

    return run_before


def test_caseload(snap_compare, app: AdvocateApp) -> None:
    assert snap_compare(app, terminal_size=SIZE, run_before=keys())


def test_caseload_at_80_by_24(snap_compare, app: AdvocateApp) -> None:
    assert snap_compare(app, terminal_size=(80, 24), run_before=keys())


@pytest.mark.parametrize("tab", [str(number) for number in range(1, len(TABS) + 1)])
def test_case_workspace_tab(snap_compare, app: AdvocateApp, tab: str) -> None:
    assert snap_compare(app, terminal_size=SIZE, run_before=keys("enter", tab))


def test_case_workspace_at_80_by_24(snap_compare, app: AdvocateApp) -> None:
    assert snap_compare(app, terminal_size=(80, 24), run_before=keys("enter"))


def test_answering_the_risk_checklist_at_80_by_24(snap_compare, app: AdvocateApp) -> None:
    assert snap_compare(app, terminal_size=(80, 24), run_before=keys("enter", "7", "a", "y", "n", "d"))


def test_agenda(snap_compare, app: AdvocateApp) -> None:
    assert snap_compare(app, terminal_size=SIZE, run_before=keys("g"))


def test_agenda_at_80_by_24(snap_compare, app: AdvocateApp) -> None:
    assert snap_compare(app, terminal_size=(80, 24), run_before=keys("g"))


def test_incident_form(snap_compare, app: AdvocateApp) -> None:
    assert snap_compare(app, terminal_size=SIZE, run_before=keys("enter", "3", "a", *"yesterday 21:30"))


@pytest.mark.parametrize("size", [(80, 24), SIZE], ids=["80x24", "120x40"])
def test_audit_trail(snap_compare, app: AdvocateApp, size: tuple[int, int]) -> None:
    assert snap_compare(app, terminal_size=size, run_before=keys("enter", "ctrl+t"))


@pytest.mark.parametrize(
    ("size", "pressed"),
    [((80, 24), ("ctrl+f",)), (SIZE, ())],
    ids=["80x24", "120x40"],
)
def test_documents_tab_with_a_letter(
    snap_compare, app: AdvocateApp, size: tuple[int, int], pressed: tuple[str, ...]
) -> None:
    """At 80×24 the letter on the whole screen (ctrl+f), as an advocate reads it there; the compact tab around
    it is checked by tests/tui/test_tui_small_screens.py (its short list of templates may be scrolled by a line
    or not, depending on when it is first laid out, so it makes no fixed picture)."""

    async def run_before(pilot) -> None:
        await keys("enter", "6", "down")(pilot)
        await settle(pilot)  # the letter is made on a worker
        await press(pilot, *pressed)
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)
