"""Logging an incident: when (typed the everyday way and echoed back), what kind, what happened, evidence,
police; and correcting one, with the reason kept beside the values it replaces."""

from typing import Any

from advocate_tui.rules.fields import incident_time
from advocate_tui.rules.saved import saved_id
from advocate_tui.rules.vocab import Behaviour, OrderKind, OrderStatus
from advocate_tui.screens.forms.form import (
    ChoiceField,
    DayField,
    FlagField,
    FormField,
    FormScreen,
    LongTextField,
    ManyField,
    MomentField,
    TextField,
)
from advocate_tui.screens.widgets.display import moment_long
from advocate_tui.services.casework import Casework
from advocate_tui.storage.models import Case, Incident

NO_BEHAVIOUR = "No behaviour is ticked: save it as Other?"


def no_behaviour_ticked(values: dict[str, Any]) -> str | None:
    """The question to ask before saving an incident that would be recorded as "Other" for want of a
    behaviour ticked (choosing an order breached records the breach instead)."""
    blank = "behaviours" in values and not values["behaviours"] and not values.get("breached_order_id")
    return NO_BEHAVIOUR if blank else None


def incident_form(casework: Casework, case: Case, incident: Incident | None = None) -> FormScreen[Incident]:
    """Log a new incident on ``case``, or correct ``incident`` (its first recording never changes)."""
    i = incident
    when = MomentField(
        "occurred_at",
        "When it happened",
        incident_time,
        required=True,
        initial=moment_long(i.occurred_at) if i else "",
        hint="Give a time if known; without one the time is marked approximate.",
    )
    breach = (
        [
            ChoiceField(
                "breached_order_id",
                "Order breached",
                [
                    (f"{OrderKind(o.kind).label} ({OrderStatus(o.status).label.lower()})", str(o.id))
                    for o in case.orders
                ],
                hint="Choosing an order also records the behaviour as an order breach.",
            )
        ]
        if case.orders and i is None
        else []
    )
    fields = [
        when,
        FlagField("approximate", "Time is approximate", initial=bool(i and i.approximate)),
        ManyField(
            "behaviours", "Behaviour", Behaviour, initial=i.kinds if i else (), hint="Space ticks; tick all that apply."
        ),
        LongTextField("description", "What happened", initial=i.description if i else None, required=True),
        FlagField(
            "serious",
            "Serious incident",
            initial=bool(i and i.serious),
            hint="Brings the next risk review forward to the day it is logged.",
        ),
        TextField("location", "Where", initial=i.location if i else None),
        *breach,
        TextField("witnesses", "Witnesses", initial=i.witnesses if i else None),
        TextField(
            "evidence_what",
            "Evidence kept",
            initial=i.evidence_what if i else None,
            placeholder="e.g. screenshots, voicemail, a parcel",
        ),
        TextField("evidence_where", "Where the evidence is", initial=i.evidence_where if i else None),
        FlagField(
            "evidence_do_not_handle",
            "Not to be handled",
            initial=bool(i and i.evidence_do_not_handle),
            hint="Gifts and packages are kept untouched for forensics.",
        ),
        TextField("police_reference", "Police reference", initial=i.police_reference if i else None),
        DayField("police_reported_on", "Reported to police on", initial=i.police_reported_on if i else None),
        TextField("police_officer", "Police officer", initial=i.police_officer if i else None),
        LongTextField("impact", "Impact on the client", initial=i.impact if i else None),
    ]
    if i is not None:
        return _correction_form(casework, i, when, fields)

    def save(values: dict[str, Any]) -> Incident:
        approximate = values.pop("approximate") or not when.has_time
        order = values.pop("breached_order_id", None)
        return casework.log.add_incident(
            case.reference,
            values.pop("description"),
            values.pop("occurred_at"),
            values.pop("behaviours"),
            approximate=approximate,
            breached_order_id=int(order) if order else None,
            **values,
        )

    return FormScreen(f"Log an incident on {case.reference}", fields, save, ask=no_behaviour_ticked)


def _correction_form(
    casework: Casework, incident: Incident, when: MomentField, fields: list[FormField]
) -> FormScreen[Incident]:
    reason = TextField("reason", "Reason for the correction", hint="Kept with the values it replaces.")

    def save(values: dict[str, Any]) -> Incident:
        why = values.pop("reason", None)
        if "occurred_at" in values and not when.has_time:
            values.setdefault("approximate", True)
        return casework.log.correct_incident(saved_id(incident), incident.version, values, why)

    return FormScreen(
        f"Correct the incident of {moment_long(incident.occurred_at, incident.approximate)}",
        [*fields, reason],
        save,
        only_changes=True,
        ask=no_behaviour_ticked,
        intro="Change what was wrong. The values replaced are kept in the incident's history, "
        "with who corrected it, when and why; when and by whom it was first recorded never change.",
    )
