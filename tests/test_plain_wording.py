"""Counts and days said in plain words wherever the application shows them."""

from datetime import UTC, date, datetime

import pytest
from rich.style import Style

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
