"""``advocate consult …``: professional consultations, the advice the service gives other organisations."""

from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from advocate_tui.cli.common import open_casework, print_json, sub_app

if TYPE_CHECKING:
    from advocate_tui.storage.models import Consultation

JSON_FORMAT = "advocate-consultations/1"

consult_app = sub_app(
    "Professional consultations: advice given to other organisations on their stalking cases "
    "(no names of their clients are needed)."
)
app = sub_app("Professional consultations.")
app.add_typer(consult_app, name="consult")


@consult_app.command("add")
def consult_add(
    ctx: typer.Context,
    org: Annotated[str, typer.Option("--org", help="The organisation that asked, e.g. 'Northshire Housing'.")],
    professional: Annotated[str, typer.Option("--professional", help="Who asked, e.g. 'Robin Fictus'.")],
    question: Annotated[str, typer.Option("--question", help="What they asked (no names of their client).")],
    advice: Annotated[str, typer.Option("--advice", help="The advice given.")],
    minutes: Annotated[str, typer.Option("--minutes", help="Time spent, in whole minutes (1 to 1440).")],
    role: Annotated[Optional[str], typer.Option("--role", help="Their role, e.g. 'tenancy officer'.")] = None,
    on: Annotated[Optional[str], typer.Option("--on", help="The day of the consultation (default today).")] = None,
    follow_up: Annotated[Optional[str], typer.Option("--follow-up", help="What is to be done next.")] = None,
    follow_up_on: Annotated[
        Optional[str], typer.Option("--follow-up-on", help="When the follow-up is due (it goes on the agenda).")
    ] = None,
) -> None:
    """Record a consultation given to another organisation's professional."""
    from advocate_tui.rules.dates import parse_day, uk_date

    values: dict[str, Any] = {
        "organisation": org,
        "professional": professional,
        "role": role,
        "question": question,
        "advice": advice,
        "minutes": minutes,
        "follow_up": follow_up,
    }
    if on is not None:
        values["held_on"] = parse_day(on, what="date of the consultation")
    if follow_up_on is not None:
        values["follow_up_on"] = parse_day(follow_up_on, prefer="future", what="follow-up date")
    saved = open_casework(ctx).consultations.add(**values)
    typer.echo(
        f"Consultation #{saved.id} recorded: {saved.professional}, {saved.organisation}, "
        f"{uk_date(saved.held_on)}, {saved.minutes} min."
    )
    if saved.follow_up_on is not None:
        typer.echo(f"Follow-up due {uk_date(saved.follow_up_on)} (on the agenda until done).")


@consult_app.command("list")
def consult_list(
    ctx: typer.Context,
    start: Annotated[Optional[str], typer.Option("--from", help="First day, e.g. 2026-04-01.")] = None,
    end: Annotated[Optional[str], typer.Option("--to", help="Last day, e.g. 2027-03-31.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON (see README › JSON output).")] = False,
) -> None:
    """Consultations, earliest first, in a period if given."""
    from advocate_tui.rules.dates import parse_day, uk_date

    first = parse_day(start, what="first day") if start else None
    last = parse_day(end, what="last day") if end else None
    found = open_casework(ctx).consultations.in_period(first, last)
    if as_json:
        print_json(
            {
                "format": JSON_FORMAT,
                "from": first.isoformat() if first else None,
                "to": last.isoformat() if last else None,
                "consultations": [_as_json(c) for c in found],
            }
        )
        return
    if not found:
        typer.echo("No consultations recorded in that period." if start or end else "No consultations recorded.")
        return
    for c in found:
        role = f" ({c.role})" if c.role else ""
        typer.echo(f"#{c.id}  {uk_date(c.held_on)}  {c.professional}{role}, {c.organisation}  {c.minutes} min")
        typer.echo(f"      asked:  {c.question}\n      advice: {c.advice}")
        if c.follow_up:
            due = f" (due {uk_date(c.follow_up_on)})" if c.follow_up_on else ""
            done = f" [done {uk_date(c.followed_up_on)}]" if c.followed_up_on else ""
            typer.echo(f"      follow-up: {c.follow_up}{due}{done}")
    hours = sum(c.minutes for c in found) / 60
    typer.echo(f"{len(found)} consultation{'s' if len(found) != 1 else ''}, {hours:.1f} hours.")


@consult_app.command("done")
def consult_done(
    ctx: typer.Context,
    number: Annotated[int, typer.Argument(metavar="N", help="The consultation's number, as `consult list` shows it.")],
    on: Annotated[Optional[str], typer.Option("--on", help="The day it was done (default today).")] = None,
) -> None:
    """Record that a consultation's follow-up was done (it leaves the agenda)."""
    from advocate_tui.rules.dates import parse_day, uk_date

    day = parse_day(on, what="date followed up") if on else None
    saved = open_casework(ctx).consultations.followed_up(number, day)
    assert saved.followed_up_on is not None  # just set
    typer.echo(f"Follow-up of consultation #{saved.id} done on {uk_date(saved.followed_up_on)}.")


def _as_json(c: "Consultation") -> dict[str, Any]:
    def day(value: Any) -> str | None:
        return value.isoformat() if value is not None else None

    return {
        "id": c.id,
        "held_on": day(c.held_on),
        "organisation": c.organisation,
        "professional": c.professional,
        "role": c.role,
        "question": c.question,
        "advice": c.advice,
        "minutes": c.minutes,
        "follow_up": c.follow_up,
        "follow_up_on": day(c.follow_up_on),
        "followed_up_on": day(c.followed_up_on),
        "recorded_by": c.recorded_by,
    }
