"""Forms of the Referrals tab: a referral to the case's multi-agency route, its meeting date, an action the
meeting agreed, and the outcome."""

from typing import Any

from advocate_tui.screens.forms.form import DayField, FormScreen, LongTextField, TextField
from advocate_tui.services.casework import Casework
from advocate_tui.services.referrals import ReferralRow


def referral_form(casework: Casework, reference: str, route: str, consented: bool) -> FormScreen[Any]:
    """Refer the case to its route: the criteria met on the day are kept with it."""
    return FormScreen(
        f"Refer to the {route}",
        [
            DayField("on", "Date of the referral", hint="Today if left blank."),
            LongTextField(
                "without_consent",
                "Reason to refer without consent",
                hint="The client consented: leave this blank."
                if consented
                else "The client has not consented: give the lawful basis and the reason.",
                required=not consented,
            ),
        ],
        lambda values: casework.referrals.add(
            reference, on=values["on"], without_consent=values["without_consent"] or None
        ),
        intro="The criteria met on the day (and any professional judgement) are kept with the referral.",
    )


def meeting_form(casework: Casework, reference: str, row: ReferralRow) -> FormScreen[Any]:
    return FormScreen(
        f"Meeting for referral {row.number}",
        [
            DayField(
                "day",
                "Meeting date",
                initial=row.referral.meeting_on,
                prefer="future",
                hint="Blank clears it.",
            )
        ],
        lambda values: casework.referrals.set_meeting(reference, row.number, values["day"]),
    )


def action_form(casework: Casework, reference: str, row: ReferralRow) -> FormScreen[Any]:
    return FormScreen(
        f"Action agreed on referral {row.number}",
        [
            TextField("agency", "Agency", required=True),
            LongTextField("action", "Action", required=True),
            TextField("owner", "Owner"),
            DayField("due", "Due", prefer="future"),
        ],
        lambda values: casework.referrals.add_action(
            reference, row.number, values["agency"], values["action"], values["owner"] or None, values["due"]
        ),
    )


def outcome_form(casework: Casework, reference: str, row: ReferralRow) -> FormScreen[Any]:
    return FormScreen(
        f"Outcome of referral {row.number}",
        [LongTextField("outcome", "Outcome", initial=row.referral.outcome, hint="Blank clears it.")],
        lambda values: casework.referrals.set_outcome(reference, row.number, values["outcome"]),
    )
