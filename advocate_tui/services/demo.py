"""Fictional demonstration data, written in batches so 20,000 cases take well under two minutes.

Every name is invented and marked so (surnames such as "Example" and "Notreal"); addresses use
the made-up town of Northshire. Proportions follow a county service: about 25 incidents,
15 notes and 12 plan items a case, most cases closed and a few hundred open. The records agree with
each other: an incident's behaviours are those its words describe, a crime reference moves on by
its dates (charge, plea, trial, sentence), orders are applied for, heard and made or refused, and
every hearing (on a working day) is one of those steps. Its people are distinct but for a few clients
referred again and perpetrators on more than one case (see :mod:`advocate_tui.services.demo_people`).
"""

import random
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, insert
from sqlmodel import Session, SQLModel, col, select

from advocate_tui.db import Database
from advocate_tui.rules import clock, references
from advocate_tui.rules.equality import PREFER_NOT, Equality
from advocate_tui.rules.errors import InvalidInputError
from advocate_tui.rules.outcomes import DECLINED_SCORE, REVIEW_SKIPPED, IntakeAnswer
from advocate_tui.rules.repeats import registrations
from advocate_tui.rules.vocab import (
    DOMESTIC_RELATIONSHIPS,
    Behaviour,
    CaseStatus,
    ClosureReason,
    NoteKind,
    PlanStatus,
    ReferralSource,
    Relationship,
    RiskBasisKind,
    RiskLevel,
)
from advocate_tui.services.context import ServiceContext
from advocate_tui.services.demo_court import CourtRows, stamp_at
from advocate_tui.services.demo_people import FIRST_NAMES, SURNAMES, People
from advocate_tui.services.lookup import next_number
from advocate_tui.services.rows import DemoSummary
from advocate_tui.services.safety_plan import SafetyPlan
from advocate_tui.storage import audit
from advocate_tui.storage.models import (
    Case,
    CaseBehaviour,
    Client,
    CourtEvent,
    CrimeReport,
    Incident,
    IncidentBehaviour,
    Note,
    Perpetrator,
    PlanItem,
    ProtectiveOrder,
    Referral,
    VehicleRegistration,
)
from advocate_tui.storage.orm import table_of

#: Genders with the pronouns usually given with them (a third of clients give "they/them" whatever the gender).
PRONOUNS = {"Female": "she/her", "Male": "he/him", "Non-binary": "they/them"}
STREETS = ["Fiction Lane", "Example Road", "Pretend Close", "Sample Street", "Nowhere Avenue"]
#: The (fictional) town of each street: with the county the only place, the county would be withheld.
TOWN_OF = {
    "Fiction Lane": "Mockbridge",
    "Example Road": "Dummyford",
    "Pretend Close": "Mockbridge",
    "Sample Street": "Fauxley",
    "Nowhere Avenue": "Dummyford",
}
NOTE_TEXTS = [
    "Check-in call; client says the week was quieter.",
    "Discussed the incident diary and how to keep screenshots.",
    "Visited with the police to go through home security.",
    "Client anxious after new messages; safety plan reviewed.",
    "Left no voicemail as agreed; texted safe code word to call back.",
    "Spoke to the officer in the case about an SPO application.",
    "Housing options explained; client will think about a transfer.",
]
#: What happened, where, and the behaviours it is: a demo incident's kinds are those its words describe.
INCIDENTS: list[tuple[str, str, tuple[Behaviour, ...]]] = [
    ("Repeated calls from a withheld number through the evening.", "at home", (Behaviour.CALLS,)),
    (
        "Seen waiting across the road from the house for about an hour.",
        "outside home",
        (Behaviour.LOITERING, Behaviour.WATCHING),
    ),
    (
        "Flowers and a card left on the doorstep (not handled, bagged by police).",
        "outside home",
        (Behaviour.LETTERS_GIFTS, Behaviour.TURNING_UP_HOME),
    ),
    (
        "New social-media account made to message the client's friends.",
        "online",
        (Behaviour.SOCIAL_MEDIA, Behaviour.THIRD_PARTY),
    ),
    ("Followed from the station to the front door.", "town centre", (Behaviour.FOLLOWING, Behaviour.TURNING_UP_HOME)),
    ("Messages saying the sender knows where the client works.", "online", (Behaviour.MESSAGES, Behaviour.THREATS)),
    ("Car tyres let down overnight.", "outside home", (Behaviour.PROPERTY_DAMAGE,)),
    ("Turned up at the client's workplace reception asking for the client.", "at work", (Behaviour.TURNING_UP_WORK,)),
    ("Watched the client from a parked car at the school gates.", "school gates", (Behaviour.WATCHING,)),
    ("Pushed the client against a wall outside the supermarket.", "supermarket", (Behaviour.VIOLENCE,)),
    ("Logged into the client's email account and changed the password.", "online", (Behaviour.HACKING,)),
    ("Police found a tracking device under the client's car.", "at work car park", (Behaviour.TRACKING_GPS,)),
]
BREACH = ("Came to the client's home although the order forbids it.", "outside home", (Behaviour.TURNING_UP_HOME,))
CLOSED_SHARE_CAP = 300
BATCH = 2_000


