"""``advocate sharing …``: the information-sharing record and do-not-disclose list of a case."""

from datetime import datetime
from typing import Annotated, Optional

import typer

from advocate_tui.cli.common import Reference, open_casework, sub_app, upper
from advocate_tui.rules import clock
from advocate_tui.rules.vocab import LawfulBasis

sharing_app = sub_app("The information-sharing record and the do-not-disclose list of a case.")
app = sub_app("Information sharing.")
app.add_typer(sharing_app, name="sharing")


# -- information sharing --------------------------------------------------------------------------


@sharing_app.command("show")
def sharing_show(ctx: typer.Context, reference: Reference) -> None:
    """Every disclosure recorded on a case, and its do-not-disclose list."""

    record = open_casework(ctx).sharing.sharing_record(reference)
    typer.echo(f"Information shared outside the service, {record.reference}:")
    for d in record.disclosures:
        typer.echo(
            f"  {clock.local(d.shared_at):%d %b %Y %H:%M}  to {d.recipient}  by {d.shared_by}  "
            f"[{LawfulBasis(d.basis).label}]\n      what: {d.what}\n      why:  {d.why}"
        )
    if not record.disclosures:
        typer.echo("  nothing yet")
    typer.echo("Do not disclose to:")
    for entry in record.withheld:
        typer.echo(f"  {entry.name}{f' ({entry.reason})' if entry.reason else ''}")
    if not record.withheld:
        typer.echo("  no one listed")


@sharing_app.command("add")
def sharing_add(
    ctx: typer.Context,
    reference: Reference,
    to: Annotated[str, typer.Option("--to", help="Who received it, and how, e.g. 'MARAC, by secure email'.")],
    what: Annotated[str, typer.Option("--what", help="What was shared.")],
    why: Annotated[str, typer.Option("--why", help="Why it was shared.")],
    basis: Annotated[str, typer.Option("--basis", help=f"Lawful basis: {', '.join(LawfulBasis.values())}.")],
    on: Annotated[
        Optional[str], typer.Option("--on", help="When it was shared (default now), e.g. 'today 14:00', '20 Nov'.")
    ] = None,
) -> None:
    """Record a disclosure of the client's data made outside the program."""
    from advocate_tui.rules.dates import parse_when

    when: datetime | None = parse_when(on, prefer="past", what="date shared")[0] if on else None
    saved = open_casework(ctx).sharing.add_disclosure(
        reference, recipient=to, what=what, why=why, basis=basis, when=when
    )
    typer.echo(
        f"Recorded on {upper(reference)}: shared with {saved.recipient} "
        f"({LawfulBasis(saved.basis).label.lower()}), {clock.local(saved.shared_at):%d %b %Y %H:%M}."
    )


@sharing_app.command("block")
def sharing_block(
    ctx: typer.Context,
    reference: Reference,
    name: Annotated[
        str,
        typer.Argument(metavar="NAME", help="A person or organisation, e.g. 'Dana Sample' or 'Northshire Housing'."),
    ],
    reason: Annotated[Optional[str], typer.Option(help="Why, e.g. 'perpetrator's sister works there'.")] = None,
) -> None:
    """Put someone on the case's do-not-disclose list: documents that would go to them are refused."""

    entry = open_casework(ctx).sharing.withhold(reference, name, reason)
    typer.echo(f"Nothing about {upper(reference)} will be made for {entry.name}.")


@sharing_app.command("unblock")
def sharing_unblock(
    ctx: typer.Context,
    reference: Reference,
    name: Annotated[str, typer.Argument(metavar="NAME", help="The name as listed.")],
) -> None:
    """Take someone off the case's do-not-disclose list."""

    entry = open_casework(ctx).sharing.allow(reference, name)
    typer.echo(f"{entry.name} is no longer on the do-not-disclose list of {upper(reference)}.")
