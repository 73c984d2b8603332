"""``advocate statistics …``: the service's anonymised statistics for a countywide return, and combining several
services' returns into one."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from advocate_tui.cli.common import Force, ReportFormat, open_casework, put_report, report_format, sub_app
from advocate_tui.rules.dates import parse_day, uk_date
from advocate_tui.rules.wording import counted

statistics_app = sub_app(
    "Countywide returns: export this service's anonymised statistics, and combine several services' into one return."
)
app = sub_app("Statistics returns.")
app.add_typer(statistics_app, name="statistics")


@statistics_app.command("export")
def export(
    ctx: typer.Context,
    start: Annotated[str, typer.Option("--from", help="First day of the period, e.g. 2026-04-01.")],
    end: Annotated[str, typer.Option("--to", help="Last day of the period, e.g. 2027-03-31.")],
    out: Annotated[Path, typer.Option("--out", help="The file to write (JSON).")],
    area: Annotated[Optional[str], typer.Option(help="Only cases in this area.")] = None,
    force: Force = False,
) -> None:
    """Write this service's statistics for the period: counts per category, no names, references or free text,
    NOT suppressed (small numbers are suppressed when the returns are combined)."""
    from advocate_tui.services.statistics import write_return
    from advocate_tui.storage.files import check_target

    check_target(out, replace=force)
    casework = open_casework(ctx)
    first = parse_day(start, what="first day of the return")
    last = parse_day(end, what="last day of the return")
    report = casework.reports.report(first, last, area=area)
    name = casework.context.settings.service_name
    write_return(out, report, name, casework.audit.service_id(), replace=force)
    typer.echo(
        f"Statistics of {name} for {uk_date(first)} to {uk_date(last)} written to {out}: exact counts, to send only "
        "to whoever combines the returns (`advocate statistics combine`)."
    )


@statistics_app.command("combine")
def combine(
    files: Annotated[list[Path], typer.Argument(metavar="FILE...", help="Each service's return, one per service.")],
    fmt: ReportFormat = None,
    exact: Annotated[
        bool, typer.Option("--exact", help="Exact counts, not for sharing (small numbers are suppressed otherwise).")
    ] = False,
    out: Annotated[Optional[Path], typer.Option("--out", help="Write to this file instead of the screen.")] = None,
    force: Force = False,
) -> None:
    """One return from several services' statistics, added up; small numbers suppressed after adding them up."""
    from advocate_tui.services.statistics import combine, read_returns
    from advocate_tui.storage.config import load_settings
    from advocate_tui.storage.files import check_target

    form = report_format(fmt, out)
    if out is not None:
        check_target(out, replace=force)
    combined = combine(read_returns(files))
    suppress_below = None if exact else load_settings().thresholds.suppress_below
    put_report(combined, form, suppress_below, out, force, f"Return of {counted(len(files), 'service')}")
