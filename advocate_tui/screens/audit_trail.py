"""The audit trail of one case: who viewed, changed, exported or shared what, and when."""

from textual.binding import Binding

from advocate_tui.rules import clock
from advocate_tui.screens.modals.case_list import CaseListModal
from advocate_tui.screens.widgets.table import Col, RecordTable, Row, plain
from advocate_tui.storage.models import AuditEntry

SHOWN = 500


class TrailTable(RecordTable):
    COLUMNS = (
        Col("When", width=19),
        Col("Who", width=20),
        Col("Did", width=10),
        Col("What", width=22),
        Col("Fields", min_width=10),
    )
    EMPTY = "Nothing recorded for this case yet."
    START_AT_END = True


class AuditTrailScreen(CaseListModal):
    """The newest entries of the case's trail, oldest at the top."""

    HELP_TITLE = "Audit trail"
    TITLE = "Audit trail"
    TABLE = TrailTable
    BINDINGS = [Binding("escape,q", "dismiss", "Close", id="trail.close", tooltip="Close the audit trail")]

    def read(self) -> list[AuditEntry]:
        return self.casework.audit.entries(self.case_reference, SHOWN)

    def rows(self, records: list[AuditEntry]) -> list[Row]:
        return [
            Row(
                str(e.id),
                (
                    f"{clock.local(e.created_at):%d %b %Y %H:%M}",
                    plain(e.actor),
                    e.action,
                    f"{e.entity} {e.entity_id or ''}".strip(),
                    plain(e.fields or e.detail or ""),
                ),
            )
            for e in records
        ]
