"""The form that closes a case: the reason, and the outcome questions asked at exit for the funder's report."""

from typing import Any

from advocate_tui.rules.fields import CASE_FIELDS
from advocate_tui.rules.outcomes import REVIEW_SKIPPED, BehaviourOutcome
from advocate_tui.rules.vocab import Behaviour, ClosureReason, RiskLevel
from advocate_tui.screens.forms.form import (
    NOT_ASKED,
    QUALITY_SCALE,
    SAFETY_SCALE,
    ChoiceField,
    FormScreen,
    LongTextField,
    spec_fields,
)
from advocate_tui.services.casework import Casework
from advocate_tui.storage.models import Case

YES_NO = [("Yes", "yes"), ("No", "no")]
QUESTIONS = ("risk_reduced", "reported_to_police", "support_needs_met")
#: The closing risk review's answers: a level, or the review not done.
RISK_REVIEW = [*((level.label, level.value) for level in RiskLevel), ("Review skipped", REVIEW_SKIPPED)]
#: The prefix of the field asking what became of one behaviour named at intake.
BEHAVIOUR_FIELD = "behaviour:"


def close_case_form(casework: Casework, case: Case) -> FormScreen[Case]:
    """Ask why the case closes and the outcome questions; any question not asked stays blank. The closing
    risk review is offered: its level, or "Review skipped" (recorded as such)."""
    o = spec_fields(CASE_FIELDS)
    fields = [
        ChoiceField.of("reason", "Why the case closes", ClosureReason, required=True),
        LongTextField("outcome", initial=case.outcome, lines=2, **o("outcome")),
        ChoiceField(
            "risk_at_closure",
            choices=RISK_REVIEW,
            initial=REVIEW_SKIPPED,
            required=True,
            hint=f"Review the risk with the client before closing (now {case.risk_level}); the report compares it "
            "with the level at intake.",
            **o("risk_at_closure", "Closing risk review: the risk now"),
        ),
        ChoiceField(
            "feels_safe_at_closure",
            choices=SAFETY_SCALE,
            blank=NOT_ASKED,
            hint="Asked at intake too: the report compares them.",
            **o("feels_safe_at_closure", "How safe do you feel now?"),
        ),
        ChoiceField(
            "quality_of_life_at_closure",
            choices=QUALITY_SCALE,
            blank=NOT_ASKED,
            hint="Asked at intake too: the report compares them.",
            **o("quality_of_life_at_closure", "How is your quality of life now?"),
        ),
        *(
            ChoiceField.of(
                BEHAVIOUR_FIELD + seen.behaviour,
                f"What became of {Behaviour(seen.behaviour).words}?",
                BehaviourOutcome,
                blank=NOT_ASKED,
            )
            for seen in case.behaviours
        ),
        *(ChoiceField(name, choices=YES_NO, blank=NOT_ASKED, **o(name)) for name in QUESTIONS),
    ]

    def save(values: dict[str, Any]) -> Case:
        outcomes = {
            name.removeprefix(BEHAVIOUR_FIELD): value
            for name, value in values.items()
            if name.startswith(BEHAVIOUR_FIELD) and value
        }
        return casework.cases.close_case(
            case.reference,
            values["reason"],
            values.get("outcome"),
            feels_safe=values.get("feels_safe_at_closure"),
            quality_of_life=values.get("quality_of_life_at_closure"),
            risk_at_exit=values["risk_at_closure"],
            behaviour_outcomes=outcomes,
            **{name: values.get(name) for name in QUESTIONS},
        )

    return FormScreen(
        f"Close {case.reference}",
        fields,
        save,
        intro="Ask the client these questions if you can; leave any that were not asked blank.",
    )
