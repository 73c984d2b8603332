"""Writing records people edit: one versioned update, audited, refused when someone else changed it first."""

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import and_, update
from sqlmodel import Session, SQLModel

from advocate_tui.rules import clock
from advocate_tui.rules.errors import NotFoundError, StaleRecordError
from advocate_tui.rules.fields import FieldSpec, clean_fields
from advocate_tui.rules.saved import saved_id
from advocate_tui.services.context import ServiceContext
from advocate_tui.services.lookup import find_case
from advocate_tui.storage import audit
from advocate_tui.storage.models import Versioned
from advocate_tui.storage.orm import table_of

M = TypeVar("M", bound=SQLModel)


def bump(record: Versioned, **changes: Any) -> None:
    """Change a loaded record in its session, moving its version on (so other copies become stale)."""
    for name, value in changes.items():
        setattr(record, name, value)
    record.version += 1
    record.updated_at = clock.utcnow()


def update_versioned(
    ctx: ServiceContext,
    model: type[M],
    record_id: int,
    expected_version: int,
    specs: dict[str, FieldSpec],
    changes: dict[str, Any],
    what: str,
    stamped: dict[str, Any] | None = None,
    after: Callable[[Session, M], None] | None = None,
) -> M:
    """Apply ``changes`` (and already-clean ``stamped`` values) only if the record is still at
    ``expected_version``; otherwise raise :class:`StaleRecordError` and write nothing.

    ``after`` runs in the same transaction on the updated record: what it raises undoes the update."""
    cleaned = clean_fields(specs, changes) | (stamped or {})
    with ctx.writing() as session:
        record = write_versioned(session, model, record_id, expected_version, cleaned, what)
        if after is not None:
            after(session, record)
        return record


def write_versioned(
    session: Session, model: type[M], record_id: int, expected_version: int, cleaned: dict[str, Any], what: str
) -> M:
    """Write already-clean values in ``session``'s transaction, audited, if the record is still at
    ``expected_version``; otherwise raise (the caller's transaction then writes nothing)."""
    table: Any = model
    result = session.exec(
        update(model)
        .where(and_(table.id == record_id, table.version == expected_version))
        .values(**cleaned, version=table.version + 1, updated_at=clock.utcnow())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        if session.get(model, record_id) is None:
            raise NotFoundError(f"The {what} no longer exists (someone may have removed it): reload and check.")
        raise StaleRecordError(
            f"The {what} was changed by someone else since you opened it, so your change was not saved: "
            "reload it and make your change again."
        )
    record = session.get(model, record_id, populate_existing=True)
    assert record is not None
    audit.record(
        session,
        "update",
        table_of(model).name,
        record_id,
        case_reference=audit.reference_of(session, record),
        fields=cleaned,
    )
    return record


def add_to_case(ctx: ServiceContext, reference: str, build: Callable[[int], M]) -> M:
    """Add the record ``build`` makes for the case's id."""
    with ctx.writing() as session:
        case = find_case(session, reference)
        record = build(saved_id(case))
        session.add(record)
    return record
