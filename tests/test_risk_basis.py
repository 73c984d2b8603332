"""A risk level always has a basis: the latest checklist, or professional judgement with its reason, who and
when; a new case is "not assessed"; cases from before the basis was kept are "set by hand, no basis
recorded". Through the service, the command line, the report, letters and the migration."""

import json
from datetime import UTC, date, datetime

import pytest
from conftest import Advocate
from sqlalchemy import MetaData, select
from test_migrations import FIRST, assert_kept, dump, seed_first_schema

from advocate_tui.db import Database, open_database
from advocate_tui.output.letters.documents import draft
from advocate_tui.rules.errors import InvalidInputError
from advocate_tui.rules.vocab import RiskBasisKind
from advocate_tui.services.casework import Casework
from advocate_tui.storage import audit, migrations

REASON = "Threats to kill after the separation"


def answers(casework: Casework, yes: int) -> dict[str, str]:
    items = casework.risk.checklist("risk").items
    return {item.key: "y" if n < yes else "n" for n, item in enumerate(items)}


def basis(casework: Casework, reference: str) -> tuple[str, str, str | None, str | None, date | None]:
    case = casework.cases.get_case(reference)
    return case.risk_level, case.risk_basis, case.risk_reason, case.risk_set_by, case.risk_set_on


# -- the service ----------------------------------------------------------------------------------


def test_a_new_case_is_not_assessed_until_a_level_is_judged_or_a_checklist_done(casework: Casework) -> None:
    reference = casework.cases.create_case("Jo Example").reference
    assert basis(casework, reference) == ("standard", "not-assessed", None, None, None)
    assert casework.risk.risk_overview(reference).basis.summary == "standard: not assessed yet; no risk checklist done"


def test_a_level_given_at_opening_is_professional_judgement_with_its_reason(casework: Casework) -> None:
    reference = casework.cases.create_case("Jo Example", risk="high", risk_reason=REASON).reference
    assert basis(casework, reference) == ("high", "judgement", REASON, "Test Advocate", date(2026, 11, 23))
    assert casework.risk.risk_overview(reference).basis.summary == (
        f"high: professional judgement (Test Advocate, 23 Nov 2026): {REASON}; no risk checklist done"
    )


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_a_level_without_a_reason_is_refused_and_no_case_is_opened(casework: Casework, reason: str | None) -> None:
    with pytest.raises(InvalidInputError, match="A risk level set by hand needs the reason for your professional"):
        casework.cases.create_case("Jo Example", risk="high", risk_reason=reason)
    assert casework.cases.list_cases(include_closed=True) == []


def test_the_latest_checklist_sets_the_level_and_a_judgement_then_overrides_it(casework: Casework) -> None:
    reference = casework.cases.create_case("Jo Example").reference
    casework.risk.record_assessment(reference, "risk", answers(casework, 11), assessed_on="2026-11-20")
    assert basis(casework, reference) == ("medium", "checklist", None, "Test Advocate", date(2026, 11, 20))
    assert casework.risk.risk_overview(reference).basis.summary == "medium: Risk checklist of 20 Nov 2026, 11 Yes"

    casework.risk.set_level(reference, "high", REASON)
    assert basis(casework, reference) == ("high", "judgement", REASON, "Test Advocate", date(2026, 11, 23))
    assert casework.risk.risk_overview(reference).basis.summary == (
        f"high: professional judgement (Test Advocate, 23 Nov 2026): {REASON}; "
        "the Risk checklist of 20 Nov 2026 gave medium, 11 Yes"
    )
    # a checklist entered late for an earlier day does not undo the judgement made since
    casework.risk.record_assessment(reference, "risk", answers(casework, 3), assessed_on="2026-10-01")
    assert basis(casework, reference)[:2] == ("high", "judgement")
    # a new checklist does: the level is what it found
    casework.risk.record_assessment(reference, "risk", answers(casework, 15))
    assert basis(casework, reference) == ("high", "checklist", None, "Test Advocate", date(2026, 11, 23))


