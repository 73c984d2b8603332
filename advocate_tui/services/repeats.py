"""Repeat detection over the database: the earlier case a new client may be on (a re-referral), and the other
cases a case's perpetrators may be on (a possible serial perpetrator).

The matching is :mod:`advocate_tui.rules.repeats`; here its candidates are read through indexes (dates of birth,
registrations), only from the cases the person may see: ``visible`` is a condition on the case table, all
cases (:data:`ALL_CASES`) until the service has teams.
"""

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, func, or_, true
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from advocate_tui.rules.repeats import Match, Person, aliases, other_cases, phone_forms, phone_key, registrations
from advocate_tui.rules.repeats import earlier_client as matching_client
from advocate_tui.services.context import ServiceContext
from advocate_tui.storage.models import Case, Client, Perpetrator, VehicleRegistration

#: Every case: whom the checks look through until the service has teams.
ALL_CASES: ColumnElement[bool] = true()


def _bare(column: Any) -> Any:
    """A stored phone number without the spaces and punctuation people write in it."""
    for mark in (" ", "-", "(", ")", "."):
        column = func.replace(column, mark, "")
    return column


def earlier_client(session: Session, client: Person, visible: ColumnElement[bool] = ALL_CASES) -> Match | None:
    """The latest case among the ``visible`` ones whose client may be ``client``: the same date of birth with a
    matching name, or the same phone number."""
    wanted = []
    if client.date_of_birth is not None:
        wanted.append(col(Client.date_of_birth) == client.date_of_birth)
    key = phone_key(client.phone)
    if key is not None:
        wanted.append(_bare(col(Client.phone)).in_(phone_forms(key)))
    if not wanted:
        return None
    rows = session.execute(
        sa_select(
            col(Case.reference),
            col(Client.name),
            col(Client.preferred_name),
            col(Client.date_of_birth),
            col(Client.phone),
        )
        .join(Client, col(Client.case_id) == Case.id)
        .where(or_(*wanted), visible)
        .order_by(col(Case.id))
    )
    return matching_client(
        client,
        (Person(r.reference, [n for n in (r.name, r.preferred_name) if n], r.date_of_birth, r.phone) for r in rows),
    )


def _perpetrator(reference: str, perpetrator: Perpetrator) -> Person:
    return Person(
        reference,
        aliases(perpetrator.name, perpetrator.aliases),
        perpetrator.date_of_birth,
        vehicles=perpetrator.vehicles,
    )


def serial_perpetrators(session: Session, case: Case, visible: ColumnElement[bool] = ALL_CASES) -> list[Match]:
    """The other ``visible`` cases on which any of ``case``'s perpetrators (as read) may also be."""
    ours = [_perpetrator(case.reference, p) for p in case.perpetrators]
    born = {p.date_of_birth for p in ours if p.date_of_birth is not None}
    plates = set().union(*(registrations(p.vehicles) for p in ours))
    if not born and not plates:
        return []
    by_plate = select(VehicleRegistration.perpetrator_id).where(col(VehicleRegistration.registration).in_(plates))
    rows = session.execute(
        sa_select(
            col(Case.reference),
            col(Perpetrator.name),
            col(Perpetrator.aliases),
            col(Perpetrator.date_of_birth),
            col(Perpetrator.vehicles),
        )
        .join(Case, col(Case.id) == Perpetrator.case_id)
        .where(
            col(Perpetrator.case_id) != case.id,
            or_(col(Perpetrator.date_of_birth).in_(born), col(Perpetrator.id).in_(by_plate)),
            visible,
        )
    )
    return other_cases(
        ours, (Person(r.reference, aliases(r.name, r.aliases), r.date_of_birth, vehicles=r.vehicles) for r in rows)
    )


def index_registrations(session: Session, perpetrators: Iterable[Perpetrator]) -> None:
    """Make the registrations indexed for each perpetrator those written in its vehicles now."""
    for perpetrator in perpetrators:
        wanted = registrations(perpetrator.vehicles)
        held = session.exec(
            select(VehicleRegistration).where(VehicleRegistration.perpetrator_id == perpetrator.id)
        ).all()
        for row in held:
            if row.registration not in wanted:
                session.delete(row)
        for plate in sorted(wanted - {row.registration for row in held}):
            assert perpetrator.id is not None  # saved before its registrations are
            session.add(
                VehicleRegistration(case_id=perpetrator.case_id, perpetrator_id=perpetrator.id, registration=plate)
            )
    session.flush()


class Repeats:
    """Whether a case's people are also on other cases."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def serial_perpetrators(self, case: Case, visible: ColumnElement[bool] = ALL_CASES) -> list[Match]:
        """The other cases a case's perpetrators may also be on: for its header, Overview and ``case show``."""
        with self.ctx.reading() as session:
            return serial_perpetrators(session, case, visible)
