"""The Reports screen: the commissioner's report for a period as bar charts, and its export.

The advocate's own view shows exact counts; ``f`` shows the figures as the funder's export will
(small numbers suppressed, no bar drawn for them); ``x`` saves that export as Markdown, CSV and HTML
in the documents folder. The report is computed on a worker thread.
"""

import re
from datetime import date
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.widgets import Input, Label, Static

from advocate_tui.output.report_formats import ShownSection, shown, write_report
from advocate_tui.rules import clock
from advocate_tui.rules.dates import uk_date
from advocate_tui.rules.report_files import FORMATS
from advocate_tui.screens.base import DataScreen
from advocate_tui.screens.modals.confirm import ask_to_replace
from advocate_tui.screens.theme import Tones
from advocate_tui.screens.widgets.table import KeyFooter, plain
from advocate_tui.services.reports import Report, Section
from advocate_tui.storage.files import private_folder

LABEL_WIDTH = 24
CHART_WIDTH = 28
GAP = 2
#: The figure families shown as charts, in order (keys of the report's sections).
SECTIONS = (
    "summary",
    "source",
    "area",
    "domestic",
    "gender",
    "age",
    "risk",
    "referrals",
    "closures",
    "outcomes",
    "outcome_scales",
    "outcome_risk",
    "orders",
    "court",
    "plan",
)


def financial_year_start(today: date) -> date:
    """1 April of the financial year ``today`` is in (the commissioner's year)."""
    return date(today.year if today.month >= 4 else today.year - 1, 4, 1)