def test_changing_the_level_on_the_case_needs_a_reason_and_nothing_is_written_without_one(
    casework: Casework,
) -> None:
    case = casework.cases.create_case("Jo Example")
    with pytest.raises(InvalidInputError, match="needs the reason"):
        casework.cases.update_case(case.id, case.version, risk_level="high", oic_name="DC Example")
    unchanged = casework.cases.get_case(case.reference)
    assert (unchanged.risk_level, unchanged.oic_name, unchanged.version) == ("standard", None, case.version)
    changed = casework.cases.update_case(case.id, case.version, risk_level="medium", risk_reason="Seen outside work")
    assert (changed.risk_level, changed.risk_basis, changed.risk_reason) == ("medium", "judgement", "Seen outside work")
    # the reason alone can be corrected: the level stays, still a judgement
    again = casework.cases.update_case(changed.id, changed.version, risk_reason="Seen outside her work twice")
    assert (again.risk_level, again.risk_basis, again.risk_reason) == ("medium", "judgement", again.risk_reason)


# -- the command line ---------------------------------------------------------------------------


def test_case_new_with_a_risk_and_no_reason_is_one_sentence_and_opens_nothing(advocate: Advocate) -> None:
    result = advocate("case", "new", "Jo Example", "--risk", "high")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: A risk level set by hand needs the reason for your professional")
    assert "give it with --reason" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert json.loads(advocate("case", "list", "--json").stdout) == []


def test_the_level_is_judged_from_the_shell_and_shown_with_its_basis(advocate: Advocate) -> None:
    opened = advocate("case", "new", "Jo Example", "--risk", "medium", "--reason", "Follows her to work")
    assert "medium risk (by judgement)" in opened.stdout
    reference = opened.stdout.splitlines()[0]
    shown = advocate("risk", reference, "--level", "high", "--reason", REASON).stdout
    assert f"Risk level: high: professional judgement (test-advocate, 23 Nov 2026): {REASON}" in shown
    data = json.loads(advocate("risk", reference, "--show", "--json").stdout)
    assert data["basis"] == {
        "kind": "judgement",
        "reason": REASON,
        "set_by": "test-advocate",
        "set_on": "2026-11-23",
        "summary": f"high: professional judgement (test-advocate, 23 Nov 2026): {REASON}; no risk checklist done",
    }
    case = json.loads(advocate("case", "show", reference, "--json").stdout)
    assert (case["risk_basis"], case["risk_reason"]) == ("judgement", REASON)


@pytest.mark.parametrize(
    ("args", "sentence"),
    [
        (("--level", "high"), "A risk level set by hand needs the reason"),
        (("--reason", "Because"), "Use --reason together with --level"),
        (("--level", "extreme", "--reason", "Because"), "'extreme' is not a known risk level"),
    ],
    ids=["no-reason", "reason-alone", "unknown-level"],
)
def test_a_bad_level_from_the_shell_changes_nothing(advocate: Advocate, args: tuple[str, ...], sentence: str) -> None:
    reference = advocate("case", "new", "Jo Example", "-q").stdout.strip()
    before = advocate("case", "show", reference, "--json").stdout
    result = advocate("risk", reference, *args)
    assert result.exit_code == 1 and sentence in result.stderr and len(result.stderr.splitlines()) == 1
    assert advocate("case", "show", reference, "--json").stdout == before


# -- the report and letters ----------------------------------------------------------------------


def test_the_report_counts_levels_by_their_basis(casework: Casework) -> None:
    judged = casework.cases.create_case("Jo Example", risk="high", risk_reason=REASON).reference
    checked = casework.cases.create_case("Sam Sample").reference
    casework.risk.record_assessment(checked, "risk", answers(casework, 15))
    casework.cases.create_case("Kim Sample")
    report = casework.reports.report(date(2026, 11, 1), date(2026, 11, 30))
    section = report.section("risk_basis")
    assert section.columns == tuple(kind.label for kind in RiskBasisKind)
    assert report.figure("risk_basis", "High", 0) == 1  # by checklist
    assert report.figure("risk_basis", "High", 1) == 1  # by judgement
    assert report.figure("risk_basis", "Standard", 2) == 1  # not assessed
    casework.risk.record_assessment(judged, "risk", answers(casework, 14))
    report = casework.reports.report(date(2026, 11, 1), date(2026, 11, 30))
    assert (report.figure("risk_basis", "High", 0), report.figure("risk_basis", "High", 1)) == (2, 0)


