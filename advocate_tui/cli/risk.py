"""``advocate risk`` and ``advocate alerts``: risk checklists, the route's referral criteria and escalation alerts."""

from typing import TYPE_CHECKING, Annotated, Optional

import typer

from advocate_tui.cli.common import Reference, ask, open_casework, print_json, sub_app, upper
from advocate_tui.rules import clock
from advocate_tui.rules.dates import parse_day, uk_date
from advocate_tui.rules.errors import InvalidInputError
from advocate_tui.rules.vocab import Answer, Behaviour, RiskLevel

if TYPE_CHECKING:
    from advocate_tui.rules.risk import Checklist, GivenAnswer, RiskBasis
    from advocate_tui.services.risk import RiskOverview

app = sub_app("Risk.")


@app.command("risk")
def risk(
    ctx: typer.Context,
    reference: Reference,
    show: Annotated[
        bool,
        typer.Option(
            "--show", help="Show the assessments, the route's referral criteria and next review; change nothing."
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="With --show: print it as JSON.")] = False,
    checklist: Annotated[
        str, typer.Option(help="Which checklist to answer: risk, stalking, or a service's own id.")
    ] = "risk",
    on: Annotated[
        Optional[str], typer.Option("--on", help="The date the checklist was completed (default today).")
    ] = None,
    judgement: Annotated[
        Optional[str],
        typer.Option(
            "--judgement",
            metavar="REASON",
            help="Flag a referral (MARAC or the stalking panel) on professional judgement, with the reason.",
        ),
    ] = None,
    clear_judgement: Annotated[
        bool, typer.Option("--clear-judgement", help="Remove the professional-judgement flag.")
    ] = False,
    level: Annotated[
        Optional[str],
        typer.Option(
            "--level", help=f"Set the risk level on your professional judgement ({', '.join(RiskLevel.values())})."
        ),
    ] = None,
    reason: Annotated[
        Optional[str], typer.Option("--reason", help="With --level: why you judge the risk at that level.")
    ] = None,
) -> None:
    """Answer a risk checklist for a case item by item, or show its risk (--show)."""
    casework = open_casework(ctx)
    if judgement is not None and clear_judgement:
        raise InvalidInputError("Use --judgement or --clear-judgement, not both at once.")
    if as_json and not show:
        raise InvalidInputError(
            "Use --json together with --show: a checklist is answered at the keyboard, not in JSON."
        )
    if reason is not None and level is None:
        raise InvalidInputError("Use --reason together with --level: it is the reason for the level you set.")
    if level is not None:
        casework.risk.set_level(reference, level, reason or "")
        show = True
    if judgement is not None or clear_judgement:
        casework.risk.set_referral_judgement(reference, None if clear_judgement else judgement)
        show = True
    if not show:
        chosen = casework.risk.checklist(checklist)
        assessed_on = parse_day(on, what="assessment date") if on else clock.today()
        casework.risk.risk_overview(reference)  # an unknown reference fails here, before any question
        answers = _ask(chosen, upper(reference))
        saved = casework.risk.record_assessment(reference, chosen.id, answers, assessed_on)
        level = f" ({RiskLevel(saved.band).label.lower()} risk)" if saved.band else ""
        typer.echo(
            f"\nSaved: {chosen.short} for {upper(reference)} on {uk_date(saved.assessed_on)}, {saved.score} Yes{level}."
        )
    overview = casework.risk.risk_overview(reference)
    if as_json:
        print_json(overview_json(overview))
    else:
        typer.echo(overview_text(overview))


def _ask(checklist: "Checklist", reference: str) -> dict[str, "GivenAnswer"]:
    """Every item's answer from the keyboard; a line the program cannot read is asked again."""
    from advocate_tui.rules.risk import parse_answer_line

    typer.echo(
        f"{checklist.title}, {reference}: {len(checklist.items)} items.\n"
        "Answer y (yes), n (no) or d (don't know); a comment may follow, then '@' and who said so if not "
        "the client, e.g.  y texts every night @police\n"
    )
    answers = {}
    for number, item in enumerate(checklist.items, start=1):
        while True:
            line = ask(f"{number:>2}/{len(checklist.items)} {item.label}", prompt_suffix=" > ")
            try:
                answers[item.key] = parse_answer_line(line, f"item {number}")
                break
            except InvalidInputError as exc:
                typer.echo(f"   {exc}", err=True)
    return answers


