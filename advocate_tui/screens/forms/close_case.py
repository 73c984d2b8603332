"""The form that closes a case: the reason, and the outcome questions asked at exit for the funder's report."""

from typing import Any

from advocate_tui.rules.fields import CASE_FIELDS
from advocate_tui.rules.vocab import ClosureReason
from advocate_tui.screens.forms.form import SAFETY_SCALE, ChoiceField, FormScreen, LongTextField, spec_fields
from advocate_tui.services.casework import Casework
from advocate_tui.storage.models import Case

YES_NO = [("Yes", "yes"), ("No", "no")]
QUESTIONS = ("risk_reduced", "reported_to_police", "support_needs_met")


def close_case_form(casework: Casework, case: Case) -> FormScreen[Case]:
    """Ask why the case closes and the outcome questions; any question not asked stays blank."""
    o = spec_fields(CASE_FIELDS)
    fields = [
        ChoiceField.of("reason", "Why the case closes", ClosureReason, required=True),
        LongTextField("outcome", initial=case.outcome, lines=2, **o("outcome")),
        ChoiceField(
            "feels_safe_at_closure",
            choices=SAFETY_SCALE,
            hint="Asked at intake too: the report compares them.",
            **o("feels_safe_at_closure", "How safe do you feel now?"),
        ),
        *(ChoiceField(name, choices=YES_NO, **o(name)) for name in QUESTIONS),
    ]

    def save(values: dict[str, Any]) -> Case:
        return casework.cases.close_case(
            case.reference,
            values["reason"],
            values.get("outcome"),
            feels_safe=values.get("feels_safe_at_closure"),
            **{name: values.get(name) for name in QUESTIONS},
        )

    return FormScreen(
        f"Close {case.reference}",
        fields,
        save,
        intro="Ask the client these questions if you can; leave any that were not asked blank.",
    )