def test_a_letter_states_the_judgement_and_its_reason_only_when_that_is_the_basis(casework: Casework) -> None:
    case = casework.cases.create_case("Jo Example", risk="high", risk_reason=REASON)
    reference = case.reference
    assert case.client is not None
    casework.parties.update_client(case.client.id, case.client.version, consent_refer=True)
    text = " ".join(draft(casework, reference, "housing-support").markdown.split())
    assert (
        f'is **high**, set on the professional judgement of Test Advocate on 23 November 2026 ("{REASON}"): '
        "no risk checklist has been completed yet."
    ) in text
    casework.risk.record_assessment(reference, "risk", answers(casework, 15))
    text = " ".join(draft(casework, reference, "housing-support").markdown.split())
    assert "professional judgement" not in text
    assert "risk is assessed as **high**: the risk checklist of 23 November 2026 found 15 risk factors" in text


# -- the upgrade ----------------------------------------------------------------------------------


def _assessment(assessment_id: int, case_id: int, band: str, day: date) -> dict[str, object]:
    at = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
    return {
        "id": assessment_id,
        "case_id": case_id,
        "checklist": "risk",
        "assessed_on": day,
        "assessor": "Sam Carter",
        "score": {"standard": 3, "medium": 11, "high": 15}[band],
        "band": band,
        "created_at": at,
        "updated_at": at,
    }


def test_the_upgrade_marks_each_level_with_its_basis_and_keeps_every_record(database_url: str) -> None:
    """Case 7 (high, no checklist) was set by hand; case 8's level is its latest checklist's; case 9's latest
    checklist gave medium but the case says high: set by hand too."""
    bare = open_database(database_url, migrate=False)
    try:
        migrations.upgrade(bare, FIRST)
        seed_first_schema(bare)
        migrations.upgrade(bare, "0008")  # before the trail's baseline of 0009, so these rows are in the trail
        metadata = MetaData()
        with bare.engine.begin() as connection:
            metadata.reflect(connection)
            seven = connection.execute(
                select(metadata.tables["case_file"]).where(metadata.tables["case_file"].c.id == 7)
            )
            template = dict(seven.one()._mapping)
            for case_id, level in ((8, "medium"), (9, "high")):
                connection.execute(
                    metadata.tables["case_file"].insert(),
                    template | {"id": case_id, "reference": f"STK-2026-00{case_id}0", "risk_level": level},
                )
            connection.execute(
                metadata.tables["risk_assessment"].insert(),
                [
                    _assessment(1, 8, "high", date(2026, 10, 1)),
                    _assessment(2, 8, "medium", date(2026, 11, 1)),
                    _assessment(3, 9, "high", date(2026, 10, 1)),
                    _assessment(4, 9, "medium", date(2026, 11, 1)),
                ],
            )
        migrations.upgrade(bare, "0011")
        before = dump(bare)
    finally:
        bare.dispose()
    database: Database = open_database(database_url)
    try:
        after = dump(database)
        assert_kept(before, after)
        assert {row["id"]: row["risk_basis"] for row in after["case_file"]} == {
            7: "unrecorded",
            8: "checklist",
            9: "unrecorded",
        }
        assert {row["id"]: row["risk_level"] for row in after["case_file"]} == {7: "high", 8: "medium", 9: "high"}
        with database.reader() as session:
            assert audit.verify(session).breaks == ()
        casework = Casework(database, user="Test Advocate", areas=("City", "County"))
        assert casework.risk.risk_overview("STK-2026-0042").basis.summary == (
            "high: set by hand, no basis recorded; no risk checklist done"
        )
    finally:
        database.dispose()
