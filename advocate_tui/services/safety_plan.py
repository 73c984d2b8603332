"""Safety plans: the starting checklist a new case gets, and its items as the advocate works through them."""

import tomllib
from datetime import date
from importlib import resources
from typing import Any

from sqlalchemy import func
from sqlmodel import select

from advocate_tui.rules import clock
from advocate_tui.rules.errors import InvalidInputError, NotFoundError
from advocate_tui.rules.fields import PLAN_FIELDS, clean_fields
from advocate_tui.rules.saved import saved_id
from advocate_tui.rules.vocab import PLAN_STATUS_CYCLE, PlanCategory, PlanStatus
from advocate_tui.services.context import ServiceContext
from advocate_tui.services.lookup import find_case
from advocate_tui.services.records import update_versioned
from advocate_tui.storage.models import PlanItem

#: One item of a starting plan: category, title, and days until due (``None``: no due date).
PlanEntry = tuple[str, str, int | None]


class SafetyPlan:
    """The items of each case's safety plan."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def starting_plan(self) -> list[PlanEntry]:
        """The starting checklist, from the service's file or ours."""
        plan_file = self.ctx.plan_file
        if plan_file is not None:
            where = str(plan_file)
            try:
                source = plan_file.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise InvalidInputError(
                    f"The safety plan {where} cannot be read ({exc.__class__.__name__}): fix service.safety_plan."
                ) from None
        else:
            source = resources.files("advocate_tui").joinpath("data/safety_plan.toml").read_text(encoding="utf-8")
            where = "the built-in safety plan"
        return parse_plan(source, where)

    def add_plan_item(self, reference: str, category: str, title: str, due_on: date | str | None = None) -> PlanItem:
        cleaned = clean_fields(PLAN_FIELDS, {"category": category, "title": title, "due_on": due_on})
        with self.ctx.writing() as session:
            case = find_case(session, reference)
            last = session.exec(select(func.max(PlanItem.position)).where(PlanItem.case_id == case.id)).one()
            item = PlanItem(case_id=saved_id(case), position=(last or 0) + 1, **cleaned)
            session.add(item)
        return item

    def plan_item(self, reference: str, item_id: int) -> PlanItem:
        """Item ``item_id`` of the case's plan."""
        with self.ctx.reading() as session:
            case = find_case(session, reference)
            item = session.get(PlanItem, item_id)
            if item is None or item.case_id != case.id:
                raise NotFoundError(
                    f"{case.reference} has no plan item {item_id}.",
                    topic="plan-item-numbers",
                    reference=case.reference,
                    item=str(item_id),
                )
            return item

    def update_plan_item(self, item_id: int, version: int, **changes: Any) -> PlanItem:
        stamped = {}
        if "status" in changes:
            done = clean_fields(PLAN_FIELDS, {"status": changes["status"]})["status"] == PlanStatus.DONE
            stamped["completed_at"] = clock.utcnow() if done else None
        return update_versioned(self.ctx, PlanItem, item_id, version, PLAN_FIELDS, changes, "plan item", stamped)

    def cycle_plan_item(self, item_id: int, version: int, current_status: str) -> PlanItem:
        """Move a plan item to the next status in :data:`PLAN_STATUS_CYCLE`."""
        position = PLAN_STATUS_CYCLE.index(PlanStatus(current_status))
        following = PLAN_STATUS_CYCLE[(position + 1) % len(PLAN_STATUS_CYCLE)]
        return self.update_plan_item(item_id, version, status=following.value)


def parse_plan(source: str, where: str) -> list[PlanEntry]:
    """A starting plan's TOML, item by item; any mistake is one sentence naming ``where`` and the item."""
    try:
        items = tomllib.loads(source).get("item", [])
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInputError(f"{where} is not valid TOML ({exc}): fix it or remove service.safety_plan.") from None
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise InvalidInputError(f"{where} must list its items as [[item]] tables.")
    plan = []
    for number, item in enumerate(items, start=1):
        try:
            category = PlanCategory.parse(str(item.get("category", "")), "plan category").value
        except ValueError as exc:
            raise InvalidInputError(f"Item {number} of {where}: {exc}") from None
        title = str(item.get("title", "")).strip()
        if not title:
            raise InvalidInputError(f'Item {number} of {where} has no title: add title = "…".')
        days = item.get("due_in_days")
        if days is not None and (type(days) is not int or days < 0):
            raise InvalidInputError(f"Item {number} of {where}: due_in_days must be a whole number of days, 0 or more.")
        plan.append((category, title, days))
    return plan
