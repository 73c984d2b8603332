"""Correcting a logged incident: the earlier values kept in its revision history, the original recording
untouched, the record marked corrected, the audit trail holding the change; through the service and the CLI."""

import json
from datetime import datetime

import pytest
from conftest import Advocate

from advocate_tui.rules.errors import InvalidInputError, NotFoundError, StaleRecordError
from advocate_tui.rules.saved import saved_id
from advocate_tui.services.casework import Casework
from advocate_tui.storage.models import Incident

FIRST = datetime(2026, 11, 20, 21, 30)
SECOND = datetime(2026, 11, 21, 8, 15)


@pytest.fixture
def logged(casework: Casework) -> tuple[str, Incident]:
    reference = casework.cases.create_case("Jo Example", relationship="ex-partner").reference
    first = casework.log.add_incident(reference, "Waited outside the hosue", FIRST, ["loitering"], location="Home")
    casework.log.add_incident(reference, "Ten messages", SECOND, ["messages"])
    return reference, first


def test_a_correction_keeps_the_original_in_the_history_and_the_audit_shows_it(
    casework: Casework, logged: tuple[str, Incident]
) -> None:
    reference, first = logged
    corrected = casework.log.correct_incident(
        saved_id(first),
        first.version,
        {"description": "Waited outside the house", "behaviours": "loitering, turning-up-home", "location": "Home"},
        "Typo in the description",
    )
    assert corrected.description == "Waited outside the house"
    assert sorted(corrected.kinds) == ["loitering", "turning-up-home"]
    assert (corrected.recorded_at, corrected.recorded_by) == (first.recorded_at, first.recorded_by)
    assert corrected.version == first.version + 1
    [revision] = corrected.revisions
    assert (revision.revised_by, revision.reason, revision.fields) == (
        "Test Advocate",
        "Typo in the description",
        "description,behaviours",  # the location given was already recorded: not a correction
    )
    assert json.loads(revision.earlier) == {"description": "Waited outside the hosue", "behaviours": ["loitering"]}
    trail = [(e.action, e.entity, e.fields) for e in casework.audit.entries(reference)]
    assert ("update", "incident", "description") in trail
    assert ("create", "incident_behaviour", "incident_id, kind") in trail[-3:]
    assert ("create", "incident_revision", "earlier, fields, incident_id, reason, revised_at, revised_by") in trail
    assert casework.audit.verify().breaks == ()


def test_each_correction_keeps_the_values_it_replaced(casework: Casework, logged: tuple[str, Incident]) -> None:
    reference, first = logged
    once = casework.log.correct_incident(saved_id(first), first.version, {"occurred_at": datetime(2026, 11, 20, 22)})
    twice = casework.log.correct_incident(saved_id(first), once.version, {"occurred_at": "20 Nov 2026 22:30"})
    assert [json.loads(r.earlier)["occurred_at"] for r in twice.revisions] == [
        "2026-11-20T21:30:00.000000Z",
        "2026-11-20T22:00:00.000000Z",
    ]
    shown = casework.cases.get_case(reference).incidents[0]
    assert shown.description == "Waited outside the hosue" and len(shown.revisions) == 2


@pytest.mark.parametrize(
    ("changes", "sentence"),
    [
        ({"recorded_by": "Someone else"}, "An incident has no field 'recorded_by'"),
        ({"description": " "}, "The incident description is empty: write something in it."),
        ({"behaviours": "punching"}, "'punching' is not a known behaviour kind"),
        ({"occurred_at": datetime(2026, 12, 1, 9)}, "An incident cannot be in the future"),
        ({"serious": "maybe"}, "The serious incident must be yes or no, not 'maybe'."),
        ({"location": "Home"}, "Nothing to correct: the values given are those already recorded."),
    ],
)
def test_a_bad_correction_is_refused_naming_the_field_and_writes_nothing(
    casework: Casework, logged: tuple[str, Incident], changes: dict[str, object], sentence: str
) -> None:
    reference, first = logged
    before = len(casework.audit.entries(reference))
    with pytest.raises(InvalidInputError, match="^" + sentence.replace("(", r"\(").replace(".", r"\.")[:40]):
        casework.log.correct_incident(saved_id(first), first.version, changes)
    assert len(casework.audit.entries(reference)) == before
    assert not casework.cases.get_case(reference).incidents[0].revisions


