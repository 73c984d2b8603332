"""One incident in full, as logged (the log is a record: it is read here, not edited)."""

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from advocate_tui.rules.saved import saved_id
from advocate_tui.rules.vocab import Behaviour, OrderKind
from advocate_tui.screens.widgets.display import moment_long, yes_no
from advocate_tui.screens.widgets.table import KeyFooter, plain
from advocate_tui.storage.models import Incident, ProtectiveOrder


class IncidentRecord(ModalScreen[None]):
    """The full record of an incident; escape closes it."""

    HELP_TITLE = "Incident record"
    BINDINGS = [Binding("escape,q,enter", "dismiss", "Close", id="incident.close", tooltip="Back to the incident log")]

    def __init__(self, incident: Incident, orders: list[ProtectiveOrder]) -> None:
        super().__init__()
        self.incident = incident
        self.orders = {saved_id(o): o for o in orders}

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="record") as record:
            record.border_title = f"Incident, {moment_long(self.incident.occurred_at, self.incident.approximate)}"
            record.can_focus = True
            yield Static(incident_table(self.incident, self.orders))
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#record").focus()


def incident_table(incident: Incident, orders: dict[int, ProtectiveOrder]) -> Table:
    i = incident
    breached = orders.get(i.breached_order_id) if i.breached_order_id else None
    facts = [
        ("When", moment_long(i.occurred_at, i.approximate)),
        ("Behaviour", ", ".join(Behaviour(k).label for k in sorted(i.kinds))),
        ("What happened", i.description),
        ("Where", i.location),
        ("Order breached", OrderKind(breached.kind).label if breached else None),
        ("Witnesses", i.witnesses),
        ("Evidence kept", i.evidence_what),
        ("Where the evidence is", i.evidence_where),
        ("Not to be handled", yes_no(i.evidence_do_not_handle)),
        ("Reported to police", yes_no(i.reported_to_police, i.police_reported_on)),
        ("Police reference", i.police_reference),
        ("Police officer", i.police_officer),
        ("Impact on the client", i.impact),
        ("Recorded", f"{moment_long(i.recorded_at)} by {i.recorded_by}"),
    ]
    table = Table.grid(padding=(0, 2))
    table.add_column(style="dim", no_wrap=True)
    table.add_column(ratio=1)
    for label, value in facts:
        table.add_row(label, plain(value) if value else Text("—", style="dim"))
    return table
