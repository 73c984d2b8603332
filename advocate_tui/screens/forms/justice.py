"""Forms of the Justice tab: a crime reference and its journey, a police update, a police or CPS decision,
and the judgement on enhanced rights under the Victims' Code."""

from collections.abc import Sequence
from typing import Any

from advocate_tui.rules import clock
from advocate_tui.rules.fields import CRIME_FIELDS, DECISION_FIELDS, POLICE_UPDATE_FIELDS, STANDING_FIELDS
from advocate_tui.rules.saved import saved_id
from advocate_tui.rules.vocab import (
    CourtOutcome,
    CpsDecision,
    DecisionKind,
    InvestigationStatus,
    Offence,
    OrderKind,
    ReportedHow,
    ReviewBody,
)
from advocate_tui.screens.forms.form import (
    ChoiceField,
    DayField,
    FlagField,
    FormField,
    FormScreen,
    LongTextField,
    TextField,
    spec_fields,
)
from advocate_tui.services.casework import Casework
from advocate_tui.storage.models import CrimeReport, ProtectiveOrder, ReviewDecision, VictimsCodeStanding


def crime_form(
    casework: Casework, reference: str, report: CrimeReport | None = None, orders: Sequence[ProtectiveOrder] = ()
) -> FormScreen[Any]:
    """A new crime reference (where it was reported and how far it has got), or a journey moved on."""
    o = spec_fields(CRIME_FIELDS)
    r = report or CrimeReport(case_id=0, crime_number="")
    fields: list[FormField] = [
        TextField("crime_number", initial=r.crime_number, required=True, **o("crime_number")),
        DayField("reported_on", initial=r.reported_on, **o("reported_on")),
        ChoiceField.of("reported_how", vocabulary=ReportedHow, initial=r.reported_how, **o("reported_how")),
        TextField("oic_name", initial=r.oic_name, **o("oic_name")),
        TextField("oic_contact", initial=r.oic_contact, **o("oic_contact")),
        ChoiceField.of("status", vocabulary=InvestigationStatus, initial=r.status, required=True, **o("status")),
        LongTextField(
            "status_reason",
            initial=r.status_reason,
            hint="For no further action, the reason the police gave; for bail, the conditions.",
            **o("status_reason"),
        ),
        ChoiceField.of("offence", vocabulary=Offence, initial=r.offence, **o("offence")),
        DayField("charged_on", initial=r.charged_on, **o("charged_on")),
    ]
    if report is None:
        return FormScreen(
            "Add a crime reference",
            fields,
            lambda values: casework.justice.add_report(reference, **values),
        )
    restraining = [order for order in orders if order.kind in {OrderKind.RO_CONVICTION, OrderKind.RO_ACQUITTAL}]
    fields += [
        ChoiceField.of("cps_decision", vocabulary=CpsDecision, initial=r.cps_decision, **o("cps_decision")),
        DayField("cps_decided_on", initial=r.cps_decided_on, **o("cps_decided_on")),
        ChoiceField.of("court_outcome", vocabulary=CourtOutcome, initial=r.court_outcome, **o("court_outcome")),
        DayField("outcome_on", initial=r.outcome_on, **o("outcome_on")),
        LongTextField("sentence", initial=r.sentence, **o("sentence")),
        ChoiceField(
            "restraining_order_id",
            choices=[(f"{OrderKind(order.kind).label}, {order.status}", str(saved_id(order))) for order in restraining],
            initial=str(r.restraining_order_id) if r.restraining_order_id else None,
            hint="" if restraining else "Record the restraining order among the case's orders to link it here.",
            **o("restraining_order_id"),
        ),
    ]
    return FormScreen(
        f"Crime reference {r.crime_number}",
        fields,
        lambda values: casework.justice.update_report(saved_id(r), r.version, **values),
        only_changes=True,
    )


def police_update_form(casework: Casework, reference: str, crime_number: str) -> FormScreen[Any]:
    o = spec_fields(POLICE_UPDATE_FIELDS)
    fields = [
        DayField("given_on", initial=clock.today(), required=True, **o("given_on")),
        TextField("given_by", required=True, placeholder="e.g. DC Notreal (officer in the case)", **o("given_by")),
        LongTextField("said", required=True, **o("said")),
        LongTextField("client_told", hint="What was passed on, when and how.", **o("client_told")),
    ]
    return FormScreen(
        f"Police update on {crime_number}",
        fields,
        lambda values: casework.justice.add_update(reference, crime_number, **values),
    )


def decision_form(
    casework: Casework, reference: str, crime_number: str, decision: ReviewDecision | None = None
) -> FormScreen[Any]:
    """A police or CPS decision on a crime reference; for one recorded, also the day a review was asked for."""
    o = spec_fields(DECISION_FIELDS)
    d = decision
    fields: list[FormField] = [
        ChoiceField.of("body", vocabulary=ReviewBody, initial=d.body if d else None, required=True, **o("body")),
        ChoiceField.of("kind", vocabulary=DecisionKind, initial=d.kind if d else None, required=True, **o("kind")),
        DayField("decided_on", initial=d.decided_on if d else None, required=True, **o("decided_on")),
        FlagField(
            "interviewed_under_caution",
            initial=d.interviewed_under_caution if d else False,
            **o("interviewed_under_caution"),
        ),
    ]
    if d is None:
        return FormScreen(
            f"Decision on {crime_number}",
            fields,
            lambda values: casework.victims.add_decision(reference, crime_number, **values),
            intro="Whether the client can ask for a review, and by when, is worked out from what is recorded here.",
        )
    fields.append(DayField("review_requested_on", initial=d.review_requested_on, **o("review_requested_on")))
    return FormScreen(
        f"Decision on {crime_number}",
        fields,
        lambda values: casework.victims.update_decision(saved_id(d), d.version, **values),
        only_changes=True,
        start_at="review_requested_on",
    )


def standing_form(casework: Casework, reference: str, standing: VictimsCodeStanding | None) -> FormScreen[Any]:
    """The judgement whether the client is eligible for enhanced rights (e.g. persistently targeted)."""
    o = spec_fields(STANDING_FIELDS)
    s = standing
    fields = [
        FlagField("enhanced", initial=s.enhanced if s else False, **o("enhanced")),
        LongTextField("reason", initial=s.reason if s else None, required=True, **o("reason")),
        TextField("decided_by", initial=s.decided_by if s else None, required=True, **o("decided_by")),
        DayField("decided_on", initial=s.decided_on if s else clock.today(), required=True, **o("decided_on")),
    ]
    return FormScreen(
        "Enhanced rights under the Victims' Code",
        fields,
        lambda values: casework.victims.judge(reference, **values),
        intro="A judgement, not automatic: record why and who made it.",
    )
