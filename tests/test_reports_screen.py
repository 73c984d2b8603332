"""The Reports screen, driven through Pilot inside a tiny app, on the hand-counted caseload of test_reports."""

import stat
import sys

import pytest
from test_reports import END, START, make_caseload
from textual.pilot import Pilot
from textual.widgets import Input, Static
from workers import CaseworkApp, settle

from advocate_tui.output.report_formats import render
from advocate_tui.screens.modals.confirm import ConfirmScreen
from advocate_tui.screens.reports import ReportsScreen
from advocate_tui.services.casework import Casework
from advocate_tui.storage.config import documents_dir

SIZE = (120, 40)


class ReportsApp(CaseworkApp):
    """Just the Reports screen over one Casework, as the application would push it."""

    def on_mount(self) -> None:
        self.push_screen(ReportsScreen())


async def for_the_period(pilot: Pilot) -> None:
    """Type the period of the hand-counted fixture into the filters and run the report."""
    await settle(pilot)
    screen = pilot.app.screen
    screen.query_one("#reports-from", Input).value = START.isoformat()
    screen.query_one("#reports-to", Input).value = END.isoformat()
    screen.query_one("#reports-to", Input).focus()
    await pilot.press("enter")
    await settle(pilot)


def chart(pilot: Pilot, key: str) -> str:
    return str(pilot.app.screen.query_one(f"#chart-{key}", Static).render())


async def test_the_charts_show_exact_counts_and_the_funders_view(sqlite_casework: Casework) -> None:
    make_caseload(sqlite_casework)
    app = ReportsApp(sqlite_casework)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "01 Apr 2026 to 23 Nov 2026" in str(app.screen.query_one("#reports-title", Static).render())
        await for_the_period(pilot)
        summary = chart(pilot, "summary")
        label = "Median days from referral to first contact"
        assert summary.splitlines()[:2] == [f"{'Referrals received':<{len(label) + 1}}   10", f"{label}   3.5"]
        source = chart(pilot, "source").splitlines()
        assert source[0] == "Police                  " + "█" * 23 + "    6"
        assert source[1] == "Self                    " + "█" * 12 + " " * 11 + "    3"
        await pilot.press("f")
        source = chart(pilot, "source").splitlines()
        assert source[1] == "Self                    " + " " * 23 + "   <5"
        assert "counts from 1 to 4 shown as <5" in str(app.screen.query_one("#reports-title", Static).render())
        await pilot.press("x")
        await settle(pilot)
        saved = documents_dir() / "reports" / "report_2026-04-01_to_2026-09-30.csv"
        assert saved.read_text(encoding="utf-8") == render(app.screen.report, "csv", 5)
        assert "Referrals by source,Self,Referrals,<5\n" in saved.read_text(encoding="utf-8")
        assert list(app._notifications)[-1].message.startswith("Saved the funder's report: ")


async def test_a_bad_date_is_one_sentence_and_keeps_the_last_report(sqlite_casework: Casework) -> None:
    app = ReportsApp(sqlite_casework)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.query_one("#reports-from", Input).value = "someday"
        app.screen.query_one("#reports-from", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert list(app._notifications)[-1].message.startswith("'someday' is not a date I can read for the first day")
        assert app.screen.report is not None


async def test_exporting_over_an_earlier_export_asks_first(sqlite_casework: Casework) -> None:
    folder = documents_dir() / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    earlier = folder / "report_2026-04-01_to_2026-09-30.csv"
    earlier.write_text("an earlier export\n", encoding="utf-8")
    make_caseload(sqlite_casework)
    app = ReportsApp(sqlite_casework)
    async with app.run_test(size=SIZE) as pilot:
        await for_the_period(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert app.screen.question == f"{earlier} exists: replace it?"
        await pilot.press("n")
        await settle(pilot)
        assert earlier.read_text(encoding="utf-8") == "an earlier export\n"
        assert sorted(p.name for p in folder.iterdir()) == [earlier.name]
        await pilot.press("x", "y")
        await settle(pilot)
        assert earlier.read_text(encoding="utf-8") == render(app.screen.report, "csv", 5)
        assert sorted(p.suffix for p in folder.iterdir()) == [".csv", ".html", ".md"]


@pytest.mark.skipif(sys.platform == "win32", reason="file modes are POSIX")
async def test_the_reports_folder_and_its_files_are_private_like_letters(sqlite_casework: Casework) -> None:
    folder = documents_dir() / "reports"
    folder.mkdir(mode=0o755, parents=True)  # as an earlier version left it
    folder.chmod(0o755)
    make_caseload(sqlite_casework)
    app = ReportsApp(sqlite_casework)
    async with app.run_test(size=SIZE) as pilot:
        await for_the_period(pilot)
        await pilot.press("x")
        await settle(pilot)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert {stat.S_IMODE(p.stat().st_mode) for p in folder.iterdir()} == {0o600}


def test_reports_screen_snapshot(sqlite_casework: Casework, snap_compare) -> None:
    make_caseload(sqlite_casework)
    assert snap_compare(ReportsApp(sqlite_casework), terminal_size=SIZE, run_before=for_the_period)
