"""The agenda: what needs attention across the caseload; every row opens its case (a consultation's follow-up,
which has none, opens the consultations); x saves it as a calendar."""

from datetime import date
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static

from advocate_tui.rules import clock
from advocate_tui.screens.app_protocol import host
from advocate_tui.screens.base import DataScreen
from advocate_tui.screens.forms.calendar import calendar_form
from advocate_tui.screens.theme import Tones
from advocate_tui.screens.widgets.table import Col, KeyFooter, RecordTable, Row, plain
from advocate_tui.services.agenda import ACTIONS, CONSULTATION_FOLLOW_UPS, MEETINGS, PLAN_DUE_SOON_DAYS
from advocate_tui.services.case_view import NO_CONTACT_DAYS, ORDER_EXPIRY_DAYS
from advocate_tui.services.court import HEARING_HORIZON_DAYS
from advocate_tui.services.referrals import DUE_SOON_DAYS
from advocate_tui.services.rows import AgendaEntry

#: The agenda's sections in the order shown, with their headings (keys are AgendaEntry.section).
SECTIONS = {
    "Court dates": f"Court dates in the next {HEARING_HORIZON_DAYS} days",
    "Orders expiring": f"Orders expiring within {ORDER_EXPIRY_DAYS} days",
    "Victims' Right to Review": "Reviews of police or CPS decisions to ask for by their deadline",
    MEETINGS: f"Multi-agency meetings in the next {DUE_SOON_DAYS} days",
    ACTIONS: f"Referral actions due within {DUE_SOON_DAYS} days or overdue",
    CONSULTATION_FOLLOW_UPS: "Follow-ups of consultations with other organisations, due within a week or overdue",
    "No contact in 14 days": f"No contact for {NO_CONTACT_DAYS} days or more",
    "Safety plan due": "Safety-plan items due or overdue",
    "Escalation alerts": "Escalation alerts not yet acknowledged",
    "Risk review due": f"Risk reviews due within {PLAN_DUE_SOON_DAYS} days or overdue",
}


class AgendaTable(RecordTable):
    HELP_TITLE = "Agenda"
    COLUMNS = (
        Col("When", width=17),
        Col("Case", width=14),
        Col("Client", width=22, narrow=16),
        Col("What", min_width=30),
    )
    BINDINGS = [
        Binding(
            "enter",
            "open",
            "Open case",
            id="agenda.open",
            tooltip="Open the case of the row under the cursor (or, for a consultation's follow-up, the consultations)",
        ),
        Binding(
            "right_square_bracket",
            "section(1)",
            "Next section",
            id="agenda.next_section",
            tooltip="Jump to the next section",
        ),
        Binding(
            "left_square_bracket",
            "section(-1)",
            "Previous section",
            id="agenda.previous_section",
            tooltip="Jump to the previous section",
        ),
    ]

    class OpenCase(Message):
        """Open the case ``reference`` (that of the row under the cursor)."""

        def __init__(self, reference: str) -> None:
            super().__init__()
            self.reference = reference

    def action_open(self) -> None:
        if self.current_key:
            self.post_message(self.OpenCase(self.current_key.rsplit(":", 1)[1]))

    def action_section(self, step: int) -> None:
        """Move to the first entry of the next (or previous) section that has any."""
        starts = [
            n + 1
            for n, row in enumerate(self.records)
            if row.heading and n + 1 < len(self.records) and not self.records[n + 1].heading
        ]
        later = [n for n in starts if (n - self.cursor_row) * step > 0]
        if later:
            self.move_cursor(row=later[0] if step > 0 else later[-1])


class AgendaScreen(DataScreen):
    """Court dates soon, orders expiring, quiet cases, plan items due, escalation alerts, risk reviews due."""

    HELP_TITLE = "Agenda"
    BINDINGS = [
        Binding("escape", "back", "Back", id="agenda.back", tooltip="Go back to the previous screen"),
        Binding(
            "x",
            "export",
            "Export calendar",
            id="agenda.export",
            tooltip="Save the dated items as an iCalendar (.ics) file for a phone: references only, no names",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[AgendaEntry] | None = None

    def compose(self) -> ComposeResult:
        yield Static("Agenda — reading…", id="agenda-title")
        yield AgendaTable(id="agenda-table")
        yield KeyFooter()

    def reload(self) -> None:
        self.load_in_background(self.casework.agenda.agenda, self._loaded)

    def _loaded(self, entries: list[AgendaEntry]) -> None:
        self.entries = entries
        self.redraw()
        self.query_one(AgendaTable).focus()

    def redraw(self) -> None:
        if self.entries is None:
            return
        today = clock.today()
        self.query_one("#agenda-title", Static).update(
            Text.assemble(
                ("Agenda", self.tones.heading),
                f" for {today:%A %d %B %Y}  ·  ",
                f"{len(self.entries)} thing{'s' if len(self.entries) != 1 else ''} to look at",
            )
        )
        self.query_one(AgendaTable).show_rows(agenda_rows(self.entries, today, self.tones))

    @on(AgendaTable.OpenCase)
    def _open_case(self, event: AgendaTable.OpenCase) -> None:
        if event.reference:
            host(self).open_case(event.reference)
        else:  # a consultation's follow-up: it belongs to no case
            host(self).action_show_consultations()

    def action_back(self) -> None:
        self.dismiss()

    def action_export(self) -> None:
        from advocate_tui.storage.config import documents_dir  # the settings are read once, at start-up

        def saved(result: tuple[Path, int] | None) -> None:
            if result is not None:
                path, count = result
                self.notify(
                    f"Saved {count} event{'s' if count != 1 else ''} to {path}",
                    title="Calendar exported",
                    timeout=8,
                    markup=False,
                )

        self.app.push_screen(calendar_form(self.casework, documents_dir()), saved)


def agenda_rows(entries: list[AgendaEntry], today: date, tones: Tones) -> list[Row]:
    rows: list[Row] = []
    sections = list(SECTIONS) + sorted({e.section for e in entries} - set(SECTIONS))
    for section in sections:
        in_section = [e for e in entries if e.section == section]
        title = Text.assemble((SECTIONS.get(section, section), tones.heading), (f"  ({len(in_section)})", "dim"))
        rows.append(Row(f"heading:{section}", (title,), heading=True))
        if not in_section:
            rows.append(Row(f"none:{section}", (Text("  nothing", style="dim"),), heading=True))
        rows += [
            Row(
                f"{section}:{n}:{entry.reference}",
                (_when(entry, section, today, tones), entry.reference, plain(entry.name), plain(entry.what)),
            )
            for n, entry in enumerate(in_section)
        ]
    return rows


def _when(entry: AgendaEntry, section: str, today: date, tones: Tones) -> Text:
    if section == "No contact in 14 days":
        return Text("  no contact", style=tones.caution)
    if section == "Escalation alerts":
        return Text(f"  since {entry.when:%d %b}", style=tones.alert)
    if entry.overdue:
        return Text(f"  OVERDUE {entry.when:%d %b}", style=tones.alert)
    if entry.when == today:
        return Text("  today", style=tones.caution)
    return Text(f"  {entry.when:%a %d %b}")
