"""Fictional demonstration data, written in batches so 20,000 cases take well under two minutes.

Every name is invented and marked so (surnames such as "Example" and "Notreal"); addresses use
the made-up town of Northshire. Proportions follow a county service: about 25 incidents,
15 notes, 12 plan items and 1–2 hearings a case, most cases closed and a few hundred open. Its people are
distinct but for a few clients referred again and perpetrators on more than one case (see
:mod:`advocate_tui.services.demo_people`).
"""

import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, insert
from sqlmodel import Session, SQLModel, col, select

from advocate_tui.db import Database
from advocate_tui.rules import clock, references
from advocate_tui.rules.errors import InvalidInputError
from advocate_tui.rules.repeats import registrations
from advocate_tui.rules.vocab import (
    DOMESTIC_RELATIONSHIPS,
    Behaviour,
    CaseStatus,
    ClosureReason,
    HearingKind,
    NoteKind,
    OrderKind,
    OrderStatus,
    PlanStatus,
    ReferralSource,
    Relationship,
    RiskBasisKind,
    RiskLevel,
)
from advocate_tui.services.context import ServiceContext
from advocate_tui.services.demo_people import FIRST_NAMES, SURNAMES, People
from advocate_tui.services.lookup import next_number
from advocate_tui.services.rows import DemoSummary
from advocate_tui.services.safety_plan import SafetyPlan
from advocate_tui.storage import audit
from advocate_tui.storage.models import (
    Case,
    Client,
    CourtEvent,
    Incident,
    IncidentBehaviour,
    Note,
    Perpetrator,
    PlanItem,
    ProtectiveOrder,
    VehicleRegistration,
)
from advocate_tui.storage.orm import table_of

PRONOUNS = ["she/her", "he/him", "they/them"]
GENDERS = ["Female", "Male", "Non-binary"]
STREETS = ["Fiction Lane", "Example Road", "Pretend Close", "Sample Street", "Nowhere Avenue"]
#: The (fictional) town of each street: with the county the only place, the county would be withheld.
TOWN_OF = {
    "Fiction Lane": "Mockbridge",
    "Example Road": "Dummyford",
    "Pretend Close": "Mockbridge",
    "Sample Street": "Fauxley",
    "Nowhere Avenue": "Dummyford",
}
COURTS = ["Northshire Magistrates' Court", "Northshire Crown Court", "Northshire Family Court"]
LOCATIONS = ["outside home", "at work car park", "town centre", "bus stop", "supermarket", "online", "school gates"]
NOTE_TEXTS = [
    "Check-in call; client says the week was quieter.",
    "Discussed the incident diary and how to keep screenshots.",
    "Visited with the police to go through home security.",
    "Client anxious after new messages; safety plan reviewed.",
    "Left no voicemail as agreed; texted safe code word to call back.",
    "Spoke to the officer in the case about an SPO application.",
    "Housing options explained; client will think about a transfer.",
]
INCIDENT_TEXTS = [
    "Repeated calls from a withheld number through the evening.",
    "Seen waiting across the road from the house for about an hour.",
    "Flowers and a card left on the doorstep (not handled, bagged by police).",
    "New social-media account made to message the client's friends.",
    "Followed from the station to the front door.",
    "Messages saying he knows where she works.",
    "Car tyres let down overnight.",
    "Turned up at the client's workplace reception asking for her.",
]
CLOSED_SHARE_CAP = 300
BATCH = 2_000


def _open_count(cases: int) -> int:
    """A small demo is mostly open; a large one has a few hundred open cases."""
    return min(max(1, round(cases * 0.8)), CLOSED_SHARE_CAP) if cases > 1 else 1


def _stamp(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=clock.LOCAL).astimezone(UTC)


def _next_numbers(db: Database, years: set[int]) -> dict[int, int]:
    """The next free reference number for each year."""
    with db.reader() as session:
        return {year: next_number(session, year) for year in years}


