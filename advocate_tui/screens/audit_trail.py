"""The audit trail of one case in words: who viewed, changed, exported or shared what, and when; whether it is whole."""

from collections.abc import Sequence

from textual.binding import Binding
from textual.widgets import Static

from advocate_tui.rules import clock
from advocate_tui.rules.audit_words import run_words, visits
from advocate_tui.screens.modals.case_list import CaseListModal
from advocate_tui.screens.widgets.table import Col, RecordTable, Row, plain
from advocate_tui.services.audit_trail import verdict_words
from advocate_tui.storage.models import AuditEntry

SHOWN = 500


class TrailTable(RecordTable):
    COLUMNS = (
        Col("When", width=18),
        Col("Who", width=20, narrow=14),
        Col("What happened", min_width=20),
    )
    EMPTY = "Nothing recorded for this case yet."
    START_AT_END = True


def when(entry: AuditEntry) -> str:
    return f"{clock.local(entry.created_at):%d %b %Y %H:%M}"


def run_detail(run: Sequence[AuditEntry]) -> str:
    """A run of entries as stored: their numbers, action, table, record ids and fields; who, and when."""
    first, last = run[0], run[-1]
    numbers = f"entry {first.id}" if len(run) == 1 else f"entries {first.id}–{last.id}"
    ids = ", ".join(dict.fromkeys(str(e.entity_id) for e in run if e.entity_id is not None))
    end = f"{clock.local(last.created_at):%H:%M}"
    span = when(first) if when(first).endswith(end) else f"{when(first)} to {end}"
    lines = [
        f"{first.actor}, {span}",
        f"{numbers}: {first.action} {first.entity}{' ' + ids if ids else ''}",
        *([f"fields: {first.fields}"] if first.fields else []),
        *([f"detail: {first.detail}"] if first.detail else []),
    ]
    return "\n".join(lines)


class AuditTrailScreen(CaseListModal):
    """The newest entries of the case's trail in words, oldest at the top, alike entries of a visit on one row;
    the highlighted row as stored below, and whether the whole trail is as written (at the foot of the box)."""

    HELP_TITLE = "Audit trail"
    TITLE = "Audit trail"
    TABLE = TrailTable
    DETAIL = True
    BINDINGS = [Binding("escape,q", "dismiss", "Close", id="trail.close", tooltip="Close the audit trail")]

    def __init__(self, reference: str) -> None:
        super().__init__(reference)
        self.details: dict[str, str] = {}

    def on_mount(self) -> None:
        table = self.query_one(TrailTable)
        self.query_one(".case-list").mount(
            Static("Checking the audit trail…", id="trail-verdict", markup=False), before=table
        )
        super().on_mount()

    def reload(self) -> None:
        """The entries, then (the longer read) the check that the whole trail is as written."""
        self.load_in_background(self.read, self._show)

    def _show(self, records: list[AuditEntry]) -> None:
        self.query_one(TrailTable).show_rows(self.rows(records))
        self.load_in_background(lambda: verdict_words(self.casework.audit.verify()), self._verified)

    def read(self) -> list[AuditEntry]:
        return self.casework.audit.entries(self.case_reference, SHOWN)

    def rows(self, records: list[AuditEntry]) -> list[Row]:
        runs = visits(records)
        self.details = {str(run[0].id): run_detail(run) for run in runs}
        return [Row(str(run[0].id), (when(run[0]), plain(run[0].actor), plain(run_words(run)))) for run in runs]

    def _verified(self, words: str) -> None:
        self.query_one("#trail-verdict", Static).update(words)

    def detail(self, key: str) -> str:
        return self.details.get(key, "")
