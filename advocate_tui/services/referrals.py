"""Referral history: each referral of a case to its multi-agency route, its meeting, the actions agreed and
the outcome. The case's ``marac_referral_date`` is kept as the date of its last referral, for what reads it."""

import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from advocate_tui.rules import clock
from advocate_tui.rules.dates import uk_date
from advocate_tui.rules.errors import InvalidInputError, NotFoundError
from advocate_tui.rules.fields import one_line, optional_date, optional_text, past_date, required_line, required_text
from advocate_tui.rules.routes import ROUTE_KEYS, Route
from advocate_tui.rules.saved import saved_id
from advocate_tui.services.context import ServiceContext
from advocate_tui.services.lookup import find_case, open_case
from advocate_tui.services.records import bump
from advocate_tui.services.risk import case_facts, route_criteria
from advocate_tui.storage.models import Case, Client, Referral, ReferralAction

#: What a referral recorded before referral history was kept says of its criteria.
BEFORE_HISTORY = "recorded before referral history"
#: Meetings and actions falling due within this many days are listed on the agenda.
DUE_SOON_DAYS = 14


@dataclass(frozen=True)
class ReferralRow:
    """A referral with its number on the case (1 for the first) and its route."""

    number: int
    referral: Referral
    route: Route
    actions: tuple[ReferralAction, ...]

    @property
    def criteria(self) -> list[tuple[str, str]] | None:
        """The criteria met when it was made, as (label, evidence); ``None`` before referral history."""
        stored = self.referral.criteria
        return None if stored is None else [(label, detail) for label, detail in json.loads(stored)]

    @property
    def heading(self) -> str:
        """'2. MARAC, referred 23 Nov 2026 (repeat referral); meeting 3 Dec 2026'."""
        r = self.referral
        repeat = " (repeat referral)" if r.repeat else ""
        meeting = f"; meeting {uk_date(r.meeting_on)}" if r.meeting_on else "; no meeting date yet"
        return f"{self.number}. {self.route.name}, referred {uk_date(r.referred_on)}{repeat}{meeting}"

    @property
    def criteria_text(self) -> str:
        """The criteria met when it was made, in a line."""
        found = self.criteria
        if found is None:
            return BEFORE_HISTORY
        return "; ".join(f"{label} ({detail})" for label, detail in found)

    @property
    def consent(self) -> str:
        """'given', 'without consent: <reason>', or 'not recorded'."""
        if self.referral.consent is None:
            return "not recorded"
        return "given" if self.referral.consent else f"without consent: {self.referral.without_consent_reason}"


def action_line(number: int, action: ReferralAction) -> str:
    """'1. Police: fit a camera (DC Sample), due 1 Dec 2026, done 30 Nov 2026'."""
    owner = f" ({action.owner})" if action.owner else ""
    due = f", due {uk_date(action.due_on)}" if action.due_on else ""
    done = f", done {uk_date(action.done_on)}" if action.done_on else ", not done"
    return f"{number}. {action.agency}: {action.action}{owner}{due}{done}"


@dataclass(frozen=True)
class ReferralDue:
    """A meeting coming up or an action due or overdue, for the agenda."""

    day: date
    reference: str
    name: str
    what: str
    overdue: bool
    meeting: bool  # a meeting coming up; otherwise an action due
    key: str  # names the record for as long as it lives: "meeting-<referral id>" or "action-<action id>"


