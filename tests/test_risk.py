"""Risk checklists: definitions, scores and bands, the case's risk level, MARAC criteria, reviews and offers.

Everything runs on constructed cases, on SQLite and (when configured) PostgreSQL.
"""

import re
from datetime import date, datetime
from pathlib import Path

import pytest

from advocate_tui.rules import clock
from advocate_tui.rules.errors import ConfigError, InvalidInputError
from advocate_tui.rules.risk import GivenAnswer, RiskThresholds, band, months_before
from advocate_tui.rules.vocab import RiskLevel
from advocate_tui.services.casework import Casework
from advocate_tui.storage.checklists import load_checklists
from advocate_tui.storage.config import load_settings, user_checklists_dir

DEFAULTS = RiskThresholds()


def with_thresholds(casework: Casework, thresholds: RiskThresholds) -> Casework:
    """The same advocate and database under other configured thresholds."""
    return Casework(casework.db, user=casework.user, areas=casework.areas, thresholds=thresholds)


def answers(yes: int, items: int = 24, keys: list[str] | None = None) -> dict[str, str]:
    """The first ``yes`` items answered y, the rest n."""
    keys = keys or [item.key for item in load_checklists(None, DEFAULTS)["risk"].items]
    return {key: "y" if number < yes else "n" for number, key in enumerate(keys[:items])}


def new_case(casework: Casework, **extra: object) -> str:
    return casework.cases.create_case("Jo Example", relationship="ex-partner", area="City", **extra).reference


def criterion(casework: Casework, reference: str, key: str) -> tuple[bool, str]:
    found = next(c for c in casework.risk.risk_overview(reference).criteria if c.key == key)
    return found.met, found.detail


# -- definitions ----------------------------------------------------------------------------


def test_the_built_in_checklists_have_24_and_11_items_in_plain_words() -> None:
    checklists = load_checklists(None, DEFAULTS)
    assert list(checklists) == ["risk", "stalking"]
    assert len(checklists["risk"].items) == 24 and checklists["risk"].banded
    assert len(checklists["stalking"].items) == 11 and not checklists["stalking"].banded
    assert checklists["risk"].items[7].label == "Constant contact, following or harassment"


@pytest.mark.parametrize(
    ("yes", "level"), [(0, "standard"), (9, "standard"), (10, "medium"), (13, "medium"), (14, "high"), (24, "high")]
)
def test_bands_change_exactly_at_the_thresholds(yes: int, level: str) -> None:
    assert band(yes, DEFAULTS) == RiskLevel(level)


def test_thresholds_come_from_the_config_file(isolated_home: Path) -> None:
    config = isolated_home / "config" / "advocate-tui" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("[risk]\nmedium_from = 8\nhigh_from = 12\nreview_weeks = 6\n[reports]\nsuppress_below = 10\n")
    thresholds = load_settings().thresholds
    assert (thresholds.medium_from, thresholds.high_from, thresholds.review_weeks, thresholds.suppress_below) == (
        8,
        12,
        6,
        10,
    )
    assert band(11, thresholds) is RiskLevel.MEDIUM and band(12, thresholds) is RiskLevel.HIGH


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("[risk]\nhigh_from = 0\n", "risk.high_from must be a whole number of at least 1, not 0"),
        ("[risk]\nmedium_from = 14\n", "risk.medium_from (14) must be below risk.high_from (14)"),
        ("[risk]\nhigh_fro = 12\n", "risk.high_fro is not a setting of [risk]"),
        ("[risk]\nsuppress_below = 3\n", "risk.suppress_below is not a setting of [risk]"),
        ('[reports]\nsuppress_below = "five"\n', "reports.suppress_below must be a whole number"),
    ],
)
def test_a_bad_threshold_is_one_sentence(isolated_home: Path, text: str, says: str) -> None:
    config = isolated_home / "config" / "advocate-tui" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(text)
    with pytest.raises(ConfigError, match=re.escape(says)):
        load_settings()


OWN_CHECKLIST = """
id = "risk"
title = "Our licensed checklist"
short = "Licensed checklist"
banded = true
[[item]]
key = "q1"
label = "Licensed wording of question one?"
[[item]]
key = "q2"
label = "Licensed wording of question two?"
[[item]]
key = "q3"
label = "Licensed wording of question three?"
"""


