"""Recording a professional consultation, and confirming the lawful basis of a disclosure."""

from advocate_tui.rules import clock
from advocate_tui.rules.fields import CONSULTATION_FIELDS
from advocate_tui.rules.vocab import LawfulBasis, SharingCondition
from advocate_tui.screens.forms.form import ChoiceField, DayField, FormScreen, LongTextField, TextField, spec_fields
from advocate_tui.services.casework import Casework
from advocate_tui.storage.models import Consultation, Disclosure

#: Said at the top of the consultation form: the other organisation's client is never named here.
NO_CLIENT_NAMES = (
    "Advice to another organisation on a case of theirs. The names of their client, or anything else that "
    "identifies them, are not needed: leave them out."
)


def consultation_form(casework: Casework) -> FormScreen[Consultation]:
    o = spec_fields(CONSULTATION_FIELDS)
    fields = [
        DayField("held_on", initial=clock.today(), required=True, **o("held_on", "Date")),
        TextField("organisation", initial="", required=True, **o("organisation")),
        TextField("professional", initial="", required=True, **o("professional", "Professional's name")),
        TextField("role", initial=None, **o("role", "Their role")),
        LongTextField("question", initial=None, required=True, **o("question", "Their question")),
        LongTextField("advice", initial=None, required=True, **o("advice", "Advice given")),
        TextField("minutes", initial="", required=True, hint="Whole minutes, 1 to 1440.", **o("minutes", "Minutes")),
        LongTextField("follow_up", initial=None, lines=2, **o("follow_up", "Follow-up")),
        DayField("follow_up_on", initial=None, prefer="future", hint="On the agenda until done.", **o("follow_up_on")),
    ]

    return FormScreen(
        "Record a consultation", fields, lambda values: casework.consultations.add(**values), intro=NO_CLIENT_NAMES
    )


def basis_form(casework: Casework, reference: str, disclosure: Disclosure) -> FormScreen[Disclosure]:
    """The Article 6 basis and the condition of a disclosure: saving confirms them (and ends the review)."""
    fields = [
        ChoiceField.of(
            "basis", "Article 6 lawful basis", vocabulary=LawfulBasis, initial=disclosure.basis, required=True
        ),
        ChoiceField.of(
            "condition",
            "Condition for special-category or offence data",
            vocabulary=SharingCondition,
            initial=disclosure.condition,
            hint="Leave blank when no such data was shared.",
        ),
    ]
    return FormScreen(
        "Lawful basis of the disclosure",
        fields,
        lambda values: casework.sharing.confirm_basis(
            reference, disclosure.id or 0, values["basis"], values.get("condition")
        ),
    )
