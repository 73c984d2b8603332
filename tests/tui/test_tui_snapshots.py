"""Pictures of the screens (fixed clock, fixed fictional caseload, 120×40), compared with the approved ones.

Update them after a deliberate change with ``pytest tests/tui --snapshot-update`` and look at the report.
"""

import pytest

from advocate_tui.app import AdvocateApp

from conftest import SIZE, press, started


def keys(*pressed: str):
    async def run_before(pilot) -> None:
        await started(pilot)
        await press(pilot, *pressed)

    return run_before


def test_caseload(snap_compare, app: AdvocateApp) -> None:
    assert snap_compare(app, terminal_size=SIZE, run_before=keys())


def test_caseload_at_80_by_24(snap_compare, app: AdvocateApp) -> None:
    assert snap_compare(app, terminal_size=(80, 24), run_before=keys())


@pytest.mark.parametrize("tab", ["1", "2", "3", "4", "5"])
def test_case_workspace_tab(snap_compare, app: AdvocateApp, tab: str) -> None:
    assert snap_compare(app, terminal_size=SIZE, run_before=keys("enter", tab))


def test_agenda(snap_compare, app: AdvocateApp) -> None:
    assert snap_compare(app, terminal_size=SIZE, run_before=keys("g"))


def test_incident_form(snap_compare, app: AdvocateApp) -> None:
    assert snap_compare(app, terminal_size=SIZE, run_before=keys("enter", "3", "a", *"yesterday 21:30"))
