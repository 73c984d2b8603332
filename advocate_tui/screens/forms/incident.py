"""Logging an incident: when (typed the everyday way and echoed back), what kind, what happened, evidence, police."""

from typing import Any

from advocate_tui.rules.fields import incident_time
from advocate_tui.rules.vocab import Behaviour, OrderKind, OrderStatus
from advocate_tui.screens.forms.form import (
    ChoiceField,
    DayField,
    FlagField,
    FormScreen,
    LongTextField,
    ManyField,
    MomentField,
    TextField,
)
from advocate_tui.services.casework import Casework
from advocate_tui.storage.models import Case, Incident


def incident_form(casework: Casework, case: Case) -> FormScreen[Incident]:
    when = MomentField(
        "occurred_at",
        "When it happened",
        incident_time,
        required=True,
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
        if case.orders
        else []
    )
    fields = [
        when,
        FlagField("approximate", "Time is approximate"),
        ManyField("kinds", "Behaviour", Behaviour, hint="Space ticks; tick all that apply."),
        LongTextField("description", "What happened", required=True),
        FlagField("serious", "Serious incident", hint="Brings the next risk review forward to the day it is logged."),
        TextField("location", "Where"),
        *breach,
        TextField("witnesses", "Witnesses"),
        TextField("evidence_what", "Evidence kept", placeholder="e.g. screenshots, voicemail, a parcel"),
        TextField("evidence_where", "Where the evidence is"),
        FlagField(
            "evidence_do_not_handle", "Not to be handled", hint="Gifts and packages are kept untouched for forensics."
        ),
        TextField("police_reference", "Police reference"),
        DayField("police_reported_on", "Reported to police on"),
        TextField("police_officer", "Police officer"),
        LongTextField("impact", "Impact on the client"),
    ]

    def save(values: dict[str, Any]) -> Incident:
        approximate = values.pop("approximate") or not when.has_time
        order = values.pop("breached_order_id", None)
        return casework.log.add_incident(
            case.reference,
            values.pop("description"),
            values.pop("occurred_at"),
            values.pop("kinds"),
            approximate=approximate,
            breached_order_id=int(order) if order else None,
            **values,
        )

    return FormScreen(f"Log an incident on {case.reference}", fields, save)
