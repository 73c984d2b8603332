"""``advocate crime …`` and ``advocate victims …``: the criminal-justice journey of each crime reference on a
case, and the Victims' Code (enhanced rights, rights explained, decisions that can be reviewed)."""

from datetime import date
from typing import Annotated, Any, Optional

import typer

from advocate_tui.cli.common import Reference, choices, fail, open_casework, print_json, sub_app, upper
from advocate_tui.rules.dates import uk_date
from advocate_tui.rules.saved import saved_id
from advocate_tui.rules.vocab import (
    CourtOutcome,
    CpsDecision,
    DecisionKind,
    InvestigationStatus,
    Offence,
    ReportedHow,
    ReviewBody,
    VictimRight,
)

crime_app = sub_app("The criminal-justice journey of each crime reference on a case.")
victims_app = sub_app("The Victims' Code on a case: enhanced rights and the rights explained.")
app = sub_app("The criminal-justice journey and the Victims' Code.")
app.add_typer(crime_app, name="crime")
app.add_typer(victims_app, name="victims")

CrimeNumber = Annotated[str, typer.Argument(metavar="CRIME_NO", help="The force's crime or incident number.")]
Day = Optional[str]


def _day(text: str | None, what: str) -> date | None:
    from advocate_tui.rules.dates import parse_day

    return parse_day(text, what=what) if text else None


def _given(**values: Any) -> dict[str, Any]:
    """The options given (those left out change nothing)."""
    return {name: value for name, value in values.items() if value is not None}


@crime_app.command("add")
def crime_add(
    ctx: typer.Context,
    reference: Reference,
    crime_number: CrimeNumber,
    reported: Annotated[Day, typer.Option(help="The day it was reported to the police.")] = None,
    how: Annotated[Optional[str], typer.Option(help=f"How it was reported: {choices(ReportedHow)}.")] = None,
    officer: Annotated[Optional[str], typer.Option(help="The officer in the case.")] = None,
    officer_contact: Annotated[Optional[str], typer.Option(help="The officer's contact details.")] = None,
) -> None:
    """Record a crime reference on a case (a case may have several)."""
    saved = open_casework(ctx).justice.add_report(
        reference,
        crime_number,
        **_given(
            reported_on=_day(reported, "date reported"), reported_how=how, oic_name=officer, oic_contact=officer_contact
        ),
    )
    typer.echo(f"Crime reference {saved.crime_number} added to {upper(reference)}.")


@crime_app.command("set")
def crime_set(
    ctx: typer.Context,
    reference: Reference,
    crime_number: CrimeNumber,
    status: Annotated[
        Optional[str], typer.Option(help=f"Investigation status: {choices(InvestigationStatus)}.")
    ] = None,
    reason: Annotated[
        Optional[str], typer.Option(help="The reason for no further action, or the bail conditions.")
    ] = None,
    offence: Annotated[Optional[str], typer.Option(help=f"The offence charged: {choices(Offence)}.")] = None,
    charged: Annotated[Day, typer.Option(help="The day the suspect was charged.")] = None,
    cps: Annotated[Optional[str], typer.Option(help=f"The CPS decision: {choices(CpsDecision)}.")] = None,
    cps_on: Annotated[Day, typer.Option(help="The day of the CPS decision.")] = None,
    outcome: Annotated[Optional[str], typer.Option(help=f"The court outcome: {choices(CourtOutcome)}.")] = None,
    outcome_on: Annotated[Day, typer.Option(help="The day of the court outcome.")] = None,
    sentence: Annotated[Optional[str], typer.Option(help="The sentence.")] = None,
    officer: Annotated[Optional[str], typer.Option(help="The officer in the case.")] = None,
    officer_contact: Annotated[Optional[str], typer.Option(help="The officer's contact details.")] = None,
) -> None:
    """Move a crime reference's journey on: its status, a charge, the CPS decision, the court outcome."""
    changes = _given(
        status=status,
        status_reason=reason,
        offence=offence,
        charged_on=_day(charged, "date charged"),
        cps_decision=cps,
        cps_decided_on=_day(cps_on, "date of the CPS decision"),
        court_outcome=outcome,
        outcome_on=_day(outcome_on, "date of the outcome"),
        sentence=sentence,
        oic_name=officer,
        oic_contact=officer_contact,
    )
    if not changes:
        fail("Nothing to change: give at least one option, e.g. --status or --cps.")
    casework = open_casework(ctx)
    report = casework.justice.report(reference, crime_number)
    saved = casework.justice.update_report(saved_id(report), report.version, **changes)
    typer.echo(f"{saved.crime_number} on {upper(reference)}: {_stage(saved)}.")


