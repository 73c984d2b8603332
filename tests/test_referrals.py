"""Referral history: each referral to the case's multi-agency route, why it was made, its meeting, actions and
outcome; repeat referrals by the 12-month rule (the fixed clock reads 23 Nov 2026), through the service and the CLI."""

import json
from datetime import date, datetime
from typing import Any

import pytest
from conftest import Advocate
from test_cli import new_case as new_cli_case

from advocate_tui.rules.errors import InvalidInputError, NotFoundError
from advocate_tui.services.casework import Casework

REASON = "Vital interests: a risk to life"


def new_case(casework: Casework, relationship: str = "ex-partner", judgement: bool = True) -> str:
    reference = casework.cases.create_case("Jo Example", relationship=relationship, area="City").reference
    if judgement:
        casework.risk.set_referral_judgement(reference, "Threats to kill after the separation")
    return reference


def incident(casework: Casework, reference: str, day: date) -> None:
    casework.log.add_incident(
        reference, "Waited outside the flat", datetime(day.year, day.month, day.day, 8, 0), ["loitering"]
    )


def consent(casework: Casework, reference: str) -> None:
    client = casework.cases.get_case(reference).client
    casework.parties.update_client(client.id, client.version, consent_refer=True, consent_refer_on="2025-11-01")


# -- the service ---------------------------------------------------------------------------------------------


def test_a_referral_keeps_the_criteria_met_on_the_day_and_the_case_date_follows_it(casework: Casework) -> None:
    reference = new_case(casework)
    consent(casework, reference)
    row = casework.referrals.add(reference, on="2026-11-20")
    assert (row.number, row.route.key, row.referral.referred_on, row.referral.repeat) == (
        1,
        "marac",
        date(2026, 11, 20),
        False,
    )
    assert row.criteria == [("Professional judgement", "Threats to kill after the separation")]
    assert row.referral.judgement_reason == "Threats to kill after the separation"
    assert row.consent == "given"
    assert casework.cases.get_case(reference).marac_referral_date == date(2026, 11, 20)
    # the record still says why after the judgement is withdrawn
    casework.risk.set_referral_judgement(reference, None)
    assert casework.referrals.history(reference)[0].criteria_text == (
        "Professional judgement (Threats to kill after the separation)"
    )


@pytest.mark.parametrize(("referred", "repeat"), [("2025-11-24", True), ("2025-11-22", False)])
def test_a_new_referral_is_a_repeat_within_12_months_of_the_last(
    casework: Casework, referred: str, repeat: bool
) -> None:
    """Today (23 Nov 2026) is 12 months less a day after 24 Nov 2025, and 12 months and a day after 22 Nov 2025."""
    reference = new_case(casework)
    casework.referrals.add(reference, on=referred, without_consent=REASON)
    incident(casework, reference, date(2026, 11, 23))
    criterion = next(c for c in casework.risk.risk_overview(reference).criteria if c.key == "repeat-referral")
    assert criterion.met is repeat
    row = casework.referrals.add(reference, without_consent=REASON)
    assert (row.number, row.referral.repeat) == (2, repeat)
    assert ("Repeat referral" in row.criteria_text) is repeat
    assert "(repeat referral)" in row.heading if repeat else "(repeat referral)" not in row.heading
    assert casework.cases.get_case(reference).marac_referral_date == date(2026, 11, 23)


def test_the_repeat_criterion_counts_from_the_last_referral_not_the_first(casework: Casework) -> None:
    reference = new_case(casework)
    casework.referrals.add(reference, on="2024-06-01", without_consent=REASON)
    incident(casework, reference, date(2025, 1, 10))
    casework.referrals.add(reference, on="2026-11-01", without_consent=REASON)
    criterion = next(c for c in casework.risk.risk_overview(reference).criteria if c.key == "repeat-referral")
    assert not criterion.met
    assert criterion.detail.startswith("referred 01 Nov 2026; 0 incidents since")


@pytest.mark.parametrize(
    ("relationship", "route", "message"),
    [
        (
            "ex-partner",
            "panel",
            "Case {ref} is domestic, so it is referred to the MARAC, not the Multi-agency stalking panel: "
            "refer it to the MARAC.",
        ),
        (
            "stranger",
            "marac",
            "Case {ref} is non-domestic, so it is referred to the Multi-agency stalking panel, not the MARAC: "
            "refer it to the Multi-agency stalking panel.",
        ),
    ],
)
def test_a_referral_to_the_other_route_is_refused(
    casework: Casework, relationship: str, route: str, message: str
) -> None:
    reference = new_case(casework, relationship)
    with pytest.raises(InvalidInputError) as refused:
        casework.referrals.add(reference, without_consent=REASON, route=route)
    assert str(refused.value) == message.format(ref=reference)
    assert casework.referrals.history(reference) == []


