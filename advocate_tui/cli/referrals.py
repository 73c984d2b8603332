"""``advocate referral …``: each referral of a case to its multi-agency route, its meeting, actions and outcome."""

from typing import Annotated, Optional

import typer

from advocate_tui.cli.common import Reference, open_casework, print_json, sub_app, upper, whole_number
from advocate_tui.rules.dates import uk_date

#: The furthest ahead --days looks: ten years.
MAX_DAYS = 3650

referral_app = sub_app("Referrals to the multi-agency route (the MARAC or the stalking panel).")
app = sub_app("Referral history.")
app.add_typer(referral_app, name="referral")

Number = Annotated[int, typer.Argument(metavar="N", help="The referral's number in 'advocate referral list'.")]


@referral_app.command("add")
def referral_add(
    ctx: typer.Context,
    reference: Reference,
    on: Annotated[Optional[str], typer.Option("--on", help="The date of the referral (today if not given).")] = None,
    without_consent: Annotated[
        Optional[str],
        typer.Option(
            "--without-consent",
            metavar="REASON",
            help="The lawful basis and reason to refer a client who has not consented.",
        ),
    ] = None,
    route: Annotated[
        Optional[str], typer.Option(help="marac or panel: checked against the case's route (the case decides it).")
    ] = None,
) -> None:
    """Refer a case to its multi-agency route, keeping the criteria met on the day."""
    row = open_casework(ctx).referrals.add(reference, on=on, without_consent=without_consent, route=route)
    typer.echo(f"Referral added to {upper(reference)}: {row.heading}.")
    typer.echo(f"  Criteria: {row.criteria_text}")


@referral_app.command("list")
def referral_list(
    ctx: typer.Context,
    reference: Reference,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output (see README).")] = False,
) -> None:
    """A case's referrals, oldest first, with the criteria met, the meeting, actions and outcome."""
    from advocate_tui.services.referrals import action_line

    rows = open_casework(ctx).referrals.history(reference)
    if as_json:
        from advocate_tui.services.case_json import referrals_json

        print_json(referrals_json(upper(reference), rows))
        return
    if not rows:
        typer.echo(f"No referrals on {upper(reference)}.")
        return
    for row in rows:
        typer.echo(row.heading)
        typer.echo(f"  Criteria: {row.criteria_text}")
        if row.referral.judgement_reason:
            typer.echo(f"  Professional judgement: {row.referral.judgement_reason}")
        typer.echo(f"  Consent: {row.consent}")
        for number, action in enumerate(row.actions, start=1):
            typer.echo(f"  Action {action_line(number, action)}")
        if row.referral.outcome:
            typer.echo(f"  Outcome: {row.referral.outcome}")


@referral_app.command("meeting")
def referral_meeting(
    ctx: typer.Context,
    reference: Reference,
    number: Number,
    day: Annotated[str, typer.Argument(metavar="DATE", help="The meeting's date.")],
) -> None:
    """Set the date of the meeting that hears a referral."""
    from advocate_tui.rules.dates import parse_day

    referral = open_casework(ctx).referrals.set_meeting(
        reference, number, parse_day(day, prefer="future", what="meeting date")
    )
    typer.echo(f"Referral {number} on {upper(reference)}: meeting on {uk_date(referral.meeting_on)}.")


@referral_app.command("action")
def referral_action(
    ctx: typer.Context,
    reference: Reference,
    number: Number,
    agency: Annotated[str, typer.Option(help="The agency that takes the action.")],
    action: Annotated[str, typer.Option(help="What was agreed.")],
    owner: Annotated[Optional[str], typer.Option(help="Who owns the action.")] = None,
    due: Annotated[Optional[str], typer.Option(help="When it is due.")] = None,
) -> None:
    """Record an action the meeting agreed on a referral."""
    from advocate_tui.rules.dates import parse_day

    saved = open_casework(ctx).referrals.add_action(
        reference,
        number,
        agency,
        action,
        owner=owner,
        due=parse_day(due, prefer="future", what="due date") if due else None,
    )
    typer.echo(f"Action added to referral {number} on {upper(reference)}: {saved.agency}: {saved.action}.")


@referral_app.command("done")
def referral_done(
    ctx: typer.Context,
    reference: Reference,
    number: Number,
    action: Annotated[int, typer.Argument(metavar="ACTION", help="The action's number in 'advocate referral list'.")],
    on: Annotated[Optional[str], typer.Option("--on", help="When it was done (today if not given).")] = None,
) -> None:
    """Mark an action of a referral done."""
    saved = open_casework(ctx).referrals.mark_done(reference, number, action, on=on)
    typer.echo(f"Action {action} of referral {number} on {upper(reference)} done on {uk_date(saved.done_on)}.")


@referral_app.command("outcome")
def referral_outcome(
    ctx: typer.Context,
    reference: Reference,
    number: Number,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="What came of the referral (blank clears it).")],
) -> None:
    """Record what came of a referral."""
    saved = open_casework(ctx).referrals.set_outcome(reference, number, text)
    typer.echo(
        f"Outcome of referral {number} on {upper(reference)} "
        + (f"recorded: {saved.outcome}" if saved.outcome else "cleared")
        + "."
    )


@referral_app.command("due")
def referral_due(
    ctx: typer.Context,
    days: Annotated[
        int, typer.Option(parser=whole_number("--days", 0, MAX_DAYS), help="How many days ahead to look.")
    ] = 14,
) -> None:
    """Multi-agency meetings coming up and referral actions due or overdue on open cases (as the agenda shows them)."""
    due = open_casework(ctx).referrals.due(days)
    if not due:
        typer.echo(f"No multi-agency meetings or referral actions due in the next {days} days.")
        return
    for row in due:
        typer.echo(f"{uk_date(row.day)}  {row.reference}  {'OVERDUE  ' if row.overdue else ''}{row.what}")
