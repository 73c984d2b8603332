"""The criminal-justice journey and the Victims' Code through the service layer: each crime reference's stages,
the police's updates, and which decisions the Victims' Right to Review covers (with the deadline on the agenda)."""

import re
from datetime import date
from pathlib import Path

import pytest

from advocate_tui.rules.errors import ConfigError, InvalidInputError, NotFoundError
from advocate_tui.rules.justice import ReviewLimits, review_deadline, review_scheme
from advocate_tui.rules.vocab import AgencyKind, Audience, DecisionKind, ReviewBody
from advocate_tui.services.casework import Casework
from advocate_tui.services.sharing import recipients
from advocate_tui.storage import audit
from advocate_tui.storage.config import load_settings


@pytest.fixture
def ref(casework: Casework) -> str:
    return casework.cases.create_case("Jo Example", relationship="ex-partner", perpetrator_name="Pat Notreal").reference


def journey_of(casework: Casework, ref: str, number: str = "NS/1001/26"):
    [journey] = [j for j in casework.justice.journeys(ref) if j.report.crime_number == number]
    return journey


def test_a_crime_reference_moves_from_report_to_charge_cps_decision_and_court_outcome(
    casework: Casework, ref: str
) -> None:
    report = casework.justice.add_report(
        ref, "NS/1001/26", reported_on="2026-10-01", reported_how="101", oic_name="DC Alex Notreal"
    )
    assert (report.status, report.reported_how) == ("reported", "101")
    order = casework.court.add_order(ref, "restraining-order-conviction", "granted", granted_on=date(2026, 11, 20))
    report = casework.justice.update_report(
        report.id, report.version, status="charged", offence="stalking-s2a", charged_on="2026-10-20"
    )
    report = casework.justice.update_report(
        report.id, report.version, cps_decision="charge-authorised", cps_decided_on="2026-10-19"
    )
    casework.justice.update_report(
        report.id,
        report.version,
        court_outcome="guilty-plea",
        outcome_on="2026-11-20",
        sentence="Community order, 12 months",
        restraining_order_id=order.id,
    )
    journey = journey_of(casework, ref)
    assert (journey.report.offence, journey.report.cps_decision, journey.report.court_outcome) == (
        "stalking-s2a",
        "charge-authorised",
        "guilty-plea",
    )
    assert journey.restraining_order is not None and journey.restraining_order.id == order.id
    with casework.db.reader() as session:
        assert audit.verify(session).breaks == ()
        assert [e.action for e in audit.entries(session) if e.entity == "crime_report"] == ["create"] + ["update"] * 3


@pytest.mark.parametrize(
    ("changes", "sentence"),
    [
        ({"status": "charged"}, "A charge needs the offence charged: choose it."),
        (
            {"status": "no-further-action"},
            "No further action needs the reason the police gave: write it in the reason.",
        ),
        ({"status": "bail-with-conditions"}, "Bail with conditions needs the conditions: write them in the reason."),
        (
            {"court_outcome": "convicted-after-trial"},
            "A court outcome follows a charge: record the charge and its offence first.",
        ),
    ],
)
def test_a_stage_without_what_it_needs_is_refused_and_nothing_is_written(
    casework: Casework, ref: str, changes: dict[str, str], sentence: str
) -> None:
    report = casework.justice.add_report(ref, "NS/1001/26")
    with pytest.raises(InvalidInputError, match=sentence.replace("(", r"\(").replace(")", r"\)")):
        casework.justice.update_report(report.id, report.version, **changes)
    assert journey_of(casework, ref).report.version == report.version


def test_a_journey_links_only_to_a_restraining_order_on_its_own_case(casework: Casework, ref: str) -> None:
    other = casework.cases.create_case("Priya Madeup").reference
    elsewhere = casework.court.add_order(other, "restraining-order-conviction", "granted")
    spo = casework.court.add_order(ref, "spo", "granted")
    report = casework.justice.add_report(ref, "NS/1001/26")
    for order in (elsewhere, spo):
        with pytest.raises(InvalidInputError, match="must be a restraining order recorded on the same case"):
            casework.justice.update_report(report.id, report.version, restraining_order_id=order.id)


