"""The demo's court and criminal-justice rows: hearings on working days, crime references' journeys,
protective orders and multi-agency referrals (a part of :mod:`advocate_tui.services.demo`'s case builder)."""

import json
import random
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from advocate_tui.rules import clock
from advocate_tui.rules.routes import CRITERIA
from advocate_tui.rules.vocab import (
    CourtOutcome,
    CpsDecision,
    HearingKind,
    HearingResult,
    InvestigationStatus,
    Offence,
    OrderKind,
    OrderStatus,
    ReportedHow,
)
from advocate_tui.rules.working_days import working_day_on_or_after
from advocate_tui.storage.models import ProtectiveOrder

COURTS = ["Northshire Magistrates' Court", "Northshire Crown Court", "Northshire Family Court"]

#: Demo orders applied for: how often each kind is (a weight), how many days it lasts once made, and the
#: hearing that decides it. (Restraining orders are made at sentencing: see ``_journey``.)
ORDER_KINDS: dict[OrderKind, tuple[int, int, HearingKind]] = {
    OrderKind.SPO: (3, 730, HearingKind.SPO),
    OrderKind.INTERIM_SPO: (2, 56, HearingKind.INTERIM_SPO),
    OrderKind.NON_MOLESTATION: (3, 365, HearingKind.NON_MOLESTATION),
}

NO_FURTHER_ACTION = "Not enough evidence to identify the suspect (demo)."

BAIL_CONDITIONS = "Not to contact the client or go to the client's street (demo)."


def stamp_at(day: date, hour: int, minute: int = 0) -> datetime:
    """``day`` at ``hour``:``minute`` England's time, as the UTC moment stored."""
    return datetime.combine(day, time(hour, minute), tzinfo=clock.LOCAL).astimezone(UTC)


