"""The caseload, the home screen: open cases in a sortable table with a filter that narrows as you type."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import var
from textual.timer import Timer
from textual.widgets import DataTable, Input, Static

from advocate_tui.rules import clock
from advocate_tui.rules.patterns import Alert
from advocate_tui.rules.vocab import ENDED_STATUSES, CaseStatus, RiskLevel
from advocate_tui.rules.wording import counted
from advocate_tui.screens.app_protocol import host
from advocate_tui.screens.base import DataScreen
from advocate_tui.screens.theme import Tones, risk_text
from advocate_tui.screens.widgets.display import day_short, short_orders
from advocate_tui.screens.widgets.table import Cell, Col, KeyFooter, RecordTable, Row, plain
from advocate_tui.services.case_view import NO_CONTACT_DAYS
from advocate_tui.services.rows import CaseRow

RISK_ORDER = {RiskLevel.HIGH: 0, RiskLevel.MEDIUM: 1, RiskLevel.STANDARD: 2}
STATUS_ORDER = {status.value: n for n, status in enumerate(CaseStatus)}
#: At most this many rows are drawn (the filter narrows the rest); drawing is what costs, not matching.
SHOW_AT_MOST = 500
#: With more rows than that, the filter waits for a pause in typing (seconds) before redrawing.
FILTER_PAUSE = 0.2
#: The caseload's one word for each status, at every width (the case header gives the full label).
SHORT_STATUS = {
    CaseStatus.ONGOING: "Ongoing",
    CaseStatus.DECLINED: "Declined",
    CaseStatus.DROPPED_OUT: "Dropped",
}


def status_word(status: CaseStatus) -> str:
    return SHORT_STATUS.get(status, status.label)


#: The Status column fits the longest of those words, and its gap.
STATUS_WIDTH = max(len(status_word(status)) for status in CaseStatus) + 1


@dataclass(frozen=True)
class CellContext:
    """What a cell needs besides its row: the day, the colours, the alerts by reference."""

    today: date
    tones: Tones
    alerts: Mapping[str, list[Alert]]


@dataclass(frozen=True)
class CaseColumn:
    """A caseload column: how it is shown, and how it sorts (in its natural order: most pressing first)."""

    col: Col
    sort_key: Callable[[CaseRow, date], Any]
    describe_order: str
    cell: Callable[[CaseRow, CellContext], Cell]


def _plan_ratio(row: CaseRow) -> float:
    return row.plan_done / row.plan_total if row.plan_total else 1.0


def _client(row: CaseRow, context: CellContext) -> Cell:
    """The name, after a ⚠ when the case has escalation alerts not yet acknowledged."""
    return Text.assemble(
        ("⚠ ", context.tones.alert) if context.alerts.get(row.reference) else "", plain(row.display_name)
    )


def _court(row: CaseRow, context: CellContext) -> Cell:
    if row.next_hearing is None:
        return ""
    soon = (clock.local(row.next_hearing).date() - context.today).days <= 7
    return Text(day_short(row.next_hearing, context.today), style=context.tones.caution if soon else "")


def _contact(row: CaseRow, context: CellContext) -> Cell:
    days = row.days_since_contact(context.today)
    return Text(f"{days} d", style=context.tones.caution if days >= NO_CONTACT_DAYS else "")


def _status(row: CaseRow, context: CellContext) -> Cell:
    status = CaseStatus(row.status)
    return Text(status_word(status), style="dim" if status in ENDED_STATUSES else "")


COLUMNS = (
    CaseColumn(Col("Reference", width=14), lambda r, _t: r.reference, "by reference", lambda r, _c: r.reference),
    CaseColumn(Col("Client", min_width=16), lambda r, _t: r.display_name.casefold(), "by name", _client),
    CaseColumn(
        Col("Risk", width=9),
        lambda r, _t: (RISK_ORDER[RiskLevel(r.risk_level)], r.reference),
        "highest risk first",
        lambda r, c: risk_text(r.risk_level, c.tones),
    ),
    CaseColumn(Col("Status", width=STATUS_WIDTH), lambda r, _t: STATUS_ORDER.get(r.status, 99), "by stage", _status),
    CaseColumn(
        Col("D/ND", width=5), lambda r, _t: not r.domestic, "domestic first", lambda r, _c: "D" if r.domestic else "ND"
    ),
    CaseColumn(
        Col("Court", width=7),
        lambda r, _t: (r.next_hearing is None, r.next_hearing or 0),
        "soonest court date first",
        _court,
    ),
    CaseColumn(
        Col("Contact", width=8, narrow=6, priority=1, short="Cntct"),
        lambda r, t: -r.days_since_contact(t),
        "longest without contact first",
        _contact,
    ),
    CaseColumn(
        Col("Plan", width=6),
        lambda r, _t: _plan_ratio(r),
        "by safety plan, least done first",
        lambda r, _c: f"{r.plan_done}/{r.plan_total}",
    ),
    CaseColumn(
        Col("Orders", width=12, narrow=7),
        lambda r, _t: r.orders_in_force == "",
        "orders in force first",
        lambda r, c: Text(short_orders(r.orders_in_force), style=c.tones.good),
    ),
)


class CaseTable(RecordTable):
    HELP_TITLE = "Caseload"
    EMPTY = "No cases match the filter."
    BINDINGS = [
        Binding("enter", "open", "Open case", id="caseload.open", tooltip="Open the case under the cursor"),
    ]

    class OpenCase(Message):
        """Open the case ``reference`` (the row under the cursor)."""

        def __init__(self, reference: str) -> None:
            super().__init__()
            self.reference = reference

    def action_open(self) -> None:
        if self.current_key:
            self.post_message(self.OpenCase(self.current_key))


class FilterInput(Input):
    HELP_TITLE = "Filter"
    BINDINGS = [
        Binding(
            "escape",
            "leave",
            "Clear filter",
            id="caseload.clear_filter",
            tooltip="Clear the filter (or, when empty, go back to the table)",
        ),
        Binding(
            "down",
            "leave_keep",
            "To the table",
            id="caseload.to_table",
            show=False,
            tooltip="Move to the table, keeping the filter",
        ),
    ]

    class Done(Message):
        """The person has finished with the filter: the table takes the focus."""

    def action_leave(self) -> None:
        if self.value:
            self.value = ""
        else:
            self.post_message(self.Done())

    def action_leave_keep(self) -> None:
        self.post_message(self.Done())


class CaseloadScreen(DataScreen):
    """Open cases (or every case); ``/`` filters, ``s`` sorts, enter opens, ``n`` starts a new case."""

    HELP_TITLE = "Caseload"
    AUTO_FOCUS = "#case-table"
    BINDINGS = [
        Binding(
            "slash",
            "filter",
            "Filter",
            id="caseload.filter",
            tooltip="Filter by reference, client's name, perpetrator's name or crime reference",
        ),
        Binding(
            "o",
            "toggle_closed",
            "Open/all",
            id="caseload.toggle_closed",
            tooltip="Show every case, including closed ones, or open cases only",
        ),
        Binding("s", "sort", "Sort", id="caseload.sort", tooltip="Sort by the next column"),
        Binding("r", "reverse", "Reverse", id="caseload.reverse", tooltip="Reverse the order"),
        Binding("n", "app.new_case", "New case", id="caseload.new_case", tooltip="Open a case for a new referral"),
        Binding(
            "g",
            "app.show_agenda",
            "Agenda",
            id="caseload.agenda",
            tooltip="What needs attention: court dates, orders expiring, quiet cases, plan items due, "
            "escalation alerts, risk reviews due",
        ),
        Binding(
            "p",
            "app.show_reports",
            "Reports",
            id="caseload.reports",
            tooltip="The commissioner's report for a period as charts, and its export",
        ),
        Binding(
            "c",
            "app.show_consultations",
            "Consultations",
            id="caseload.consultations",
            tooltip="Advice given to other organisations on their stalking cases, and recording one",
        ),
        Binding("q", "app.quit", "Quit", id="caseload.quit", tooltip="Leave the application"),
    ]

    #: The column the rows are sorted by (an index into COLUMNS), and whether that order is reversed.
    sort_column = var(0, init=False)
    reverse = var(False, init=False)
    #: The filter as typed: only the cases that match it are shown.
    filter_text = var("", init=False)
    #: Whether closed cases are listed too.
    show_all = var(False, init=False)

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[CaseRow] = []
        self.alerts: dict[str, list[Alert]] = {}
        self.total = 0
        self.loaded = False
        self._filter_timer: Timer | None = None
        #: Typing in the filter redraws often: the rows are sorted once per load and order, and each
        #: row's cells made once per load, day, colours and width.
        self._ordered: list[CaseRow] | None = None
        self._drawn: dict[str, Row] = {}
        self._drawn_for: CellContext | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="caseload"):
            yield FilterInput(
                placeholder="/ to filter: reference, client, perpetrator or crime reference", id="filter", compact=True
            )
            yield Static("Reading the caseload…", id="caseload-status")
            yield CaseTable(id="case-table")
        yield Static(id="first-run")
        yield KeyFooter()

    def reload(self) -> None:
        show_all = self.show_all

        def read() -> tuple[list[CaseRow], int, dict[str, list[Alert]]]:
            rows = self.casework.cases.list_cases(include_closed=show_all)
            return (
                rows,
                len(rows) if rows else self.casework.cases.count_cases(),
                self.casework.alerts.alerts_for_open_cases(),
            )

        self.load_in_background(read, self._loaded)

    def _loaded(self, result: tuple[list[CaseRow], int, dict[str, list[Alert]]]) -> None:
        self.rows, self.total, self.alerts = result
        self.loaded = True
        self._ordered, self._drawn_for = None, None
        self.redraw()
        self.refresh_bindings()
        if self.focused is None:
            self.query_one(CaseTable).focus()

    def redraw(self) -> None:
        if not self.loaded:
            return
        first_run = self.total == 0
        self.query_one("#caseload").display = not first_run
        self.query_one("#first-run").display = first_run
        if first_run:
            self.query_one("#first-run", Static).update(first_run_text(self.casework.where, self.tones))
            return
        needle = self.filter_text
        today = clock.today()
        if self._ordered is None:
            column = COLUMNS[self.sort_column]
            self._ordered = sorted(self.rows, key=lambda row: column.sort_key(row, today), reverse=self.reverse)
        shown = [row for row in self._ordered if row.matches(needle)]
        table = self.query_one(CaseTable)
        table.columns_shown = tuple(
            replace(c.col, style="bold underline" if n == self.sort_column else "bold") for n, c in enumerate(COLUMNS)
        )
        context = CellContext(today, self.tones, self.alerts)
        if context != self._drawn_for:
            self._drawn, self._drawn_for = {}, context
        for row in shown[:SHOW_AT_MOST]:
            if row.reference not in self._drawn:
                self._drawn[row.reference] = Row(row.reference, [c.cell(row, context) for c in COLUMNS])
        table.show_rows([self._drawn[row.reference] for row in shown[:SHOW_AT_MOST]])
        self.query_one("#caseload-status", Static).update(self._status_line(len(shown), needle))

    def _status_line(self, shown: int, needle: str) -> Text:
        kind = counted(len(self.rows), "case") + (", open and closed" if self.show_all else "")
        if not self.show_all:
            kind = counted(len(self.rows), "open case")
        order = COLUMNS[self.sort_column].describe_order + (", reversed" if self.reverse else "")
        line = Text.assemble(
            (kind, "bold"),
            (f", ⚠ {len(self.alerts)} with escalation alerts" if self.alerts else "", self.tones.alert),
            f"  ·  sorted {order}",
        )
        if needle.strip():
            line.append_text(
                Text.assemble("  ·  ", (f"{shown} matching", self.tones.accent), " “", plain(needle.strip()), "”")
            )
        if shown > SHOW_AT_MOST:
            line.append_text(Text(f"  ·  first {SHOW_AT_MOST} shown: filter to narrow", style=self.tones.caution))
        if not self.rows and not self.show_all:
            line.append("  ·  no open cases: press o to see closed ones")
        return line

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """On an empty database, only the keys that make sense there are offered."""
        if action in {"filter", "toggle_closed", "sort", "reverse"} and self.loaded and not self.total:
            return False
        return True

    # -- what changes the rows shown ------------------------------------------------------

    def watch_sort_column(self) -> None:
        self._reorder()

    def watch_reverse(self) -> None:
        self._reorder()

    def _reorder(self) -> None:
        self._ordered = None
        self.redraw()

    def watch_filter_text(self) -> None:
        if self._filter_timer is not None:
            self._filter_timer.stop()
        if len(self.rows) > SHOW_AT_MOST:
            self._filter_timer = self.set_timer(FILTER_PAUSE, self.redraw)
        else:
            self.redraw()

    def watch_show_all(self) -> None:
        self.reload()

    def _sort_by(self, column: int) -> None:
        """Sort by ``column``, in its natural order."""
        self.set_reactive(CaseloadScreen.reverse, False)
        self.sort_column = column

    # -- messages and keys -------------------------------------------------------------------

    def on_record_table_width_changed(self) -> None:
        self.redraw()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value

    @on(Input.Submitted, "#filter")
    @on(FilterInput.Done)
    def _to_table(self) -> None:
        self.query_one(CaseTable).focus()

    @on(CaseTable.OpenCase)
    def _open_case(self, event: CaseTable.OpenCase) -> None:
        host(self).open_case(event.reference)

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        if event.column_index == self.sort_column:
            self.reverse = not self.reverse
        else:
            self._sort_by(event.column_index)

    def select_case(self, reference: str) -> None:
        """Put the cursor on the case ``reference`` (one just opened) once the rows shown include it."""
        self.query_one(CaseTable).select_when_shown(reference)

    def action_filter(self) -> None:
        self.query_one(FilterInput).focus()

    def action_toggle_closed(self) -> None:
        self.show_all = not self.show_all

    def action_sort(self) -> None:
        self._sort_by((self.sort_column + 1) % len(COLUMNS))

    def action_reverse(self) -> None:
        self.reverse = not self.reverse


def first_run_text(where: str, tones: Tones) -> Text:
    """What someone sees on an empty database: how to add a case, or how to try fictional data first."""
    return Text.assemble(
        ("Welcome to advocate\n\n", tones.heading),
        "There are no cases in this database yet:\n",
        (f"  {where}\n\n", "dim"),
        ("  n", tones.accent),
        "        add a case for a new referral\n",
        ("  ctrl+p", tones.accent),
        "   search every command\n",
        ("  ?", tones.accent),
        "        see every key\n\n",
        "To try the program on fictional cases first, quit (",
        ("ctrl+q", tones.accent),
        ") and run\n",
        ("  advocate --db demo.db demo\n  advocate --db demo.db\n", "bold"),
        "in a terminal. Demo data never goes into a database that holds real cases.",
    )
