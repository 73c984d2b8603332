"""``advocate note`` and ``advocate incident``: quick entry into a case's log."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from advocate_tui.cli.common import (
    Force,
    FriendlyGroup,
    Reference,
    choices,
    key_values,
    one_line,
    open_casework,
    parse_moment,
    print_json,
    read_input,
    sub_app,
    upper,
)
from advocate_tui.rules.dates import describe
from advocate_tui.rules.saved import saved_id
from advocate_tui.rules.vocab import Behaviour, NoteKind

app = sub_app("Notes and incidents.")


class IncidentCommands(FriendlyGroup):
    """``advocate incident REF TEXT …`` logs an incident (the ``log`` command, named or not);
    ``advocate incident edit REF N …`` corrects one."""

    DEFAULT = "log"

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:  # type: ignore[override]
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = [self.DEFAULT, *args]
        return super().parse_args(ctx, args)


incident_app = sub_app(
    "Log an incident (advocate incident REF TEXT --when …), correct one (advocate incident edit REF N --set …), "
    "or import the client's own diary (advocate incident import REF FILE; the blank: advocate incident template).",
    cls=IncidentCommands,
)
app.add_typer(incident_app, name="incident")


def _write_in_editor() -> str:
    """A note written in the person's editor, its draft removed afterwards; lines starting with # are left out."""
    from advocate_tui.cli.editor import edit_draft, new_draft

    draft = new_draft("note-", ".txt", NOTE_TEMPLATE)
    try:
        written = edit_draft(draft, "note", otherwise="give the note as TEXT", unsaved="no note was added")
    finally:
        draft.unlink()
    return "\n".join(line for line in written.splitlines() if not line.startswith("#"))


NOTE_TEMPLATE = "\n# Write the note above. Lines starting with # are left out; an empty note is not saved.\n"


@app.command("note")
def note(
    ctx: typer.Context,
    reference: Reference,
    text: Annotated[
        Optional[str],
        typer.Argument(metavar="[TEXT]", help="The note; '-' reads standard input; leave out to open $EDITOR."),
    ] = None,
    kind: Annotated[str, typer.Option(help=f"Kind of contact: {choices(NoteKind)}.")] = "other",
) -> None:
    """Add a note to a case's contact log."""
    body = read_input() if text == "-" else _write_in_editor if text is None else text
    saved = open_casework(ctx).log.add_note(reference, body, kind)
    typer.echo(f"Note added to {upper(reference)} ({saved.kind}, {describe(saved.noted_at)}).")


@incident_app.command("log")
def incident(
    ctx: typer.Context,
    reference: Reference,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="What happened.")],
    when: Annotated[str, typer.Option(help="When it happened: '2026-11-20 21:30', 'yesterday 21:30', '3 Dec 10:00'.")],
    kind: Annotated[
        Optional[list[str]], typer.Option(help=f"Behaviour (repeat for several): {choices(Behaviour)}.")
    ] = None,
    location: Annotated[Optional[str], typer.Option(help="Where it happened.")] = None,
    police_ref: Annotated[
        Optional[str], typer.Option("--police-ref", help="Police crime or incident reference, if reported.")
    ] = None,
    approximate: Annotated[bool, typer.Option("--approx", help="The time is approximate.")] = False,
    serious: Annotated[
        bool, typer.Option("--serious", help="A serious incident: the risk checklist is due for review.")
    ] = False,
    order: Annotated[
        Optional[int],
        typer.Option(
            "--order",
            metavar="ID",
            help="The protective order it breached (its id, as `case show` lists it); the report counts breaches "
            "by it.",
        ),
    ] = None,
) -> None:
    """Log an incident in the case's stalking log."""
    moment, has_time = parse_moment(when, "past", "incident date")
    saved = open_casework(ctx).log.add_incident(
        reference,
        text,
        moment,
        kind or [],
        approximate=approximate or not has_time,
        location=location,
        police_reference=police_ref,
        serious=serious,
        breached_order_id=order,
    )
    typer.echo(
        f"Incident logged on {upper(reference)} for {describe(saved.occurred_at, has_time)}"
        f"{' (approximate)' if saved.approximate else ''}: "
        + (f"{', '.join(sorted(saved.kinds))}." if kind or order else "recorded as other, as no --kind was given.")
        + (f" It breached order {order}." if order is not None else "")
    )
    if order is None and Behaviour.ORDER_BREACH.value in saved.kinds:
        typer.echo(
            "No order is linked to this breach, so the report does not count it as an order breached: log a breach "
            f"with --order ID (`advocate case show {upper(reference)}` lists the ids)."
        )


