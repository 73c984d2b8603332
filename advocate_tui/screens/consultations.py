"""Professional consultations: advice given to other organisations' professionals, newest first; ``a`` records
one, ``d`` marks the follow-up of the one under the cursor done."""

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from advocate_tui.rules.dates import uk_date
from advocate_tui.screens.base import DataScreen
from advocate_tui.screens.widgets.table import Col, KeyFooter, RecordTable, Row, plain
from advocate_tui.storage.models import Consultation


class ConsultationTable(RecordTable):
    COLUMNS = (
        Col("Date", width=13),
        Col("Organisation", width=24, narrow=16),
        Col("Professional", width=22, narrow=14),
        Col("Question", min_width=16),
        Col("Minutes", width=8),
        Col("Follow-up", width=24, narrow=14),
    )
    EMPTY = "No consultations recorded. Press a to record one."


class ConsultationsScreen(DataScreen):
    """Every consultation, newest first, with the whole of the one under the cursor below the table."""

    HELP_TITLE = "Consultations"
    AUTO_FOCUS = "#consultation-table"
    BINDINGS = [
        Binding("escape", "back", "Back", id="consultations.back", tooltip="Go back to the previous screen"),
        Binding(
            "a",
            "add",
            "Record",
            id="consultations.add",
            tooltip="Record advice given to another organisation (no names of their client are needed)",
        ),
        Binding(
            "d",
            "done",
            "Follow-up done",
            id="consultations.done",
            tooltip="Mark the follow-up of the consultation under the cursor as done today (it leaves the agenda)",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.consultations: list[Consultation] | None = None

    def compose(self) -> ComposeResult:
        yield Static("Consultations — reading…", id="consultations-title")
        yield ConsultationTable(id="consultation-table")
        yield Static(id="consultation-detail", markup=False)
        yield KeyFooter()

    def reload(self) -> None:
        self.load_in_background(self.casework.consultations.in_period, self._loaded)

    def _loaded(self, consultations: list[Consultation]) -> None:
        self.consultations = consultations
        self.redraw()

    def redraw(self) -> None:
        if self.consultations is None:
            return
        found = self.consultations
        hours = sum(c.minutes for c in found) / 60
        self.query_one("#consultations-title", Static).update(
            Text.assemble(
                ("Consultations", self.tones.heading),
                f"  ·  {len(found)} recorded, {hours:.1f} hours  ·  advice to other organisations",
            )
        )
        self.query_one(ConsultationTable).show_rows([_row(c) for c in reversed(found)])

    def _current(self) -> Consultation | None:
        key = self.query_one(ConsultationTable).current_key
        return next((c for c in self.consultations or () if str(c.id) == key), None)

    def on_data_table_row_highlighted(self, event: RecordTable.RowHighlighted) -> None:
        chosen = self._current()
        self.query_one("#consultation-detail", Static).update(_detail(chosen) if chosen else "")

    def action_back(self) -> None:
        self.dismiss()

    def action_add(self) -> None:
        from advocate_tui.screens.forms.consultation import consultation_form

        def saved(result: Consultation | None) -> None:
            if result is not None:
                self.notify(f"Consultation with {result.organisation} recorded.", timeout=4, markup=False)
                self.reload()

        self.app.push_screen(consultation_form(self.casework), saved)

    def action_done(self) -> None:
        chosen = self._current()
        if chosen is None or chosen.id is None:
            return
        self.save_in_background(lambda: self.casework.consultations.followed_up(chosen.id or 0), self._followed_up)

    def _followed_up(self, done: Consultation) -> None:
        self.notify(f"Follow-up with {done.organisation} done.", timeout=4, markup=False)
        self.reload()


def _follow_up(c: Consultation) -> str:
    if not c.follow_up:
        return ""
    if c.followed_up_on is not None:
        return f"done {uk_date(c.followed_up_on)}"
    return f"due {uk_date(c.follow_up_on)}" if c.follow_up_on else "to do"


def _row(c: Consultation) -> Row:
    return Row(
        str(c.id),
        (
            uk_date(c.held_on),
            plain(c.organisation),
            plain(c.professional),
            plain(c.question),
            str(c.minutes),
            _follow_up(c),
        ),
    )


def _detail(c: Consultation) -> str:
    role = f" ({c.role})" if c.role else ""
    lines = [
        f"{c.professional}{role}, {c.organisation}: {c.minutes} minutes, recorded by {c.recorded_by}",
        f"Question: {c.question}",
        f"Advice: {c.advice}",
    ]
    if c.follow_up:
        lines.append(f"Follow-up: {c.follow_up} ({_follow_up(c)})")
    return "\n".join(lines)
