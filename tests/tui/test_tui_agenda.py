"""The agenda one can get through: grouped by when, a case's plan items folded into one row that space opens,
the kinds shown chosen from a checklist, "mine" once a team shares the database; the choices kept in config.toml."""

from conftest import SIZE, press, rows, started, text_of
from textual.widgets import SelectionList, Static

from advocate_tui.app import AdvocateApp
from advocate_tui.rules.vocab import AgendaKind
from advocate_tui.screens.agenda import AgendaScreen, AgendaTable
from advocate_tui.screens.modals.agenda_kinds import AgendaKindsScreen
from advocate_tui.services.casework import Casework
from advocate_tui.storage.config import config_file, load_settings

FOLDED = "Thu 26 Nov STK-2026-0001 Jo ▸ 3 safety-plan items due: Incident diary started; keep screensho…"


async def test_the_agenda_is_grouped_by_when_and_a_case_s_plan_items_fold_into_one_row(app: AdvocateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await press(pilot, "g")
        screen = app.screen
        assert isinstance(screen, AgendaScreen)
        table = screen.query_one(AgendaTable)
        shown = rows(table)
        assert [line for line in shown if table.records[shown.index(line)].heading] == [
            "Overdue and today (9)",
            "The next 7 days (11)",
            "Later (2)",
        ]
        assert text_of(screen.query_one("#agenda-title", Static)).endswith("22 things to look at")
        assert text_of(screen.query_one("#agenda-nothing", Static)) == (
            "Nothing due: reviews of police or CPS decisions, referral meetings and actions, consultation follow-ups."
        )
        assert FOLDED in shown
        table.move_cursor(row=shown.index(FOLDED))
        await press(pilot, "space")
        opened = rows(table)
        at = opened.index(FOLDED.replace("▸", "▾"))
        assert len(opened) == len(shown) + 3
        assert opened[at + 1 : at + 4] == [
            "Thu 26 Nov STK-2026-0001 Jo · Incident diary started; keep screenshots and do not handle gi…",
            "Mon 30 Nov STK-2026-0001 Jo · Door and window locks checked",
            "Mon 30 Nov STK-2026-0001 Jo · Phone, car and accounts checked for tracking; passwords and t…",
        ]
        await press(pilot, "down", "space")
        assert rows(table) == shown, "space on an item folds its row again"
        assert table.current_key == "plans:soon:STK-2026-0001"
        await press(pilot, "enter")
        assert app.screen.reference == "STK-2026-0001"  # type: ignore[attr-defined]


async def test_the_kinds_shown_are_chosen_from_a_checklist_and_kept(app: AdvocateApp, make_app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await press(pilot, "g", "f")
        assert isinstance(app.screen, AgendaKindsScreen)
        choices = app.screen.query_one(SelectionList)
        choices.highlighted = list(AgendaKind).index(AgendaKind.PLAN_ITEMS)
        await press(pilot, "space", "enter")
        screen = app.screen
        assert isinstance(screen, AgendaScreen)
        shown = rows(screen.query_one(AgendaTable))
        assert not [line for line in shown if "safety-plan" in line or "Safety plan" in line]
        assert shown[0] == "Overdue and today (7)"
        assert text_of(screen.query_one("#agenda-title", Static)).endswith("9 things to look at  ·  1 kind hidden (f)")
    assert 'hide = ["plan-items"]' in config_file().read_text(encoding="utf-8")
    assert load_settings().agenda_hidden == {AgendaKind.PLAN_ITEMS}
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await started(pilot)
        await press(pilot, "g")
        assert rows(again.screen.query_one(AgendaTable))[0] == "Overdue and today (7)", "kept for the next time"


async def test_mine_is_offered_once_a_team_shares_the_cases(app: AdvocateApp, other_session: Casework) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await press(pilot, "g", "m")
        screen = app.screen
        assert isinstance(screen, AgendaScreen)
        assert screen.view.mine is False, "alone, there is nothing to filter"
        assert screen.check_action("mine", ()) is False, "nor is it offered in the footer"
        await press(pilot, "escape")
        other = other_session.cases.create_case("Robin Colleague").reference
        await press(pilot, "g")
        screen = app.screen
        assert isinstance(screen, AgendaScreen)
        assert any(other in line for line in rows(screen.query_one(AgendaTable)))
        assert screen.check_action("mine", ()) is True
        await press(pilot, "m")
        assert not any(other in line for line in rows(screen.query_one(AgendaTable)))
        assert "your cases" in text_of(screen.query_one("#agenda-title", Static))
    assert load_settings().agenda_mine is True
