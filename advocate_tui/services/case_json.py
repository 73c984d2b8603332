"""Cases as JSON (the stable ``--json`` format documented in the README) and as plain text."""

from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import SQLModel

from advocate_tui.rules import clock
from advocate_tui.rules.dates import describe, uk_date
from advocate_tui.rules.vocab import HearingKind, OrderKind, Relationship, RiskLevel
from advocate_tui.services.rows import CaseRow
from advocate_tui.storage.models import Case

JSON_FORMAT = "advocate-case/1"
_HIDDEN = {"case_id", "version", "created_at", "updated_at"}


def _record(record: SQLModel, **extra: Any) -> dict[str, Any]:
    return record.model_dump(mode="json", exclude=_HIDDEN) | extra


def _utc_iso(moment: datetime) -> str:
    """The same form pydantic gives the records in ``case show --json``: UTC with a Z."""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def case_row_json(row: CaseRow) -> dict[str, Any]:
    today = clock.today()
    return {
        "reference": row.reference,
        "name": row.name,
        "preferred_name": row.preferred_name,
        "status": row.status,
        "risk_level": row.risk_level,
        "domestic": row.domestic,
        "area": row.area,
        "crime_reference": row.crime_reference,
        "referral_date": row.referral_date.isoformat(),
        "next_hearing": _utc_iso(row.next_hearing) if row.next_hearing else None,
        "days_since_contact": row.days_since_contact(today),
        "plan_done": row.plan_done,
        "plan_total": row.plan_total,
        "orders_in_force": [o for o in row.orders_in_force.split(", ") if o],
    }


def case_json(case: Case) -> dict[str, Any]:
    """Everything recorded on a case; datetimes are ISO 8601 in UTC, dates ISO 8601."""
    return {
        "format": JSON_FORMAT,
        **case.model_dump(mode="json", exclude={"id"}),
        "client": _record(case.client) if case.client else None,
        "perpetrators": [_record(p) for p in case.perpetrators],
        "incidents": [_record(i, behaviours=sorted(i.kinds)) for i in case.incidents],
        "notes": [_record(n) for n in case.notes],
        "safety_plan": [_record(p) for p in case.plan_items],
        "hearings": [_record(h) for h in case.hearings],
        "orders": [_record(o) for o in case.orders],
        "agency_contacts": [_record(c) for c in case.contacts],
    }


def _line(label: str, value: Any) -> str:
    return f"  {label:<22} {value if value not in (None, '') else '-'}"


def case_text(case: Case, today: date) -> str:
    """A readable summary for the terminal; a confidential address is not printed."""
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
        _line("MARAC referral", uk_date(case.marac_referral_date)),
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
        ]
    for p in case.perpetrators:
        lines += [
            "Perpetrator",
            _line("Name", p.display_name),
            _line("Relationship", Relationship(p.relationship).label),
        ]
    lines.append(f"Incidents ({len(case.incidents)})")
    lines += [
        f"  {describe(i.occurred_at)}  {', '.join(sorted(i.kinds))}: {i.description}" for i in case.incidents[-10:]
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
    lines.append(f"Orders ({len(case.orders)})")
    lines += [
        f"  {OrderKind(o.kind).label}: {o.status}" + (f", expires {uk_date(o.expires_on)}" if o.expires_on else "")
        for o in case.orders
    ]
    return "\n".join(lines)