def test_refusals_write_nothing(casework: Casework) -> None:
    reference = new_case(casework, judgement=False)
    with pytest.raises(InvalidInputError, match="No criterion of the MARAC is met on 23 Nov 2026: record the reason"):
        casework.referrals.add(reference, without_consent=REASON)
    casework.risk.set_referral_judgement(reference, "Escalating")
    with pytest.raises(InvalidInputError, match="has not consented to the referral: give the lawful basis"):
        casework.referrals.add(reference)
    consent(casework, reference)
    with pytest.raises(InvalidInputError, match="consented to the referral, so no reason"):
        casework.referrals.add(reference, without_consent=REASON)
    assert casework.referrals.history(reference) == []
    assert casework.cases.get_case(reference).marac_referral_date is None
    casework.referrals.add(reference, on="2026-11-10")
    with pytest.raises(
        InvalidInputError, match="was last referred on 10 Nov 2026: a new referral is dated on or after"
    ):
        casework.referrals.add(reference, on="2026-11-01")
    with pytest.raises(InvalidInputError, match="is in the future"):
        casework.referrals.add(reference, on="2026-12-01")


def test_meeting_actions_and_outcome(casework: Casework) -> None:
    reference = new_case(casework)
    casework.referrals.add(reference, on="2026-11-10", without_consent=REASON)
    with pytest.raises(InvalidInputError, match=r"The meeting date \(09 Nov 2026\) is before the referral"):
        casework.referrals.set_meeting(reference, 1, "2026-11-09")
    casework.referrals.set_meeting(reference, 1, date(2026, 12, 3))
    with pytest.raises(InvalidInputError, match="The action's due date .* is before the referral"):
        casework.referrals.add_action(reference, 1, "Police", "Fit a camera", due=date(2026, 11, 1))
    with pytest.raises(InvalidInputError, match="The agency is empty"):
        casework.referrals.add_action(reference, 1, " ", "Fit a camera")
    casework.referrals.add_action(reference, 1, "Police", "Fit a doorbell camera", "PC Sample", date(2026, 12, 10))
    casework.referrals.add_action(reference, 1, "Housing", "Consider a management transfer")
    casework.referrals.mark_done(reference, 1, 2)
    casework.referrals.set_outcome(reference, 1, "Actions agreed; review in three months")
    with pytest.raises(NotFoundError, match=f"Case {reference} has no referral 2 \\(it has 1\\)"):
        casework.referrals.set_outcome(reference, 2, "x")
    with pytest.raises(NotFoundError, match="has no action 3 \\(it has 2\\)"):
        casework.referrals.mark_done(reference, 1, 3)
    (row,) = casework.referrals.history(reference)
    assert row.heading == "1. MARAC, referred 10 Nov 2026; meeting 03 Dec 2026"
    assert [(a.agency, a.owner, a.due_on, a.done_on) for a in row.actions] == [
        ("Police", "PC Sample", date(2026, 12, 10), None),
        ("Housing", None, None, date(2026, 11, 23)),
    ]
    assert row.referral.outcome == "Actions agreed; review in three months"
    assert [(d.day, d.what, d.overdue) for d in casework.referrals.due(within_days=30)] == [
        (date(2026, 12, 3), "MARAC meeting", False),
        (date(2026, 12, 10), "Police: Fit a doorbell camera", False),
    ]


# -- the CLI -------------------------------------------------------------------------------------------------