class Referrals:
    """Referrals to the case's multi-agency route, one transaction a change, each checked before it is written."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def history(self, reference: str) -> list[ReferralRow]:
        """The case's referrals, oldest first, each with its actions."""
        with self.ctx.reading() as session:
            return _rows(session, find_case(session, reference), self.ctx)

    def add(
        self, reference: str, on: Any = None, without_consent: str | None = None, route: str | None = None
    ) -> ReferralRow:
        """Refer the case to its route on ``on`` (today if not given): refused on the other route, when no
        criterion is met and no professional judgement is recorded, or without consent and no reason."""
        day = past_date(on, "referral date") or clock.today()
        reason = optional_text()(without_consent, "reason to refer without consent")
        with self.ctx.writing() as session:
            case = find_case(session, reference)
            own = self.ctx.routes.for_case(case.domestic)
            if route is not None and route.strip().lower() != own.key:
                raise InvalidInputError(
                    f"Case {case.reference} is {own.cases}, so it is referred to the {own.name}, "
                    f"not the {_route_name(self.ctx, route)}: refer it to the {own.name}."
                )
            facts = case_facts(session, case)
            if facts.last_referral is not None and day < facts.last_referral:
                raise InvalidInputError(
                    f"Case {case.reference} was last referred on {uk_date(facts.last_referral)}: "
                    "a new referral is dated on or after the last one."
                )
            met = [
                c
                for c in route_criteria(own, facts.as_at(day), case.marac_judgement_reason, day, self.ctx.thresholds)
                if c.met
            ]
            if not met:
                raise InvalidInputError(
                    f"No criterion of the {own.name} is met on {uk_date(day)}: record the reason for the "
                    "professional judgement before referring."
                )
            consented = _consented(session, case)
            if consented and reason is not None:
                raise InvalidInputError(
                    "The client consented to the referral, so no reason to refer without consent is needed: leave it out."
                )
            if not consented and reason is None:
                raise InvalidInputError(
                    "The client has not consented to the referral: give the lawful basis and reason to refer without consent.",
                    topic="referral-consent",
                )
            referral = Referral(
                case_id=saved_id(case),
                route=own.key,
                referred_on=day,
                repeat=any(c.key == "repeat-referral" for c in met),
                criteria=json.dumps([[c.label, c.detail] for c in met], ensure_ascii=False),
                judgement_reason=case.marac_judgement_reason,
                consent=consented,
                without_consent_reason=reason,
                referred_by=self.ctx.user,
            )
            session.add(referral)
            bump(case, marac_referral_date=day)  # on or after the last referral, as checked above
            session.flush()
            return _rows(session, case, self.ctx)[-1]

    def set_meeting(self, reference: str, number: int, day: Any) -> Referral:
        """The date of the multi-agency meeting that hears referral ``number`` (not before the referral)."""
        meeting = optional_date(day, "meeting date")
        with self.ctx.writing() as session:
            referral = _referral(session, reference, number)
            if meeting is not None and meeting < referral.referred_on:
                raise InvalidInputError(
                    f"The meeting date ({uk_date(meeting)}) is before the referral ({uk_date(referral.referred_on)}): "
                    "give a date on or after it."
                )
            bump(referral, meeting_on=meeting)
        return referral

    def set_outcome(self, reference: str, number: int, text: str | None) -> Referral:
        """What came of referral ``number`` (blank clears it)."""
        outcome = optional_text()(text, "outcome")
        with self.ctx.writing() as session:
            referral = _referral(session, reference, number)
            bump(referral, outcome=outcome)
        return referral

    def add_action(
        self, reference: str, number: int, agency: str, action: str, owner: str | None = None, due: Any = None
    ) -> ReferralAction:
        """An action the meeting agreed on referral ``number``; it falls due on or after the referral."""
        cleaned = {
            "agency": required_line(128)(agency, "agency"),
            "action": required_text()(action, "action"),
            "owner": one_line(128)(owner, "owner of the action"),
            "due_on": optional_date(due, "action's due date"),
        }
        with self.ctx.writing() as session:
            referral = _referral(session, reference, number)
            if cleaned["due_on"] is not None and cleaned["due_on"] < referral.referred_on:
                raise InvalidInputError(
                    f"The action's due date ({uk_date(cleaned['due_on'])}) is before the referral "
                    f"({uk_date(referral.referred_on)}): give a date on or after it."
                )
            made = ReferralAction(case_id=referral.case_id, referral_id=saved_id(referral), **cleaned)
            session.add(made)
        return made

    def mark_done(self, reference: str, number: int, action: int, on: Any = None) -> ReferralAction:
        """Action ``action`` (1 for the first) of referral ``number`` done on ``on`` (today if not given)."""
        with self.ctx.writing() as session:
            referral = _referral(session, reference, number)
            if not 1 <= action <= len(referral.actions):
                raise NotFoundError(
                    f"Referral {number} of case {find_case(session, reference).reference} has no action {action} "
                    f"(it has {len(referral.actions)}): give the action's number as the history lists it."
                )
            found = referral.actions[action - 1]
            day = past_date(on, "date the action was done") or clock.today()
            if day < referral.referred_on:
                raise InvalidInputError(
                    f"The action cannot be done ({uk_date(day)}) before the referral ({uk_date(referral.referred_on)}): "
                    "give a date on or after it."
                )
            bump(found, done_on=day)
        return found

    def due(self, within_days: int = DUE_SOON_DAYS) -> list[ReferralDue]:
        """On open cases: meetings from today to ``within_days`` ahead, and actions not done that fall due by
        then (overdue ones too), soonest first."""
        today = clock.today()
        horizon = today + timedelta(days=within_days)
        name = func.coalesce(Client.preferred_name, Client.name)
        with self.ctx.reading() as session:
            meetings = session.execute(
                sa_select(col(Referral.meeting_on), col(Case.reference), name, col(Referral.route), col(Referral.id))
                .join(Case, col(Case.id) == Referral.case_id)
                .join(Client, col(Client.case_id) == Case.id)
                .where(open_case(), col(Referral.meeting_on) >= today, col(Referral.meeting_on) <= horizon)
            ).all()
            actions = session.execute(
                sa_select(
                    col(ReferralAction.due_on),
                    col(Case.reference),
                    name,
                    col(ReferralAction.agency),
                    col(ReferralAction.action),
                    col(ReferralAction.id),
                )
                .join(Case, col(Case.id) == ReferralAction.case_id)
                .join(Client, col(Client.case_id) == Case.id)
                .where(open_case(), col(ReferralAction.done_on).is_(None), col(ReferralAction.due_on) <= horizon)
            ).all()
        rows = [
            ReferralDue(day, ref, who, f"{self.ctx.routes.by_key(key).name} meeting", False, True, f"meeting-{number}")
            for day, ref, who, key, number in meetings
            if day is not None
        ] + [
            ReferralDue(day, ref, who, f"{agency}: {text}", day < today, False, f"action-{number}")
            for day, ref, who, agency, text, number in actions
            if day is not None
        ]
        return sorted(rows, key=lambda row: (row.day, row.reference, row.what))


