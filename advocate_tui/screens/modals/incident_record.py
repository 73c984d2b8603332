"""One incident in full, as logged, with the files kept as evidence of it (its exhibits) and every correction
made since: the values each one replaced, who made it, when and why (what was first recorded, and when and by
whom, never changes)."""

import json
from datetime import datetime

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from advocate_tui.rules.diary import CLIENT_RECORD, SOURCE_LABEL
from advocate_tui.rules.fields import INCIDENT_FIELDS
from advocate_tui.rules.saved import saved_id
from advocate_tui.rules.vocab import Behaviour, OrderKind
from advocate_tui.rules.wording import file_size
from advocate_tui.screens.base import DatabaseWork
from advocate_tui.screens.forms.evidence import evidence_form
from advocate_tui.screens.forms.incident import incident_form
from advocate_tui.screens.widgets.display import moment_long, yes_no
from advocate_tui.screens.widgets.table import KeyFooter, plain
from advocate_tui.services.casework import Casework
from advocate_tui.services.evidence import EvidenceItem, Verified
from advocate_tui.storage.models import Case, Incident, IncidentRevision, ProtectiveOrder

#: How many hex digits of an exhibit's SHA-256 the record shows (the whole is in `advocate evidence list`).
SHA_SHOWN = 12


class IncidentRecord(DatabaseWork, ModalScreen[None]):
    """The full record of an incident and its exhibits; ``e`` corrects it, ``f`` keeps a file as evidence of it,
    ``v`` checks every evidence file of the case against its SHA-256, escape closes it."""

    HELP_TITLE = "Incident record"
    BINDINGS = [
        Binding("escape,q,enter", "dismiss", "Close", id="incident.close", tooltip="Back to the incident log"),
        Binding(
            "e",
            "correct",
            "Correct",
            id="incident.correct",
            tooltip="Correct what was logged; the values replaced are kept in the incident's history",
        ),
        Binding(
            "f",
            "add_evidence",
            "Add file",
            id="incident.evidence",
            tooltip="Keep a file (a screenshot, a recording) as evidence of this incident, with its SHA-256 "
            "and an exhibit reference",
        ),
        Binding(
            "v",
            "verify",
            "Check files",
            id="incident.verify",
            tooltip="Hash every evidence file of the case again and compare it with the SHA-256 recorded when kept",
        ),
    ]

    def __init__(self, incident: Incident, case: Case, casework: Casework) -> None:
        super().__init__()
        self.incident = incident
        self.case = case
        self._casework = casework
        self.orders = {saved_id(o): o for o in case.orders}
        #: The incident's exhibits, once read (None until then).
        self.exhibits: list[EvidenceItem] | None = None

    @property
    def casework(self) -> Casework:  # given, so the record works over any casework
        return self._casework

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="record") as record:
            record.can_focus = True
            yield Static(id="incident-facts")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._show()
        self.query_one("#record").focus()
        self._read_exhibits()

    def _read_exhibits(self) -> None:
        def read() -> list[EvidenceItem]:
            return self.casework.evidence.list(self.case.reference, saved_id(self.incident))[1]

        self.load_in_background(read, self._show_exhibits)

    def _show_exhibits(self, exhibits: list[EvidenceItem]) -> None:
        self.exhibits = exhibits
        self._show()

    def _show(self) -> None:
        i = self.incident
        corrected = f" — corrected {len(i.revisions)}×" if i.revisions else ""
        self.query_one("#record").border_title = f"Incident, {moment_long(i.occurred_at, i.approximate)}{corrected}"
        self.query_one("#incident-facts", Static).update(incident_record(i, self.orders, self.exhibits))

    def action_correct(self) -> None:
        def corrected(incident: Incident | None) -> None:
            if incident is not None:
                self.incident = incident
                self._show()
                self.notify("Incident corrected; the earlier values are kept in its history.", timeout=4)

        self.app.push_screen(incident_form(self.casework, self.case, self.incident), corrected)

    def action_add_evidence(self) -> None:
        def kept(items: list[EvidenceItem] | None) -> None:
            if items:
                said = ", ".join(f"{i.record.exhibit_reference} ({i.record.original_name})" for i in items)
                self.notify(f"Kept as evidence: {said}.", timeout=6, markup=False)
                self._read_exhibits()

        number = [saved_id(i) for i in self.case.incidents].index(saved_id(self.incident)) + 1
        self.app.push_screen(evidence_form(self.casework, self.case.reference, number), kept)

    def action_verify(self) -> None:
        self.notify("Checking every evidence file of the case…", timeout=3)
        self.ask_in_background(lambda: self.casework.evidence.verify(self.case.reference), self._verified)

    def _verified(self, verified: Verified) -> None:
        if verified.problems:
            self.notify(
                "\n".join([*verified.problems, verified.summary, "Restore the database from a backup."]),
                title="Evidence files changed",
                severity="error",
                timeout=30,
                markup=False,
            )
        else:
            self.notify(verified.summary, title=f"Evidence files of {self.case.reference}", timeout=6, markup=False)


