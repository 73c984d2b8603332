"""The Incidents tab: a chart of incidents a week, so a rising pattern shows at a glance, and the log."""

from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Static

from advocate_tui.rules import clock
from advocate_tui.rules.diary import CLIENT_RECORD
from advocate_tui.rules.vocab import Behaviour
from advocate_tui.screens.forms.incident import incident_form
from advocate_tui.screens.modals.diary_import import DiaryImport
from advocate_tui.screens.modals.incident_record import IncidentRecord
from advocate_tui.screens.tabs.case_tab import CaseTab
from advocate_tui.screens.theme import Tones
from advocate_tui.screens.widgets.display import days_ago, moment_short
from advocate_tui.screens.widgets.table import Col, RecordTable, Row, RowMessage, plain
from advocate_tui.services.case_view import incidents_per_week
from advocate_tui.storage.models import Case, Incident

CHART_ROWS = 3
BLOCKS = " ▁▂▃▄▅▆▇█"
TREND_WEEKS = 4


def weekly_chart(weeks: list[tuple[date, int]], tones: Tones) -> Text:
    """Columns of block characters, one per week, with the counts and the first and last weeks under them."""
    peak = max((count for _, count in weeks), default=0) or 1
    lines = []
    for level in range(CHART_ROWS, 0, -1):
        cells = []
        for _, count in weeks:
            eighths = round(count / peak * CHART_ROWS * 8)
            cells.append(BLOCKS[max(0, min(8, eighths - (level - 1) * 8))] * 2)
        lines.append(Text(" ".join(cells), style=tones.accent))
    lines.append(Text(" ".join(f"{count:>2}" for _, count in weeks), style="dim"))
    span = len(weeks) * 3 - 1
    first = f"w/c {weeks[0][0]:%d %b}"
    lines.append(Text(first + "this week".rjust(span - len(first)), style="dim"))
    return Text("\n").join(lines)


def trend(weeks: list[tuple[date, int]], incidents: list[Incident], today: date, tones: Tones) -> Text:
    """How many lately against the weeks before, and when the last one was."""
    recent = sum(count for _, count in weeks[-TREND_WEEKS:])
    before = sum(count for _, count in weeks[-2 * TREND_WEEKS : -TREND_WEEKS])
    if recent > before:
        direction = Text("RISING", style=tones.alert)
    elif recent < before:
        direction = Text("falling", style=tones.good)
    else:
        direction = Text("steady")
    text = Text.assemble(
        (f"{len(incidents)} incident{'s' if len(incidents) != 1 else ''} logged\n", "bold"),
        f"Last {TREND_WEEKS} weeks: {recent}, the {TREND_WEEKS} before: {before} — ",
        direction,
    )
    if incidents:
        last = incidents[-1]
        ago = (today - clock.local(last.occurred_at).date()).days
        text.append(f"\nMost recent: {moment_short(last.occurred_at)} ({days_ago(ago)})")
    if any(incident.approximate for incident in incidents):
        text.append("\n~ after a time: about then (the exact time is not known)", style="dim")
    return text


class IncidentTable(RecordTable):
    HELP_TITLE = "Incidents tab"
    COLUMNS = (
        Col("When", width=19),
        Col("Behaviour", min_width=12),
        Col("Where", width=16, narrow=13),
        Col("What happened", share=2),
        Col("Police ref", width=12, narrow=10),
    )
    EMPTY = "No incidents logged. Press a to log one."
    START_AT_END = True
    BINDINGS = [
        Binding("a", "add", "Log incident", id="incidents.add", tooltip="Log a new incident"),
        Binding("enter", "show", "Full record", id="incidents.show", tooltip="Show everything logged for the incident"),
        Binding(
            "i",
            "import_diary",
            "Import diary",
            id="incidents.import",
            tooltip="Import the client's own diary from a CSV or Excel file: shown first, saved when you say",
        ),
    ]

    class Add(Message):
        """Log an incident."""

    class ShowRecord(RowMessage):
        """Show the incident's full record."""

    class ImportDiary(Message):
        """Import the client's own diary."""

    def action_add(self) -> None:
        self.post_message(self.Add())

    def action_show(self) -> None:
        self.post_message(self.ShowRecord(self.current_key))

    def action_import_diary(self) -> None:
        self.post_message(self.ImportDiary())


class IncidentsTab(CaseTab):
    TITLE = "Incidents"
    SHORT = "Log"
    ID = "incidents"
    NEEDS_INCIDENTS = True

    def compose(self) -> ComposeResult:
        with Horizontal(id="incident-summary"):
            yield Static(id="incident-chart")
            yield Static("Reading the incident log…", id="incident-trend")  # until the log, read last, is there
        yield IncidentTable(id="incident-table")

    def show(self, case: Case) -> None:
        tones = self.tones
        today = clock.today()
        weeks = incidents_per_week((i.occurred_at for i in case.incidents), today)
        self.query_one("#incident-chart", Static).update(weekly_chart(weeks, tones))
        self.query_one("#incident-trend", Static).update(trend(weeks, case.incidents, today, tones))
        self.query_one(IncidentTable).show_rows([incident_row(i) for i in case.incidents])

    @on(IncidentTable.Add)
    def add(self, event: IncidentTable.Add) -> None:
        event.stop()
        if self.case is not None:
            table = self.query_one(IncidentTable)
            self.open_form(
                incident_form(self.casework, self.case),
                "Incident logged.",
                lambda incident: table.select_when_shown(incident_key(incident)),
            )

    @on(IncidentTable.ShowRecord)
    def show_record(self, event: IncidentTable.ShowRecord) -> None:
        event.stop()
        if self.case is None or event.key is None:
            return
        incident = next((i for i in self.case.incidents if incident_key(i) == event.key), None)
        if incident is not None:
            self.app.push_screen(IncidentRecord(incident, self.case, self.casework))

    @on(IncidentTable.ImportDiary)
    def import_diary(self, event: IncidentTable.ImportDiary) -> None:
        event.stop()
        if self.case is None:
            return

        def closed(saved: int | None) -> None:
            if saved:
                self.notify(
                    f"{saved} entr{'y' if saved == 1 else 'ies'} added from the client's own record.",
                    timeout=4,
                    markup=False,
                )

        self.app.push_screen(DiaryImport(self.casework, self.case.reference), closed)


def incident_key(incident: Incident) -> str:
    return f"incident:{incident.id}"


def incident_row(incident: Incident) -> Row:
    when = moment_short(incident.occurred_at) + (" ~" if incident.approximate else "")
    kinds = ", ".join(Behaviour(k).label for k in sorted(incident.kinds))
    return Row(
        incident_key(incident),
        (
            when,
            plain(kinds),
            plain(incident.location),
            plain(
                ("(corrected) " if incident.revisions else "")
                + ("(client's record) " if incident.source == CLIENT_RECORD else "")
                + " ".join(incident.description.split())
            ),
            plain(incident.police_reference),
        ),
    )
