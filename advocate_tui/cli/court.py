"""``advocate court …`` and ``advocate order …``: court dates and protective orders."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from advocate_tui.cli.common import Force, Reference, choices, open_casework, parse_moment, sub_app, upper, whole_number
from advocate_tui.rules.dates import describe, uk_date
from advocate_tui.rules.vocab import HearingKind, HearingResult, OrderKind, OrderStatus

#: The furthest ahead --days looks: ten years, beyond any court date the program accepts (three years).
MAX_DAYS = 3650

court_app = sub_app("Court dates.")
order_app = sub_app("Protective orders.")
app = sub_app("Court dates and orders.")
app.add_typer(court_app, name="court")
app.add_typer(order_app, name="order")


@court_app.command("add")
def court_add(
    ctx: typer.Context,
    reference: Reference,
    when: Annotated[str, typer.Option(help="Date and time of the hearing: '2026-12-03 10:00', '3 Dec 10:00'.")],
    court: Annotated[str, typer.Option(help="The court's name.")],
    kind: Annotated[str, typer.Option(help=f"Kind of hearing: {choices(HearingKind)}.")],
    result: Annotated[
        Optional[str], typer.Option(help=f"What came of it, for a past hearing: {choices(HearingResult)}.")
    ] = None,
) -> None:
    """Add a court date to a case."""
    moment, has_time = parse_moment(when, "future", "hearing date")
    saved = open_casework(ctx).court.add_hearing(reference, moment, court, kind, result=result)
    typer.echo(
        f"Court date added to {upper(reference)}: {describe(saved.starts_at, has_time)}, "
        f"{HearingKind(saved.kind).label.lower()} at {saved.court}."
    )


@court_app.command("list")
def court_list(
    ctx: typer.Context,
    days: Annotated[
        int, typer.Option(parser=whole_number("--days", 0, MAX_DAYS), help="How many days ahead to look.")
    ] = 14,
    ics: Annotated[
        Optional[Path],
        typer.Option(
            "--ics",
            metavar="FILE",
            help="Also write these dates to an iCalendar file for a phone: reference, hearing kind and court only, never a name.",
        ),
    ] = None,
    force: Force = False,
) -> None:
    """Court dates coming up on open cases."""
    casework = open_casework(ctx)
    hearings = casework.court.upcoming_hearings(days)
    if ics is not None:
        from advocate_tui.output.calendar import hearing_entries, write_calendar

        written = write_calendar(ics, hearing_entries(hearings, casework.audit.service_id()), replace=force)
        typer.echo(f"Wrote {written} court date{'s' * (written != 1)} to {ics}, each with a reminder the day before.")
    if not hearings:
        typer.echo(f"No court dates in the next {days} days.")
        return
    for event, reference, _name in hearings:
        typer.echo(f"{describe(event.starts_at)}  {reference}  {HearingKind(event.kind).label:<24} {event.court}")


@order_app.command("add")
def order_add(
    ctx: typer.Context,
    reference: Reference,
    kind: Annotated[str, typer.Option(help=f"Kind of order: {choices(OrderKind)}.")],
    status: Annotated[str, typer.Option(help=f"Status: {choices(OrderStatus)}.")] = "being-considered",
    applied: Annotated[
        Optional[str],
        typer.Option(help="Date applied for (makes the status 'applied' if not given; today if --status applied)."),
    ] = None,
    granted: Annotated[
        Optional[str],
        typer.Option(help="Date granted (makes the status 'granted' if not given; today if --status granted)."),
    ] = None,
    expires: Annotated[Optional[str], typer.Option(help="Date the order expires.")] = None,
) -> None:
    """Record a protective order (being considered, applied for, or granted); the report counts an order as
    applied for or granted by its date, so a status without one takes today's, as the command then says."""
    from advocate_tui.rules.dates import parse_day

    stated = status.strip().lower()
    applied = applied or ("today" if stated == OrderStatus.APPLIED.value else None)
    granted = granted or ("today" if stated == OrderStatus.GRANTED.value else None)
    saved = open_casework(ctx).court.add_order(
        reference,
        kind,
        status,
        applied_on=parse_day(applied, what="date applied") if applied else None,
        granted_on=parse_day(granted, what="date granted") if granted else None,
        expires_on=parse_day(expires, prefer="future", what="expiry date") if expires else None,
    )
    dates = "".join(
        part
        for part in (
            f", applied for {uk_date(saved.applied_on)}" if saved.applied_on else "",
            f", granted {uk_date(saved.granted_on)}" if saved.granted_on else "",
            f", expires {uk_date(saved.expires_on)}" if saved.expires_on else "",
        )
    )
    typer.echo(f"Order {saved.id} added to {upper(reference)}: {OrderKind(saved.kind).label}, {saved.status}{dates}.")