class CourtRows:
    """Makes a demo case's hearings, journeys, orders and referrals; the case builder supplies the state."""

    random: random.Random
    today: date
    user: str
    ids: dict[Any, int]

    def _take(self, model: Any) -> int:
        value = self.ids[model]
        self.ids[model] += 1
        return value

    def _hearing(
        self,
        rows: dict[str, list[dict[str, Any]]],
        case_id: int,
        day: date,
        kind: HearingKind,
        result: HearingResult | None,
        stamp: dict[str, Any],
    ) -> None:
        """A hearing on ``day`` (a working day); its result only once it has been heard."""
        court = COURTS[2] if kind == HearingKind.NON_MOLESTATION else COURTS[1 if kind == HearingKind.TRIAL else 0]
        rows["hearing"].append(
            {
                "case_id": case_id,
                "starts_at": stamp_at(day, 10),
                "court": court,
                "kind": kind.value,
                "result": result.value if result is not None and day <= self.today else None,
                "version": 1,
                **stamp,
            }
        )

    def _court_day(self, day: date, days: tuple[int, int]) -> date:
        """A working day from ``days[0]`` to ``days[1]`` days after ``day`` (or just after, at a weekend)."""
        return working_day_on_or_after(day + timedelta(days=self.random.randint(*days)))

    def _journey(
        self,
        rows: dict[str, list[dict[str, Any]]],
        case_id: int,
        crime_number: str,
        referral: date,
        stamp: dict[str, Any],
    ) -> None:
        """The crime reference's journey as far as it has got by today: most are investigated, about a third
        charged, and most of those convicted (a restraining order made at sentencing in over half of them)."""
        r = self.random
        reported_on = referral - timedelta(days=r.randint(0, 14))
        status = r.choices(
            [
                InvestigationStatus.INVESTIGATING,
                InvestigationStatus.NO_FURTHER_ACTION,
                InvestigationStatus.RELEASED,
                InvestigationStatus.BAIL,
                InvestigationStatus.CHARGED,
            ],
            weights=[20, 20, 10, 15, 35],
        )[0]
        charged_on = self._court_day(reported_on, (20, 120))
        if status == InvestigationStatus.CHARGED and charged_on > self.today:
            status = InvestigationStatus.BAIL
        journey: dict[str, Any] = {
            "case_id": case_id,
            "crime_number": crime_number,
            "reported_on": reported_on,
            "reported_how": r.choice(list(ReportedHow)).value,
            "status": status.value,
            "status_reason": {
                InvestigationStatus.NO_FURTHER_ACTION: NO_FURTHER_ACTION,
                InvestigationStatus.BAIL: BAIL_CONDITIONS,
            }.get(status),
            **dict.fromkeys(
                (
                    "offence",
                    "charged_on",
                    "cps_decision",
                    "cps_decided_on",
                    "court_outcome",
                    "outcome_on",
                    "sentence",
                    "restraining_order_id",
                )
            ),
            "version": 1,
            **stamp,
        }
        rows["crime"].append(journey)
        if status != InvestigationStatus.CHARGED:
            return
        offence = r.choice([Offence.STALKING, Offence.STALKING_FEAR, Offence.HARASSMENT, Offence.FEAR_OF_VIOLENCE])
        journey.update(
            offence=offence.value,
            charged_on=charged_on,
            cps_decision=CpsDecision.CHARGE.value,
            cps_decided_on=charged_on,
        )
        plea = self._court_day(charged_on, (14, 28))
        outcome = r.choices(
            [CourtOutcome.GUILTY_PLEA, CourtOutcome.CONVICTED, CourtOutcome.ACQUITTED, CourtOutcome.DISCONTINUED],
            weights=[45, 25, 20, 10],
        )[0]
        pleaded = HearingResult.GUILTY_PLEA if outcome == CourtOutcome.GUILTY_PLEA else HearingResult.NOT_GUILTY_PLEA
        self._hearing(rows, case_id, plea, HearingKind.PLEA, pleaded, stamp)
        decided = plea if outcome == CourtOutcome.GUILTY_PLEA else self._court_day(plea, (60, 150))
        if outcome != CourtOutcome.GUILTY_PLEA:
            result = {
                CourtOutcome.CONVICTED: HearingResult.CONVICTED,
                CourtOutcome.ACQUITTED: HearingResult.ACQUITTED,
            }.get(outcome, HearingResult.DISCONTINUED)
            self._hearing(rows, case_id, decided, HearingKind.TRIAL, result, stamp)
        if decided > self.today:
            return
        journey.update(court_outcome=outcome.value, outcome_on=decided)
        if outcome not in (CourtOutcome.GUILTY_PLEA, CourtOutcome.CONVICTED):
            return
        sentenced = self._court_day(decided, (21, 42))
        self._hearing(rows, case_id, sentenced, HearingKind.SENTENCING, HearingResult.SENTENCED, stamp)
        if sentenced > self.today:
            return
        journey["sentence"] = "Community order with a rehabilitation requirement (demo)."
        if r.random() < 0.6:
            expires = sentenced + timedelta(days=730) if r.random() < 0.5 else None
            journey["restraining_order_id"] = self._add_order(
                rows, case_id, OrderKind.RO_CONVICTION, None, sentenced, expires, stamp
            )

    def _order(
        self, rows: dict[str, list[dict[str, Any]]], case_id: int, referral: date, stamp: dict[str, Any]
    ) -> None:
        """An order applied for and heard on working days: granted (with its expiry) or refused once heard,
        still applied for while the hearing is to come."""
        r = self.random
        kind = r.choices(list(ORDER_KINDS), weights=[weight for weight, _days, _hearing in ORDER_KINDS.values()])[0]
        _weight, lasts, hearing = ORDER_KINDS[kind]
        applied = self._court_day(referral, (3, 30))
        if applied > self.today:
            return
        heard = self._court_day(applied, (0, 2) if kind != OrderKind.SPO else (14, 42))
        if heard > self.today:
            self._hearing(rows, case_id, heard, hearing, None, stamp)
            self._add_order(rows, case_id, kind, applied, None, None, stamp)
        elif r.random() < 0.15:
            self._hearing(rows, case_id, heard, hearing, HearingResult.ORDER_REFUSED, stamp)
            self._add_order(rows, case_id, kind, applied, None, None, stamp, refused=True)
        else:
            self._hearing(rows, case_id, heard, hearing, HearingResult.ORDER_MADE, stamp)
            self._add_order(rows, case_id, kind, applied, heard, heard + timedelta(days=lasts), stamp)

    def _add_order(
        self,
        rows: dict[str, list[dict[str, Any]]],
        case_id: int,
        kind: OrderKind,
        applied: date | None,
        granted: date | None,
        expires: date | None,
        stamp: dict[str, Any],
        *,
        refused: bool = False,
    ) -> int:
        if refused:
            status = OrderStatus.REFUSED
        elif granted is None:
            status = OrderStatus.APPLIED
        else:
            status = OrderStatus.EXPIRED if expires is not None and expires < self.today else OrderStatus.GRANTED
        order_id = self._take(ProtectiveOrder)
        rows["order"].append(
            {
                "id": order_id,
                "case_id": case_id,
                "kind": kind.value,
                "status": status.value,
                "applied_on": applied,
                "granted_on": granted,
                "expires_on": expires,
                "court": COURTS[2] if kind == OrderKind.NON_MOLESTATION else COURTS[0],
                "conditions": "No contact by any means (fictional)." if granted else None,
                "version": 1,
                **stamp,
            }
        )
        return order_id

    def _referral(
        self, rows: dict[str, list[dict[str, Any]]], case_id: int, referral: date, stamp: dict[str, Any]
    ) -> None:
        """A high-risk case referred to its route, with the criteria it met that day: potential escalation from
        its incidents, professional judgement when the advocate flagged it."""
        r = self.random
        case, client = rows["case"][-1], rows["client"][-1]
        day = self._court_day(referral, (5, 20))
        if day > self.today:
            return
        since = day - timedelta(days=365)
        recent = sum(1 for i in rows["incident"] if since < clock.local(i["occurred_at"]).date() <= day)
        judgement = "Escalating fixation after the separation (demo)." if r.random() < 0.3 or recent < 3 else None
        met = []
        if recent >= 3:
            met.append([CRITERIA["potential-escalation"], f"{recent} incidents identified in 12 months (3 or more)"])
        if judgement:
            met.append([CRITERIA["professional-judgement"], judgement])
        case.update(marac_referral_date=day, marac_judgement_reason=judgement)
        consent = client["consent_refer"]
        rows["referral"].append(
            {
                "case_id": case_id,
                "route": "marac" if case["domestic"] else "panel",
                "referred_on": day,
                "criteria": json.dumps(met, ensure_ascii=False),
                "judgement_reason": judgement,
                "consent": consent,
                "without_consent_reason": None if consent else "Vital interests: a risk to life (demo).",
                "meeting_on": self._court_day(day, (7, 21)),
                "referred_by": self.user,
                "version": 1,
                **stamp,
            }
        )