#: The tables whose ids the builder gives itself, so child rows can point at them.
ASSIGNED_IDS = (Case, Perpetrator, Incident, ProtectiveOrder)
Assigned = type[Case] | type[Perpetrator] | type[Incident] | type[ProtectiveOrder]


def _advance_sequences(session: Session) -> None:
    """PostgreSQL's id sequences do not move for ids given explicitly: set them past the demo's rows."""
    for model in ASSIGNED_IDS:
        session.exec(select(func.setval(func.pg_get_serial_sequence(model.__tablename__, "id"), func.max(model.id))))


def _start_id(db: Database, model: Assigned) -> int:
    with db.reader() as session:
        return (session.exec(select(func.max(col(model.id)))).one() or 0) + 1


def demo_address(number: int, street: str) -> str:
    return f"{number} {street}, {TOWN_OF[street]}, Northshire"


class _Builder:
    """Makes the rows of one batch of cases; ids are assigned here so children can point at them."""

    def __init__(
        self, db: Database, seed: int, plan: list[tuple[str, str, int | None]], user: str, areas: tuple[str, ...]
    ) -> None:
        self.random = random.Random(seed)
        self.plan = plan
        self.user = user
        self.areas = areas
        self.today = clock.today()
        self.now = clock.utcnow()
        self.ids = {model: _start_id(db, model) for model in ASSIGNED_IDS}
        self.people = People(self.random)

    def _take(self, model: Assigned) -> int:
        value = self.ids[model]
        self.ids[model] += 1
        return value

    def case(self, number: int, reference: str, referral: date, is_open: bool) -> dict[str, list[dict[str, Any]]]:
        """The rows of the ``number``-th case made."""
        r = self.random
        case_id = self._take(Case)
        relationship = r.choice(list(Relationship))
        client, earlier = self.people.client(number, reference)
        stamp = {"created_at": _stamp(referral, 9), "updated_at": self.now}
        closed_on = None if is_open else min(self.today, referral + timedelta(days=r.randint(30, 300)))
        closure = None if is_open else r.choice(list(ClosureReason))
        reason = None if closure is None else closure.value
        status = (
            r.choice([CaseStatus.CONTACTED, CaseStatus.ASSESSMENT, CaseStatus.ONGOING]).value
            if closure is None
            else (
                {ClosureReason.DECLINED: CaseStatus.DECLINED, ClosureReason.DROPPED_OUT: CaseStatus.DROPPED_OUT}.get(
                    closure, CaseStatus.CLOSED
                ).value
            )
        )
        rows: dict[str, list[dict[str, Any]]] = {
            name: []
            for name in (
                "case",
                "client",
                "perp",
                "vehicle",
                "incident",
                "behaviour",
                "note",
                "plan",
                "hearing",
                "order",
            )
        }
        rows["case"].append(
            {
                "id": case_id,
                "reference": reference,
                "status": status,
                "referral_date": referral,
                "referral_source": r.choices(list(ReferralSource), weights=[70, 10, 10, 7, 3])[0].value,
                "first_contact_date": min(self.today, referral + timedelta(days=r.randint(0, 4))),
                "area": r.choice(self.areas),
                "advocate": self.user,
                "crime_reference": f"NS/{r.randint(10000, 99999)}/{referral:%y}",
                "oic_name": f"DC {r.choice(FIRST_NAMES)} {r.choice(SURNAMES)}",
                "oic_contact": "101 ext 4000 (fictional)",
                "risk_level": r.choices(list(RiskLevel), weights=[40, 40, 20])[0].value,
                # no checklist is made for demo cases: the level is the referring officer's view, judged at intake
                "risk_basis": RiskBasisKind.JUDGEMENT.value,
                "risk_reason": "Level given by the referring officer, agreed at the first call (demo)",
                "risk_set_by": self.user,
                "risk_set_on": referral,
                "domestic": relationship in DOMESTIC_RELATIONSHIPS,
                "closed_on": closed_on,
                "closure_reason": reason,
                "re_referral_of": earlier,
                "version": 1,
                **stamp,
            }
        )
        rows["case"][-1]["risk_at_intake"] = rows["case"][-1]["risk_level"]
        rows["client"].append(
            {
                "case_id": case_id,
                "name": client.name,
                "preferred_name": client.first if r.random() < 0.3 else None,
                "pronouns": r.choice(PRONOUNS),
                "gender": r.choice(GENDERS),
                "date_of_birth": client.born,
                "phone": client.phone,
                "safe_call_times": "weekdays 10:00-15:00",
                "address": demo_address(r.randint(1, 99), r.choice(STREETS)),
                "address_confidential": True,
                "interpreter_needed": False,
                "voicemail_safe": r.random() < 0.5,
                "consent_store": True,
                "consent_store_on": referral,
                "consent_share_police": r.random() < 0.8,
                "consent_refer": r.random() < 0.7,
                "version": 1,
                **stamp,
            }
        )
        perpetrator = self.people.perpetrator(number, named=relationship != Relationship.STRANGER)
        perpetrator_id = self._take(Perpetrator)
        rows["perp"].append(
            {
                "id": perpetrator_id,
                "case_id": case_id,
                "name": perpetrator.name,
                "date_of_birth": perpetrator.born,
                "vehicles": perpetrator.vehicles,
                "relationship": relationship.value,
                "description": "Fictional description for the demo.",
                "version": 1,
                **stamp,
            }
        )
        rows["vehicle"] += [
            {"case_id": case_id, "perpetrator_id": perpetrator_id, "registration": plate}
            for plate in sorted(registrations(perpetrator.vehicles))
        ]
        span = max(1, ((closed_on or self.today) - referral).days)
        kinds = list(Behaviour)
        for _ in range(r.randint(15, 35)):
            when = referral - timedelta(days=r.randint(0, 60)) + timedelta(days=r.randint(0, span))
            when = min(when, self.today - timedelta(days=1))
            incident_id = self._take(Incident)
            reported = r.random() < 0.4
            rows["incident"].append(
                {
                    "id": incident_id,
                    "case_id": case_id,
                    "occurred_at": _stamp(when, r.randint(7, 22), r.choice([0, 15, 30, 45])),
                    "approximate": r.random() < 0.1,
                    "recorded_at": _stamp(when, 23),
                    "recorded_by": self.user,
                    "location": r.choice(LOCATIONS),
                    "description": r.choice(INCIDENT_TEXTS),
                    "evidence_do_not_handle": False,
                    "reported_to_police": reported,
                    "police_reference": f"INC-{r.randint(1000, 9999)}" if reported else None,
                    "version": 1,
                    **stamp,
                }
            )
            for kind in r.sample(kinds, r.randint(1, 3)):
                rows["behaviour"].append({"incident_id": incident_id, "kind": kind.value, **stamp})
        for _ in range(r.randint(10, 20)):
            when = referral + timedelta(days=r.randint(0, span))
            rows["note"].append(
                {
                    "case_id": case_id,
                    "kind": r.choice(list(NoteKind)).value,
                    "text": r.choice(NOTE_TEXTS),
                    "author": self.user,
                    "noted_at": _stamp(min(when, self.today), r.randint(9, 17)),
                    **stamp,
                }
            )
        for position, (category, title, due) in enumerate(self.plan):
            state = r.choices(list(PlanStatus), weights=[3, 2, 5, 1, 1] if is_open else [1, 0, 8, 1, 1])[0]
            rows["plan"].append(
                {
                    "case_id": case_id,
                    "position": position,
                    "category": category,
                    "title": title,
                    "status": state.value,
                    "due_on": referral + timedelta(days=due or 14),
                    "completed_at": _stamp(referral + timedelta(days=due or 14), 12)
                    if state == PlanStatus.DONE
                    else None,
                    "version": 1,
                    **stamp,
                }
            )
        for _ in range(r.randint(1, 2)):
            offset = r.randint(-60, 40) if is_open else r.randint(10, span)
            rows["hearing"].append(
                {
                    "case_id": case_id,
                    "starts_at": _stamp(
                        referral + timedelta(days=offset) if not is_open else self.today + timedelta(days=offset), 10
                    ),
                    "court": r.choice(COURTS),
                    "kind": r.choice(list(HearingKind)).value,
                    "version": 1,
                    **stamp,
                }
            )
        if r.random() < 0.5:
            granted = referral + timedelta(days=r.randint(10, 60))
            in_force = granted <= self.today
            rows["order"].append(
                {
                    "id": self._take(ProtectiveOrder),
                    "case_id": case_id,
                    "kind": r.choice(
                        [OrderKind.SPO, OrderKind.RO_CONVICTION, OrderKind.NON_MOLESTATION, OrderKind.INTERIM_SPO]
                    ).value,
                    "status": (OrderStatus.GRANTED if in_force else OrderStatus.APPLIED).value,
                    "applied_on": min(granted - timedelta(days=7), self.today),
                    "granted_on": granted if in_force else None,
                    "expires_on": granted + timedelta(days=r.choice([25, 365, 730])),
                    "court": COURTS[0],
                    "conditions": "No contact by any means (fictional).",
                    "version": 1,
                    **stamp,
                }
            )
        return rows


