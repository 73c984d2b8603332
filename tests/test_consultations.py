"""Professional consultations: advice to other organisations, tied to no case, on the agenda and in reports."""

import json
from datetime import date

import pytest
from conftest import Advocate

from advocate_tui.rules.errors import InvalidInputError
from advocate_tui.rules.vocab import AgendaKind
from advocate_tui.services.casework import Casework

ASKED = {
    "organisation": "Northshire Housing",
    "professional": "Robin Fictus",
    "question": "A tenant is followed home each night: what should we do?",
    "advice": "Offer a management transfer; refer to the advocacy service with consent.",
}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"minutes": "0"}, "The time spent must be a whole number of minutes from 1 to 1440, not '0'."),
        ({"minutes": "1441"}, "The time spent must be a whole number of minutes from 1 to 1440, not '1441'."),
        ({"minutes": "1.5"}, "The time spent must be a whole number of minutes from 1 to 1440, not '1.5'."),
        (
            {"held_on": date(2026, 11, 24)},
            "The date of the consultation (24 Nov 2026) is in the future: give a date on or before today.",
        ),
        ({"organisation": "  "}, "The organisation is empty: write something in it."),
        ({"advice": ""}, "The advice given is empty: write something in it."),
        (
            {"follow_up_on": date(2026, 12, 1)},
            "A follow-up date was given without the follow-up: say what is to be done.",
        ),
    ],
)
def test_a_consultation_is_refused_with_one_sentence_and_nothing_written(
    casework: Casework, change: dict, message: str
) -> None:
    with pytest.raises(InvalidInputError) as refused:
        casework.consultations.add(**{**ASKED, "minutes": 30, **change})
    assert str(refused.value) == message
    assert casework.consultations.in_period() == []


def test_follow_ups_are_on_the_agenda_until_done(casework: Casework) -> None:
    soon = casework.consultations.add(
        **ASKED, minutes=40, follow_up="Send the safety leaflet", follow_up_on=date(2026, 11, 30)
    )
    casework.consultations.add(**ASKED, minutes=20, follow_up="Call back", follow_up_on=date(2026, 12, 1))  # 8 days on
    casework.consultations.add(**ASKED, minutes=10)
    [entry] = [e for e in casework.agenda.agenda() if e.kind == AgendaKind.FOLLOW_UPS]
    assert (entry.when, entry.reference, entry.name, entry.what, entry.overdue) == (
        date(2026, 11, 30),
        "",
        "Robin Fictus, Northshire Housing",
        "Send the safety leaflet",
        False,
    )
    casework.consultations.followed_up(soon.id or 0)
    assert not [e for e in casework.agenda.agenda() if e.kind == AgendaKind.FOLLOW_UPS]


def test_the_report_counts_consultations_organisations_and_hours_in_the_period(casework: Casework) -> None:
    casework.consultations.add(**ASKED, minutes=90, held_on=date(2026, 10, 1))
    casework.consultations.add(**{**ASKED, "organisation": "northshire housing"}, minutes=60, held_on=date(2026, 11, 2))
    casework.consultations.add(**{**ASKED, "organisation": "Northshire GP"}, minutes=45, held_on=date(2026, 11, 20))
    casework.consultations.add(**ASKED, minutes=600, held_on=date(2026, 9, 30))  # before the period
    report = casework.reports.report(date(2026, 10, 1), date(2026, 11, 23))
    assert report.figure("consultations", "Consultations") == 3
    assert report.figure("consultations", "Organisations advised") == 2
    assert report.figure("consultations", "Hours spent (rounded)") == 3  # 195 minutes
    assert report.section("consultations").rows  # and one area's report leaves them out:
    assert "consultations" not in {
        s.key for s in casework.reports.report(date(2026, 10, 1), date(2026, 11, 23), area="City").sections
    }
    mine = casework.reports.report(date(2026, 10, 1), date(2026, 11, 23), advocate="Someone Else")
    assert mine.figure("consultations", "Consultations") == 0


def test_consult_add_and_list_from_the_shell(advocate: Advocate) -> None:
    added = advocate(
        "consult",
        "add",
        "--org",
        "Northshire Housing",
        "--professional",
        "Robin Fictus",
        "--role",
        "tenancy officer",
        "--question",
        "What to do?",
        "--advice",
        "Transfer.",
        "--minutes",
        "45",
        "--on",
        "20 Nov",
        "--follow-up",
        "Send leaflet",
        "--follow-up-on",
        "30 Nov",
    )
    assert added.exit_code == 0, added.stderr
    assert added.stdout == (
        "Consultation #1 recorded: Robin Fictus, Northshire Housing, 20 Nov 2026, 45 min.\n"
        "Follow-up due 30 Nov 2026 (on the agenda until done).\n"
    )
    refused = advocate(
        "consult", "add", "--org", "X", "--professional", "Y", "--question", "q", "--advice", "a", "--minutes", "lots"
    )
    assert refused.exit_code == 1
    assert refused.stderr == "Error: The time spent must be a whole number of minutes from 1 to 1440, not 'lots'.\n"
    listed = advocate("consult", "list", "--from", "1 Nov", "--to", "23 Nov")
    assert listed.stdout.startswith("#1  20 Nov 2026  Robin Fictus (tenancy officer), Northshire Housing  45 min\n")
    assert listed.stdout.endswith("      follow-up: Send leaflet (due 30 Nov 2026)\n1 consultation, 0.8 hours.\n")
    assert advocate("consult", "list", "--to", "19 Nov").stdout == "No consultations recorded in that period.\n"
    data = json.loads(advocate("consult", "list", "--json").stdout)
    assert data["format"] == "advocate-consultations/1" and (data["from"], data["to"]) == (None, None)
    [one] = data["consultations"]
    assert one == {
        "id": 1,
        "held_on": "2026-11-20",
        "organisation": "Northshire Housing",
        "professional": "Robin Fictus",
        "role": "tenancy officer",
        "question": "What to do?",
        "advice": "Transfer.",
        "minutes": 45,
        "follow_up": "Send leaflet",
        "follow_up_on": "2026-11-30",
        "followed_up_on": None,
        "recorded_by": "test-advocate",
    }
    assert advocate("consult", "done", "1").stdout == "Follow-up of consultation #1 done on 23 Nov 2026.\n"
    assert (
        advocate("consult", "done", "7").stderr == "Error: There is no consultation 7: check its number in the list.\n"
    )