def test_a_services_own_file_replaces_the_built_in_checklist(casework: Casework) -> None:
    folder = user_checklists_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "licensed.toml").write_text(OWN_CHECKLIST)
    casework = with_thresholds(casework, RiskThresholds(medium_from=2, high_from=3))
    reference = new_case(casework)
    saved = casework.risk.record_assessment(reference, "risk", {"q1": "y", "q2": "y", "q3": "n"})
    assert (saved.score, saved.band) == (2, "medium")
    overview = casework.risk.risk_overview(reference)
    assert overview.checklist("risk").title == "Our licensed checklist"
    assert [a.item for a in overview.latest("risk").answers] == ["q1", "q2", "q3"]
    (folder / "local.toml").write_text(
        'id = "local"\ntitle = "Our extra questions"\n[[item]]\nkey = "a"\nlabel = "A?"\n'
    )
    casework = with_thresholds(casework, RiskThresholds(medium_from=2, high_from=3))  # reads the folder again
    assert list(casework.risk.checklists()) == ["risk", "stalking", "local"]  # the other built-in stays; ours is added


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ('id = "risk"\ntitle = "T"\n', r"must list its items as \[\[item\]\] tables"),
        ('title = "T"\n[[item]]\nkey = "a"\nlabel = "A"\n', "needs an id"),
        (
            'id = "risk"\ntitle = "T"\n[[item]]\nkey = "a"\nlabel = "A"\n[[item]]\nkey = "a"\nlabel = "B"\n',
            "repeats the key 'a'",
        ),
        ('id = "risk"\ntitle = "T"\n[[item]]\nkey = "a"\n', r"Item 1 \(a\) of .* needs a label"),
        (
            'id = "risk"\ntitle = "T"\nbanded = true\n[[item]]\nkey = "a"\nlabel = "A"\n',
            "high_from is 14 but the checklist .* has only 1 items",
        ),
        ("id = [", "is not valid TOML"),
    ],
)
def test_a_bad_checklist_file_is_one_sentence_naming_it(text: str, says: str) -> None:
    folder = user_checklists_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "ours.toml").write_text(text)
    with pytest.raises(InvalidInputError, match=says):
        load_checklists(folder, DEFAULTS)


# -- assessments and the case's risk level ------------------------------------------------------


def test_the_latest_assessment_sets_the_risk_level_and_the_first_the_intake(casework: Casework) -> None:
    reference = new_case(casework, risk="medium", risk_reason="Follows her to work")
    casework.risk.record_assessment(reference, "risk", answers(9), assessed_on=date(2026, 9, 1))
    first = casework.cases.get_case(reference)
    assert (first.risk_level, first.risk_at_intake) == ("standard", "standard")
    casework.risk.record_assessment(reference, "risk", answers(14), assessed_on=date(2026, 11, 20))
    latest = casework.cases.get_case(reference)
    assert (latest.risk_level, latest.risk_at_intake) == ("high", "standard")
    assert latest.version == first.version + 1
    # An older assessment entered later leaves the latest level alone, and is now the intake.
    casework.risk.record_assessment(reference, "risk", answers(11), assessed_on=date(2026, 8, 1))
    again = casework.cases.get_case(reference)
    assert (again.risk_level, again.risk_at_intake) == ("high", "medium")
    history = casework.risk.risk_overview(reference).history("risk")
    assert [(a.assessed_on, a.score, a.band) for a in history] == [
        (date(2026, 8, 1), 11, "medium"),
        (date(2026, 9, 1), 9, "standard"),
        (date(2026, 11, 20), 14, "high"),
    ]


def test_the_supplement_keeps_its_score_without_changing_the_risk_level(casework: Casework) -> None:
    reference = new_case(casework)
    keys = [item.key for item in casework.risk.checklist("stalking").items]
    saved = casework.risk.record_assessment(reference, "stalking", {k: "y" for k in keys})
    assert (saved.score, saved.band) == (11, None)
    assert casework.cases.get_case(reference).risk_level == "standard"


def test_answers_keep_their_source_and_comment(casework: Casework) -> None:
    reference = new_case(casework)
    given = {
        **answers(0),
        "injury": GivenAnswer("y", "police", "Bruised arm seen by officer"),
        "weapons": GivenAnswer("d"),
    }
    saved = casework.risk.record_assessment(reference, "risk", given)
    kept = {
        a.item: (a.answer, a.source, a.comment) for a in casework.risk.risk_overview(reference).latest("risk").answers
    }
    assert saved.assessor == "Test Advocate"
    assert kept["injury"] == ("yes", "police", "Bruised arm seen by officer")
    assert kept["weapons"] == ("dont-know", None, None)
    assert kept["isolated"] == ("no", None, None)


@pytest.mark.parametrize(
    ("given", "says"),
    [
        (
            {k: v for k, v in answers(3).items() if k != "weapons"},
            r"Item 13 \(A weapon or object used to hurt or frighten\) has no answer",
        ),
        ({**answers(3), "weapons": "maybe"}, r"'maybe' is not an answer to item 13"),
        ({**answers(3), "unicorns": "y"}, "has no item 'unicorns'"),
    ],
)
def test_an_incomplete_or_unreadable_checklist_writes_nothing(casework: Casework, given: dict, says: str) -> None:
    reference = new_case(casework)
    with pytest.raises(InvalidInputError, match=says):
        casework.risk.record_assessment(reference, "risk", given)
    assert casework.risk.risk_overview(reference).assessments == ()
    with pytest.raises(InvalidInputError, match="There is no risk checklist 'sash': use one of risk, stalking"):
        casework.risk.record_assessment(reference, "sash", given)
    with pytest.raises(InvalidInputError, match="is in the future"):
        casework.risk.record_assessment(reference, "risk", answers(3), assessed_on=date(2026, 11, 24))


