"""Counts and days said in plain words wherever the application shows them."""

from datetime import UTC, date, datetime

import pytest
from rich.style import Style

from advocate_tui.rules.vocab import Behaviour, PlanCategory
from advocate_tui.screens.forms.form import DAY_EXAMPLES
from advocate_tui.screens.tabs.incidents import trend
from advocate_tui.screens.theme import Tones
from advocate_tui.screens.widgets.display import days_ago
from advocate_tui.storage.models import Incident


@pytest.mark.parametrize(("days", "said"), [(0, "today"), (1, "yesterday"), (2, "2 days ago"), (19, "19 days ago")])
def test_days_ago_reads_as_english(days: int, said: str) -> None:
    assert days_ago(days) == said


def test_the_latest_incident_is_dated_in_plain_words() -> None:
    incident = Incident(
        case_id=1, occurred_at=datetime(2026, 11, 22, 21, 30, tzinfo=UTC), description="Rang", recorded_by="x"
    )
    text = trend([(date(2026, 11, 16), 1)], [incident], date(2026, 11, 23), Tones(*(Style() for _ in range(6)))).plain
    assert text.endswith("(yesterday)")


def test_the_approximate_mark_is_explained_when_the_log_has_one() -> None:
    exact = Incident(
        case_id=1, occurred_at=datetime(2026, 11, 22, 21, 30, tzinfo=UTC), description="Rang", recorded_by="x"
    )
    about = Incident(
        case_id=1,
        occurred_at=datetime(2026, 11, 20, 9, 0, tzinfo=UTC),
        approximate=True,
        description="Seen",
        recorded_by="x",
    )
    tones = Tones(*(Style() for _ in range(6)))
    legend = "~ after a time: about then (the exact time is not known)"
    assert legend not in trend([(date(2026, 11, 16), 1)], [exact], date(2026, 11, 23), tones).plain
    assert legend in trend([(date(2026, 11, 16), 2)], [about, exact], date(2026, 11, 23), tones).plain


@pytest.mark.parametrize(
    ("kind", "label"),
    [("letters-gifts", "Letters or gifts"), ("tracking-gps", "Tracking by GPS"), ("calls", "Calls")],
)
def test_behaviours_read_as_english_in_tables_and_forms(kind: str, label: str) -> None:
    assert Behaviour(kind).label == label


@pytest.mark.parametrize(
    ("category", "label"),
    [
        ("children-family", "Children and family"),
        ("work-education", "Work and education"),
        ("reporting-evidence", "Reporting and evidence"),
        ("home-security", "Home security"),
    ],
)
def test_plan_categories_read_as_english_in_the_plan_and_the_report(category: str, label: str) -> None:
    assert PlanCategory(category).label == label


def test_a_date_of_birth_field_is_not_offered_yesterday() -> None:
    assert "yesterday" not in DAY_EXAMPLES["birth"] and "yesterday" in DAY_EXAMPLES["past"]
