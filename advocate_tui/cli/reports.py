"""``advocate report``: the report for the Police and Crime Commissioner."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from advocate_tui.cli.common import Force, ReportFormat, open_casework, put_report, report_format, sub_app
from advocate_tui.rules.dates import parse_day

app = sub_app("Reports.")


@app.command("report")
def report(
    ctx: typer.Context,
    start: Annotated[str, typer.Option("--from", help="First day of the period, e.g. 2026-04-01.")],
    end: Annotated[str, typer.Option("--to", help="Last day of the period, e.g. 2027-03-31.")],
    fmt: ReportFormat = None,
    area: Annotated[Optional[str], typer.Option(help="Only cases in this area.")] = None,
    advocate: Annotated[Optional[str], typer.Option(help="Only cases of this advocate.")] = None,
    exact: Annotated[
        bool, typer.Option("--exact", help="Exact counts for the service's own use (not for the funder).")
    ] = False,
    output: Annotated[
        Optional[Path], typer.Option("--out", "--output", "-o", help="Write to this file instead of the screen.")
    ] = None,
    force: Force = False,
) -> None:
    """The report for the Police and Crime Commissioner; small numbers are suppressed unless --exact."""
    form = report_format(fmt, output)
    casework = open_casework(ctx)
    first = parse_day(start, what="first day of the report")
    last = parse_day(end, what="last day of the report")
    made = casework.reports.report(first, last, area=area, advocate=advocate)
    suppress_below = None if exact else casework.risk.thresholds.suppress_below
    put_report(made, form, suppress_below, output, force, "Report")
