"""Fictional cases for the letter tests: a full one, and sparse ones holding only what a template needs."""

from datetime import date, datetime
from pathlib import Path

from advocate_tui.output.letters.templates import available
from advocate_tui.rules.routes import PANEL
from advocate_tui.rules.saved import saved_id
from advocate_tui.services.casework import Casework
from advocate_tui.services.lookup import find_case
from advocate_tui.services.records import bump
from advocate_tui.storage.models import Referral

SECRET_ADDRESS = "12 Hidden Fiction Lane\nHiddenville\nNorthshire\nNS9 9ZZ"
SECRET_PARTS = ("12 Hidden Fiction Lane", "Hiddenville", "NS9 9ZZ")


def relationship_for(template: str) -> str | None:
    """A relationship that puts a case on the template's route (a referral summary is for its route's
    cases only), or ``None`` for a template of any case."""
    route = available()[template].route
    return None if route is None else "friend-acquaintance" if route == PANEL else "ex-partner"


def earlier_referral(casework: Casework, ref: str, day: date) -> None:
    """A referral to the case's route on ``day`` recorded before referral history was kept (no criteria, no
    consent recorded), as the upgrade to schema 0012 makes one from a case's referral date."""
    with casework.context.writing() as session:
        case = find_case(session, ref)
        session.add(
            Referral(
                case_id=saved_id(case),
                route=casework.context.routes.for_case(case.domestic).key,
                referred_on=day,
                referred_by="before referral history",
            )
        )
        bump(case, marac_referral_date=day)


def full_case(casework: Casework, relationship: str | None = None, referred_on: date | None = date(2026, 11, 2)) -> str:
    """A case with every kind of record on it (an ex-partner's unless ``relationship`` says otherwise),
    referred to its route on ``referred_on``; the client's address is confidential."""
    case = casework.cases.create_case(
        "Jo Example",
        relationship=relationship or "ex-partner",
        perpetrator_name="Alex Notreal",
        risk="high",
        risk_reason="Threats to kill in the police referral",
        crime_reference="NS/12345/26",
        preferred_name="Jo",
    )
    ref = case.reference
    casework.cases.update_case(
        case.id,
        case.version,
        oic_name="DC Priya Sample",
        oic_contact="priya.sample@police.example",
    )
    if referred_on is not None:
        earlier_referral(casework, ref, referred_on)
    client = case.client
    casework.parties.update_client(
        client.id,
        client.version,
        address=SECRET_ADDRESS,
        phone="07700 900123",
        safe_call_times="weekdays 9 to 5",
        date_of_birth="1990-04-01",
        pronouns="she/her",
        language="Polish",
        interpreter_needed=True,
        email="jo@example.org",
        dependants_note="Two children, 6 and 9",
        consent_refer=True,
        consent_refer_on="2026-11-01",
        consent_share_police=True,
        consent_share_police_on="2026-11-01",
    )
    perpetrator = casework.cases.get_case(ref).perpetrators[0]
    casework.parties.update_perpetrator(
        perpetrator.id,
        perpetrator.version,
        aliases="Al N",
        date_of_birth="1985-02-03",
        description="Tall, short dark hair, green parka",
        vehicles="Blue hatchback NS12 ABC",
        address="4 Sample Street, Northshire",
    )
    order = casework.court.add_order(
        ref,
        "bail-conditions",
        "granted",
        granted_on="2026-11-02",
        court="Northshire Magistrates' Court",
        conditions="No contact",
    )
    casework.log.add_incident(
        ref,
        "Waited outside the house for an hour, then knocked at 12 Hidden Fiction Lane.",
        datetime(2026, 11, 1, 21, 30),
        ["turning-up-home", "loitering"],
        location="outside 12 Hidden Fiction Lane, NS9 9ZZ",
        police_reference="NS-INC-001",
        police_reported_on="2026-11-02",
        police_officer="PC Sample",
        witnesses="A neighbour",
        evidence_what="Doorbell video",
        evidence_where="On the client's phone",
        impact="Could not sleep",
    )
    casework.log.add_incident(
        ref, "Forty calls from a withheld number.", datetime(2026, 11, 10, 18, 0), ["calls"], approximate=True
    )
    casework.log.add_incident(
        ref,
        "Flowers left at work with a note.",
        datetime(2026, 11, 15, 9, 0),
        ["letters-gifts", "turning-up-work", "tracking-gps", "third-party-contact"],
        evidence_what="Flowers and note",
        evidence_do_not_handle=True,
        breached_order_id=order.id,
    )
    casework.court.add_hearing(
        ref, datetime(2026, 12, 3, 10, 0), "Northshire Magistrates' Court", "trial", court_case_number="NS26-999"
    )
    casework.court.add_hearing(ref, datetime(2027, 1, 14, 14, 0), "Northshire Magistrates' Court", "sentencing")
    casework.parties.add_contact(
        ref, kind="housing", organisation="Northshire Homes", person="Mo Housing", phone="01632 960111"
    )
    casework.parties.add_contact(ref, kind="counselling", organisation="Northshire Talking Therapies")
    casework.parties.add_contact(
        ref, kind="school", organisation="Northshire College", person="Head of Student Support"
    )
    casework.parties.add_contact(ref, kind="other", organisation="Northshire Sanctuary Scheme")
    item = casework.cases.get_case(ref).plan_items[0]
    casework.plan.update_plan_item(item.id, item.version, status="done")
    return ref


def _oic(casework: Casework, ref: str) -> None:
    case = casework.cases.get_case(ref)
    casework.cases.update_case(case.id, case.version, oic_name="DC Sparse")


def _crime_reference(casework: Casework, ref: str) -> None:
    case = casework.cases.get_case(ref)
    casework.cases.update_case(case.id, case.version, crime_reference="NS/1/26")


def _consent(casework: Casework, ref: str) -> None:
    client = casework.cases.get_case(ref).client
    casework.parties.update_client(client.id, client.version, consent_refer=True)


def _high_risk_checklist(casework: Casework, ref: str) -> None:
    checklist = casework.risk.checklist("risk")
    casework.risk.record_assessment(ref, "risk", {item.key: "y" for item in checklist.items})


#: How to record the least that each possible need asks for.
FILLERS = {
    "case.oic_name": _oic,
    "case.crime_reference": _crime_reference,
    "client.consent_refer": _consent,
    "perpetrator.name": lambda casework, ref: casework.parties.add_perpetrator(ref, name="Sam Sparse"),
    "incidents": lambda casework, ref: casework.log.add_incident(ref, "Sent messages.", datetime(2026, 11, 20, 20, 0)),
    "next_hearing": lambda casework, ref: casework.court.add_hearing(
        ref, datetime(2026, 12, 1, 10, 0), "Northshire Court", "plea"
    ),
    "plan": lambda casework, ref: casework.plan.add_plan_item(ref, "personal-safety", "Code word agreed"),
    "route.met": _high_risk_checklist,
    "route.consent_basis": _consent,
}


def sparse_casework(casework: Casework, tmp_path: Path) -> Casework:
    """The same database with an empty starting plan, so new cases hold nothing but the client's name."""
    empty = tmp_path / "empty-plan.toml"
    empty.write_text("", encoding="utf-8")
    return Casework(casework.db, user=casework.user, areas=casework.areas, plan_file=empty)


def sparse_case(casework: Casework, needs: tuple[str, ...], relationship: str | None = None) -> str:
    """A case with the client's name (and ``relationship``, if given) and exactly ``needs`` filled in."""
    ref = casework.cases.create_case("Kim Sparse", relationship=relationship).reference
    for need in needs:
        FILLERS[need](casework, ref)
    return ref