class ReportsScreen(DataScreen):
    """Figures for the period as bar charts; filters at the top; f for the funder's view, x to export."""

    HELP_TITLE = "Reports"
    #: Below 120 columns (the -narrow class) the charts stand one to a row.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]
    DEFAULT_CSS = """
    ReportsScreen #reports-title { height: auto; padding: 0 1; }
    ReportsScreen #reports-filters { height: auto; padding: 0 1; }
    ReportsScreen #reports-filters Label { padding: 0 1; }
    ReportsScreen #reports-filters Input { width: 12; background: $panel; }
    ReportsScreen #reports-filters #reports-advocate { width: 14; }
    ReportsScreen #reports-grid { grid-size: 2; grid-gutter: 0 1; height: auto; padding: 0 1; }
    ReportsScreen.-narrow #reports-grid { grid-size: 1; }
    ReportsScreen .chart { height: auto; border: round $panel; border-title-color: $text-primary; padding: 0 1; }
    """
    BINDINGS = [
        Binding("escape", "back", "Back", id="reports.back", tooltip="Go back to the previous screen"),
        Binding(
            "p",
            "period",
            "Period",
            id="reports.period",
            tooltip="Change the period, area or advocate: type, then Enter runs the report",
        ),
        Binding(
            "f",
            "funder_view",
            "Funder's view",
            id="reports.funder_view",
            tooltip="Switch between exact counts and the figures as the funder's export shows them",
        ),
        Binding(
            "x",
            "export",
            "Export",
            id="reports.export",
            tooltip="Save the funder's report (small numbers suppressed) as Markdown, CSV and HTML",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.report: Report | None = None
        self.funder_view = False

    def compose(self) -> ComposeResult:
        today = clock.today()
        yield Static("Reports — reading…", id="reports-title")
        with Horizontal(id="reports-filters"):
            yield Label("From")
            yield Input(financial_year_start(today).isoformat(), id="reports-from", compact=True)
            yield Label("To")
            yield Input(today.isoformat(), id="reports-to", compact=True)
            yield Label("Area")
            yield Input(placeholder="all", id="reports-area", compact=True)
            yield Label("Advocate")
            yield Input(placeholder="all", id="reports-advocate", compact=True)
        with VerticalScroll(id="reports-body"):
            with Grid(id="reports-grid"):
                for key in SECTIONS:
                    yield Static(id=f"chart-{key}", classes="chart")
        yield KeyFooter()

    def _filters(self) -> dict[str, str | None]:
        return {
            name: self.query_one(f"#reports-{name}", Input).value.strip() or None
            for name in ("from", "to", "area", "advocate")
        }

    def reload(self) -> None:
        chosen = self._filters()
        self.load_in_background(
            lambda: self.casework.reports.report(
                chosen["from"] or "", chosen["to"] or "", area=chosen["area"], advocate=chosen["advocate"]
            ),
            self._loaded,
        )

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#reports-body").focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#reports-body").focus()
        self.reload()

    def action_period(self) -> None:
        self.query_one("#reports-from", Input).focus()

    def _loaded(self, report: Report) -> None:
        self.report = report
        self.redraw()

    def redraw(self) -> None:
        report = self.report
        if report is None:
            return
        tones = self.tones
        limit = self.casework.risk.thresholds.suppress_below
        view = (
            f"funder's view: counts from 1 to {limit - 1} shown as <{limit}, as exported"
            if self.funder_view
            else "exact counts, for the service's own use"
        )
        scope = "".join(
            f"  ·  {name} {value}" for name, value in (("area", report.area), ("advocate", report.advocate)) if value
        )
        self.query_one("#reports-title", Static).update(
            Text.assemble(
                ("Report for the Police and Crime Commissioner", tones.heading),
                f"  {uk_date(report.start)} to {uk_date(report.end)}",
                plain(scope),
                "\n",
                (view, tones.muted),
            )
        )
        cells = {s.key: cell for s, cell in zip(report.sections, shown(report, limit if self.funder_view else None))}
        for section in report.sections:
            if section.key in SECTIONS:
                chart = self.query_one(f"#chart-{section.key}", Static)
                chart.border_title = section.title
                chart.update(chart_text(section.key == "summary", section, cells[section.key], tones))

    def action_funder_view(self) -> None:
        self.funder_view = not self.funder_view
        self.redraw()

    def action_export(self) -> None:
        report = self.report
        if report is None:
            return
        limit = self.casework.risk.thresholds.suppress_below
        paths = export_paths(report)

        def export(replace: bool) -> None:
            self.save_in_background(lambda: export_report(report, limit, paths, replace), self._exported)

        ask_to_replace(self, paths, export)

    def _exported(self, paths: list[Path]) -> None:
        self.notify(
            f"Saved the funder's report: {', '.join(str(p) for p in paths)}", title="Exported", timeout=8, markup=False
        )

    def action_back(self) -> None:
        self.dismiss()


def chart_text(figures_only: bool, section: Section, cells: ShownSection, tones: Tones) -> Text:
    """A section as labelled bars (one per column), scaled to the section's largest count.

    A cell the funder's view withholds is written as shown there, with no bar.
    """
    values = [row.values for row in section.rows]
    largest = max((v for row in values for v in row if isinstance(v, int)), default=0) or 1
    columns = len(cells.columns)
    width = max(3, (CHART_WIDTH - GAP * (columns - 1)) // columns - 5)
    palette = (tones.accent, tones.caution, tones.good)
    text = Text()
    if columns > 1:
        text.append(" " * LABEL_WIDTH)
        for n, name in enumerate(cells.columns):
            room = width + 5 + GAP
            text.append(f"{name if len(name) < room else name.split()[0][: room - 1]:<{room}}", style=palette[n % 3])
        text.append("\n")
    label_width = max(len(label) for label, _values in cells.rows) + 1 if figures_only else LABEL_WIDTH
    for (label, shown_values), raw in zip(cells.rows, values):
        if len(label) >= label_width:
            label = label[: label_width - 2] + "…"
        text.append_text(plain(f"{label:<{label_width}}"))
        for n, (cell, value) in enumerate(zip(shown_values, raw)):
            bar = (
                0
                if figures_only or not isinstance(value, int) or cell != str(value)
                else round(width * value / largest)
            )
            if n:
                text.append(" " * GAP)
            if not figures_only:
                text.append("█" * bar, style=palette[n % 3])
                text.append(" " * (width - bar))
            text.append(f" {cell:>4}")
        text.append("\n")
    text.rstrip()
    return text


def export_name(report: Report) -> str:
    """'report_2026-04-01_to_2026-09-30', with the area and advocate when the report is narrowed to them."""
    parts = ["report", report.start.isoformat(), "to", report.end.isoformat(), report.area, report.advocate]
    return "_".join(re.sub(r"[^A-Za-z0-9-]+", "-", part).strip("-") for part in parts if part)


def export_paths(report: Report) -> list[Path]:
    """Where the funder's report is saved, one file per format: ``reports`` in the documents folder."""
    from advocate_tui.storage.config import documents_dir  # the settings are read once, at start-up

    return [documents_dir() / "reports" / f"{export_name(report)}.{form}" for form in FORMATS]


def export_report(report: Report, suppress_below: int, paths: list[Path], replace: bool) -> list[Path]:
    """Write the funder's report to ``paths`` (from :func:`export_paths`); existing files only if ``replace``."""
    private_folder(paths[0].parent)
    return [write_report(path, report, form, suppress_below, replace=replace) for path, form in zip(paths, FORMATS)]
