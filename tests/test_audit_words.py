"""The audit trail in the application's words: one mapping of tables and fields, alike entries of a visit once."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from advocate_tui.rules.audit_words import NOUNS, VISIT, described, field_words, run_words, visits
from advocate_tui.storage.models import SQLModel


@pytest.mark.parametrize(
    ("action", "entity", "fields", "count", "said"),
    [
        ("view", "case_file", (), 1, "Viewed the case"),
        ("view", "case_file", (), 2, "Viewed the case twice"),
        ("view", "case_file", (), 4, "Viewed the case 4 times"),
        ("update", "case_file", ("marac_judgement_reason",), 1, "Changed the referral judgement reason"),
        ("update", "client", ("address", "phone"), 1, "Changed the address and safe phone number"),
        ("update", "plan_item", ("status",), 3, "Changed the plan item status of safety plan items"),
        ("update", "note", ("kind",), 1, "Changed the kind of a note"),
        ("create", "risk_answer", ("answer", "assessment_id", "item"), 1, "Answered an item of the risk checklist"),
        ("create", "risk_answer", (), 12, "Answered 12 items of the risk checklist"),
        ("create", "incident", (), 1, "Logged an incident"),
        ("create", "case_behaviour", (), 2, "Added 2 behaviours named at intake"),
        ("delete", "perpetrator", (), 1, "Removed a perpetrator"),
        ("generate", "document", (), 1, "Made a letter"),
        ("erase", "case_file", (), 1, "Erased the client's data from the case"),
        ("create", "mystery_table", (), 2, "Added 2 mystery table records"),
    ],
)
def test_an_entry_says_what_happened(action: str, entity: str, fields: tuple[str, ...], count: int, said: str) -> None:
    assert described(action, entity, fields, count=count) == said


def test_every_table_has_words_of_its_own() -> None:
    """A table without them would read 'Added 2 case behaviour records' in the trail."""
    assert set(SQLModel.metadata.tables) - set(NOUNS) == set()


def test_an_export_says_what_was_exported() -> None:
    said = described("export", "case_file", detail="subject access export: 40 records, 3 files")
    assert said == "Exported the case (subject access export: 40 records, 3 files)"


def test_fields_take_the_labels_of_the_forms_else_their_words() -> None:
    assert field_words("case_file", "oic_name") == "officer in the case"  # the case form's label
    assert field_words("perpetrator", "date_of_birth") == "perpetrator's date of birth"
    assert field_words("review_decision", "cps_review_id") == "CPS review number"


@dataclass(frozen=True)
class Entry:
    actor: str
    action: str
    entity: str
    created_at: datetime
    case_reference: str | None = "STK-2026-0001"
    fields: str | None = None
    detail: str | None = None


START = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def test_views_of_one_visit_are_one_line_with_how_many() -> None:
    entries = [
        Entry("Sam", "view", "case_file", START),
        Entry("Sam", "view", "case_file", START + timedelta(minutes=5)),
        Entry("Sam", "view", "case_file", START + timedelta(minutes=5) + VISIT),  # still the same visit
        Entry("Sam", "view", "case_file", START + timedelta(minutes=6) + 2 * VISIT),  # a new visit
        Entry("Alex", "view", "case_file", START + timedelta(minutes=7) + 2 * VISIT),  # someone else
        Entry("Alex", "view", "case_file", START + timedelta(minutes=8) + 2 * VISIT, case_reference="STK-2026-0002"),
    ]
    assert [run_words(run) for run in visits(entries)] == [
        "Viewed the case 3 times",
        "Viewed the case",
        "Viewed the case",
        "Viewed the case",
    ]


def test_changes_to_different_fields_stay_apart_and_new_records_group_whatever_was_filled_in() -> None:
    entries = [
        Entry("Sam", "update", "case_file", START, fields="area"),
        Entry("Sam", "update", "case_file", START, fields="outcome"),
        Entry("Sam", "update", "case_file", START, fields="outcome"),
        Entry("Sam", "create", "risk_answer", START, fields="answer, assessment_id, item"),
        Entry("Sam", "create", "risk_answer", START, fields="answer, assessment_id, comment, item"),
    ]
    assert [run_words(run) for run in visits(entries)] == [
        "Changed the area",
        "Changed the outcome twice",
        "Answered 2 items of the risk checklist",
    ]