def test_a_case_has_several_crime_references_each_number_once(casework: Casework, ref: str) -> None:
    casework.justice.add_report(ref, "NS/1001/26")
    casework.justice.add_report(ref, "NS/2002/26", status="under-investigation")
    with pytest.raises(InvalidInputError, match=f"Case {ref} already has crime reference ns/1001/26: update that one."):
        casework.justice.add_report(ref, "ns/1001/26")
    assert [j.report.crime_number for j in casework.justice.journeys(ref)] == ["NS/1001/26", "NS/2002/26"]
    with pytest.raises(NotFoundError, match=r"has no crime reference NS/9/26 \(it has NS/1001/26, NS/2002/26\)\."):
        casework.justice.add_update(ref, "NS/9/26", given_by="DC Notreal", said="Suspect arrested.")


def test_police_updates_are_kept_newest_first_with_what_the_client_was_told(casework: Casework, ref: str) -> None:
    casework.justice.add_report(ref, "NS/1001/26")
    casework.justice.add_update(ref, "ns/1001/26", given_on="2026-11-02", given_by="DC Notreal", said="Arrested.")
    casework.justice.add_update(
        ref, "NS/1001/26", given_by="DS Example", said="Bailed with conditions.", client_told="Told by phone."
    )
    updates = journey_of(casework, ref).updates
    assert [(u.given_on, u.given_by, u.client_told, u.recorded_by) for u in updates] == [
        (date(2026, 11, 23), "DS Example", "Told by phone.", "Test Advocate"),
        (date(2026, 11, 2), "DC Notreal", None, "Test Advocate"),
    ]


@pytest.mark.parametrize(
    ("body", "kind", "caution", "qualifies"),
    [
        (ReviewBody.POLICE, DecisionKind.NOT_CHARGED, True, True),
        (ReviewBody.POLICE, DecisionKind.NOT_CHARGED, False, False),
        (ReviewBody.POLICE, DecisionKind.WITHDRAWN_COMPLAINT, True, False),
        (ReviewBody.POLICE, DecisionKind.OUT_OF_COURT, True, False),
        (ReviewBody.CPS, DecisionKind.NOT_PROSECUTED, False, True),
        (ReviewBody.CPS, DecisionKind.PROSECUTION_STOPPED, False, True),
        (ReviewBody.CPS, DecisionKind.NOT_CHARGED, False, True),
        (ReviewBody.CPS, DecisionKind.OUT_OF_COURT, False, False),
    ],
)
def test_which_decisions_the_right_to_review_covers(
    body: ReviewBody, kind: DecisionKind, caution: bool, qualifies: bool
) -> None:
    assert review_scheme(body, kind, caution).qualifies is qualifies


def test_the_police_do_not_make_prosecution_decisions() -> None:
    with pytest.raises(InvalidInputError, match="record it as a CPS decision"):
        review_scheme(ReviewBody.POLICE, DecisionKind.PROSECUTION_STOPPED, True)


def test_the_review_deadline_follows_the_configured_limits() -> None:
    limits = ReviewLimits(police_days=30, cps_days=10)
    assert review_deadline(date(2026, 11, 1), ReviewBody.POLICE, limits) == date(2026, 12, 1)
    assert review_deadline(date(2026, 11, 1), ReviewBody.CPS, limits) == date(2026, 11, 11)
    assert ReviewLimits() == ReviewLimits(police_days=90, cps_days=14)


def review_entries(casework: Casework) -> list[str]:
    return [f"{e.when} {e.reference} {e.what}" for e in casework.agenda.agenda() if e.kind == "reviews"]


def test_no_further_action_on_a_suspect_interviewed_under_caution_puts_the_review_deadline_on_the_agenda(
    casework: Casework, ref: str
) -> None:
    casework.justice.add_report(ref, "NS/1001/26", status="no-further-action", status_reason="Not enough evidence")
    row = casework.victims.add_decision(
        ref, "NS/1001/26", body="police", kind="not-to-charge", decided_on="2026-11-16", interviewed_under_caution=True
    )
    assert (row.qualifies, row.deadline) == (True, date(2027, 2, 14))
    assert review_entries(casework) == [f"2027-02-14 {ref} Ask for a review: police, not to charge, NS/1001/26"]
    casework.victims.update_decision(row.decision.id, row.decision.version, review_requested_on="2026-11-23")
    assert review_entries(casework) == []


