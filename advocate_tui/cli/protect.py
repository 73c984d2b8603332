"""``advocate audit …``, ``retention``, ``erase`` and ``export``: the audit trail, retention, erasure and subject access."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from advocate_tui.cli.common import EXIT_ERROR, Reference, ask, open_casework, sub_app, upper, warn, whole_number
from advocate_tui.rules import clock
from advocate_tui.rules.dates import uk_date
from advocate_tui.rules.errors import InvalidInputError

if TYPE_CHECKING:
    from advocate_tui.storage.models import AuditEntry

audit_app = sub_app("The audit trail: who did what, and a check that no one has altered it.")
app = sub_app("Protecting the data.")
app.add_typer(audit_app, name="audit")


# -- the audit trail ------------------------------------------------------------------------------


@audit_app.command("verify")
def audit_verify(ctx: typer.Context) -> None:
    """Check the audit trail's hash chain: every entry as written, none inserted or removed."""
    verdict = open_casework(ctx).audit.verify()
    if verdict.breaks:
        for broken in verdict.breaks:
            typer.echo(f"  {broken.problem}")
        typer.echo(
            f"Error: the audit trail has been altered: {len(verdict.breaks)} break"
            f"{'s' * (len(verdict.breaks) != 1)} in the chain, the first at entry {verdict.breaks[0].entry_id}.",
            err=True,
        )
        raise typer.Exit(EXIT_ERROR)
    if not verdict.entries:
        typer.echo("The audit trail is empty.")
        return
    typer.echo(
        f"The audit trail is whole: {verdict.entries} entries. The last is entry {verdict.last_id}, hash "
        f"{verdict.last_hash}; note it to check later that nothing was cut off the end."
    )


@audit_app.command("show")
def audit_show(
    ctx: typer.Context,
    reference: Annotated[Optional[str], typer.Argument(metavar="[REF]", help="Only this case's entries.")] = None,
    limit: Annotated[
        int, typer.Option(parser=whole_number("--limit", 1, 1_000_000), help="How many of the newest entries to show.")
    ] = 50,
) -> None:
    """The newest entries of the audit trail, of every case or of one."""
    ref = upper(reference) if reference else None
    found = open_casework(ctx).audit.entries(ref, limit)
    if not found:
        typer.echo(f"No audit entries for {ref}." if ref else "The audit trail is empty.")
        return
    for entry in found:
        typer.echo(entry_line(entry))


def entry_line(entry: "AuditEntry") -> str:
    what = f"{entry.entity} {entry.entity_id}" if entry.entity_id is not None else entry.entity
    parts = [
        f"{clock.local(entry.created_at):%d %b %Y %H:%M}",
        entry.actor,
        entry.action,
        what,
        entry.case_reference or "-",
        entry.fields or "",
        entry.detail or "",
    ]
    return "  ".join(part for part in parts if part).rstrip()


# -- retention and erasure ------------------------------------------------------------------------


@app.command("retention")
def retention(ctx: typer.Context) -> None:
    """Closed cases kept longer than the retention period (`[retention] years` in the config; default 6)."""

    casework = open_casework(ctx)
    due, years = casework.erasure.past_retention()
    if not due:
        typer.echo(f"No closed case is past the retention period ({years} years after closure).")
        return
    typer.echo(f"Past the retention period ({years} years after closure); erase each with `advocate erase REF`:")
    for reference, closed_on, since in due:
        typer.echo(f"  {reference}  closed {uk_date(closed_on)}, due for erasure since {uk_date(since)}")


@app.command("erase")
def erase(
    ctx: typer.Context,
    reference: Reference,
    confirm: Annotated[
        Optional[str],
        typer.Option("--confirm", metavar="REF", help="The reference again, to erase without being asked."),
    ] = None,
) -> None:
    """Permanently remove everything about a closed case's client; only anonymised figures for reports remain."""

    casework = open_casework(ctx)
    plan = casework.erasure.plan(reference)
    typer.echo(
        f"{plan.reference} ({plan.status}): {plan.records} records and {len(plan.files)} document files will be "
        "removed for good. Reports keep counting the case, without personal data."
    )
    typed = (
        confirm if confirm is not None else ask(f"Type {plan.reference} to erase it", default="", show_default=False)
    )
    if typed.strip().upper() != plan.reference:
        raise InvalidInputError(f"That is not {plan.reference}, so nothing was erased.")
    done = casework.erasure.erase(plan)
    typer.echo(f"Erased {done.reference}: {done.records} records and {done.files_removed} document files removed.")
    for problem in done.problems:
        warn(problem)


# -- subject access -------------------------------------------------------------------------------


@app.command("export")
def export(
    ctx: typer.Context,
    reference: Reference,
    out: Annotated[Path, typer.Option("--out", metavar="DIR", help="A new (or empty) folder to write to.")],
) -> None:
    """Everything held about a case's client, for a subject access request: JSON, a readable summary, the documents."""

    made = open_casework(ctx).subject_access.export_case(reference, out)
    typer.echo(f"Wrote everything held on {made.reference} to {out}: {', '.join(made.files)}.")
    typer.echo(
        f"Third-party data is marked for review before disclosure ({made.review_items} places); "
        "see REVIEW in the summary."
    )
    for problem in made.problems:
        warn(problem)
