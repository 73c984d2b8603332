"""``advocate crime …`` and ``advocate victims …`` as a person at the shell uses them."""

import json
from typing import Any

from conftest import Advocate
from test_cli import new_case


def ok(advocate: Advocate, *args: str) -> str:
    result = advocate(*args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def journey_json(advocate: Advocate, reference: str) -> dict[str, Any]:
    return json.loads(ok(advocate, "crime", "list", reference, "--json"))


def test_a_crime_reference_is_charged_decided_and_tried_from_the_shell(advocate: Advocate) -> None:
    ref = new_case(advocate, "Jo Example")
    ok(advocate, "crime", "add", ref, "NS/1/26", "--reported", "1 Nov", "--how", "101", "--officer", "DC Notreal")
    assert (
        ok(
            advocate,
            "crime",
            "set",
            ref,
            "NS/1/26",
            "--status",
            "charged",
            "--offence",
            "stalking-s2a",
            "--charged",
            "20 Nov",
        )
        == f"NS/1/26 on {ref}: Charged; charged with Stalking (PHA 1997 s2A) on 20 Nov 2026.\n"
    )
    ok(advocate, "crime", "set", ref, "ns/1/26", "--cps", "charge-authorised", "--cps-on", "19 Nov")
    ok(
        advocate,
        "crime",
        "set",
        ref,
        "NS/1/26",
        "--outcome",
        "guilty-plea",
        "--outcome-on",
        "21 Nov",
        "--sentence",
        "Fine",
    )
    ok(
        advocate,
        "crime",
        "update",
        ref,
        "NS/1/26",
        "--from",
        "DC Notreal",
        "--said",
        "Pleaded guilty.",
        "--told",
        "By phone",
    )
    [report] = journey_json(advocate, ref)["crime_references"]
    assert {k: report[k] for k in ("status", "offence", "cps_decision", "court_outcome", "sentence", "oic_name")} == {
        "status": "charged",
        "offence": "stalking-s2a",
        "cps_decision": "charge-authorised",
        "court_outcome": "guilty-plea",
        "sentence": "Fine",
        "oic_name": "DC Notreal",
    }
    assert [(u["given_on"], u["said"], u["client_told"]) for u in report["updates"]] == [
        ("2026-11-23", "Pleaded guilty.", "By phone")
    ]


def test_a_refused_stage_says_why_and_writes_nothing(advocate: Advocate) -> None:
    ref = new_case(advocate, "Jo Example")
    ok(advocate, "crime", "add", ref, "NS/1/26")
    result = advocate("crime", "set", ref, "NS/1/26", "--status", "no-further-action")
    assert result.exit_code == 1
    assert result.stderr == "Error: No further action needs the reason the police gave: write it in the reason.\n"
    assert "Traceback" not in result.output
    assert journey_json(advocate, ref)["crime_references"][0]["status"] == "reported"


def test_a_qualifying_decision_gets_a_deadline_and_asking_for_review_is_recorded(advocate: Advocate) -> None:
    ref = new_case(advocate, "Jo Example")
    ok(advocate, "crime", "add", ref, "NS/1/26")
    said = ok(
        advocate,
        "crime",
        "decision",
        ref,
        "NS/1/26",
        "--by",
        "police",
        "--kind",
        "not-to-charge",
        "--on",
        "16 Nov",
        "--under-caution",
    )
    assert said.splitlines()[-1] == "Ask for a review by 14 Feb 2027 (on the agenda until then)."
    said = ok(
        advocate,
        "crime",
        "decision",
        ref,
        "NS/1/26",
        "--by",
        "police",
        "--kind",
        "complaint-withdrawn",
        "--on",
        "17 Nov",
    )
    assert "Ask for a review" not in said
    assert (
        ok(advocate, "crime", "review-asked", ref, "1", "--on", "20 Nov")
        == f"Review of decision 1 on {ref} recorded as asked for.\n"
    )
    decisions = journey_json(advocate, ref)["crime_references"][0]["decisions"]
    assert [
        (d["kind"], d["qualifies_for_review"], d["review_deadline"], d["review_requested_on"]) for d in decisions
    ] == [
        ("not-to-charge", True, "2027-02-14", "2026-11-20"),
        ("complaint-withdrawn", False, None, None),
    ]
    result = advocate("crime", "review-asked", ref, "3")
    assert result.exit_code == 1 and "has no decision 3" in result.stderr


def test_enhanced_rights_and_rights_explained(advocate: Advocate) -> None:
    ref = new_case(advocate, "Jo Example")
    ok(advocate, "victims", "judge", ref, "--reason", "Persistently targeted", "--decided-by", "DC Notreal")
    ok(advocate, "victims", "explained", ref, "referral-to-support", "crime-recorded", "--on", "20 Nov")
    shown = ok(advocate, "victims", "show", ref).splitlines()
    assert shown[0] == "Enhanced rights: eligible (Persistently targeted), judged by DC Notreal on 23 Nov 2026."
    assert "  [x] 20 Nov 2026  To be referred to support services" in shown
    code = journey_json(advocate, ref)["victims_code"]
    assert code["enhanced_rights"]["decided_by"] == "DC Notreal"
    assert [r["right"] for r in code["rights_explained"]] == ["crime-recorded", "referral-to-support"]
    result = advocate("victims", "explained", ref, "tea")
    assert result.exit_code == 1 and "'tea' is not a known Victims' Code right" in result.stderr