def test_a_withdrawn_complaint_puts_nothing_on_the_agenda(casework: Casework, ref: str) -> None:
    casework.justice.add_report(ref, "NS/1001/26")
    row = casework.victims.add_decision(
        ref,
        "NS/1001/26",
        body="police",
        kind="complaint-withdrawn",
        decided_on="2026-11-16",
        interviewed_under_caution=True,
    )
    assert (row.qualifies, row.deadline) == (False, None)
    assert row.why == "The police scheme does not cover a complaint the victim withdrew."
    assert review_entries(casework) == []


def test_a_passed_deadline_leaves_the_agenda(casework: Casework, ref: str) -> None:
    casework.justice.add_report(ref, "NS/1001/26")
    casework.victims.add_decision(ref, "NS/1001/26", body="cps", kind="not-to-prosecute", decided_on="2026-11-09")
    assert [e.split(" ")[0] for e in review_entries(casework)] == ["2026-11-23"]
    casework.victims.add_decision(ref, "NS/1001/26", body="cps", kind="not-to-prosecute", decided_on="2026-11-08")
    assert len(review_entries(casework)) == 1


def test_enhanced_rights_are_a_judgement_with_who_decided_and_rights_explained_keep_their_dates(
    casework: Casework, ref: str
) -> None:
    assert casework.victims.view(ref).standing is None
    casework.victims.judge(ref, enhanced=True, reason="Persistently targeted over months", decided_by="DC Notreal")
    casework.victims.judge(ref, enhanced=True, reason="Persistently targeted since June", decided_by="DS Example")
    casework.victims.explain(ref, ["referral-to-support", "victim personal statement"], "2026-11-20")
    casework.victims.explain(ref, ["referral-to-support"])
    view = casework.victims.view(ref)
    assert view.standing is not None
    assert (view.standing.enhanced, view.standing.decided_by, view.standing.version) == (True, "DS Example", 2)
    assert {right.value: r.explained_on for right, r in view.explained.items()} == {
        "referral-to-support": date(2026, 11, 23),
        "victim-personal-statement": date(2026, 11, 20),
    }
    with casework.db.reader() as session:
        assert audit.verify(session).breaks == ()
        assert [e.action for e in audit.entries(session) if e.entity == "right_explained"] == [
            "create",
            "create",
            "update",
        ]
    with pytest.raises(InvalidInputError, match="is not a known Victims' Code right"):
        casework.victims.explain(ref, ["tea"])
    with pytest.raises(InvalidInputError, match="The reason for the judgement is empty"):
        casework.victims.judge(ref, enhanced=False, reason=" ", decided_by="DC Notreal")


def test_the_forces_stalking_coordinator_is_a_contact_a_police_letter_goes_to(casework: Casework, ref: str) -> None:
    casework.parties.add_contact(ref, kind="coordinator", organisation="Northshire Police", person="DS Lee Example")
    case = casework.cases.get_case(ref)
    assert AgencyKind(case.contacts[0].kind).label == "Police stalking coordinator"
    assert recipients(case, case.contacts, Audience.POLICE) == ["Police", "DS Lee Example", "Northshire Police"]
    assert recipients(case, case.contacts, Audience.HOUSING) == ["Housing"]


def test_the_review_limits_come_from_the_config_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, casework: Casework, ref: str
) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[victims_code]\npolice_review_days = 30\n", encoding="utf-8")
    monkeypatch.setenv("ADVOCATE_CONFIG", str(config))
    load_settings.cache_clear()
    casework.justice.add_report(ref, "NS/1001/26")
    row = casework.victims.add_decision(
        ref, "NS/1001/26", body="police", kind="not-to-charge", decided_on="2026-11-16", interviewed_under_caution=True
    )
    assert row.deadline == date(2026, 12, 16)
    assert load_settings().review_limits == ReviewLimits(police_days=30, cps_days=14)
    for bad, sentence in [
        ("cps_review_day = 10", "victims_code.cps_review_day is not a setting of [victims_code]: check the spelling."),
        ("cps_review_days = 0", "victims_code.cps_review_days must be a whole number of at least 1, not 0."),
    ]:
        config.write_text(f"[victims_code]\n{bad}\n", encoding="utf-8")
        load_settings.cache_clear()
        with pytest.raises(ConfigError, match=re.escape(sentence)):
            load_settings()