def ok(advocate: Advocate, *args: str) -> str:
    result = advocate(*args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def history(advocate: Advocate, reference: str) -> dict[str, Any]:
    return json.loads(ok(advocate, "referral", "list", reference, "--json"))


@pytest.mark.parametrize(("referred", "repeat"), [("24 Nov 2025", True), ("22 Nov 2025", False)])
def test_a_repeat_referral_from_the_shell(advocate: Advocate, referred: str, repeat: bool) -> None:
    reference = new_cli_case(advocate, "Jo Example", "--relationship", "ex-partner")
    ok(advocate, "risk", reference, "--judgement", "Threats to kill")
    ok(advocate, "referral", "add", reference, "--on", referred, "--without-consent", REASON)
    ok(advocate, "incident", reference, "Waited outside the flat", "--when", "23 Nov 2026 08:00", "--kind", "loitering")
    said = ok(advocate, "referral", "add", reference, "--without-consent", REASON)
    assert said.startswith(
        f"Referral added to {reference}: 2. "
        + ("MARAC, referred 23 Nov 2026 (repeat referral);" if repeat else "MARAC, referred 23 Nov 2026;")
    )
    data = history(advocate, reference)
    assert data["format"] == "advocate-referrals/1"
    assert [r["repeat"] for r in data["referrals"]] == [False, repeat]
    assert ("Repeat referral" in [c["label"] for c in data["referrals"][1]["criteria"]]) is repeat
    listed = ok(advocate, "referral", "list", reference)
    assert ("2. MARAC, referred 23 Nov 2026 (repeat referral)" in listed) is repeat


def test_the_whole_history_from_the_shell(advocate: Advocate) -> None:
    reference = new_cli_case(advocate, "Jo Example", "--relationship", "ex-partner")
    refused = advocate("referral", "add", reference)
    assert refused.exit_code == 1
    assert refused.stderr.startswith("Error: No criterion of the MARAC is met")
    assert "Traceback" not in refused.output
    ok(advocate, "risk", reference, "--judgement", "Threats to kill")
    refused = advocate("referral", "add", reference, "--on", "20 Nov 2026")
    assert refused.exit_code == 1 and len(refused.stderr.splitlines()) == 1
    assert (
        'has not consented to the referral: give the lawful basis and reason to refer without consent. Add --without-consent "BASIS: reason"'
        in refused.stderr
    )
    ok(advocate, "referral", "add", reference, "--on", "20 Nov 2026", "--without-consent", REASON)
    assert ok(advocate, "referral", "meeting", reference, "1", "3 Dec 2026") == (
        f"Referral 1 on {reference}: meeting on 03 Dec 2026.\n"
    )
    ok(
        advocate,
        "referral",
        "action",
        reference,
        "1",
        "--agency",
        "Police",
        "--action",
        "Fit a camera",
        "--due",
        "10 Dec 2026",
    )
    ok(advocate, "referral", "done", reference, "1", "1")
    ok(advocate, "referral", "outcome", reference, "1", "Actions agreed")
    assert advocate("referral", "done", reference, "1", "2").exit_code == 1
    (referral,) = history(advocate, reference)["referrals"]
    assert {k: referral[k] for k in ("number", "route", "route_name", "referred_on", "meeting_on", "outcome")} == {
        "number": 1,
        "route": "marac",
        "route_name": "MARAC",
        "referred_on": "2026-11-20",
        "meeting_on": "2026-12-03",
        "outcome": "Actions agreed",
    }
    assert referral["consent"] is False and referral["without_consent_reason"] == REASON
    assert referral["criteria"] == [{"label": "Professional judgement", "detail": "Threats to kill"}]
    assert referral["actions"] == [
        {
            "id": referral["actions"][0]["id"],
            "number": 1,
            "agency": "Police",
            "action": "Fit a camera",
            "owner": None,
            "due_on": "2026-12-10",
            "done_on": "2026-11-23",
        }
    ]
    listed = ok(advocate, "referral", "list", reference)
    assert "  Action 1. Police: Fit a camera, due 10 Dec 2026, done 23 Nov 2026\n" in listed
    assert f"  Consent: without consent: {REASON}\n" in listed


def test_meetings_and_actions_due_are_on_the_agenda_and_from_the_shell(casework: Casework, advocate: Advocate) -> None:
    reference = new_case(casework)
    casework.referrals.add(reference, on="2026-11-01", without_consent=REASON)
    casework.referrals.set_meeting(reference, 1, date(2026, 11, 26))
    casework.referrals.add_action(reference, 1, "Police", "Fit a camera", due=date(2026, 11, 20))
    casework.referrals.add_action(reference, 1, "Housing", "Change the locks", due=date(2027, 3, 1))  # beyond
    casework.referrals.add_action(reference, 1, "Probation", "Warn the perpetrator", due=date(2026, 11, 21))
    casework.referrals.mark_done(reference, 1, 3)
    rows = [(e.kind, e.when, e.what, e.overdue) for e in casework.agenda.agenda() if e.reference == reference]
    assert ("referrals", date(2026, 11, 26), "MARAC meeting", False) in rows
    assert ("referrals", date(2026, 11, 20), "Police: Fit a camera", True) in rows
    assert not any("Change the locks" in r[2] or "Warn" in r[2] for r in rows)
    assert ok(advocate, "referral", "due") == (
        f"20 Nov 2026  {reference}  OVERDUE  Police: Fit a camera\n26 Nov 2026  {reference}  MARAC meeting\n"
    )