@crime_app.command("update")
def crime_update(
    ctx: typer.Context,
    reference: Reference,
    crime_number: CrimeNumber,
    said: Annotated[str, typer.Option(help="What the police said.")],
    by: Annotated[str, typer.Option("--from", help="Who gave the update, e.g. 'DC Notreal (OIC)'.")],
    told: Annotated[Optional[str], typer.Option(help="What the client was told, and how.")] = None,
    on: Annotated[Day, typer.Option(help="The day of the update (default today).")] = None,
) -> None:
    """Log an update from the police on a crime reference."""
    saved = open_casework(ctx).justice.add_update(
        reference,
        crime_number,
        said=said,
        given_by=by,
        client_told=told,
        **_given(given_on=_day(on, "date of the update")),
    )
    typer.echo(f"Police update of {uk_date(saved.given_on)} logged on {crime_number} ({upper(reference)}).")


@crime_app.command("decision")
def crime_decision(
    ctx: typer.Context,
    reference: Reference,
    crime_number: CrimeNumber,
    by: Annotated[str, typer.Option("--by", help=f"Who decided: {choices(ReviewBody)}.")],
    kind: Annotated[str, typer.Option(help=f"The decision: {choices(DecisionKind)}.")],
    on: Annotated[str, typer.Option(help="The day of the decision.")],
    under_caution: Annotated[
        bool, typer.Option("--under-caution", help="The suspect was interviewed under caution.")
    ] = False,
) -> None:
    """Record a police or CPS decision and say whether the client can ask for it to be reviewed, and by when."""
    row = open_casework(ctx).victims.add_decision(
        reference,
        crime_number,
        body=by,
        kind=kind,
        decided_on=_day(on, "date of the decision"),
        interviewed_under_caution=under_caution,
    )
    typer.echo(f"Decision recorded on {crime_number} ({upper(reference)}). {row.why}")
    if row.deadline is not None:
        typer.echo(f"Ask for a review by {uk_date(row.deadline)} (on the agenda until then).")


@crime_app.command("review-asked")
def crime_review_asked(
    ctx: typer.Context,
    reference: Reference,
    number: Annotated[int, typer.Argument(metavar="N", help="The decision's number in 'advocate crime list'.")],
    on: Annotated[Day, typer.Option(help="The day the review was asked for (default today).")] = None,
) -> None:
    """Record that a review of a decision was asked for (it leaves the agenda)."""
    from advocate_tui.rules import clock

    casework = open_casework(ctx)
    reviews = [r for j in casework.justice.journeys(reference) for r in j.reviews]
    if not 1 <= number <= len(reviews):
        fail(f"{upper(reference)} has no decision {number}: give a number 'advocate crime list' shows.")
    decision = reviews[number - 1].decision
    casework.victims.update_decision(
        saved_id(decision),
        decision.version,
        review_requested_on=_day(on, "date a review was asked for") or clock.today(),
    )
    typer.echo(f"Review of decision {number} on {upper(reference)} recorded as asked for.")


