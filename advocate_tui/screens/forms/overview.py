"""The forms behind the Overview tab: client, address, consent, referral and police, perpetrator, agency contact."""

from typing import Any

from advocate_tui.rules import clock
from advocate_tui.rules.equality import AGE_BAND, Equality, Question
from advocate_tui.rules.fields import CASE_FIELDS, CLIENT_FIELDS, CONTACT_FIELDS, PERPETRATOR_FIELDS
from advocate_tui.rules.saved import saved_id
from advocate_tui.rules.vocab import ENDED_STATUSES, AgencyKind, CaseStatus, ReferralSource, Relationship, RiskLevel
from advocate_tui.screens.forms.form import (
    NOT_ASKED,
    QUALITY_SCALE,
    SAFETY_SCALE,
    ChoiceField,
    DayField,
    FlagField,
    FormField,
    FormScreen,
    LongTextField,
    TextField,
    scale_choice,
    spec_fields,
)
from advocate_tui.services.casework import Casework
from advocate_tui.storage.models import AgencyContact, Case, Client, Perpetrator

CONSENTS = ("consent_store", "consent_share_police", "consent_refer")
_CONFIDENTIAL = "Left out of letters to others unless you give a reason to include it."


def client_form(casework: Casework, client: Client, start_at: str | None = None) -> FormScreen[Client]:
    o = spec_fields(CLIENT_FIELDS)
    c = client
    fields = [
        TextField("name", initial=c.name, required=True, **o("name")),
        TextField(
            "preferred_name",
            initial=c.preferred_name,
            hint="Used across the application when given.",
            **o("preferred_name"),
        ),
        TextField("pronouns", initial=c.pronouns, **o("pronouns")),
        TextField("gender", initial=c.gender, **o("gender")),
        DayField("date_of_birth", initial=c.date_of_birth, prefer="birth", **o("date_of_birth")),
        TextField("language", initial=c.language, hint="The client's first language.", **o("language")),
        FlagField("interpreter_needed", initial=c.interpreter_needed, **o("interpreter_needed")),
        *equality_fields(casework.equality, c),
        TextField("phone", initial=c.phone, **o("phone")),
        FlagField("phone_confidential", initial=c.phone_confidential, hint=_CONFIDENTIAL, **o("phone_confidential")),
        TextField("safe_call_times", initial=c.safe_call_times, **o("safe_call_times")),
        FlagField("voicemail_safe", initial=c.voicemail_safe, **o("voicemail_safe")),
        TextField("email", initial=c.email, **o("email")),
        FlagField("email_confidential", initial=c.email_confidential, hint=_CONFIDENTIAL, **o("email_confidential")),
        LongTextField("dependants_note", initial=c.dependants_note, **o("dependants_note")),
    ]
    return FormScreen(
        "Client",
        fields,
        lambda values: casework.parties.update_client(saved_id(c), c.version, **values),
        only_changes=True,
        start_at=start_at,
    )


def equality_fields(equality: Equality, client: Client) -> list[FormField]:
    """The equality monitoring questions, each left blank when not asked; the age band is asked only when the
    date of birth is not known (the report works it out from the date of birth otherwise)."""
    o = spec_fields(CLIENT_FIELDS)

    def choices(question: Question) -> list[tuple[str, str]]:
        """The categories, and an answer stored from a category the service's file no longer has."""
        stored = getattr(client, question.field)
        known = [(label, key) for key, label in question.choices]
        return known + [(stored, stored)] if stored and stored not in dict(question.choices) else known

    return [
        ChoiceField(
            question.field,
            choices=choices(question),
            initial=getattr(client, question.field),
            blank=NOT_ASKED,
            hint="Only if the date of birth is not known." if question is AGE_BAND else "",
            **o(question.field, question.title),
        )
        for question in (AGE_BAND, *equality.questions)
    ]


def address_form(casework: Casework, client: Client) -> FormScreen[Client]:
    o = spec_fields(CLIENT_FIELDS)
    fields = [
        LongTextField("address", initial=client.address, **o("address")),
        FlagField(
            "address_confidential",
            initial=client.address_confidential,
            hint="Confidential addresses are hidden on screen and left out of letters to others.",
            **o("address_confidential"),
        ),
    ]
    return FormScreen(
        "Client's address",
        fields,
        lambda values: casework.parties.update_client(saved_id(client), client.version, **values),
        only_changes=True,
        intro="Check nobody else can see your screen.",
    )


def consent_form(casework: Casework, client: Client, start_at: str | None = None) -> FormScreen[Client]:
    o = spec_fields(CLIENT_FIELDS)
    fields: list[FormField] = []
    for consent in CONSENTS:
        fields.append(FlagField(consent, initial=getattr(client, consent), **o(consent)))
        fields.append(
            DayField(
                f"{consent}_on",
                initial=getattr(client, f"{consent}_on"),
                hint="Left blank, today's date is used when consent is given.",
                **o(f"{consent}_on"),
            )
        )

    def save(values: dict[str, Any]) -> Client:
        for consent in CONSENTS:
            if values.get(consent) and not values.get(f"{consent}_on", getattr(client, f"{consent}_on")):
                values[f"{consent}_on"] = clock.today()
        return casework.parties.update_client(saved_id(client), client.version, **values)

    return FormScreen("Consent", fields, save, only_changes=True, start_at=start_at)


