"""The new-case form: the client, who is stalking them, and the referral."""

from typing import Any

from advocate_tui.rules import clock
from advocate_tui.rules.errors import InvalidInputError
from advocate_tui.rules.fields import CASE_FIELDS, CLIENT_FIELDS, PERPETRATOR_FIELDS
from advocate_tui.rules.outcomes import DECLINED
from advocate_tui.rules.vocab import Behaviour, ReferralSource, Relationship, RiskLevel
from advocate_tui.screens.forms.form import (
    NOT_ASKED,
    QUALITY_SCALE,
    SAFETY_SCALE,
    ChoiceField,
    DayField,
    FlagField,
    FormScreen,
    ManyField,
    TextField,
    spec_fields,
)
from advocate_tui.services.casework import Casework
from advocate_tui.storage.models import Case


def new_case_form(casework: Casework) -> FormScreen[Case]:
    client = spec_fields(CLIENT_FIELDS)
    case = spec_fields(CASE_FIELDS)
    perpetrator = spec_fields(PERPETRATOR_FIELDS)
    fields = [
        TextField("client_name", initial="", required=True, **client("name")),
        TextField(
            "preferred_name",
            initial="",
            hint="What the client likes to be called; shown across the application.",
            **client("preferred_name"),
        ),
        DayField(
            "date_of_birth",
            prefer="birth",
            hint="With the name or phone, finds an earlier case of the same client (a re-referral).",
            **client("date_of_birth"),
        ),
        TextField("phone", initial="", **client("phone")),
        ChoiceField.of(
            "relationship",
            vocabulary=Relationship,
            hint="Partner, ex-partner or family makes the case domestic.",
            **perpetrator("relationship"),
        ),
        TextField("perpetrator_name", initial="", hint="Leave blank if not known.", **perpetrator("name")),
        ChoiceField.of(
            "source",
            vocabulary=ReferralSource,
            initial=ReferralSource.POLICE.value,
            required=True,
            **case("referral_source"),
        ),
        DayField("referral_date", initial=clock.today(), required=True, **case("referral_date")),
        ChoiceField.of(
            "risk",
            vocabulary=RiskLevel,
            hint="Leave blank until a risk checklist sets it, or set it on your judgement with the reason below.",
            **case("risk_level"),
        ),
        TextField("risk_reason", initial="", hint="Why you judge the risk at that level.", **case("risk_reason")),
        ChoiceField("area", choices=[(a, a) for a in casework.areas], **case("area")),
        TextField("crime_reference", initial="", **case("crime_reference")),
        ChoiceField(
            "feels_safe",
            choices=SAFETY_SCALE,
            blank=NOT_ASKED,
            hint="Asked again at closure: the report compares them.",
            **case("feels_safe_at_intake", "How safe do you feel?"),
        ),
        ChoiceField(
            "quality_of_life",
            choices=QUALITY_SCALE,
            blank=NOT_ASKED,
            hint="Asked again at closure: the report compares them.",
            **case("quality_of_life_at_intake", "How is your quality of life?"),
        ),
        ManyField(
            "behaviours",
            "Which of these is the client facing?",
            Behaviour,
            hint="Tick with space; asked again at closure, behaviour by behaviour. Leave all blank if not asked.",
        ),
        FlagField("behaviours_declined", "Declined to say which behaviours"),
    ]

    def save(values: dict[str, Any]) -> Case:
        for unset in ("risk", "risk_reason"):  # neither given: the case starts at standard, not assessed
            if not values.get(unset):
                values.pop(unset, None)
        if values.pop("behaviours_declined"):
            if values["behaviours"]:
                raise InvalidInputError("Tick the behaviours the client named, or that they declined to say: not both.")
            values["behaviours"] = DECLINED
        return casework.cases.create_case(values.pop("client_name"), **values)

    return FormScreen(
        "New case", fields, save, intro="A reference is given on saving, with the service's starting safety plan."
    )
