"""``advocate case …``: open, list, show and close cases."""

from typing import Annotated, Optional

import typer

from advocate_tui.cli.common import Reference, choices, key_values, open_casework, print_json, sub_app
from advocate_tui.rules import clock
from advocate_tui.rules.dates import uk_date
from advocate_tui.rules.equality import FIELDS
from advocate_tui.rules.errors import InvalidInputError
from advocate_tui.rules.field_paths import LISTS, PARTS
from advocate_tui.rules.outcomes import DECLINED, DECLINED_SCORE, BehaviourOutcome, describe_risk_at_exit
from advocate_tui.rules.vocab import (
    Behaviour,
    CaseStatus,
    ClosureReason,
    ReferralSource,
    Relationship,
    RiskBasisKind,
    RiskLevel,
)

case_app = sub_app("Open, list, show and close cases.")

FeelsSafe = Annotated[
    Optional[str],
    typer.Option(
        "--feels-safe",
        metavar="1-5",
        help="How safe the client feels now, 1 (not at all) to 5 (completely), or declined.",
    ),
]
QualityOfLife = Annotated[
    Optional[str],
    typer.Option(
        "--quality-of-life",
        metavar="1-5",
        help="The client's quality of life now, 1 (very poor) to 5 (very good), or declined.",
    ),
]


def _answer(score: int | None) -> int | str | None:
    """A 1-5 answer as ``case close`` prints it: the number, or "declined"."""
    return DECLINED if score == DECLINED_SCORE else score


def assignments(given: list[str], option: str, form: str) -> dict[str, str]:
    """``NAME=VALUE`` texts as a dict by the name in lower case, each with a value, no name twice."""
    found = key_values(
        given,
        lambda text: f"{option} takes {form}, not '{text}'.",
        lambda name: f"{option} names '{name}' twice: give each once.",
        value_needed=True,
    )
    return {name: value.strip() for name, value in found.items()}


def pairs(given: list[str], option: str) -> dict[str, str]:
    """``QUESTION=ANSWER`` equality answers as a dict; the question must be one of :data:`FIELDS`."""
    form = f"QUESTION=ANSWER with QUESTION one of {', '.join(FIELDS)}"
    for text in given:
        if text.partition("=")[0].strip() not in FIELDS:
            raise InvalidInputError(f"{option} takes {form}, not '{text}'.")
    return assignments(given, option, form)


def answered(**options: str | None) -> None:
    """Refuse an outcome option given with nothing after it: leaving the option out is how "not asked" is said."""
    for option, value in options.items():
        if value is not None and not value.strip():
            raise InvalidInputError(
                f"--{option.replace('_', '-')} was given no answer: give one, or leave the option out if the "
                "question was not asked."
            )


def behaviour_outcomes(given: list[str]) -> str:
    """``--behaviour-outcome`` answers as the text the service reads: KIND=OUTCOME each, or declined alone."""
    if [text.strip().lower() for text in given] == [DECLINED]:
        return DECLINED
    found = assignments(given, "--behaviour-outcome", f"KIND=OUTCOME (e.g. calls=stopped), or {DECLINED} alone")
    return ",".join(f"{kind}={outcome}" for kind, outcome in found.items())


app = sub_app("Cases.")
app.add_typer(case_app, name="case")


