"""The Safety plan tab: items grouped by category, each category with its progress bar."""

from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static

from advocate_tui.rules import clock
from advocate_tui.rules.saved import saved_id
from advocate_tui.rules.vocab import PLAN_EXCLUDED, PLAN_SETTLED, PlanCategory, PlanStatus
from advocate_tui.screens.forms.plan_item import plan_item_form
from advocate_tui.screens.tabs.case_tab import CaseTab
from advocate_tui.screens.theme import Tones
from advocate_tui.screens.widgets.display import day_short
from advocate_tui.screens.widgets.table import Col, RecordTable, Row, RowMessage, plain
from advocate_tui.storage.models import Case, PlanItem

BAR_WIDTH = 12
OPEN_STATUSES = (PlanStatus.TODO, PlanStatus.IN_PROGRESS)


def progress(items: list[PlanItem]) -> tuple[int, int]:
    """(done, total) as the caseload counts them: items that do not apply are left out of the total."""
    counted = [i for i in items if i.status not in PLAN_EXCLUDED]
    return sum(1 for i in counted if i.status in PLAN_SETTLED), len(counted)


def progress_bar(done: int, total: int, tones: Tones, width: int = BAR_WIDTH) -> Text:
    if not total:
        return Text("not applicable", style="dim")
    filled = round(width * done / total) if total else 0
    return Text.assemble(("━" * filled, tones.good), ("━" * (width - filled), "dim"), f" {done}/{total}")


def is_overdue(item: PlanItem, today: date) -> bool:
    return item.due_on is not None and item.due_on < today and item.status in OPEN_STATUSES


class PlanTable(RecordTable):
    HELP_TITLE = "Safety plan tab"
    COLUMNS = (Col("Item"), Col("Status", width=18), Col("Due", width=18))
    EMPTY = "No safety-plan items. Press a to add one."
    BINDINGS = [
        Binding(
            "space",
            "cycle",
            "Next status",
            id="plan.cycle",
            tooltip="Move the item on: to do → in progress → done → not applicable → declined",
        ),
        Binding("a", "add", "Add item", id="plan.add", tooltip="Add an item to the safety plan"),
        Binding("enter,e", "edit", "Edit", id="plan.edit", tooltip="Edit the item's title, status, due date or notes"),
    ]

    class Cycle(RowMessage):
        """Move the item on to its next status."""

    class Add(Message):
        """Add an item (to the category of the one under the cursor)."""

    class Edit(RowMessage):
        """Edit the item."""

    def action_cycle(self) -> None:
        self.post_message(self.Cycle(self.current_key))

    def action_add(self) -> None:
        self.post_message(self.Add())

    def action_edit(self) -> None:
        self.post_message(self.Edit(self.current_key))


class PlanTab(CaseTab):
    TITLE = "Safety plan"
    SHORT = "Plan"
    ID = "plan"

    class Cycled(Message):
        """An item moved on to its next status (the workspace draws the case with ``item`` as saved)."""

        def __init__(self, item: PlanItem) -> None:
            super().__init__()
            self.item = item

    def __init__(self, reference: str) -> None:
        super().__init__(reference)
        self.cycling: set[int] = set()

    def compose(self) -> ComposeResult:
        yield Static(id="plan-summary")
        yield PlanTable(id="plan-table")

    def show(self, case: Case) -> None:
        tones = self.tones
        today = clock.today()
        done, total = progress(case.plan_items)
        overdue = sum(1 for i in case.plan_items if is_overdue(i, today))
        summary = Text.assemble(
            "Safety plan  ",
            progress_bar(done, total, tones, width=24),
            " done",
            (f"   {overdue} overdue" if overdue else "", tones.alert),
        )
        self.query_one("#plan-summary", Static).update(summary)
        self.query_one(PlanTable).show_rows(plan_rows(case.plan_items, today, tones))

    def _item(self, key: str | None) -> PlanItem | None:
        if self.case is None or key is None:
            return None
        return next((i for i in self.case.plan_items if f"item:{i.id}" == key), None)

    @on(PlanTable.Cycle)
    def cycle(self, event: PlanTable.Cycle) -> None:
        event.stop()
        item = self._item(event.key)
        if item is None or saved_id(item) in self.cycling:
            return
        item_id = saved_id(item)
        self.cycling.add(item_id)

        def changed(updated: PlanItem) -> None:
            self.cycling.discard(item_id)
            self.post_message(self.Cycled(updated))

        def failed(message: str) -> None:
            self.cycling.discard(item_id)
            self.report_problem(message)

        self.save_in_background(
            lambda: self.casework.plan.cycle_plan_item(item_id, item.version, item.status), changed, failed
        )

    @on(PlanTable.Add)
    def add(self, event: PlanTable.Add) -> None:
        event.stop()
        if self.case is None:
            return
        current = self._item(self.query_one(PlanTable).current_key)
        self.open_form(
            plan_item_form(self.casework, self.case.reference, category=current.category if current else None),
            "Safety-plan item added.",
        )

    @on(PlanTable.Edit)
    def edit(self, event: PlanTable.Edit) -> None:
        event.stop()
        item = self._item(event.key)
        if item is not None and self.case is not None:
            self.open_form(plan_item_form(self.casework, self.case.reference, item), "Safety-plan item saved.")


#: Every category's heading as wide as the longest, so that the progress bars line up.
_HEADING_WIDTH = max(len(category.label) for category in PlanCategory)


def plan_rows(items: list[PlanItem], today: date, tones: Tones) -> list[Row]:
    rows: list[Row] = []
    for category in PlanCategory:
        in_category = [i for i in items if i.category == category.value]
        if not in_category:
            continue
        title = Text.assemble(
            (f"{category.label:<{_HEADING_WIDTH}}", tones.heading), " ", progress_bar(*progress(in_category), tones)
        )
        rows.append(Row(f"heading:{category.value}", (title,), heading=True))
        rows += [
            Row(f"item:{i.id}", (Text.assemble("  ", plain(i.title)), _status(i, tones), _due(i, today, tones)))
            for i in in_category
        ]
    return rows


def _status(item: PlanItem, tones: Tones) -> Text:
    status = PlanStatus(item.status)
    if status is PlanStatus.DONE:
        return Text("✓ Done", style=tones.good)
    if status is PlanStatus.IN_PROGRESS:
        return Text("◐ In progress", style=tones.accent)
    if status is PlanStatus.TODO:
        return Text("○ To do")
    return Text(f"– {status.label}", style="dim")


def _due(item: PlanItem, today: date, tones: Tones) -> Text:
    if item.status == PlanStatus.DONE and item.completed_at:
        return Text(f"done {day_short(item.completed_at, today)}", style="dim")
    if item.due_on is None or item.status not in OPEN_STATUSES:
        return Text("")
    if item.due_on < today:
        return Text(f"OVERDUE {day_short(item.due_on, today)}", style=tones.alert)
    if item.due_on == today:
        return Text("due today", style=tones.caution)
    return Text(f"due {day_short(item.due_on, today)}")