def _open_count(cases: int) -> int:
    """A small demo is mostly open; a large one has a few hundred open cases."""
    return min(max(1, round(cases * 0.8)), CLOSED_SHARE_CAP) if cases > 1 else 1


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


class _Builder(CourtRows):
    """Makes the rows of one batch of cases; ids are assigned here so children can point at them."""

    def __init__(
        self,
        db: Database,
        seed: int,
        plan: list[tuple[str, str, int | None]],
        user: str,
        areas: tuple[str, ...],
        equality: Equality,
    ) -> None:
        self.random = random.Random(seed)
        # the outcome and equality answers draw from their own stream, so the rest of the demo stays as it was
        self.answers = random.Random(seed + 1)
        self.plan = plan
        self.user = user
        self.areas = areas
        self.equality = equality
        self.today = clock.today()
        self.now = clock.utcnow()
        self.ids = {model: _start_id(db, model) for model in ASSIGNED_IDS}
        self.people = People(self.random)

    def case(self, number: int, reference: str, referral: date, is_open: bool) -> dict[str, list[dict[str, Any]]]:
        """The rows of the ``number``-th case made."""
        r = self.random
        case_id = self._take(Case)
        relationship = r.choice(list(Relationship))
        client, earlier = self.people.client(number, reference)
        stamp = {"created_at": stamp_at(referral, 9), "updated_at": self.now}
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
        rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
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
                "marac_referral_date": None,  # set when the case is referred (see _referral)
                "marac_judgement_reason": None,
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
                **_gender_and_pronouns(r),
                "date_of_birth": client.born,
                "phone": client.phone,
                "safe_call_times": "weekdays 10:00-15:00",
                "address": demo_address(r.randint(1, 99), r.choice(STREETS)),
                "address_confidential": True,
                **_equality_answers(self.answers, self.equality),
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
        crime_number = rows["case"][-1]["crime_reference"]
        if rows["case"][-1]["referral_source"] == ReferralSource.POLICE.value or r.random() < 0.3:
            self._journey(rows, case_id, crime_number, referral, stamp)
        else:
            rows["case"][-1]["crime_reference"] = None
        span = max(1, ((closed_on or self.today) - referral).days)
        for _ in range(r.randint(15, 35)):
            when = referral - timedelta(days=r.randint(0, 60)) + timedelta(days=r.randint(0, span))
            self._incident(rows, case_id, min(when, self.today - timedelta(days=1)), r.choice(INCIDENTS), stamp)
        for _ in range(r.randint(10, 20)):
            when = referral + timedelta(days=r.randint(0, span))
            rows["note"].append(
                {
                    "case_id": case_id,
                    "kind": r.choice(list(NoteKind)).value,
                    "text": r.choice(NOTE_TEXTS),
                    "author": self.user,
                    "noted_at": stamp_at(min(when, self.today), r.randint(9, 17)),
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
                    "completed_at": stamp_at(referral + timedelta(days=due or 14), 12)
                    if state == PlanStatus.DONE
                    else None,
                    "version": 1,
                    **stamp,
                }
            )
        if r.random() < 0.45:
            self._order(rows, case_id, referral, stamp)
        for order in rows["order"]:
            self._breach(rows, case_id, order, closed_on or self.today, stamp)
        if rows["case"][-1]["risk_level"] == RiskLevel.HIGH.value and r.random() < 0.7:
            self._referral(rows, case_id, referral, stamp)
        logged = sorted({row["kind"] for row in rows["behaviour"]} - {Behaviour.OTHER.value})
        outcomes, seen = _outcome_answers(
            self.answers, rows["case"][-1]["risk_level"], logged, closed=closure is not None
        )
        rows["case"][-1] |= outcomes
        rows["case_behaviour"] += [{"case_id": case_id, **answer, **stamp} for answer in seen]
        return rows

    def _incident(
        self,
        rows: dict[str, list[dict[str, Any]]],
        case_id: int,
        day: date,
        what: tuple[str, str, tuple[Behaviour, ...]],
        stamp: dict[str, Any],
        breached_order_id: int | None = None,
    ) -> None:
        r = self.random
        description, location, kinds = what
        incident_id = self._take(Incident)
        # only a client who went to the police (the case has a crime reference) has incidents reported
        reported = rows["case"][-1]["crime_reference"] is not None and (
            r.random() < 0.4 or breached_order_id is not None
        )
        rows["incident"].append(
            {
                "id": incident_id,
                "case_id": case_id,
                "occurred_at": stamp_at(day, r.randint(7, 22), r.choice([0, 15, 30, 45])),
                "approximate": r.random() < 0.1,
                "recorded_at": stamp_at(day, 23),
                "recorded_by": self.user,
                "location": location,
                "description": description,
                "evidence_do_not_handle": Behaviour.LETTERS_GIFTS in kinds,
                "reported_to_police": reported,
                "police_reference": f"INC-{r.randint(1000, 9999)}" if reported else None,
                "breached_order_id": breached_order_id,
                "version": 1,
                **stamp,
            }
        )
        breach = (Behaviour.ORDER_BREACH,) if breached_order_id is not None else ()
        rows["behaviour"].extend(
            {"incident_id": incident_id, "kind": kind.value, **stamp} for kind in (*kinds, *breach)
        )

    def _breach(
        self,
        rows: dict[str, list[dict[str, Any]]],
        case_id: int,
        order: dict[str, Any],
        end: date,
        stamp: dict[str, Any],
    ) -> None:
        """A quarter of orders made are breached once while in force (and the breach reported)."""
        granted, expires = order["granted_on"], order["expires_on"]
        last = min(end, self.today - timedelta(days=1), expires or end)
        if granted is None or last <= granted or self.random.random() >= 0.25:
            return
        day = granted + timedelta(days=self.random.randint(1, (last - granted).days))
        self._incident(rows, case_id, day, BREACH, stamp, breached_order_id=order["id"])


