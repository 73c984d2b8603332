"""Adding and editing a court date, and a protective order."""

from datetime import datetime

from advocate_tui.rules.fields import HEARING_FIELDS, ORDER_FIELDS
from advocate_tui.rules.saved import saved_id
from advocate_tui.rules.vocab import HearingKind, HearingResult, OrderKind, OrderStatus
from advocate_tui.screens.forms.form import (
    ChoiceField,
    DayField,
    FormScreen,
    LongTextField,
    MomentField,
    TextField,
    spec_fields,
)
from advocate_tui.screens.widgets.display import moment_long
from advocate_tui.services.casework import Casework
from advocate_tui.storage.models import CourtEvent, ProtectiveOrder


def _court_time(text: str) -> tuple[datetime, bool]:
    """A hearing's date and time, checked by the service's own rule (within plausible years)."""
    from advocate_tui.rules.dates import parse_when

    moment, has_time = parse_when(text, prefer="future", what="hearing date")
    spec = HEARING_FIELDS["starts_at"]
    return spec.clean(moment, spec.label), has_time


def hearing_form(casework: Casework, reference: str, hearing: CourtEvent | None = None) -> FormScreen[CourtEvent]:
    o = spec_fields(HEARING_FIELDS)
    h = hearing
    fields = [
        MomentField(
            "starts_at",
            label="Date and time",
            parse=_court_time,
            required=True,
            initial=moment_long(h.starts_at) if h else "",
        ),
        ChoiceField.of("kind", vocabulary=HearingKind, initial=h.kind if h else None, required=True, **o("kind")),
        TextField("court", initial=h.court if h else "", required=True, **o("court")),
        TextField("court_case_number", initial=h.court_case_number if h else None, **o("court_case_number")),
    ]
    if h is None:
        return FormScreen("Add a court date", fields, lambda values: casework.court.add_hearing(reference, **values))
    fields += [
        ChoiceField.of("result", vocabulary=HearingResult, initial=h.result, **o("result", "Result")),
        LongTextField("outcome", initial=h.outcome, **o("outcome")),
        LongTextField("notes", initial=h.notes, **o("notes")),
    ]
    return FormScreen(
        "Court date",
        fields,
        lambda values: casework.court.update_hearing(saved_id(h), h.version, **values),
        only_changes=True,
    )


def order_form(casework: Casework, reference: str, order: ProtectiveOrder | None = None) -> FormScreen[ProtectiveOrder]:
    o = spec_fields(ORDER_FIELDS)
    r = order or ProtectiveOrder(case_id=0, kind=OrderKind.SPO.value, status=OrderStatus.CONSIDERED.value)
    fields = [
        ChoiceField.of("kind", vocabulary=OrderKind, initial=r.kind, required=True, **o("kind")),
        ChoiceField.of("status", vocabulary=OrderStatus, initial=r.status, required=True, **o("status")),
        DayField("applied_on", initial=r.applied_on, **o("applied_on")),
        DayField("granted_on", initial=r.granted_on, **o("granted_on")),
        DayField("expires_on", initial=r.expires_on, prefer="future", **o("expires_on")),
        TextField("court", initial=r.court, **o("court")),
        LongTextField(
            "conditions", initial=r.conditions, hint="Prohibitions, exclusion zones, requirements.", **o("conditions")
        ),
    ]
    if order is None:
        return FormScreen(
            "Add a protective order", fields, lambda values: casework.court.add_order(reference, **values)
        )
    return FormScreen(
        "Protective order",
        fields,
        lambda values: casework.court.update_order(saved_id(r), r.version, **values),
        only_changes=True,
    )
