"""``advocate sharing …``: the information-sharing record and do-not-disclose list of a case."""

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from advocate_tui.cli.common import Reference, choices, open_casework, sub_app, upper
from advocate_tui.rules import clock
from advocate_tui.rules.vocab import LawfulBasis, SharingCondition

if TYPE_CHECKING:
    from advocate_tui.storage.models import Disclosure

CONDITION_HELP = (
    f"Condition for special-category or criminal-offence data: {choices(SharingCondition)}, "
    "or none (the default) when no such data was shared."
)

sharing_app = sub_app("The information-sharing record and the do-not-disclose list of a case.")
app = sub_app("Information sharing.")
app.add_typer(sharing_app, name="sharing")


# -- information sharing --------------------------------------------------------------------------


@sharing_app.command("show")
def sharing_show(ctx: typer.Context, reference: Reference) -> None:
    """Every disclosure recorded on a case, and its do-not-disclose list."""

    from advocate_tui.services.sharing import basis_text

    record = open_casework(ctx).sharing.sharing_record(reference)
    typer.echo(f"Information shared outside the service, {record.reference}:")
    for d in record.disclosures:
        typer.echo(
            f"  #{d.id}  {clock.local(d.shared_at):%d %b %Y %H:%M}  to {d.recipient}  by {d.shared_by}\n"
            f"      basis: {basis_text(d)}\n      what:  {d.what}\n      why:   {d.why}"
        )
    to_review = sum(d.basis_to_review for d in record.disclosures)
    if to_review:
        typer.echo(
            f"  {to_review} to review: confirm each with `advocate sharing confirm {record.reference} N "
            "--basis … --condition …`."
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
    basis: Annotated[str, typer.Option("--basis", help=f"Article 6 lawful basis: {choices(LawfulBasis)}.")],
    condition: Annotated[str, typer.Option("--condition", help=CONDITION_HELP)] = "none",
    on: Annotated[
        Optional[str], typer.Option("--on", help="When it was shared (default now), e.g. 'today 14:00', '20 Nov'.")
    ] = None,
) -> None:
    """Record a disclosure of the client's data made outside the program."""
    from advocate_tui.rules.dates import parse_when

    when: datetime | None = parse_when(on, prefer="past", what="date shared")[0] if on else None
    saved = open_casework(ctx).sharing.add_disclosure(
        reference, recipient=to, what=what, why=why, basis=basis, condition=condition, when=when
    )
    typer.echo(
        f"Recorded on {upper(reference)}: shared with {saved.recipient} "
        f"({_bases(saved)}), {clock.local(saved.shared_at):%d %b %Y %H:%M}."
    )


@sharing_app.command("confirm")
def sharing_confirm(
    ctx: typer.Context,
    reference: Reference,
    number: Annotated[int, typer.Argument(metavar="N", help="The disclosure's number, as `sharing show` lists it.")],
    basis: Annotated[str, typer.Option("--basis", help=f"Article 6 lawful basis: {choices(LawfulBasis)}.")],
    condition: Annotated[str, typer.Option("--condition", help=CONDITION_HELP)] = "none",
) -> None:
    """Confirm or change the lawful basis of a disclosure, which takes it off review."""
    saved = open_casework(ctx).sharing.confirm_basis(reference, number, basis, condition)
    typer.echo(f"Disclosure #{saved.id} on {upper(reference)}: {_bases(saved)}.")


def _bases(disclosure: "Disclosure") -> str:
    from advocate_tui.services.sharing import basis_text

    return basis_text(disclosure)


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
