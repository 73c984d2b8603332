"""The Court & orders tab: hearings (upcoming first) and protective orders with status and expiry."""

from datetime import date, datetime

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Label

from advocate_tui.rules import clock
from advocate_tui.rules.dates import uk_date
from advocate_tui.rules.vocab import ORDER_IN_FORCE, HearingKind, OrderKind, OrderStatus
from advocate_tui.screens.forms.court import hearing_form, order_form
from advocate_tui.screens.tabs.case_tab import CaseTab
from advocate_tui.screens.theme import Tones
from advocate_tui.screens.widgets.display import moment_long
from advocate_tui.screens.widgets.table import Col, RecordTable, Row, plain
from advocate_tui.services.case_view import ORDER_EXPIRY_DAYS
from advocate_tui.storage.models import Case, CourtEvent, ProtectiveOrder


class CourtTable(RecordTable):
    """A list in the Court & orders tab; ``a`` adds to it and enter edits the row."""

    PASS_FOCUS_AT_EDGES = True
    WHAT = ""

    class Open(Message):
        """Open the form for the record ``key`` in the list of ``what`` (a new one when ``key`` is None)."""

        def __init__(self, what: str, key: str | None) -> None:
            super().__init__()
            self.what = what
            self.key = key

    def action_add(self) -> None:
        self.post_message(self.Open(self.WHAT, None))

    def action_edit(self) -> None:
        self.post_message(self.Open(self.WHAT, self.current_key))


class HearingTable(CourtTable):
    HELP_TITLE = "Court dates"
    WHAT = "hearing"
    COLUMNS = (
        Col("When", width=24),
        Col("Hearing", min_width=14),
        Col("Court"),
        Col("Outcome / case no.", min_width=10, short="Outcome"),
    )
    EMPTY = "No court dates. Press a to add one."
    BINDINGS = [
        Binding("a", "add", "Add court date", id="court.add_hearing", tooltip="Add a hearing"),
        Binding("enter,e", "edit", "Edit", id="court.edit_hearing", tooltip="Edit the hearing or record its outcome"),
    ]


class OrderTable(CourtTable):
    HELP_TITLE = "Protective orders"
    WHAT = "order"
    COLUMNS = (
        Col("Order", min_width=14),
        Col("Status", width=18),
        Col("Granted", width=13),
        Col("Expires", width=24),
        Col("Court", min_width=10),
    )
    EMPTY = "No protective orders. Press a to add one."
    BINDINGS = [
        Binding(
            "a",
            "add",
            "Add order",
            id="court.add_order",
            tooltip="Record an order being considered, applied for or granted",
        ),
        Binding(
            "enter,e", "edit", "Edit", id="court.edit_order", tooltip="Edit the order's status, dates or conditions"
        ),
    ]


class CourtTab(CaseTab):
    TITLE = "Court & orders"
    SHORT = "Court"
    ID = "court"

    def compose(self) -> ComposeResult:
        yield Label("Court dates", classes="section-title")
        yield HearingTable(id="hearing-table")
        yield Label("Protective orders", classes="section-title")
        yield OrderTable(id="order-table")

    def show(self, case: Case) -> None:
        tones = self.tones
        now = clock.now()
        today = now.date()
        upcoming = sorted((h for h in case.hearings if h.starts_at >= now), key=lambda h: h.starts_at)
        past = sorted((h for h in case.hearings if h.starts_at < now), key=lambda h: h.starts_at, reverse=True)
        self.query_one(HearingTable).show_rows([hearing_row(h, now, tones) for h in upcoming + past])
        self.query_one(OrderTable).show_rows([order_row(o, today, tones) for o in order_sort(case.orders)])

    @on(CourtTable.Open)
    def open(self, event: CourtTable.Open) -> None:
        event.stop()
        case, key = self.case, event.key
        if case is None:
            return
        casework = self.casework
        if event.what == "hearing":
            hearing = next((h for h in case.hearings if f"hearing:{h.id}" == key), None)
            if key is None or hearing is not None:
                self.open_form(hearing_form(casework, case.reference, hearing), "Court date saved.")
        else:
            order = next((o for o in case.orders if f"order:{o.id}" == key), None)
            if key is None or order is not None:
                self.open_form(order_form(casework, case.reference, order), "Protective order saved.")


def order_sort(orders: list[ProtectiveOrder]) -> list[ProtectiveOrder]:
    """Orders in force first (soonest expiry first), then the rest."""
    return sorted(orders, key=lambda o: (o.status not in ORDER_IN_FORCE, o.expires_on or date.max))


def hearing_row(hearing: CourtEvent, now: datetime, tones: Tones) -> Row:
    when = Text(moment_long(hearing.starts_at))
    if hearing.starts_at < now:
        when.stylize("dim")
    elif (clock.local(hearing.starts_at).date() - now.date()).days <= 7:
        when.stylize(tones.caution)
    detail = hearing.outcome or hearing.court_case_number
    return Row(f"hearing:{hearing.id}", (when, HearingKind(hearing.kind).label, plain(hearing.court), plain(detail)))


def order_row(order: ProtectiveOrder, today: date, tones: Tones) -> Row:
    status = Text(OrderStatus(order.status).label, style=tones.good if order.status in ORDER_IN_FORCE else "")
    expires = Text(order.expires_on.strftime("%d %b %Y") if order.expires_on else "")
    if order.expires_on and order.status in ORDER_IN_FORCE:
        days = (order.expires_on - today).days
        if days < 0:
            expires = Text(f"{order.expires_on:%d %b %Y} EXPIRED", style=tones.alert)
        elif days <= ORDER_EXPIRY_DAYS:
            expires = Text(f"{order.expires_on:%d %b %Y} in {days} d", style=tones.caution)
    return Row(
        f"order:{order.id}",
        (
            OrderKind(order.kind).label,
            status,
            uk_date(order.granted_on),
            expires,
            plain(order.court),
        ),
    )
