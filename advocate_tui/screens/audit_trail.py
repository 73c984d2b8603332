"""The audit trail of one case: who viewed, changed, exported or shared what, and when."""

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen

from advocate_tui import audit, clock
from advocate_tui.models import AuditEntry
from advocate_tui.screens.base import DatabaseWork
from advocate_tui.widgets import Col, KeyFooter, RecordTable, Row, plain

SHOWN = 500


class TrailTable(RecordTable):
    COLUMNS = (Col("When", width=19), Col("Who", width=20), Col("Did", width=10), Col("What", width=22),
               Col("Fields", min_width=10))
    EMPTY = "Nothing recorded for this case yet."
    START_AT_END = True


class AuditTrailScreen(DatabaseWork, ModalScreen[None]):
    """The newest entries of the case's trail, oldest at the top."""

    HELP_TITLE = "Audit trail"
    DEFAULT_CSS = """
    AuditTrailScreen { align: center middle; }
    AuditTrailScreen #trail { width: 110; max-width: 100%; height: 90%; border: round $primary;
                               border-title-style: bold; background: $surface; padding: 0 1; }
    """
    BINDINGS = [Binding("escape,q", "dismiss", "Close", id="trail.close", tooltip="Close the audit trail")]

    def __init__(self, reference: str) -> None:
        super().__init__()
        self.case_reference = reference

    def compose(self) -> ComposeResult:
        with Vertical(id="trail") as box:
            box.border_title = f"Audit trail — {self.case_reference}"
            yield TrailTable()
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(TrailTable).focus()
        self.load_in_background(self._read, self._show)

    def _read(self) -> list[AuditEntry]:
        with self.casework.db.reader() as session:
            return audit.entries(session, self.case_reference, SHOWN)

    def _show(self, entries: list[AuditEntry]) -> None:
        self.query_one(TrailTable).show_rows([
            Row(str(e.id), (f"{clock.local(e.created_at):%d %b %Y %H:%M}", plain(e.actor), e.action,
                            f"{e.entity} {e.entity_id or ''}".strip(), plain(e.fields or e.detail or "")))
            for e in entries
        ])
