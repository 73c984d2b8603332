"""The information-sharing record of one case: what was shared outside the service, with whom, why and
on what basis, and the people and organisations nothing may be sent to. ``b`` confirms or changes the
lawful basis of the disclosure under the cursor (those flagged for review show "to review")."""

from rich.text import Text
from textual.binding import Binding

from advocate_tui.rules import clock
from advocate_tui.rules.vocab import LawfulBasis
from advocate_tui.screens.modals.case_list import CaseListModal
from advocate_tui.screens.widgets.table import Col, RecordTable, Row, plain
from advocate_tui.services.sharing import SharingRecord, basis_text
from advocate_tui.storage.models import Disclosure


class SharingTable(RecordTable):
    COLUMNS = (
        Col("When", width=19, narrow=13),
        Col("To", width=24, narrow=16),
        Col("What", min_width=10),
        Col("Why", min_width=10),
        Col("Basis", width=20, narrow=13),
        Col("By", width=16, narrow=10),
    )


class SharingScreen(CaseListModal):
    """Disclosures, oldest first, then the do-not-disclose list."""

    HELP_TITLE = "Information sharing"
    TITLE = "Information shared outside the service"
    TABLE = SharingTable
    DETAIL = True
    BINDINGS = [
        Binding("escape,q", "dismiss", "Close", id="sharing.close", tooltip="Close the information-sharing record"),
        Binding(
            "b",
            "basis",
            "Lawful basis",
            id="sharing.basis",
            tooltip="Confirm or change the Article 6 basis and the condition of the disclosure under the cursor",
        ),
    ]

    def __init__(self, reference: str) -> None:
        super().__init__(reference)
        #: Each record's whole text by row key, for the line under the table.
        self.details: dict[str, str] = {}
        #: The disclosures shown, by row key.
        self.disclosures: dict[str, Disclosure] = {}

    def action_basis(self) -> None:
        from advocate_tui.screens.forms.consultation import basis_form

        disclosure = self.disclosures.get(self.query_one(self.TABLE).current_key or "")
        if disclosure is None:
            self.notify("Move to a disclosure first: the basis is that of the one under the cursor.", markup=False)
            return

        def saved(result: Disclosure | None) -> None:
            if result is not None:
                self.reload()

        self.app.push_screen(basis_form(self.casework, self.case_reference, disclosure), saved)

    def read(self) -> SharingRecord:
        return self.casework.sharing.sharing_record(self.case_reference)

    def detail(self, key: str) -> str:
        return self.details.get(key, "")

    def rows(self, records: SharingRecord) -> list[Row]:
        self.disclosures = {f"shared:{d.id}": d for d in records.disclosures}
        self.details = {
            f"shared:{d.id}": f"To {d.recipient}, by {d.shared_by}\nBasis: {basis_text(d)}\n"
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
                    _basis_cell(d),
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


def _basis_cell(disclosure: Disclosure) -> Text:
    """The Article 6 basis, marked when it is to be reviewed (the condition is on the line under the table)."""
    basis = LawfulBasis(disclosure.basis).label if disclosure.basis else "Not recorded"
    if disclosure.basis_to_review:
        return Text.assemble((basis, ""), (" (to review)", "bold"))
    return Text(basis)