def _route_name(ctx: ServiceContext, key: str) -> str:
    wanted = key.strip().lower()
    if wanted not in ROUTE_KEYS:
        raise InvalidInputError(f"There is no route '{key}': use one of {', '.join(ROUTE_KEYS)}.")
    return ctx.routes.by_key(wanted).name


def _consented(session: Session, case: Case) -> bool:
    client = session.exec(select(Client).where(Client.case_id == case.id)).first()
    return client is not None and client.consent_refer


def _ordered(session: Session, case: Case) -> list[Referral]:
    """The case's referrals in the order they are numbered: oldest first."""
    return list(
        session.exec(
            select(Referral).where(Referral.case_id == case.id).order_by(col(Referral.referred_on), col(Referral.id))
        ).all()
    )


def _rows(session: Session, case: Case, ctx: ServiceContext) -> list[ReferralRow]:
    return [
        ReferralRow(n, r, ctx.routes.by_key(r.route), tuple(r.actions))
        for n, r in enumerate(_ordered(session, case), start=1)
    ]


def _referral(session: Session, reference: str, number: int) -> Referral:
    """Referral ``number`` (1 for the first) of the case, or one sentence saying how many it has."""
    case = find_case(session, reference)
    referrals = _ordered(session, case)
    if not 1 <= number <= len(referrals):
        raise NotFoundError(
            f"Case {case.reference} has no referral {number} (it has {len(referrals)}): "
            "give the referral's number as the history lists it."
        )
    return referrals[number - 1]
