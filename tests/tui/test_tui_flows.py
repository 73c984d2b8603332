"""The application's flows, driven by key presses as a person would, checked on screen and in the database."""

import io
import json
import threading
from datetime import date

import pytest
from conftest import (
    SIZE,
    choose_command,
    field,
    open_case,
    press,
    rows,
    run_command,
    settle,
    started,
    text_of,
    type_text,
)
from rich.console import Console
from textual.widgets import Input, SelectionList, Static, TextArea

from advocate_tui.app import AdvocateApp
from advocate_tui.screens.agenda import AgendaScreen, AgendaTable
from advocate_tui.screens.caseload import CaseTable, FilterInput
from advocate_tui.screens.forms.form import FormScreen
from advocate_tui.screens.modals.confirm import ConfirmScreen
from advocate_tui.screens.tabs.court import HearingTable, OrderTable
from advocate_tui.screens.tabs.incidents import IncidentTable
from advocate_tui.screens.tabs.overview import OverviewTable
from advocate_tui.screens.tabs.plan import PlanTable
from advocate_tui.screens.widgets.case_header import CaseHeader
from advocate_tui.screens.workspace import CaseWorkspace
from advocate_tui.services.cases import Cases
from advocate_tui.services.casework import Casework


async def test_caseload_lists_open_cases_with_their_figures(app: AdvocateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await started(pilot)
        assert rows(screen.query_one(CaseTable)) == [
            "STK-2026-0001 ⚠ Jo HIGH Referred D 03 Dec 3 d 3/12 SPO",
            "STK-2026-0002 Priya Madeup Medium Referred ND 83 d 0/12",
            "STK-2026-0003 Alex Notreal Standard Referred ND 0 d 0/12",
        ]
        assert text_of(screen.query_one("#caseload-status", Static)).startswith("3 open cases")
        await press(pilot, "o")
        assert rows(screen.query_one(CaseTable))[-1].startswith("STK-2026-0004 Casey Demo Standard Closed ND")
        assert text_of(screen.query_one("#caseload-status", Static)).startswith("4 cases, open and closed")


async def test_the_caseload_status_line_counts_in_plain_words(app: AdvocateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await started(pilot)
        await press(pilot, *"s" * 7)  # from the reference to the Plan column
        assert "sorted by safety plan, least done first" in text_of(screen.query_one("#caseload-status", Static))
        await press(pilot, "slash")
        await type_text(pilot, "priya")
        assert "  ·  1 matching “priya”" in text_of(screen.query_one("#caseload-status", Static))


async def test_first_run_says_how_to_add_a_case_or_try_demo_data(sqlite_casework: Casework) -> None:
    app = AdvocateApp(lambda: sqlite_casework)
    async with app.run_test(size=SIZE) as pilot:
        screen = await started(pilot)
        welcome = text_of(screen.query_one("#first-run", Static))
        assert "There are no cases in this database yet" in welcome
        assert "add a case for a new referral" in welcome and "advocate --db demo.db demo" in welcome
        assert not screen.query_one("#caseload").display
        await press(pilot, "n")
        assert isinstance(app.screen, FormScreen)


async def test_a_database_that_cannot_be_opened_is_explained(tmp_path) -> None:
    from advocate_tui.db import open_database
    from advocate_tui.screens.start import StartScreen

    not_a_database = tmp_path / "notes.txt"
    not_a_database.write_text("shopping list")
    app = AdvocateApp(lambda: Casework(open_database(str(not_a_database)), user="x", areas=("City",)))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, StartScreen)
        message = text_of(app.screen.query_one("#start-message", Static))
        assert "cannot be opened" in message and "is not an advocate database" in message
        await press(pilot, "q")
    assert app.problem is not None and "not an advocate database" in app.problem


async def test_filter_matches_reference_names_perpetrator_and_crime_reference(app: AdvocateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await started(pilot)
        table = screen.query_one(CaseTable)
        await press(pilot, "slash")
        assert isinstance(app.focused, FilterInput)
        for typed, expected in [
            ("madeup", ["STK-2026-0002"]),
            ("sam sample", ["STK-2026-0001"]),
            ("NS/12345", ["STK-2026-0001"]),
            ("0003", ["STK-2026-0003"]),
            ("chris", ["STK-2026-0002"]),
        ]:
            app.screen.query_one(FilterInput).value = ""
            await type_text(pilot, typed)
            await settle(pilot)
            assert [r.split()[0] for r in rows(table)] == expected, typed
        await type_text(pilot, "zzz")
        await settle(pilot)
        assert rows(table) == ["No cases match the filter."]
        await press(pilot, "escape")
        assert app.screen.query_one(FilterInput).value == ""
        assert len(rows(table)) == 3


async def test_a_click_picks_the_row_under_it_after_the_filter_moved_the_rows(app: AdvocateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await started(pilot)
        table = screen.query_one(CaseTable)

        async def click(line: int) -> str | None:
            await pilot.pause(0.1)  # painted since the rows changed: a click reads its row from the screen
            await pilot.click(CaseTable, offset=(3, line))
            await settle(pilot)
            return table.current_key

        assert [await click(line) for line in (2, 3, 1)] == ["STK-2026-0002", "STK-2026-0003", "STK-2026-0001"]
        await press(pilot, "slash")
        await type_text(pilot, "0002")  # the one row left is drawn on the first line, highlighted
        await press(pilot, "down")
        await settle(pilot)
        await click(1)  # a click on the highlighted row opens its case
        assert isinstance(app.screen, CaseWorkspace) and app.screen.reference == "STK-2026-0002"
        await press(pilot, "escape", "slash", "escape", "down")  # back, the filter cleared: the three rows again
        await settle(pilot)
        assert [await click(line) for line in (3, 1)] == ["STK-2026-0003", "STK-2026-0001"]


async def test_sorting_by_risk_puts_high_risk_first(app: AdvocateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await started(pilot)
        await press(pilot, "s", "s")
        assert "highest risk first" in text_of(screen.query_one("#caseload-status", Static))
        assert [r.split()[0] for r in rows(screen.query_one(CaseTable))] == [
            "STK-2026-0001",
            "STK-2026-0002",
            "STK-2026-0003",
        ]
        await press(pilot, "r")
        assert [r.split()[0] for r in rows(screen.query_one(CaseTable))] == [
            "STK-2026-0003",
            "STK-2026-0002",
            "STK-2026-0001",
        ]


async def test_create_a_case_from_the_form(app: AdvocateApp, caseload: Casework) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await press(pilot, "n")
        form = app.screen
        assert isinstance(form, FormScreen)
        await type_text(pilot, "Robin Fictus")
        await press(pilot, "tab")
        await type_text(pilot, "Robin")
        field(form, "relationship").control.value = "neighbour"
        field(form, "risk").control.value = "medium"
        await press(pilot, "ctrl+s")
        assert app.screen is form  # a level set by hand needs its reason: nothing saved yet
        assert "needs the reason for your professional judgement" in text_of(form.query_one("#form-problem", Static))
        field(form, "risk_reason").control.focus()
        await type_text(pilot, "Watches the house most evenings")
        await press(pilot, "ctrl+s")
        workspace = app.screen
        assert isinstance(workspace, CaseWorkspace)
        assert workspace.reference == "STK-2026-0005"
        header = text_of(workspace.query_one(CaseHeader))
        assert "STK-2026-0005" in header and "Robin" in header and "Medium risk (by judgement)" in header
    case = caseload.cases.get_case("STK-2026-0005")
    assert (case.client.name, case.client.preferred_name, case.risk_level, case.domestic) == (
        "Robin Fictus",
        "Robin",
        "medium",
        False,
    )
    assert case.perpetrators[0].relationship == "neighbour"


async def test_new_case_form_refuses_an_empty_name_inline(app: AdvocateApp, caseload: Casework) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await press(pilot, "n", "ctrl+s")
        form = app.screen
        assert isinstance(form, FormScreen)
        name = field(form, "client_name")
        assert name.has_class("-invalid")
        assert "empty" in text_of(name.query_one(".field-message", Static))
        assert "nothing has been saved" in text_of(form.query_one("#form-problem", Static))
    assert caseload.cases.count_cases() == 4


async def test_add_an_incident_with_an_everyday_date(app: AdvocateApp, caseload: Casework) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await open_case(pilot, "STK-2026-0001")
        await press(pilot, "3", "a")
        form = app.screen
        assert isinstance(form, FormScreen)
        await type_text(pilot, "yesterday 21:30")
        when = field(form, "occurred_at")
        assert text_of(when.query_one(".field-message", Static)) == "→ Sun 22 Nov 2026 21:30"
        await press(pilot, "tab", "tab")
        assert isinstance(app.focused, SelectionList)
        await press(pilot, "space", "down", "space")
        await press(pilot, "tab")
        assert isinstance(app.focused, TextArea)
        await type_text(pilot, "Rang twelve times from a withheld number.")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, CaseWorkspace)
        assert rows(app.screen.query_one(IncidentTable))[-1] == (
            "Sun 22 Nov 21:30 Following, Loitering Rang twelve times from a withheld number."
        )
    incident = caseload.cases.get_case("STK-2026-0001").incidents[-1]
    assert incident.description == "Rang twelve times from a withheld number."
    assert sorted(incident.kinds) == ["following", "loitering"]
    assert incident.recorded_by == "Test Advocate" and not incident.approximate


async def test_the_incident_just_logged_is_under_the_cursor_even_when_it_is_not_the_latest(app: AdvocateApp) -> None:
    from advocate_tui.screens.modals.incident_record import IncidentRecord

    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await open_case(pilot, "STK-2026-0001")
        await press(pilot, "3", "a")
        await type_text(pilot, "16 Nov 08:05")
        await press(pilot, "tab", "tab", "space", "tab")
        await type_text(pilot, "Letter left on the car windscreen.")
        await press(pilot, "ctrl+s")
        table = app.screen.query_one(IncidentTable)
        assert rows(table)[-1].startswith("Sat 21 Nov 22:10")
        assert rows(table)[table.cursor_row] == "Mon 16 Nov 08:05 Following Letter left on the car windscreen."
        await press(pilot, "enter")
        assert isinstance(app.screen, IncidentRecord)
        assert app.screen.query_one("#record").border_title == "Incident, Mon 16 Nov 2026 08:05"


async def test_incident_in_the_future_is_refused_as_it_is_typed(app: AdvocateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await open_case(pilot, "STK-2026-0001")
        await press(pilot, "3", "a")
        await type_text(pilot, "tomorrow 10:00")
        when = field(app.screen, "occurred_at")
        assert when.has_class("-invalid")
        assert "cannot be in the future" in text_of(when.query_one(".field-message", Static))


async def test_a_case_shows_before_its_incident_log_is_read_and_the_log_follows(
    app: AdvocateApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    log_read = threading.Event()
    get_case = Cases.get_case

    def slow_get_case(self: Cases, reference: str):
        log_read.wait(10)
        return get_case(self, reference)

    monkeypatch.setattr(Cases, "get_case", slow_get_case)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        table = app.screen.query_one(CaseTable)
        table.move_cursor(row=table.get_row_index("STK-2026-0001"))
        await pilot.press("enter")
        workspace = app.screen
        assert isinstance(workspace, CaseWorkspace)
        for _ in range(100):  # the header and Overview, from the case without its log
            await pilot.pause(0.02)
            if workspace.case is not None:
                break
        assert not workspace.complete and workspace.case is not None
        assert "STK-2026-0001" in text_of(workspace.query_one(CaseHeader))
        await pilot.press("3")
        await pilot.pause(0.1)
        assert text_of(workspace.query_one("#incident-trend", Static)) == "Reading the incident log…"
        assert rows(workspace.query_one(IncidentTable)) == [""]
        log_read.set()
        await settle(pilot)
        assert workspace.complete
        assert rows(workspace.query_one(IncidentTable))[-1].startswith("Sat 21 Nov 22:10 Property damage")


async def test_enter_shows_the_full_incident_record(app: AdvocateApp) -> None:
    from advocate_tui.screens.modals.incident_record import IncidentRecord

    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await open_case(pilot, "STK-2026-0001")
        await press(pilot, "3")
        assert rows(app.focused)[app.focused.cursor_row].startswith("Sat 21 Nov 22:10 Property damage")
        await press(pilot, "enter")
        assert isinstance(app.screen, IncidentRecord)
        assert app.screen.query_one("#record").border_title == "Incident, Sat 21 Nov 2026 22:10"
        await press(pilot, "escape")
        assert isinstance(app.screen, CaseWorkspace)


async def test_space_cycles_a_plan_item(app: AdvocateApp, caseload: Casework) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        workspace = await open_case(pilot, "STK-2026-0001")
        await press(pilot, "2")
        table = workspace.query_one(PlanTable)
        assert app.focused is table
        assert rows(table)[:2] == ["Home security ━━━━━━━━━━━━ 0/2", "Door and window locks checked ○ To do due 30 Nov"]
        assert table.cursor_row == 1, "the cursor starts on the first item, not on a heading"
        key = table.current_key
        await press(pilot, "space")
        assert rows(table)[1] == "Door and window locks checked ◐ In progress due 30 Nov"
        await press(pilot, "space")
        assert rows(table)[:2] == ["Home security ━━━━━━━━━━━━ 1/2", "Door and window locks checked ✓ Done done 23 Nov"]
        assert table.current_key == key
    item = caseload.plan.plan_item("STK-2026-0001", int(key.split(":")[1]))
    assert item.status == "done" and item.completed_at is not None


async def test_add_a_court_date_and_an_order(app: AdvocateApp, caseload: Casework) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        workspace = await open_case(pilot, "STK-2026-0002")
        await press(pilot, "4")
        assert isinstance(app.focused, HearingTable)
        await press(pilot, "a")
        form = app.screen
        await type_text(pilot, "14 Dec 10:30")
        assert text_of(field(form, "starts_at").query_one(".field-message", Static)) == "→ Mon 14 Dec 2026 10:30"
        field(form, "kind").control.value = "non-molestation-hearing"
        field(form, "court").control.focus()
        await type_text(pilot, "Northshire Family Court")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, CaseWorkspace)
        assert rows(workspace.query_one(HearingTable)) == [
            "Mon 14 Dec 2026 10:30 Non-molestation hearing Northshire Family Court"
        ]
        await press(pilot, "down")
        assert isinstance(app.focused, OrderTable)
        await press(pilot, "a")
        form = app.screen
        field(form, "kind").control.value = "non-molestation"
        field(form, "status").control.value = "granted"
        field(form, "granted_on").control.focus()
        await type_text(pilot, "20 Nov 2026")
        field(form, "expires_on").control.focus()
        await type_text(pilot, "20 Nov 2027")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, CaseWorkspace)
        assert rows(workspace.query_one(OrderTable)) == ["Non-molestation order Granted 20 Nov 2026 20 Nov 2027"]
        assert "Orders in force: Non-molestation order to 20 Nov 2027" in text_of(workspace.query_one(CaseHeader))
    case = caseload.cases.get_case("STK-2026-0002")
    assert [(h.kind, h.court) for h in case.hearings] == [("non-molestation-hearing", "Northshire Family Court")]
    assert [(o.kind, o.status, o.expires_on) for o in case.orders] == [
        ("non-molestation", "granted", date(2027, 11, 20))
    ]


async def test_edit_a_hearing_to_record_its_outcome(app: AdvocateApp, caseload: Casework) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await open_case(pilot, "STK-2026-0001")
        await press(pilot, "4", "enter")
        form = app.screen
        assert isinstance(form, FormScreen) and form.title_text == "Court date"
        field(form, "court_case_number").control.focus()
        await type_text(pilot, "NS-2026-77")
        await press(pilot, "ctrl+s")
    hearing = caseload.cases.get_case("STK-2026-0001").hearings[-1]
    assert hearing.court_case_number == "NS-2026-77" and hearing.version == 2


async def test_add_a_note_in_the_multi_line_editor(app: AdvocateApp, caseload: Casework) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        workspace = await open_case(pilot, "STK-2026-0002")
        await press(pilot, "5", "a")
        assert isinstance(app.focused, TextArea)
        await type_text(pilot, "First call made.")
        await press(pilot, "enter")
        await type_text(pilot, "Safe to call after 6pm.")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, CaseWorkspace)
        notes = text_of(workspace.query_one("#note-text", Static))
        assert notes.startswith(
            "Mon 23 Nov 2026 10:00  ·  Call  ·  Test Advocate\nFirst call made.\nSafe to call after 6pm."
        )
    assert caseload.cases.get_case("STK-2026-0002").notes[0].text == "First call made.\nSafe to call after 6pm."


async def test_leaving_a_form_with_changes_asks_first(app: AdvocateApp, caseload: Casework) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await open_case(pilot, "STK-2026-0003")
        await press(pilot, "5", "a")
        form = app.screen
        await type_text(pilot, "Half-written note")
        await press(pilot, "escape")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "n")
        assert app.screen is form
        assert field(form, "text").raw == "Half-written note"
        await press(pilot, "escape", "y")
        assert isinstance(app.screen, CaseWorkspace)
        await press(pilot, "a", "escape")
        assert isinstance(app.screen, CaseWorkspace), "an untouched form closes without asking"
    assert caseload.cases.get_case("STK-2026-0003").notes == []


async def test_open_a_case_from_the_agenda(app: AdvocateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await press(pilot, "g")
        agenda = app.screen
        assert isinstance(agenda, AgendaScreen)
        table = agenda.query_one(AgendaTable)
        shown = rows(table)
        assert shown[-3:] == [
            "Later (2)",
            "Thu 03 Dec STK-2026-0001 Jo 10:00 SPO hearing at Northshire Magistrates' Court",
            "Thu 10 Dec STK-2026-0001 Jo SPO expires 10 Dec 2026",
        ]
        assert "no contact STK-2026-0002 Priya Madeup No contact for 83 days" in shown
        await press(pilot, "right_square_bracket")
        assert table.current_key == "plans:soon:STK-2026-0001"
        await press(pilot, "left_square_bracket")
        assert table.current_key.endswith("STK-2026-0002")
        await press(pilot, "enter")
        assert isinstance(app.screen, CaseWorkspace) and app.screen.reference == "STK-2026-0002"
        await press(pilot, "escape")
        assert app.screen is agenda


async def test_open_a_case_from_the_command_palette(app: AdvocateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await run_command(pilot, "priya")
        assert isinstance(app.screen, CaseWorkspace) and app.screen.reference == "STK-2026-0002"


async def test_palette_open_case_command_searches_cases(app: AdvocateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await run_command(pilot, "Open case")
        await choose_command(pilot, "0003")
        assert isinstance(app.screen, CaseWorkspace) and app.screen.reference == "STK-2026-0003"
        await run_command(pilot, "Agenda")
        assert isinstance(app.screen, AgendaScreen)


async def test_a_note_added_elsewhere_appears_on_refresh_and_on_return(
    app: AdvocateApp, other_session: Casework
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        caseload_screen = await started(pilot)
        workspace = await open_case(pilot, "STK-2026-0002")
        await press(pilot, "5")
        other_session.log.add_note("STK-2026-0002", "Added from the command line.", "text")
        assert "Added from the command line." not in text_of(workspace.query_one("#note-text", Static))
        await press(pilot, "ctrl+r")
        assert "Added from the command line." in text_of(workspace.query_one("#note-text", Static))
        await press(pilot, "escape")
        assert app.screen is caseload_screen
        assert "STK-2026-0002 Priya Madeup Medium Referred ND 0 d" in rows(caseload_screen.query_one(CaseTable))[1]


async def test_confidential_address_is_hidden_until_asked_for(app: AdvocateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        workspace = await open_case(pilot, "STK-2026-0001")
        table = workspace.query_one(OverviewTable)
        assert app.focused is table
        assert not any("Fiction Lane" in r for r in rows(table))
        assert "Address held, confidential — press v to show" in rows(table)
        await press(pilot, "v")
        assert "Address 12 Fiction Lane, Northshire NS1 1AA (confidential)" in rows(table)
        await press(pilot, "v")
        assert not any("Fiction Lane" in r for r in rows(table))


async def test_edit_the_client_from_the_overview(app: AdvocateApp, caseload: Casework) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        workspace = await open_case(pilot, "STK-2026-0001")
        table = workspace.query_one(OverviewTable)
        table.move_cursor(row=table.get_row_index("client::phone"))
        await press(pilot, "enter")
        form = app.screen
        assert isinstance(form, FormScreen) and isinstance(app.focused, Input)
        assert app.focused.value == "07700 900123"
        app.focused.value = "07700 900999"
        await press(pilot, "ctrl+s")
        assert "Safe phone 07700 900999" in rows(table)
    assert caseload.cases.get_case("STK-2026-0001").client.phone == "07700 900999"


async def test_a_change_made_elsewhere_meanwhile_is_not_overwritten(
    app: AdvocateApp, caseload: Casework, other_session: Casework
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        workspace = await open_case(pilot, "STK-2026-0001")
        table = workspace.query_one(OverviewTable)
        table.move_cursor(row=table.get_row_index("client::phone"))
        await press(pilot, "enter")
        client = other_session.cases.get_case("STK-2026-0001").client
        other_session.parties.update_client(client.id, client.version, phone="01632 000000")
        app.focused.value = "07700 900999"
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, FormScreen)
        assert "changed by someone else" in text_of(app.screen.query_one("#form-problem", Static))
    assert caseload.cases.get_case("STK-2026-0001").client.phone == "01632 000000"


async def test_number_keys_and_tab_switch_tabs(app: AdvocateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        workspace = await open_case(pilot, "STK-2026-0001")
        from textual.widgets import TabbedContent

        tabs = workspace.query_one(TabbedContent)
        assert tabs.active == "overview"
        for key, shown in [
            ("tab", "plan"),
            ("5", "notes"),
            ("tab", "documents"),
            ("tab", "risk"),
            ("tab", "justice"),
            ("tab", "referrals"),
            ("tab", "overview"),
            ("shift+tab", "referrals"),
            ("7", "risk"),
        ]:
            await press(pilot, key)
            assert tabs.active == shown, key


async def test_quitting_with_unsaved_changes_asks_first(app: AdvocateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await press(pilot, "n")
        await type_text(pilot, "Someone")
        await press(pilot, "ctrl+q")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "n")
        assert isinstance(app.screen, FormScreen)


async def test_keys_can_be_remapped_by_binding_id(make_app) -> None:
    app = make_app(keymap={"caseload.new_case": "f2", "case.back": "backspace"})
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await press(pilot, "n")
        assert not isinstance(app.screen, FormScreen)
        await press(pilot, "f2")
        assert isinstance(app.screen, FormScreen)
        await press(pilot, "escape")
        await open_case(pilot, "STK-2026-0001")
        await press(pilot, "backspace")
        assert not isinstance(app.screen, CaseWorkspace)


async def test_remaps_that_cannot_work_are_warned_of_and_keep_the_usual_key(make_app) -> None:
    app = make_app(
        keymap={
            "caseload.sort": "n",  # New case's key
            "caseload.agenda": "banana",  # a 🍌, not a key
            "caseload.nothing": "f3",  # no such id
            "caseload.filter": "ctrl+f",  # fine
        }
    )
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        warnings = [n.message for n in app._notifications]
        assert warnings == [
            '[keys] "caseload.sort" = "n": \'n\' is already the key for "New case" (caseload.new_case), '
            "so its usual key stays.",
            '[keys] "caseload.agenda" = "banana": \'banana\' is not a key name (e.g. "f2", "ctrl+s", "n"), '
            "so its usual key stays.",
            "[keys] \"caseload.nothing\" is not a key's id, so it was ignored: '?' lists the ids.",
        ]
        assert app.keymap == {"caseload.filter": "ctrl+f"}
        await press(pilot, "n")
        assert isinstance(app.screen, FormScreen)


async def test_help_lists_every_key_of_the_screen_including_other_tabs(app: AdvocateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await open_case(pilot, "STK-2026-0001")
        await press(pilot, "question_mark")
        from advocate_tui.screens.help import HelpScreen, KeysTable

        assert isinstance(app.screen, HelpScreen)
        listed = rows(app.screen.query_one(KeysTable))
        for expected in [
            "space Next status",
            "a Log incident",
            "a Add court date",
            "a Add order",
            "a Add note",
            "v Show address",
            "i Sharing",
            "esc Back",
            "^r Refresh",
            "^p Commands",
        ]:
            assert any(r.startswith(expected) for r in listed), expected
        await press(pilot, "escape")
        assert isinstance(app.screen, CaseWorkspace)


async def test_help_shows_the_whole_description_of_the_highlighted_key_in_a_narrow_terminal(app: AdvocateApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await press(pilot, "question_mark")
        detail = app.screen.query_one("#help-detail", Static)
        assert text_of(detail) == (
            "Refresh: Read the latest from the database, including changes made in another window\n"
            'To change its key: app.refresh = "…" under [keys] in the config file.'
        )
        await press(pilot, "down")
        assert text_of(detail).startswith(
            "Filter: Filter by reference, client's name, perpetrator's name or crime reference\n"
            'To change its key: caseload.filter = "…"'
        )


async def test_correct_an_incident_from_its_record_keeping_the_original(app: AdvocateApp, caseload: Casework) -> None:
    from advocate_tui.screens.modals.incident_record import IncidentRecord

    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await open_case(pilot, "STK-2026-0001")
        await press(pilot, "3", "enter")
        record = app.screen
        assert isinstance(record, IncidentRecord)
        await press(pilot, "e")
        form = app.screen
        assert isinstance(form, FormScreen)
        assert field(form, "description").raw == "Car tyres let down overnight."
        description = field(form, "description").control
        assert isinstance(description, TextArea)
        description.text = "Car tyres let down and wing mirror broken overnight."
        reason = field(form, "reason").control
        assert isinstance(reason, Input)
        reason.value = "The mirror was found in the morning"
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert app.screen is record
        assert record.query_one("#record").border_title == "Incident, Sat 21 Nov 2026 22:10 — corrected 1×"
        console = Console(width=110, record=True, file=io.StringIO())
        console.print(record.query_one("#incident-facts", Static).content)
        shown = [" ".join(line.split()) for line in console.export_text().splitlines()]
        assert "What happened Car tyres let down and wing mirror broken overnight." in shown
        assert "Recorded Mon 23 Nov 2026 10:00 by Test Advocate" in shown  # as first recorded, never changed
        assert "Correction 1 Mon 23 Nov 2026 10:00 by Test Advocate" in shown
        assert "Reason The mirror was found in the morning" in shown
        assert "Incident description was Car tyres let down overnight." in shown
        await press(pilot, "escape")
        await settle(pilot)
        assert rows(app.screen.query_one(IncidentTable))[-1].startswith(
            "Sat 21 Nov 22:10 Property damage outside home (corrected) Car tyres let down and wing mirror"
        )
    incident = caseload.cases.get_case("STK-2026-0001").incidents[-1]
    [revision] = incident.revisions
    assert revision.fields == "description" and revision.reason == "The mirror was found in the morning"
    assert json.loads(revision.earlier) == {"description": "Car tyres let down overnight."}
    assert incident.recorded_by == "Test Advocate"
    assert ("create", "incident_revision") in [(e.action, e.entity) for e in caseload.audit.entries("STK-2026-0001")]


async def test_the_footer_is_one_line_with_the_key_to_every_key_on_each_screen_at_80_by_24(
    app: AdvocateApp,
) -> None:
    from textual.widgets._footer import FooterKey

    from advocate_tui.screens.widgets.table import KeyFooter

    def footer() -> list[str]:
        keys = app.screen.query_one(KeyFooter)
        assert keys.size.height == 1
        return [key.description for key in keys.query(FooterKey)]

    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        assert "Keys" in footer()
        await open_case(pilot, "STK-2026-0001")
        for tab in "12345678":
            await press(pilot, tab)
            assert "Keys" in footer(), tab
        await press(pilot, "escape", "g")
        assert "Keys" in footer()