@crime_app.command("list")
def crime_list(
    ctx: typer.Context,
    reference: Reference,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output (see README).")] = False,
) -> None:
    """Every crime reference on a case with its journey, the police's updates and the decisions made."""
    casework = open_casework(ctx)
    journeys = casework.justice.journeys(reference)
    if as_json:
        from advocate_tui.services.case_json import justice_json

        print_json(justice_json(upper(reference), journeys, casework.victims.view(reference)))
        return
    if not journeys:
        typer.echo(f"No crime references on {upper(reference)}.")
        return
    number = 0
    for journey in journeys:
        report = journey.report
        reported = f", reported {uk_date(report.reported_on)}" if report.reported_on else ""
        how = f" by {ReportedHow(report.reported_how).label}" if report.reported_how else ""
        typer.echo(f"{report.crime_number}{reported}{how}: {_stage(report)}")
        if report.oic_name:
            typer.echo(
                f"  Officer in the case: {report.oic_name}{f' ({report.oic_contact})' if report.oic_contact else ''}"
            )
        if journey.restraining_order is not None:
            typer.echo(f"  Restraining order: {journey.restraining_order.status}")
        for update in journey.updates:
            told = f" Client told: {update.client_told}" if update.client_told else ""
            typer.echo(f"  {uk_date(update.given_on)}  {update.given_by}: {update.said}{told}")
        for review in journey.reviews:
            number += 1
            d = review.decision
            asked = f", review asked for {uk_date(d.review_requested_on)}" if d.review_requested_on else ""
            by = f", ask for a review by {uk_date(review.deadline)}" if review.deadline else ""
            typer.echo(
                f"  Decision {number}: {ReviewBody(d.body).label}, {DecisionKind(d.kind).label.lower()}, "
                f"{uk_date(d.decided_on)}{by}{asked}. {review.why}"
            )


def _stage(report: Any) -> str:
    """Where a journey stands, in a line."""
    parts = [InvestigationStatus(report.status).label]
    if report.status_reason:
        parts[0] += f" ({report.status_reason})"
    if report.offence:
        parts.append(
            f"charged with {Offence(report.offence).label}"
            + (f" on {uk_date(report.charged_on)}" if report.charged_on else "")
        )
    if report.cps_decision:
        parts.append(f"CPS: {CpsDecision(report.cps_decision).label.lower()}")
    if report.court_outcome:
        parts.append(f"court: {CourtOutcome(report.court_outcome).label.lower()}")
    if report.sentence:
        parts.append(f"sentence: {report.sentence}")
    return "; ".join(parts)


@victims_app.command("judge")
def victims_judge(
    ctx: typer.Context,
    reference: Reference,
    reason: Annotated[str, typer.Option(help="Why, e.g. 'persistently targeted over months'.")],
    decided_by: Annotated[str, typer.Option(help="Who made the judgement.")],
    enhanced: Annotated[
        bool, typer.Option("--enhanced/--not-enhanced", help="Whether the client is eligible for enhanced rights.")
    ] = True,
    on: Annotated[Day, typer.Option(help="The day of the judgement (default today).")] = None,
) -> None:
    """Record whether the client is eligible for the Victims' Code's enhanced rights."""
    saved = open_casework(ctx).victims.judge(
        reference,
        enhanced=enhanced,
        reason=reason,
        decided_by=decided_by,
        **_given(decided_on=_day(on, "date decided")),
    )
    eligible = "eligible" if saved.enhanced else "not eligible"
    typer.echo(
        f"{upper(reference)}: {eligible} for enhanced rights, judged by {saved.decided_by} on {uk_date(saved.decided_on)}."
    )


@victims_app.command("explained")
def victims_explained(
    ctx: typer.Context,
    reference: Reference,
    rights: Annotated[
        list[str], typer.Argument(metavar="RIGHT...", help=f"The rights explained: {choices(VictimRight)}.")
    ],
    on: Annotated[Day, typer.Option(help="The day they were explained (default today).")] = None,
) -> None:
    """Record Victims' Code rights explained to the client."""
    saved = open_casework(ctx).victims.explain(reference, rights, _day(on, "date explained"))
    typer.echo(f"{len(saved)} right{'s' * (len(saved) != 1)} recorded as explained on {upper(reference)}.")


@victims_app.command("show")
def victims_show(ctx: typer.Context, reference: Reference) -> None:
    """Enhanced rights and the checklist of rights explained, with their dates."""
    view = open_casework(ctx).victims.view(reference)
    standing = view.standing
    if standing is None:
        typer.echo("Enhanced rights: not yet judged.")
    else:
        eligible = "eligible" if standing.enhanced else "not eligible"
        typer.echo(
            f"Enhanced rights: {eligible} ({standing.reason}), judged by {standing.decided_by} on {uk_date(standing.decided_on)}."
        )
    for right in VictimRight:
        record = view.explained.get(right)
        mark = f"[x] {uk_date(record.explained_on)}" if record else "[ ]            "
        typer.echo(f"  {mark}  {right.label}")
