"""A case as readable text for the terminal (``advocate case show``)."""

from datetime import date
from typing import Any

from advocate_tui.rules import clock
from advocate_tui.rules.dates import describe, uk_date
from advocate_tui.rules.diary import CLIENT_RECORD, SOURCE_LABEL
from advocate_tui.rules.equality import AGE_BAND, Equality
from advocate_tui.rules.outcomes import BehaviourOutcome
from advocate_tui.rules.repeats import Match
from advocate_tui.rules.vocab import Behaviour, HearingKind, OrderKind, Relationship, RiskLevel
from advocate_tui.services.case_json import outcome_measures
from advocate_tui.storage.models import Case


def _line(label: str, value: Any) -> str:
    return f"  {label:<22} {value if value not in (None, '') else '-'}"


def repeat_lines(case: Case, serial: list[Match]) -> list[str]:
    """The re-referral and the possible serial perpetrator, when there are any."""
    lines = [_line("Re-referral of", case.re_referral_of)] if case.re_referral_of else []
    if serial:
        lines.append(_line("Perpetrator also on", "; ".join(f"{m.reference} ({m.why})" for m in serial)))
    return lines


def case_text(case: Case, today: date, equality: Equality, serial: list[Match]) -> str:
    """A readable summary for the terminal; a confidential address is not printed. ``equality`` names the
    equality answers' categories; ``serial``: the other cases its perpetrators may be on."""
    client = case.client
    lines = [
        f"{case.reference}  {client.display_name if client else ''}  [{RiskLevel(case.risk_level).label} risk]",
        _line("Status", case.status),
        _line("Referred", f"{uk_date(case.referral_date)} by {case.referral_source}"),
        _line("Area", case.area),
        _line("Advocate", case.advocate),
        _line("Domestic", "yes" if case.domestic else "no"),
        _line("Crime reference", case.crime_reference),
        _line("Officer in the case", " ".join(filter(None, (case.oic_name, case.oic_contact))) or None),
        _line("Multi-agency referral", uk_date(case.marac_referral_date)),
        *repeat_lines(case, serial),
    ]
    if case.closed_on:
        lines.append(_line("Closed", f"{uk_date(case.closed_on)} ({case.closure_reason})"))
    if client:
        address = (
            "held, confidential (see the application or --json)"
            if client.address_confidential and client.address
            else client.address
        )
        lines += [
            "Client",
            _line("Name", client.name),
            _line("Pronouns", client.pronouns),
            _line("Safe phone", client.phone),
            _line("Safe times to call", client.safe_call_times),
            _line("Voicemail safe", "yes" if client.voicemail_safe else "no"),
            _line("Address", address),
            _line(
                "Language",
                (client.language or "not recorded") + ("; interpreter needed" if client.interpreter_needed else ""),
            ),
            *(
                _line(question.title, question.label(getattr(client, question.field)))
                for question in (AGE_BAND, *equality.questions)
            ),
        ]
    measures = outcome_measures(case)
    lines += [
        "Outcome measures (intake / exit)",
        _line("Feels safe", f"{measures['feels_safe_at_intake']} / {measures['feels_safe_at_exit']}"),
        _line("Quality of life", f"{measures['quality_of_life_at_intake']} / {measures['quality_of_life_at_exit']}"),
        _line(
            "Behaviours",
            ", ".join(
                f"{Behaviour(b.behaviour).label.lower()} ({BehaviourOutcome(b.outcome).label.lower() if b.outcome else 'not asked at exit'})"
                for b in case.behaviours
            )
            or measures["behaviours_at_intake"],
        ),
        _line("Risk at exit", measures["risk_at_exit"]),
    ]
    for p in case.perpetrators:
        lines += [
            "Perpetrator",
            _line("Name", p.display_name),
            _line("Relationship", Relationship(p.relationship).label),
        ]
    lines.append(f"Incidents ({len(case.incidents)}, numbered earliest first)")
    shown = max(len(case.incidents) - 10, 0)
    lines += [
        f"  {number:>3}. {describe(i.occurred_at)}  {', '.join(sorted(i.kinds))}: {i.description}"
        f"{' (corrected)' if i.revisions else ''}{' (' + SOURCE_LABEL + ')' if i.source == CLIENT_RECORD else ''}"
        for number, i in enumerate(case.incidents[shown:], start=shown + 1)
    ]
    lines.append(f"Notes ({len(case.notes)}, newest first)")
    lines += [
        f"  {describe(n.noted_at)}  [{n.kind}] {n.text.splitlines()[0] if n.text else ''}" for n in case.notes[:5]
    ]
    done = sum(1 for i in case.plan_items if i.status == "done")
    lines.append(f"Safety plan: {done}/{len(case.plan_items)} done (`advocate plan {case.reference}`)")
    upcoming = [h for h in case.hearings if clock.local(h.starts_at).date() >= today]
    lines.append(f"Court dates ({len(upcoming)} upcoming)")
    lines += [f"  {describe(h.starts_at)}  {HearingKind(h.kind).label} at {h.court}" for h in upcoming]
    lines.append(f"Orders ({len(case.orders)}; the number is the order's id, for `incident log --order`)")
    lines += [
        f"  {o.id}. {OrderKind(o.kind).label}: {o.status}"
        + (f", expires {uk_date(o.expires_on)}" if o.expires_on else "")
        for o in case.orders
    ]
    return "\n".join(lines)