def case_form(casework: Casework, case: Case, start_at: str | None = None) -> FormScreen[Case]:
    o = spec_fields(CASE_FIELDS)
    status = (
        []
        if case.status in ENDED_STATUSES
        else [
            ChoiceField.of(
                "status",
                vocabulary=CaseStatus,
                initial=case.status,
                leave_out=ENDED_STATUSES,
                required=True,
                **o("status"),
            )
        ]
    )
    fields = [
        *status,
        ChoiceField.of("risk_level", vocabulary=RiskLevel, initial=case.risk_level, required=True, **o("risk_level")),
        TextField(
            "risk_reason",
            initial=case.risk_reason,
            hint="Changing the level here is your professional judgement: say why (a checklist sets it itself).",
            **o("risk_reason"),
        ),
        DayField("referral_date", initial=case.referral_date, required=True, **o("referral_date")),
        ChoiceField.of(
            "referral_source",
            vocabulary=ReferralSource,
            initial=case.referral_source,
            required=True,
            **o("referral_source"),
        ),
        DayField("first_contact_date", initial=case.first_contact_date, **o("first_contact_date")),
        ChoiceField(
            "feels_safe_at_intake",
            choices=SAFETY_SCALE,
            initial=scale_choice(case.feels_safe_at_intake),
            **o("feels_safe_at_intake", "Felt safe at intake"),
        ),
        ChoiceField(
            "quality_of_life_at_intake",
            choices=QUALITY_SCALE,
            initial=scale_choice(case.quality_of_life_at_intake),
            **o("quality_of_life_at_intake", "Quality of life at intake"),
        ),
        ChoiceField("area", choices=[(a, a) for a in casework.areas], initial=case.area, **o("area")),
        TextField("advocate", initial=case.advocate, **o("advocate")),
        TextField("crime_reference", initial=case.crime_reference, **o("crime_reference")),
        TextField("oic_name", initial=case.oic_name, **o("oic_name")),
        TextField("oic_contact", initial=case.oic_contact, **o("oic_contact")),
    ]
    return FormScreen(
        "Referral and police",
        fields,
        lambda values: casework.cases.update_case(saved_id(case), case.version, **values),
        only_changes=True,
        start_at=start_at,
    )


def perpetrator_form(
    casework: Casework, reference: str, perpetrator: Perpetrator | None = None, start_at: str | None = None
) -> FormScreen[Perpetrator]:
    o = spec_fields(PERPETRATOR_FIELDS)
    p = perpetrator or Perpetrator(case_id=0, relationship=Relationship.UNKNOWN.value)
    fields = [
        TextField("name", initial=p.name, hint="Leave blank if not known.", **o("name")),
        ChoiceField.of(
            "relationship", vocabulary=Relationship, initial=p.relationship, required=True, **o("relationship")
        ),
        TextField("aliases", initial=p.aliases, **o("aliases")),
        DayField("date_of_birth", initial=p.date_of_birth, prefer="birth", **o("date_of_birth")),
        LongTextField("description", initial=p.description, hint="Appearance, usual clothing.", **o("description")),
        TextField("vehicles", initial=p.vehicles, hint="Make, colour, registration.", **o("vehicles")),
        TextField("address", initial=p.address, **o("address")),
    ]
    if perpetrator is None:
        return FormScreen(
            "Add a perpetrator", fields, lambda values: casework.parties.add_perpetrator(reference, **values)
        )
    return FormScreen(
        "Perpetrator",
        fields,
        lambda values: casework.parties.update_perpetrator(saved_id(p), p.version, **values),
        only_changes=True,
        start_at=start_at,
    )


def contact_form(casework: Casework, reference: str, contact: AgencyContact | None = None) -> FormScreen[AgencyContact]:
    o = spec_fields(CONTACT_FIELDS)
    c = contact or AgencyContact(case_id=0, kind=AgencyKind.POLICE.value, organisation="")
    fields = [
        ChoiceField.of("kind", vocabulary=AgencyKind, initial=c.kind, required=True, **o("kind")),
        TextField("organisation", initial=c.organisation, required=True, **o("organisation")),
        TextField("person", initial=c.person, **o("person")),
        TextField("phone", initial=c.phone, **o("phone")),
        TextField("email", initial=c.email, **o("email")),
        LongTextField("notes", initial=c.notes, **o("notes")),
    ]
    if contact is None:
        return FormScreen(
            "Add an agency contact", fields, lambda values: casework.parties.add_contact(reference, **values)
        )
    return FormScreen(
        "Agency contact",
        fields,
        lambda values: casework.parties.update_contact(saved_id(c), c.version, **values),
        only_changes=True,
    )