def overview_text(overview: "RiskOverview") -> str:
    """The case's risk as plain text: latest of each checklist with its history, the route's criteria, review, offers."""
    today = clock.today()
    lines = [
        f"{overview.reference}: {RiskLevel(overview.risk_level).label.lower()} risk",
        f"Risk level: {overview.basis.summary}",
    ]
    for checklist in overview.checklists:
        history = overview.history(checklist.id)
        offer = overview.offers.get(checklist.id)
        if not history:
            lines.append(f"\n{checklist.short}: not done yet" + (f" (offered: {offer})" if offer else ""))
            continue
        latest = history[-1]
        band = f", {RiskLevel(latest.band).label.lower()}" if latest.band else ""
        lines.append(
            f"\n{checklist.short}: {latest.score} Yes{band}, {uk_date(latest.assessed_on)} by {latest.assessor}"
            + (f" (offered: {offer})" if offer else "")
        )
        if len(history) > 1:
            lines.append("  Score over time: " + " -> ".join(f"{a.score} ({a.assessed_on:%d %b %Y})" for a in history))
        for number, answer in enumerate(latest.answers, start=1):
            extra = "; ".join(filter(None, (answer.comment, f"source: {answer.source}" if answer.source else None)))
            lines.append(
                f"  {number:>2} {Answer(answer.answer).label:<10} {checklist.label(answer.item)}"
                + (f"  ({extra})" if extra else "")
            )
    lines.append(f"\n{overview.route.name} referral criteria ({overview.route.cases} case):")
    lines += [f"  [{'MET' if c.met else ' - '}] {c.label}: {c.detail}" for c in overview.criteria]
    if overview.review is not None:
        late = " OVERDUE" if overview.review.due_on < today else ""
        lines.append(f"\nNext risk review: {uk_date(overview.review.due_on)} ({overview.review.reason}){late}")
    return "\n".join(lines)


def overview_json(overview: "RiskOverview") -> dict[str, object]:
    """The case's route, its criteria with their evidence, and the next review (README › JSON output)."""
    review = overview.review
    return {
        "format": "advocate-risk/1",
        "reference": overview.reference,
        "risk_level": overview.risk_level,
        "basis": basis_json(overview.basis),
        "route": {"key": overview.route.key, "name": overview.route.name},
        "criteria": [{"key": c.key, "label": c.label, "met": c.met, "detail": c.detail} for c in overview.criteria],
        "judgement_reason": overview.judgement_reason,
        "review": None if review is None else {"due_on": review.due_on.isoformat(), "reason": review.reason},
    }


def basis_json(basis: "RiskBasis") -> dict[str, object]:
    """What the level rests on: how it was set (``kind``), the reason, who and when for a judgement, the summary."""
    return {
        "kind": basis.set.kind.value,
        "reason": basis.set.reason,
        "set_by": basis.set.by,
        "set_on": basis.set.on and basis.set.on.isoformat(),
        "summary": basis.summary,
    }


# -- alerts -----------------------------------------------------------------------------


@app.command("alerts")
def alerts(
    ctx: typer.Context,
    reference: Annotated[
        Optional[str], typer.Argument(metavar="[REF]", help="A case: show its incident pattern and alerts.")
    ] = None,
    ack: Annotated[
        Optional[list[str]],
        typer.Option("--ack", metavar="KEY", help="Acknowledge this alert on REF (repeat for several)."),
    ] = None,
    ack_all: Annotated[bool, typer.Option("--ack-all", help="Acknowledge every alert showing on REF.")] = False,
) -> None:
    """Escalation alerts on open cases, or one case's incident pattern; acknowledge alerts with --ack."""
    casework = open_casework(ctx)
    if ack or ack_all:
        if reference is None:
            raise InvalidInputError("Name the case whose alerts you acknowledge: advocate alerts REF --ack KEY.")
        done = casework.alerts.acknowledge_alerts(reference, [] if ack_all else ack or [])
        typer.echo(f"Acknowledged on {upper(reference)}: {', '.join(a.key for a in done) or 'nothing was showing'}.")
        return
    if reference is None:
        found = casework.alerts.alerts_for_open_cases()
        if not found:
            typer.echo("No escalation alerts on open cases.")
        for ref, raised in sorted(found.items()):
            for alert in raised:
                typer.echo(f"{ref}  {alert.key:<22} {alert.text}")
        return
    pattern = casework.alerts.incident_pattern(reference)
    typer.echo(f"Incidents per week, {uk_date(pattern.weekly[0][0])} to this week (week starting Monday):")
    for monday, count in pattern.weekly[-12:]:
        typer.echo(f"  {monday:%d %b %Y}  {'#' * count:<20} {count}")
    typer.echo(
        "Behaviours: "
        + (", ".join(f"{Behaviour(k).label.lower()} {n}" for k, n in pattern.behaviours) or "none logged")
    )
    typer.echo("Alerts:" if pattern.alerts else "Alerts: none showing.")
    for alert in pattern.alerts:
        typer.echo(f"  {alert.key:<22} {alert.text}")