# -- MARAC criteria ---------------------------------------------------------------------------


def test_visible_high_risk_is_met_at_the_threshold_and_not_below(casework: Casework) -> None:
    reference = new_case(casework)
    assert criterion(casework, reference, "visible-high-risk") == (False, "no risk checklist yet")
    casework.risk.record_assessment(reference, "risk", answers(13))
    assert criterion(casework, reference, "visible-high-risk") == (False, "13 Yes on 23 Nov 2026 (at least 14)")
    casework.risk.record_assessment(reference, "risk", answers(14))
    assert criterion(casework, reference, "visible-high-risk") == (True, "14 Yes on 23 Nov 2026 (at least 14)")
    assert casework.risk.risk_overview(reference).route_summary == "MARAC: visible high risk"


def test_professional_judgement_is_the_advocates_flag_with_a_reason(casework: Casework) -> None:
    reference = new_case(casework)
    with pytest.raises(InvalidInputError, match="reason for the professional judgement is empty"):
        casework.risk.set_referral_judgement(reference, "  ")
    casework.risk.set_referral_judgement(reference, "Escalating fixation after the court date")
    assert criterion(casework, reference, "professional-judgement") == (
        True,
        "Escalating fixation after the court date",
    )
    casework.risk.set_referral_judgement(reference, None)
    assert criterion(casework, reference, "professional-judgement") == (False, "not flagged")


# -- reviews and offers -------------------------------------------------------------------------


def test_a_review_is_due_8_weeks_after_the_last_assessment(casework: Casework) -> None:
    reference = new_case(casework, referral_date="2026-09-01")
    review = casework.risk.risk_overview(reference).review
    assert (review.due_on, review.reason) == (date(2026, 9, 1), "no risk checklist yet")
    casework.risk.record_assessment(reference, "risk", answers(5), assessed_on=date(2026, 9, 28))
    review = casework.risk.risk_overview(reference).review
    assert (review.due_on, review.reason) == (date(2026, 11, 23), "8 weeks after 28 Sep 2026")
    assert [(r, row.due_on) for r, _name, row in casework.risk.risk_reviews_due()] == [(reference, date(2026, 11, 23))]
    casework = with_thresholds(casework, RiskThresholds(review_weeks=6))
    assert casework.risk.risk_overview(reference).review.due_on == date(2026, 11, 9)


def test_a_serious_incident_makes_the_review_due_at_once(casework: Casework) -> None:
    reference = new_case(casework)
    casework.risk.record_assessment(reference, "risk", answers(5))
    casework.log.add_incident(reference, "Minor", datetime(2026, 11, 23, 9, 0), ["calls"])
    assert casework.risk.risk_overview(reference).review.due_on == date(2027, 1, 18)
    clock.fix(datetime(2026, 11, 23, 10, 5))
    casework.log.add_incident(
        reference, "Assault outside home", datetime(2026, 11, 23, 9, 30), ["violence"], serious=True
    )
    review = casework.risk.risk_overview(reference).review
    assert (review.due_on, review.reason) == (date(2026, 11, 23), "serious incident logged 23 Nov 2026")
    assert [r for r, _name, _review in casework.risk.risk_reviews_due(within_days=0)] == [reference]
    clock.fix(datetime(2026, 11, 23, 10, 10))
    casework.risk.record_assessment(reference, "risk", answers(12))
    assert casework.risk.risk_overview(reference).review.due_on == date(2027, 1, 18)


def test_closed_cases_have_no_review_due(casework: Casework) -> None:
    reference = new_case(casework)
    casework.cases.close_case(reference, "support-complete")
    assert casework.risk.risk_overview(reference).review is None
    assert casework.risk.risk_reviews_due(within_days=365) == []


def test_the_supplement_is_offered_after_two_incidents_or_when_very_frightened(casework: Casework) -> None:
    reference = new_case(casework)
    assert casework.risk.risk_overview(reference).offers == {}
    casework.log.add_incident(reference, "Calls", datetime(2026, 11, 1, 9, 0), ["calls"])
    assert casework.risk.risk_overview(reference).offers == {}
    casework.log.add_incident(reference, "Calls", datetime(2026, 11, 2, 9, 0), ["calls"])
    assert casework.risk.risk_overview(reference).offers == {"stalking": "2 incidents logged"}

    other = new_case(casework)
    casework.risk.record_assessment(other, "risk", {**answers(0), "frightened": "y"})
    assert casework.risk.risk_overview(other).offers == {"stalking": "'Client is very frightened' answered Yes"}


def test_months_before_keeps_the_day_or_the_months_last() -> None:
    assert months_before(date(2026, 11, 23), 12) == date(2025, 11, 23)
    assert months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert months_before(date(2026, 1, 15), 3) == date(2025, 10, 15)
    assert months_before(date(2024, 3, 31), 1) == date(2024, 2, 29)
