"""Adding and editing a safety-plan item."""

from advocate_tui.rules.fields import PLAN_FIELDS
from advocate_tui.rules.saved import saved_id
from advocate_tui.rules.vocab import PlanCategory, PlanStatus
from advocate_tui.screens.forms.form import ChoiceField, DayField, FormScreen, LongTextField, TextField, spec_fields
from advocate_tui.services.casework import Casework
from advocate_tui.storage.models import PlanItem


def plan_item_form(
    casework: Casework, reference: str, item: PlanItem | None = None, category: str | None = None
) -> FormScreen[PlanItem]:
    """A new item (in ``category`` to start with) or, given ``item``, that item to edit."""
    o = spec_fields(PLAN_FIELDS)
    fields = [
        ChoiceField.of(
            "category",
            vocabulary=PlanCategory,
            initial=item.category if item else category,
            required=True,
            **o("category"),
        ),
        TextField(
            "title",
            initial=item.title if item else "",
            required=True,
            placeholder="e.g. Ask police about loan CCTV",
            **o("title"),
        ),
        DayField("due_on", initial=item.due_on if item else None, prefer="future", **o("due_on")),
    ]
    if item is None:
        return FormScreen(
            "Add a safety-plan item", fields, lambda values: casework.plan.add_plan_item(reference, **values)
        )
    fields[2:2] = [ChoiceField.of("status", vocabulary=PlanStatus, initial=item.status, required=True, **o("status"))]
    fields.append(LongTextField("notes", initial=item.notes, **o("notes")))
    return FormScreen(
        "Safety-plan item",
        fields,
        lambda values: casework.plan.update_plan_item(saved_id(item), item.version, **values),
        only_changes=True,
    )