def incident_record(
    incident: Incident, orders: dict[int, ProtectiveOrder], exhibits: list[EvidenceItem] | None
) -> Group:
    """The facts as they stand, the exhibits (once read), then each correction, earliest first."""
    parts: list[Table | Text] = [incident_table(incident, orders), Text(""), exhibits_table(exhibits)]
    for number, revision in enumerate(incident.revisions, start=1):
        parts += [Text(""), revision_table(number, revision)]
    return Group(*parts)


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
    if i.source == CLIENT_RECORD:
        facts.append(("Source", SOURCE_LABEL.capitalize()))
    if i.revisions:
        last = i.revisions[-1]
        facts.append(("Corrected", f"{moment_long(last.revised_at)} by {last.revised_by} (history below)"))
    return _grid(facts)


def exhibits_table(exhibits: list[EvidenceItem] | None) -> Table:
    """Each file kept as evidence of the incident: its exhibit reference, what it shows, its file's name, type
    and size, then the start of its SHA-256 and who kept it when."""
    if not exhibits:
        said = "Reading…" if exhibits is None else "No files kept as evidence of this incident (f keeps one)."
        return _grid([("Exhibits", said)])
    table = Table.grid(padding=(0, 2))
    table.add_column(style="dim", no_wrap=True)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(ratio=1)
    for number, item in enumerate(exhibits):
        r = item.record
        details = Text.assemble(
            plain(r.description or r.original_name),
            "\n",
            (
                f"{r.original_name} · {r.media_type} · {file_size(r.size)}\n"
                f"SHA-256 {r.sha256[:SHA_SHOWN]}… · kept {moment_long(r.added_at)} by {r.added_by}",
                "dim",
            ),
        )
        table.add_row("" if number else "Exhibits", plain(r.exhibit_reference), details)
    return table


def revision_table(number: int, revision: IncidentRevision) -> Table:
    """One correction: who, when, why, and what each corrected field held before it."""
    earlier = json.loads(revision.earlier)
    facts = [
        (f"Correction {number}", f"{moment_long(revision.revised_at)} by {revision.revised_by}"),
        ("Reason", revision.reason),
        *(
            (f"  {INCIDENT_FIELDS[name].label.capitalize()} was", _earlier_text(name, value))
            for name, value in earlier.items()
        ),
    ]
    return _grid(facts)


def _earlier_text(name: str, value: object) -> str:
    """An earlier value as kept (times in UTC, ISO), as the record shows the current one."""
    if name == "occurred_at" and isinstance(value, str):
        return moment_long(datetime.fromisoformat(value))
    if isinstance(value, list):
        return ", ".join(Behaviour(kind).label for kind in value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return "—" if value is None else str(value)


def _grid(facts: list[tuple[str, str | None]]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="dim", no_wrap=True)
    table.add_column(ratio=1)
    for label, value in facts:
        table.add_row(label, plain(value) if value else Text("—", style="dim"))
    return table