@case_app.command("new")
def case_new(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help="The client's full name.")],
    relationship: Annotated[
        Optional[str], typer.Option(help=f"Perpetrator's relationship to the client: {choices(Relationship)}.")
    ] = None,
    area: Annotated[
        Optional[str], typer.Option(help="The area, from the service's list (see `advocate config`).")
    ] = None,
    source: Annotated[str, typer.Option(help=f"Referral source: {choices(ReferralSource)}.")] = "police",
    risk: Annotated[
        Optional[str],
        typer.Option(help=f"Risk level on your professional judgement ({choices(RiskLevel)}); needs --reason."),
    ] = None,
    reason: Annotated[
        Optional[str], typer.Option("--reason", help="Why you judge the risk at that level (with --risk).")
    ] = None,
    crime_ref: Annotated[Optional[str], typer.Option("--crime-ref", help="Police crime reference.")] = None,
    feels_safe: FeelsSafe = None,
    quality_of_life: QualityOfLife = None,
    behaviours: Annotated[
        Optional[str],
        typer.Option(
            metavar="KINDS",
            help=f"The kinds of behaviour the client faces, comma-separated ({choices(Behaviour)}), or declined.",
        ),
    ] = None,
    equality: Annotated[
        Optional[list[str]],
        typer.Option(
            metavar="QUESTION=ANSWER",
            help=f"An equality monitoring answer (repeat for several): {', '.join(FIELDS)}; each "
            "takes a category of the service's equality file or prefer-not-to-say (an answer not known is refused "
            "with the list).",
        ),
    ] = None,
    dob: Annotated[
        Optional[str], typer.Option("--dob", metavar="DATE", help="The client's date of birth (e.g. 17/05/1990).")
    ] = None,
    phone: Annotated[Optional[str], typer.Option("--phone", help="The client's safe phone number.")] = None,
    quiet: Annotated[
        bool, typer.Option("-q", "--quiet", help="Print only the new reference (not even a re-referral).")
    ] = False,
) -> None:
    """Open a case for a new referral; prints the new reference first, and the earlier case when the client
    matches one (a re-referral)."""
    answered(feels_safe=feels_safe, quality_of_life=quality_of_life, behaviours=behaviours)
    case = open_casework(ctx, create=True).cases.create_case(
        name,
        relationship=relationship,
        area=area,
        source=source,
        risk=risk,
        risk_reason=reason,
        crime_reference=crime_ref,
        feels_safe=feels_safe,
        quality_of_life=quality_of_life,
        behaviours=behaviours,
        equality=pairs(equality or [], "--equality"),
        date_of_birth=dob,
        phone=phone,
    )
    typer.echo(case.reference)
    if quiet:
        return
    if case.re_referral_of is not None:
        typer.echo(f"Re-referral: the client matches the one on {case.re_referral_of}.")
    assert case.client is not None  # create_case opens the case with its client
    kind = "domestic" if case.domestic else "non-domestic" if relationship else "relationship not recorded"
    typer.echo(
        f"Opened for {case.client.name}: {ReferralSource(case.referral_source).label.lower()} referral, "
        f"{case.risk_level} risk ({RiskBasisKind(case.risk_basis).short}), {case.area or 'no area'}, {kind}; "
        f"{len(case.plan_items)} safety-plan items to start."
    )


@case_app.command("list")
def case_list(
    ctx: typer.Context,
    all_cases: Annotated[bool, typer.Option("--all", help="Include closed, declined and dropped-out cases.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output (see README).")] = False,
) -> None:
    """The caseload: open cases, or every case with --all."""
    from advocate_tui.services.case_json import case_row_json

    rows = open_casework(ctx).cases.list_cases(include_closed=all_cases)
    if as_json:
        print_json([case_row_json(row) for row in rows])
        return
    if not rows:
        typer.echo("No cases yet: add one with `advocate case new NAME`, or try `advocate demo` on a spare database.")
        return
    today = clock.today()
    table = [("REFERENCE", "NAME", "RISK", "STATUS", "D/ND", "NEXT COURT", "CONTACT", "PLAN", "ORDERS")]
    table += [
        (
            row.reference,
            row.display_name,
            row.risk_level,
            row.status,
            "D" if row.domestic else "ND",
            uk_date(row.next_hearing),
            f"{row.days_since_contact(today)}d ago",
            f"{row.plan_done}/{row.plan_total}",
            row.orders_in_force or "-",
        )
        for row in rows
    ]
    widths = [max(len(line[i]) for line in table) for i in range(len(table[0]))]
    for line in table:
        typer.echo("  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip())


@case_app.command("show")
def case_show(
    ctx: typer.Context,
    reference: Reference,
    as_json: Annotated[
        bool, typer.Option("--json", help="Everything recorded, machine-readable (see README).")
    ] = False,
) -> None:
    """Everything recorded on a case."""
    from advocate_tui.cli.case_text import case_text
    from advocate_tui.services.case_json import case_json

    casework = open_casework(ctx)
    case = casework.cases.get_case(reference)
    serial = casework.repeats.serial_perpetrators(case)
    if as_json:
        print_json(case_json(case, serial))
    else:
        typer.echo(case_text(case, clock.today(), casework.equality, serial))


#: The fields ``advocate case edit --set`` changes: the names ``advocate case show --json`` gives them.
EDIT_SET_HELP = "A change, FIELD=VALUE (repeat for several; an empty VALUE clears the field): " + "; ".join(
    f"{part + '[N].' if part in LISTS else part + '.' if part else ''}FIELD: {', '.join(fields)}"
    for part, fields in PARTS.items()
)


@case_app.command("edit")
def case_edit(
    ctx: typer.Context,
    reference: Reference,
    assignments: Annotated[
        Optional[list[str]], typer.Option("--set", metavar="FIELD=VALUE", help=EDIT_SET_HELP)
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="The changed fields, machine-readable (see README).")] = False,
) -> None:
    """Change any editable field of a case, its client, perpetrators and agency contacts: with --set, or in
    $VISUAL / $EDITOR on the fields as TOML. All the changes are saved, or none; confidential values are not shown."""
    from advocate_tui.cli.case_edit import assignments as changes_given
    from advocate_tui.cli.case_edit import changed_lines, edit_in_editor

    casework = open_casework(ctx)
    editable = casework.case_edit.read(reference, shown=not assignments)
    if assignments:
        changed = casework.case_edit.apply(editable, changes_given(assignments, editable))
    else:
        changed = edit_in_editor(casework, editable)
    if as_json:
        print_json(
            {"format": "advocate-case-edit/1", "reference": editable.reference, "changed": [str(p) for p in changed]}
        )
    elif not changed:
        typer.echo("No changes.")
    else:
        typer.echo("\n".join(changed_lines(changed)))


