"""Professional consultations: advice the service gives other organisations on their own stalking cases.

A consultation belongs to no case and asks for nothing that identifies the other organisation's client:
who asked (the professional and their organisation), what, the advice given, the time it took and any
follow-up. A follow-up with a date is on the agenda until it is marked done.
"""

from datetime import date, timedelta
from typing import Any

from sqlmodel import col, select

from advocate_tui.rules import clock
from advocate_tui.rules.dates import uk_date
from advocate_tui.rules.errors import InvalidInputError, NotFoundError
from advocate_tui.rules.fields import CONSULTATION_FIELDS, clean_fields, optional_date, past_date, required
from advocate_tui.services.context import ServiceContext
from advocate_tui.storage.models import Consultation

#: How many days ahead a follow-up shows on the agenda (overdue ones show until done).
FOLLOW_UP_SOON_DAYS = 7


def _check_follow_up(values: dict[str, Any]) -> None:
    if values.get("follow_up_on") is None:
        return
    if values.get("follow_up") is None:
        raise InvalidInputError("A follow-up date was given without the follow-up: say what is to be done.")
    if values["follow_up_on"] < values["held_on"]:
        raise InvalidInputError(
            f"The follow-up date ({uk_date(values['follow_up_on'])}) is before the consultation "
            f"({uk_date(values['held_on'])}): give a later date."
        )


class Consultations:
    """Recording and listing consultations, and their follow-ups due."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def add(self, **values: Any) -> Consultation:
        """Record a consultation (on today unless ``held_on`` is given)."""
        cleaned = clean_fields(CONSULTATION_FIELDS, {"held_on": clock.today(), **values})
        _check_follow_up(cleaned)
        consultation = Consultation(recorded_by=self.ctx.user, **cleaned)
        with self.ctx.writing() as session:
            session.add(consultation)
        return consultation

    def in_period(self, start: date | str | None = None, end: date | str | None = None) -> list[Consultation]:
        """Consultations held from ``start`` to ``end`` (both included; either open), earliest first."""
        first = optional_date(start, "first day")
        last = optional_date(end, "last day")
        if first is not None and last is not None and last < first:
            raise InvalidInputError(
                f"The period ends ({uk_date(last)}) before it starts ({uk_date(first)}): swap the dates."
            )
        query = select(Consultation)
        if first is not None:
            query = query.where(col(Consultation.held_on) >= first)
        if last is not None:
            query = query.where(col(Consultation.held_on) <= last)
        with self.ctx.reading() as session:
            return list(session.exec(query.order_by(col(Consultation.held_on), col(Consultation.id))))

    def follow_ups_due(self) -> list[Consultation]:
        """Follow-ups not yet done that are due within :data:`FOLLOW_UP_SOON_DAYS` days or overdue, soonest first."""
        horizon = clock.today() + timedelta(days=FOLLOW_UP_SOON_DAYS)
        with self.ctx.reading() as session:
            return list(
                session.exec(
                    select(Consultation)
                    .where(col(Consultation.follow_up_on) <= horizon, col(Consultation.followed_up_on).is_(None))
                    .order_by(col(Consultation.follow_up_on), col(Consultation.id))
                )
            )

    def followed_up(self, consultation_id: int, on: date | str | None = None) -> Consultation:
        """Record that a consultation's follow-up was done (today unless ``on``): it leaves the agenda."""
        day = required(past_date(on or clock.today(), "date followed up"), "date followed up")
        with self.ctx.writing() as session:
            consultation = session.get(Consultation, consultation_id)
            if consultation is None:
                raise NotFoundError(f"There is no consultation {consultation_id}: check its number in the list.")
            if consultation.follow_up is None:
                raise InvalidInputError(f"Consultation {consultation_id} has no follow-up to mark as done.")
            if day < consultation.held_on:
                raise InvalidInputError(
                    f"The follow-up ({uk_date(day)}) cannot be before the consultation "
                    f"({uk_date(consultation.held_on)}): give a later date."
                )
            consultation.followed_up_on = day
            consultation.updated_at = clock.utcnow()
            session.add(consultation)
        return consultation
