"""A dialog over the case workspace listing one kind of record of the case, read in the background."""

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from advocate_tui.screens.base import DatabaseWork
from advocate_tui.screens.widgets.table import KeyFooter, RecordTable, Row


class CaseListModal(DatabaseWork, ModalScreen[None]):
    """``TABLE`` filled with :meth:`rows` of what :meth:`read` returns for the case; escape closes it."""

    TITLE: ClassVar[str]
    TABLE: ClassVar[type[RecordTable]]
    #: Whether a line under the table shows the highlighted record whole (see :meth:`detail`).
    DETAIL: ClassVar[bool] = False

    def __init__(self, reference: str) -> None:
        super().__init__()
        self.case_reference = reference

    def compose(self) -> ComposeResult:
        with Vertical(classes="case-list") as box:
            box.border_title = f"{self.TITLE} — {self.case_reference}"
            yield self.TABLE()
            if self.DETAIL:
                yield Static(id="case-list-detail", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(self.TABLE).focus()
        self.reload()

    def reload(self) -> None:
        """Read the records again (in the background) and show them."""
        self.load_in_background(self.read, lambda result: self.query_one(self.TABLE).show_rows(self.rows(result)))

    def on_data_table_row_highlighted(self, event: RecordTable.RowHighlighted) -> None:
        if self.DETAIL:
            self.query_one("#case-list-detail", Static).update(self.detail(event.row_key.value or ""))

    def detail(self, key: str) -> str:
        """The record under the cursor, whole (the table crops it in a narrow terminal)."""
        return ""

    def read(self) -> Any:
        """The records, read on a worker thread."""
        raise NotImplementedError

    def rows(self, records: Any) -> list[Row]:
        """The table's rows for ``records``."""
        raise NotImplementedError