TABLES: dict[str, type[SQLModel]] = {
    "case": Case,
    "case_behaviour": CaseBehaviour,
    "client": Client,
    "perp": Perpetrator,
    "vehicle": VehicleRegistration,
    "order": ProtectiveOrder,
    "crime": CrimeReport,
    "referral": Referral,
    "incident": Incident,
    "behaviour": IncidentBehaviour,
    "note": Note,
    "plan": PlanItem,
    "hearing": CourtEvent,
}


#: How often a demo client declines a question, and how often it was not asked.
DECLINES, NOT_ASKED_SHARE = 0.06, 0.1
#: What became of a behaviour by the exit, weighted: most stop or lessen.
BEHAVIOUR_OUTCOMES = {"stopped": 40, "reduced": 30, "same": 15, "increased": 5, "declined": 5, None: 5}
#: The demo's spread of equality answers, by category key (a category not named here, as in a service's own
#: file, weighs 1): roughly a county in England's.
EQUALITY_WEIGHTS = {
    "female": 78,
    "male": 22,
    "same": 97,
    "different": 2,
    "white-british": 120,
    "white-other": 8,
    "asian-pakistani": 5,
    "asian-indian": 4,
    "black-african": 3,
    "mixed-white-black-caribbean": 2,
    "no": 70,
    "limited-a-little": 18,
    "limited-a-lot": 10,
    "straight": 85,
    "bisexual": 5,
    "gay-lesbian": 4,
    "none": 42,
    "christian": 40,
    "muslim": 7,
    "hindu": 2,
    "sikh": 2,
}
LANGUAGES = {"English": 85, "Polish": 4, "Urdu": 3, "Romanian": 3, "Punjabi": 2, "Arabic": 2, "Portuguese": 1}


#: The answers a demo case gets at exit (None while it is open).
EXIT_ANSWERS = (
    "feels_safe_at_closure",
    "quality_of_life_at_closure",
    "risk_at_closure",
    "risk_reduced",
    "reported_to_police",
    "support_needs_met",
)