#: The fields ``advocate incident edit --set`` corrects: the names ``advocate case show --json`` gives them.
INCIDENT_SET_HELP = (
    "A correction, FIELD=VALUE (repeat for several): occurred_at, approximate, description, location, witnesses, "
    "evidence_what, evidence_where, evidence_do_not_handle, police_reference, police_reported_on, police_officer, "
    f"impact, serious (yes/no), behaviours (comma-separated: {choices(Behaviour)})."
)


@incident_app.command("edit")
def incident_edit(
    ctx: typer.Context,
    reference: Reference,
    number: Annotated[
        int,
        typer.Argument(
            metavar="N", help="The incident's number, 1 for the earliest, as `advocate case show` lists them."
        ),
    ],
    assignments: Annotated[list[str], typer.Option("--set", metavar="FIELD=VALUE", help=INCIDENT_SET_HELP)],
    reason: Annotated[Optional[str], typer.Option(help="Why it is corrected (kept with the earlier values).")] = None,
) -> None:
    """Correct a logged incident; the earlier values are kept in its revision history."""
    changes: dict[str, object] = dict(
        key_values(
            assignments,
            lambda text: f"--set {text} is not FIELD=VALUE: e.g. --set location='Bus station'.",
            lambda name: f"--set names {name} twice: give each field once.",
            key=str,
        )
    )
    if isinstance(changes.get("occurred_at"), str):
        moment, has_time = parse_moment(str(changes["occurred_at"]), "past", "incident date")
        changes["occurred_at"] = moment
        if not has_time:
            changes.setdefault("approximate", True)
    casework = open_casework(ctx)
    incident = casework.log.numbered_incident(reference, number)
    corrected = casework.log.correct_incident(saved_id(incident), incident.version, changes, reason)
    latest = corrected.revisions[-1]
    typer.echo(
        f"Incident {number} on {upper(reference)} corrected ({latest.fields.replace(',', ', ')}); "
        f"the earlier values are kept in its history ({len(corrected.revisions)} correction"
        f"{'s' if len(corrected.revisions) != 1 else ''})."
    )


@incident_app.command("template")
def incident_template(
    out: Annotated[
        Path, typer.Option("--out", help="The file to write: its name ends in .csv or .xlsx (an Excel workbook).")
    ],
    force: Force = False,
) -> None:
    """Write the blank diary a client can keep (date, time, what happened, where, witnesses, evidence)."""
    from advocate_tui.output.diary_template import write_template

    written = write_template(out, replace=force)
    typer.echo(f"Blank diary written to {written}; import it when filled in with `advocate incident import REF FILE`.")


@incident_app.command("import")
def incident_import(
    ctx: typer.Context,
    reference: Reference,
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The client's diary: a .csv or .xlsx file.")],
    apply: Annotated[bool, typer.Option("--apply", help="Save the new entries (without it nothing is saved).")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Import the client's own diary into the incident log: shows what it understood; --apply saves it."""
    diary = open_casework(ctx).diary
    report = diary.apply(reference, file) if apply else diary.preview(reference, file)
    if as_json:
        print_json(report.as_json(upper(reference)))
        return
    for line in report.lines():
        typer.echo(one_line(line))
    count = len(report.new)
    entries = f"{count} entr{'y' if count == 1 else 'ies'}"
    if report.saved:
        typer.echo(f"Saved: {entries} added to {upper(reference)}, each marked as from the client's own record.")
    elif count:
        typer.echo(f"Dry run: nothing saved; run again with --apply to add {entries}.")
    else:
        typer.echo("Dry run: nothing saved, and nothing new to add.")