TABLES: dict[str, type[SQLModel]] = {
    "case": Case,
    "client": Client,
    "perp": Perpetrator,
    "vehicle": VehicleRegistration,
    "order": ProtectiveOrder,
    "incident": Incident,
    "behaviour": IncidentBehaviour,
    "note": Note,
    "plan": PlanItem,
    "hearing": CourtEvent,
}


def _referrals(cases: int, today: date, rng: random.Random) -> Iterator[tuple[date, bool]]:
    """Referral dates oldest first (about 3,000 a year), the newest ones left open."""
    span_days = max(60, cases * 365 // 3000)
    days = sorted(rng.randint(1, span_days) for _ in range(cases))
    open_from = cases - _open_count(cases)
    for position, back in enumerate(reversed(days)):
        yield today - timedelta(days=back), position >= open_from


def generate(
    db: Database, cases: int, *, seed: int, plan: list[tuple[str, str, int | None]], user: str, areas: tuple[str, ...]
) -> DemoSummary:
    builder = _Builder(db, seed, plan, user, areas)
    referrals = list(_referrals(cases, builder.today, builder.random))
    numbers = _next_numbers(db, {day.year for day, _ in referrals})
    batch: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    made: list[str] = []
    for count, (referral, is_open) in enumerate(referrals, start=1):
        reference = references.reference(referral.year, numbers[referral.year])
        numbers[referral.year] += 1
        made.append(reference)
        for name, rows in builder.case(count, reference, referral, is_open).items():
            batch[name].extend(rows)
        if count % BATCH == 0 or count == cases:
            with db.session() as session:
                for name, model in TABLES.items():
                    if batch[name]:
                        table = table_of(model)
                        since = audit.last_id(session, table.name)
                        session.connection().execute(insert(table), batch[name])
                        audit.record_inserted(session, table.name, since)
                        batch[name] = []
                if not db.is_sqlite:
                    _advance_sequences(session)
    return DemoSummary(cases=cases, first_reference=min(made), last_reference=max(made))


class DemoData:
    """Fictional cases to try the program on."""

    def __init__(self, ctx: ServiceContext, plan: SafetyPlan) -> None:
        self.ctx = ctx
        self.plan = plan

    def load_demo(self, cases: int, seed: int = 7) -> DemoSummary:
        """Add ``cases`` fictional cases."""
        if cases < 1:
            raise InvalidInputError("The number of demo cases must be at least 1.", topic="demo-cases")
        return generate(
            self.ctx.db, cases, seed=seed, plan=self.plan.starting_plan(), user=self.ctx.user, areas=self.ctx.areas
        )