@case_app.command("close")
def case_close(
    ctx: typer.Context,
    reference: Reference,
    reason: Annotated[str, typer.Option(help=f"Why the case closes: {choices(ClosureReason)}.")],
    outcome: Annotated[Optional[str], typer.Option(help="A short note of the outcome.")] = None,
    feels_safe: FeelsSafe = None,
    quality_of_life: QualityOfLife = None,
    risk_at_exit: Annotated[
        Optional[str],
        typer.Option(
            metavar="LEVEL",
            help=f"The risk level the closing risk review found ({choices(RiskLevel)}); left out, the review is "
            "recorded as skipped.",
        ),
    ] = None,
    behaviour_outcome: Annotated[
        Optional[list[str]],
        typer.Option(
            metavar="KIND=OUTCOME",
            help=f"What became of a behaviour named at intake ({choices(BehaviourOutcome)}); repeat for each, "
            "or give declined alone.",
        ),
    ] = None,
    risk_reduced: Annotated[
        Optional[bool],
        typer.Option("--risk-reduced/--risk-not-reduced", help="Whether the risk to the client was reduced."),
    ] = None,
    reported: Annotated[
        Optional[bool], typer.Option("--reported/--not-reported", help="Whether the client reported to the police.")
    ] = None,
    needs_met: Annotated[
        Optional[bool], typer.Option("--needs-met/--needs-not-met", help="Whether the client's support needs were met.")
    ] = None,
) -> None:
    """Close a case, with the outcome questions asked at exit (leave out any not asked)."""
    answered(feels_safe=feels_safe, quality_of_life=quality_of_life, risk_at_exit=risk_at_exit)
    case = open_casework(ctx).cases.close_case(
        reference,
        reason,
        outcome,
        feels_safe=feels_safe,
        quality_of_life=quality_of_life,
        risk_at_exit=risk_at_exit,
        behaviour_outcomes=behaviour_outcomes(behaviour_outcome or []),
        risk_reduced=risk_reduced,
        reported_to_police=reported,
        support_needs_met=needs_met,
    )
    assert case.closure_reason is not None  # close_case sets it
    typer.echo(
        f"{case.reference} is now {CaseStatus(case.status).label.lower()} ({ClosureReason(case.closure_reason).label.lower()}), from {uk_date(case.closed_on)}."
    )
    answers = {
        "feels safe (1-5)": _answer(case.feels_safe_at_closure),
        "quality of life (1-5)": _answer(case.quality_of_life_at_closure),
        "risk reduced": case.risk_reduced,
        "reported to police": case.reported_to_police,
        "support needs met": case.support_needs_met,
    }
    asked = [
        f"{question}: {'yes' if value is True else 'no' if value is False else value}"
        for question, value in answers.items()
        if value is not None
    ]
    typer.echo(f"Outcome: {'; '.join(asked)}." if asked else "No outcome questions recorded.")
    typer.echo(f"Risk at exit: {describe_risk_at_exit(case.risk_at_closure)}.")