def test_a_correction_from_an_out_of_date_copy_is_refused(casework: Casework, logged: tuple[str, Incident]) -> None:
    _, first = logged
    casework.log.correct_incident(saved_id(first), first.version, {"location": "Outside home"})
    with pytest.raises(StaleRecordError, match="changed by someone else"):
        casework.log.correct_incident(saved_id(first), first.version, {"location": "Car park"})


def test_incidents_are_numbered_from_the_earliest(casework: Casework, logged: tuple[str, Incident]) -> None:
    reference, first = logged
    assert casework.log.numbered_incident(reference, 1).id == first.id
    assert casework.log.numbered_incident(reference, 2).description == "Ten messages"
    for number in (0, 3):
        with pytest.raises(NotFoundError, match=f"has no incident {number}"):
            casework.log.numbered_incident(reference, number)


def test_the_cli_corrects_an_incident_by_its_number_and_case_show_marks_it(advocate: Advocate) -> None:
    reference = advocate("case", "new", "Jo Example", "-q").stdout.strip()
    advocate("incident", reference, "Folowed home", "--when", "yesterday 21:30", "--kind", "following")
    result = advocate(
        "incident", "edit", reference, "1", "--set", "description=Followed home", "--set", "occurred_at=22 Nov",
        "--reason", "Typo, and the date was a day out",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        f"Incident 1 on {reference} corrected (occurred_at, approximate, description); "
        "the earlier values are kept in its history (1 correction).\n"
    )
    shown = json.loads(advocate("case", "show", reference, "--json").stdout)["incidents"][0]
    assert shown["description"] == "Followed home" and shown["approximate"] is True  # no time given: approximate
    assert shown["corrected"] is True
    [revision] = shown["revisions"]
    assert revision["reason"] == "Typo, and the date was a day out"
    assert revision["earlier"] == {
        "occurred_at": "2026-11-22T21:30:00.000000Z",
        "approximate": False,
        "description": "Folowed home",
    }
    assert (
        "  1. " in advocate("case", "show", reference).stdout
        and "Followed home (corrected)" in advocate("case", "show", reference).stdout
    )
    trail = advocate("audit", "show", reference).stdout
    assert "Added a correction of an incident" in trail
    assert advocate("audit", "verify").exit_code == 0


@pytest.mark.parametrize(
    ("args", "sentence"),
    [
        (
            ("9", "--set", "location=Park"),
            "Error: {ref} has no incident 9: see `advocate case show {ref}` for the numbers.\n",
        ),
        (("1", "--set", "location"), "Error: --set location is not FIELD=VALUE: e.g. --set location='Bus station'.\n"),
        (("1", "--set", "colour=red"), "Error: An incident has no field 'colour': the fields are "),
        (
            ("1", "--set", "location=Park", "--set", "location=Bus station"),
            "Error: --set names location twice: give each field once.\n",
        ),
        (("1", "--set", "occurred_at=tomorrow 9:00"), "Error: An incident cannot be in the future"),
    ],
)
def test_the_cli_refuses_a_bad_correction_in_one_sentence(
    advocate: Advocate, args: tuple[str, ...], sentence: str
) -> None:
    reference = advocate("case", "new", "Jo Example", "-q").stdout.strip()
    advocate("incident", reference, "Followed home", "--when", "yesterday 21:30")
    result = advocate("incident", "edit", reference, *args)
    assert result.exit_code == 1
    assert result.stderr.startswith(sentence.format(ref=reference))
    assert json.loads(advocate("case", "show", reference, "--json").stdout)["incidents"][0]["revisions"] == []


def test_logging_an_incident_still_takes_its_options_first_or_last(advocate: Advocate) -> None:
    reference = advocate("case", "new", "Jo Example", "-q").stdout.strip()
    assert advocate("incident", "--when", "today 08:00", reference, "Calls").exit_code == 0
    assert advocate("incident", "log", reference, "More calls", "--when", "today 09:00").exit_code == 0
    assert len(json.loads(advocate("case", "show", reference, "--json").stdout)["incidents"]) == 2