def _pick(rng: random.Random, weights: dict[Any, int]) -> Any:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _score(rng: random.Random, low: int, high: int) -> int | None:
    """A 1-5 answer between ``low`` and ``high``, sometimes declined or not asked."""
    roll = rng.random()
    if roll < NOT_ASKED_SHARE:
        return None
    return DECLINED_SCORE if roll < NOT_ASKED_SHARE + DECLINES else rng.randint(low, high)


def _outcome_answers(
    rng: random.Random, risk: str, logged: list[str], *, closed: bool
) -> tuple[dict[str, Any], list[dict[str, str | None]]]:
    """The intake (and, for a closed case, exit) measures of one demo case, and its behaviours named at intake:
    some of the kinds ``logged`` in its incidents."""
    answers: dict[str, Any] = {
        "feels_safe_at_intake": _score(rng, 1, 3),
        "quality_of_life_at_intake": _score(rng, 1, 4),
    }
    roll = rng.random()
    named = roll >= NOT_ASKED_SHARE + DECLINES and bool(logged)
    answers["behaviours_at_intake"] = (
        IntakeAnswer.ANSWERED.value if named else IntakeAnswer.DECLINED.value if roll >= NOT_ASKED_SHARE else None
    )
    kinds = (
        rng.sample([kind.value for kind in Behaviour if kind != Behaviour.OTHER], rng.randint(1, 4)) if named else []
    )
    if not closed:  # every row of a batch has the same columns
        answers |= dict.fromkeys(EXIT_ANSWERS)
        return answers, [{"behaviour": kind, "outcome": None} for kind in kinds]
    levels = RiskLevel.values()
    roll = rng.random()
    # the review mostly finds the risk the same or lower; now and then higher, or it was skipped
    at_exit = REVIEW_SKIPPED if roll < 0.15 else rng.choice(levels[: levels.index(risk) + 1] if roll < 0.9 else levels)
    answers |= {
        "feels_safe_at_closure": _score(rng, 2, 5),
        "quality_of_life_at_closure": _score(rng, 2, 5),
        "risk_at_closure": at_exit,
        "risk_reduced": None if at_exit == REVIEW_SKIPPED else levels.index(at_exit) < levels.index(risk),
        "reported_to_police": rng.random() < 0.7,
        "support_needs_met": None if rng.random() < NOT_ASKED_SHARE else rng.random() < 0.85,
    }
    return answers, [{"behaviour": kind, "outcome": _pick(rng, BEHAVIOUR_OUTCOMES)} for kind in kinds]


def _gender_and_pronouns(rng: random.Random) -> dict[str, str]:
    """A client's gender and pronouns that agree (or "they/them", which a client of any gender may give)."""
    gender = rng.choice(list(PRONOUNS))
    return {"gender": gender, "pronouns": rng.choice([PRONOUNS[gender], PRONOUNS[gender], "they/them"])}


def _equality_answers(rng: random.Random, equality: Equality) -> dict[str, Any]:
    """One demo client's equality answers, spread as :data:`EQUALITY_WEIGHTS`, some preferring not to say, some
    not asked; a first language and, for some who speak another, an interpreter."""
    answers: dict[str, Any] = {}
    for question in equality.questions:
        roll = rng.random()
        keys = [key for key, _label in question.categories]
        chosen = rng.choices(keys, weights=[EQUALITY_WEIGHTS.get(key, 1) for key in keys])[0]
        answers[question.field] = None if roll < NOT_ASKED_SHARE else PREFER_NOT if roll < 0.15 else chosen
    language = _pick(rng, LANGUAGES)
    answers["language"] = language
    answers["interpreter_needed"] = language != "English" and rng.random() < 0.5
    return answers


def _referrals(cases: int, today: date, rng: random.Random) -> Iterator[tuple[date, bool]]:
    """Referral dates oldest first (about 3,000 a year), the newest ones left open."""
    span_days = max(60, cases * 365 // 3000)
    days = sorted(rng.randint(1, span_days) for _ in range(cases))
    open_from = cases - _open_count(cases)
    for position, back in enumerate(reversed(days)):
        yield today - timedelta(days=back), position >= open_from


def generate(
    db: Database,
    cases: int,
    *,
    seed: int,
    plan: list[tuple[str, str, int | None]],
    user: str,
    areas: tuple[str, ...],
    equality: Equality,
) -> DemoSummary:
    builder = _Builder(db, seed, plan, user, areas, equality)
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
            self.ctx.db,
            cases,
            seed=seed,
            plan=self.plan.starting_plan(),
            user=self.ctx.user,
            areas=self.ctx.areas,
            equality=self.ctx.equality,
        )
