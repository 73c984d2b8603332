"""``advocate audit …``, ``retention``, ``erase`` and ``export``: the audit trail, retention, erasure and subject access."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from advocate_tui.cli.common import Reference, ask, fail, open_casework, sub_app, upper, warn, whole_number
from advocate_tui.rules import clock
from advocate_tui.rules.audit_words import run_words, visits
from advocate_tui.rules.dates import uk_date
from advocate_tui.rules.errors import InvalidInputError
from advocate_tui.rules.wording import counted
from advocate_tui.services.audit_trail import verdict_words

if TYPE_CHECKING:
    from collections.abc import Sequence

    from advocate_tui.storage.models import AuditEntry

audit_app = sub_app("The audit trail: who did what, and a check that no one has altered it.")
app = sub_app("Protecting the data.")
app.add_typer(audit_app, name="audit")


# -- the audit trail ------------------------------------------------------------------------------


@audit_app.command("verify")
def audit_verify(
    ctx: typer.Context,
    anchor: Annotated[
        Optional[str],
        typer.Option(
            "--anchor",
            metavar="ANCHOR",
            help="An anchor noted earlier (`advocate audit anchor`): check the trail still holds it.",
        ),
    ] = None,
) -> None:
    """Check the audit trail: every entry as written, none inserted or removed, its end as recorded outside the
    database, and every case record as the trail last recorded it."""
    verdict = open_casework(ctx, head_notice=False).audit.verify(anchor)
    if verdict.breaks:
        for broken in verdict.breaks:
            typer.echo(f"  {broken.problem}")
        count = len(verdict.breaks)
        fail(
            f"the audit trail or the records it covers were altered: {count} problem{'s' * (count != 1)}, listed above."
        )
    if not verdict.entries:
        typer.echo(verdict_words(verdict))
        return
    typer.echo(
        f"{verdict_words(verdict, anchor)} "
        f"Its anchor now is {verdict.anchor}: note it to check later that nothing was cut off or rewritten."
    )


@audit_app.command("anchor")
def audit_anchor(ctx: typer.Context) -> None:
    """A short string naming the trail's last entry, to paste into a report or an email and check later
    with `advocate audit verify --anchor`."""
    typer.echo(open_casework(ctx).audit.anchor())


@audit_app.command("accept")
def audit_accept(ctx: typer.Context) -> None:
    """Accept the trail as it is now, after a restore or once a reported difference is explained: the head kept
    outside the database then vouches for it. The acceptance is itself recorded in the trail."""
    number = open_casework(ctx, head_notice=False).audit.accept()
    typer.echo(
        f"The audit trail is accepted as it is: its head now vouches for it, up to entry {number} (the acceptance)."
    )


@audit_app.command("show")
def audit_show(
    ctx: typer.Context,
    reference: Annotated[Optional[str], typer.Argument(metavar="[REF]", help="Only this case's entries.")] = None,
    limit: Annotated[
        int, typer.Option(parser=whole_number("--limit", 1, 1_000_000), help="How many of the newest entries to show.")
    ] = 50,
    raw: Annotated[
        bool, typer.Option("--raw", help="Each entry as stored: its number, action, table, record id and fields.")
    ] = False,
) -> None:
    """The newest entries of the audit trail, of every case or of one, in words (alike entries of one visit
    on one line, with how many)."""
    ref = upper(reference) if reference else None
    found = open_casework(ctx).audit.entries(ref, limit)
    if not found:
        typer.echo(f"No audit entries for {ref}." if ref else "The audit trail is empty.")
        return
    for line in map(raw_line, found) if raw else map(run_line, visits(found)):
        typer.echo(line)


def run_line(run: "Sequence[AuditEntry]") -> str:
    first = run[0]
    words = run_words(run)
    detail = f" — {first.detail}" if first.detail and first.detail not in words else ""
    return (
        f"{clock.local(first.created_at):%d %b %Y %H:%M}  {first.actor}  {first.case_reference or '-'}  {words}{detail}"
    )


def raw_line(entry: "AuditEntry") -> str:
    what = f"{entry.entity} {entry.entity_id}" if entry.entity_id is not None else entry.entity
    parts = [
        f"{entry.id}.",
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
    else:
        typer.echo(f"Past the retention period ({years} years after closure); erase each with `advocate erase REF`:")
    for reference, closed_on, since in due:
        typer.echo(f"  {reference}  closed {uk_date(closed_on)}, due for erasure since {uk_date(since)}")
    left = casework.copies.still_holding()
    if left:
        typer.echo("Copies still holding erased clients:")
    for sentence in left:
        typer.echo(f"  {sentence}")


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
    reached = [
        *([f"{counted(done.copies.databases, 'copy', 'copies')} of the database"] if done.copies.databases else []),
        *([counted(done.copies.exports, "subject-access export")] if done.copies.exports else []),
    ]
    if reached:
        typer.echo(f"Removed {done.reference} from {' and '.join(reached)}.")
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
