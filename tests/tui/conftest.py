"""A fixed, fictional caseload for the application's tests, and helpers to read what the screen shows."""

from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime

import pytest
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import DataTable, Static
from workers import settle

from advocate_tui.app import AdvocateApp
from advocate_tui.rules import clock
from advocate_tui.screens.caseload import CaseloadScreen, CaseTable
from advocate_tui.screens.forms.form import FormField, FormScreen
from advocate_tui.screens.workspace import CaseWorkspace
from advocate_tui.services.casework import Casework

SIZE = (120, 40)


def local(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=clock.LOCAL)


@pytest.fixture(autouse=True)
def dark_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same theme whatever terminal the tests run in."""
    monkeypatch.delenv("COLORFGBG", raising=False)


@pytest.fixture
def caseload(sqlite_casework: Casework) -> Casework:
    """Four cases built through the service layer, on the fixed clock (Mon 23 Nov 2026 10:00).

    STK-2026-0001 Jo: high risk, domestic, SPO expiring in 17 days, rising incidents, a hearing on 3 Dec.
    STK-2026-0002 Priya: medium, non-domestic, no contact since referral (an agenda entry).
    STK-2026-0003 Alex: standard, new today. STK-2026-0004 Casey: closed.
    """
    cw = sqlite_casework
    jo = cw.cases.create_case(
        "Joanne Example",
        relationship="ex-partner",
        perpetrator_name="Sam Sample",
        area="City",
        risk="high",
        risk_reason="Threats to kill in the police referral",
        crime_reference="NS/12345/26",
        preferred_name="Jo",
        referral_date=date(2026, 10, 5),
    )
    client = cw.cases.get_case(jo.reference).client
    cw.parties.update_client(
        client.id,
        client.version,
        phone="07700 900123",
        safe_call_times="weekdays 10:00-15:00",
        address="12 Fiction Lane\nNorthshire NS1 1AA",
        address_confidential=True,
        pronouns="she/her",
    )
    for when, kinds, what in [
        (local(2026, 10, 12, 20, 0), ["messages"], "Forty messages overnight from a new number."),
        (local(2026, 11, 4, 8, 15), ["following"], "Followed from the bus stop to work."),
        (local(2026, 11, 14, 21, 30), ["turning-up-home", "threats"], "Waited outside the flat and shouted threats."),
        (local(2026, 11, 18, 7, 45), ["loitering"], "Seen across the road from the school gates."),
        (local(2026, 11, 21, 22, 10), ["property-damage"], "Car tyres let down overnight."),
    ]:
        cw.log.add_incident(jo.reference, what, when, kinds, location="outside home")
    cw.court.add_hearing(jo.reference, local(2026, 12, 3, 10, 0), "Northshire Magistrates' Court", "spo-hearing")
    cw.court.add_hearing(
        jo.reference,
        local(2026, 10, 20, 14, 0),
        "Northshire Magistrates' Court",
        "interim-spo-hearing",
        outcome="Interim SPO made",
    )
    cw.court.add_order(
        jo.reference,
        "spo",
        "granted",
        granted_on=date(2024, 12, 10),
        expires_on=date(2026, 12, 10),
        court="Northshire Magistrates' Court",
        conditions="No contact by any means; not to enter Fiction Lane.",
    )
    cw.parties.add_contact(
        jo.reference, kind="police", organisation="Northshire Police", person="DC Alex Notreal", phone="101 ext 4000"
    )
    cw.log.add_note(
        jo.reference, "Check-in call; agreed a code word with her sister.", "call", local(2026, 11, 20, 11, 0)
    )
    cw.log.add_note(jo.reference, "Home visit with police to review locks.", "visit", local(2026, 11, 16, 14, 30))
    plan = cw.cases.get_case(jo.reference).plan_items
    for item in plan[:3]:
        cw.plan.update_plan_item(item.id, item.version, status="done")

    cw.cases.create_case(
        "Priya Madeup",
        relationship="colleague",
        perpetrator_name="Chris Pretend",
        area="County",
        risk="medium",
        risk_reason="Follows her to work most days",
        referral_date=date(2026, 9, 1),
    )
    cw.cases.create_case("Alex Notreal")
    casey = cw.cases.create_case("Casey Demo", relationship="stranger", referral_date=date(2026, 6, 1))
    cw.cases.close_case(casey.reference, "support-complete")
    return cw


@pytest.fixture
def make_app(caseload: Casework) -> Callable[..., AdvocateApp]:
    def make(keymap: Mapping[str, str] | None = None) -> AdvocateApp:
        return AdvocateApp(lambda: caseload, keymap=keymap)

    return make


@pytest.fixture
def app(make_app: Callable[..., AdvocateApp]) -> AdvocateApp:
    return make_app()


async def started(pilot: Pilot) -> CaseloadScreen:
    """Wait for the caseload to be read and drawn."""
    for _ in range(200):
        screen = pilot.app.screen
        if isinstance(screen, CaseloadScreen) and screen.loaded:
            await settle(pilot)
            return screen
        await pilot.pause(0.02)
    raise AssertionError(f"the caseload never appeared (screen: {pilot.app.screen!r})")


async def press(pilot: Pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot)


async def type_text(pilot: Pilot, text: str) -> None:
    await pilot.press(*text)


async def choose_command(pilot: Pilot, text: str) -> None:
    """Type ``text`` into the command palette already open, wait for its matches, and run the first."""
    await type_text(pilot, text)
    await settle(pilot)
    await pilot.pause(0.3)
    await press(pilot, "enter")


async def run_command(pilot: Pilot, text: str) -> None:
    """Open the command palette (ctrl+p) and run its first match for ``text``."""
    await press(pilot, "ctrl+p")
    await choose_command(pilot, text)


async def open_case(pilot: Pilot, reference: str) -> CaseWorkspace:
    """From the caseload, move to ``reference`` and press enter."""
    table = pilot.app.screen.query_one(CaseTable)
    table.move_cursor(row=table.get_row_index(reference))
    await press(pilot, "enter")
    assert isinstance(pilot.app.screen, CaseWorkspace)
    return pilot.app.screen


def field(form: FormScreen, name: str) -> FormField:
    return next(f for f in form.fields if f.field_name == name)


def rows(table: DataTable) -> list[str]:
    """Each row of a table as a person reads it on screen, runs of spaces made one."""
    widths = [column.width for column in table.ordered_columns]
    lines = []
    for index in range(table.row_count):
        cells = [cell.plain if isinstance(cell, Text) else str(cell) for cell in table.get_row_at(index)]
        line = "".join(cell.ljust(width) for cell, width in zip(cells, widths))
        lines.append(" ".join(line.split()))
    return lines


def text_of(widget: Static) -> str:
    content = widget.content
    return content.plain if isinstance(content, Text) else str(content)


@pytest.fixture
def other_session(sqlite_url: str) -> Iterator[Casework]:
    """A second Casework on the same file, as the CLI in another terminal would have."""
    from advocate_tui.db import open_database

    database = open_database(sqlite_url)
    yield Casework(database, user="Other Terminal", areas=("City", "County"))
    database.dispose()
