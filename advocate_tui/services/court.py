"""Court dates and protective orders."""

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func
from sqlmodel import col, select

from advocate_tui.rules import clock
from advocate_tui.rules.errors import InvalidInputError
from advocate_tui.rules.fields import (
    HEARING_FIELDS,
    ORDER_FIELDS,
    check_hearing_result,
    check_order_dates,
    clean_fields,
)
from advocate_tui.rules.vocab import OrderStatus
from advocate_tui.services.context import ServiceContext
from advocate_tui.services.lookup import open_case
from advocate_tui.services.records import add_to_case, update_versioned
from advocate_tui.storage.models import Case, Client, CourtEvent, ProtectiveOrder

HEARING_HORIZON_DAYS = 14


class Court:
    """Hearings and orders on each case, and the hearings coming up across the caseload."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def add_hearing(self, reference: str, starts_at: datetime | str, court: str, kind: str, **extra: Any) -> CourtEvent:
        cleaned = clean_fields(HEARING_FIELDS, {"starts_at": starts_at, "court": court, "kind": kind, **extra})
        check_hearing_result(cleaned["starts_at"], cleaned.get("result"))
        return add_to_case(self.ctx, reference, lambda case_id: CourtEvent(case_id=case_id, **cleaned))

    def update_hearing(self, hearing_id: int, version: int, **changes: Any) -> CourtEvent:
        return update_versioned(
            self.ctx,
            CourtEvent,
            hearing_id,
            version,
            HEARING_FIELDS,
            changes,
            "court date",
            after=lambda _session, hearing: check_hearing_result(hearing.starts_at, hearing.result),
        )

    def add_order(
        self, reference: str, kind: str, status: str = OrderStatus.CONSIDERED.value, **extra: Any
    ) -> ProtectiveOrder:
        cleaned = clean_fields(ORDER_FIELDS, {"kind": kind, "status": status, **extra})
        check_order_dates(cleaned.get("granted_on"), cleaned.get("expires_on"))
        before = {OrderStatus.CONSIDERED.value, OrderStatus.REQUESTED.value}
        if cleaned.get("granted_on") and cleaned["status"] in before:
            cleaned["status"] = OrderStatus.GRANTED.value
        elif cleaned.get("applied_on") and cleaned["status"] in before:
            cleaned["status"] = OrderStatus.APPLIED.value
        return add_to_case(self.ctx, reference, lambda case_id: ProtectiveOrder(case_id=case_id, **cleaned))

    def update_order(self, order_id: int, version: int, **changes: Any) -> ProtectiveOrder:
        return update_versioned(
            self.ctx,
            ProtectiveOrder,
            order_id,
            version,
            ORDER_FIELDS,
            changes,
            "protective order",
            after=lambda _session, order: check_order_dates(order.granted_on, order.expires_on),
        )

    def upcoming_hearings(self, days: int = HEARING_HORIZON_DAYS) -> list[tuple[CourtEvent, str, str]]:
        """Hearings from now to ``days`` ahead on open cases, soonest first, with reference and name."""
        if days < 0:
            raise InvalidInputError("The number of days to look ahead must be 0 or more.", topic="days")
        start = clock.now().replace(hour=0, minute=0, second=0)
        end = start + timedelta(days=days + 1)
        query = (
            select(CourtEvent, Case.reference, func.coalesce(Client.preferred_name, Client.name))
            .join(Case, col(Case.id) == CourtEvent.case_id)
            .join(Client, col(Client.case_id) == Case.id)
            .where(CourtEvent.starts_at >= start, CourtEvent.starts_at < end)
            .where(open_case())
            .order_by(col(CourtEvent.starts_at))
        )
        with self.ctx.reading() as session:
            return [(event, ref, name) for event, ref, name in session.exec(query)]
