"""The information-sharing record of one case: what was shared outside the service, with whom, why and
on what basis, and the people and organisations nothing may be sent to."""

from rich.text import Text
from textual.binding import Binding

from advocate_tui.rules import clock
from advocate_tui.rules.vocab import LawfulBasis
from advocate_tui.screens.modals.case_list import CaseListModal
from advocate_tui.screens.widgets.table import Col, RecordTable, Row, plain
from advocate_tui.services.sharing import SharingRecord


class SharingTable(RecordTable):
    COLUMNS = (
        Col("When", width=19, narrow=13),
        Col("To", width=24, narrow=16),
        Col("What", min_width=10),
        Col("Why", min_width=10),
        Col("Basis", width=16, narrow=13),
        Col("By", width=16, narrow=10),
    )


class SharingScreen(CaseListModal):
    """Disclosures, oldest first, then the do-not-disclose list."""

    HELP_TITLE = "Information sharing"
    TITLE = "Information shared outside the service"
    TABLE = SharingTable
    DETAIL = True
    BINDINGS = [
        Binding("escape,q", "dismiss", "Close", id="sharing.close", tooltip="Close the information-sharing record")
    ]

    def __init__(self, reference: str) -> None:
        super().__init__(reference)
        #: Each record's whole text by row key, for the line under the table.
        self.details: dict[str, str] = {}

    def read(self) -> SharingRecord:
        return self.casework.sharing.sharing_record(self.case_reference)

    def detail(self, key: str) -> str:
        return self.details.get(key, "")

    def rows(self, records: SharingRecord) -> list[Row]:
        self.details = {
            f"shared:{d.id}": f"To {d.recipient} ({LawfulBasis(d.basis).label.lower()}), by {d.shared_by}\n"
            f"What: {d.what}\nWhy: {d.why}"
            for d in records.disclosures
        }
        self.details |= {
            f"withheld:{w.id}": f"Nothing about the case may be sent to {w.name}"
            + (f"\nWhy: {w.reason}" if w.reason else "")
            for w in records.withheld
        }
        rows = [
            Row("heading:shared", (Text(f"Shared ({len(records.disclosures)})", style="bold underline"),), heading=True)
        ]
        rows += [
            Row(
                f"shared:{d.id}",
                (
                    f"{clock.local(d.shared_at):%d %b %Y %H:%M}",
                    plain(d.recipient),
                    plain(d.what),
                    plain(d.why),
                    LawfulBasis(d.basis).label,
                    plain(d.shared_by),
                ),
            )
            for d in records.disclosures
        ]
        if not records.disclosures:
            rows.append(Row("shared:none", ("", Text("Nothing shared yet.", style="dim italic"))))
        rows.append(
            Row(
                "heading:withheld",
                (Text(f"Do not disclose to ({len(records.withheld)})", style="bold underline"),),
                heading=True,
            )
        )
        rows += [
            Row(
                f"withheld:{w.id}",
                (
                    f"{clock.local(w.created_at):%d %b %Y %H:%M}",
                    plain(w.name),
                    "",
                    plain(w.reason or ""),
                    "",
                    plain(w.added_by),
                ),
            )
            for w in records.withheld
        ]
        if not records.withheld:
            rows.append(Row("withheld:none", ("", Text("No one listed.", style="dim italic"))))
        return rows
