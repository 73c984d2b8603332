"""The information-sharing record and the do-not-disclose list."""

from pathlib import Path

from conftest import Advocate
from letter_cases import full_case

from advocate_tui.rules import clock
from advocate_tui.services.casework import Casework


def test_a_document_for_someone_else_is_recorded_as_a_disclosure(
    casework: Casework, advocate: Advocate, tmp_path: Path
) -> None:
    reference = full_case(casework)
    assert advocate("letter", reference, "housing-support", "--out", str(tmp_path)).exit_code == 0
    assert advocate("letter", reference, "safety-plan-summary", "--out", str(tmp_path)).exit_code == 0  # for the client
    [disclosure] = casework.sharing.sharing_record(reference).disclosures
    assert disclosure.recipient == "Housing, Mo Housing, Northshire Homes"
    assert disclosure.what == "Housing support letter (docx)"
    assert (disclosure.basis, disclosure.condition) == ("consent", "explicit-consent")  # consented to referrals
    assert not disclosure.basis_to_review
    assert disclosure.shared_by == "test-advocate" and disclosure.document_id is not None
    shown = advocate("sharing", "show", reference).stdout
    assert "to Housing, Mo Housing, Northshire Homes  by test-advocate\n" in shown
    assert "      basis: Consent; explicit consent of the client\n" in shown


def test_without_recorded_consent_the_basis_is_flagged_for_checking(casework: Casework) -> None:
    from advocate_tui.output.letters.documents import draft, save

    case = casework.cases.create_case("Jo Example", relationship="ex-partner", perpetrator_name="Alex Notreal")
    casework.cases.update_case(case.id, case.version, oic_name="DC Sample")
    casework.log.add_incident(case.reference, "Waited outside", clock.now(), ["loitering"])
    save(casework, draft(casework, case.reference, "spo-request"), "md")
    [disclosure] = casework.sharing.sharing_record(case.reference).disclosures
    assert disclosure.recipient == "Police, DC Sample"
    assert (disclosure.basis, disclosure.condition, disclosure.basis_to_review) == (None, None, True)
    assert disclosure.why.endswith("No consent to share is recorded: record the lawful basis.")
    confirmed = casework.sharing.confirm_basis(
        case.reference, disclosure.id or 0, "legitimate interests", "safeguarding"
    )
    assert (confirmed.basis, confirmed.condition, confirmed.basis_to_review) == (
        "legitimate-interests",
        "safeguarding",
        False,
    )


def test_one_document_saved_in_several_formats_is_one_disclosure(casework: Casework, tmp_path: Path) -> None:
    from advocate_tui.output.letters.documents import draft, save

    reference = full_case(casework)
    letter = draft(casework, reference, "housing-support")
    for fmt in ("docx", "md", "txt"):
        save(casework, letter, fmt, out=tmp_path)
    assert len(casework.documents.list_documents(reference)) == 3
    [disclosure] = casework.sharing.sharing_record(reference).disclosures
    assert disclosure.what == "Housing support letter (docx, md, txt)"
    save(
        casework, letter, "md", markdown=letter.markdown + "\nA line added.\n", out=tmp_path
    )  # an edit: another document
    save(casework, draft(casework, reference, "housing-support"), "md", out=tmp_path)  # drafted again: another
    whats = [d.what for d in casework.sharing.sharing_record(reference).disclosures]
    assert whats == ["Housing support letter (docx, md, txt)", *["Housing support letter (md)"] * 2]


def test_disclosures_made_outside_the_program_are_added_by_hand(advocate: Advocate) -> None:
    reference = advocate("case", "new", "-q", "Jo Example").stdout.strip()
    result = advocate(
        "sharing",
        "add",
        reference,
        "--to",
        "MARAC, by secure email",
        "--what",
        "Risk checklist and chronology",
        "--why",
        "Visible high risk",
        "--basis",
        "legitimate-interests",
        "--condition",
        "safeguarding",
        "--on",
        "yesterday 14:00",
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        f"Recorded on {reference}: shared with MARAC, by secure email (Legitimate interests; safeguarding of "
        "children and of individuals at risk), 22 Nov 2026 14:00.\n"
    )
    shown = advocate("sharing", "show", reference).stdout
    assert "22 Nov 2026 14:00  to MARAC, by secure email  by test-advocate\n" in shown
    assert "what:  Risk checklist and chronology" in shown and "why:   Visible high risk" in shown
    bad = advocate("sharing", "add", reference, "--to", "MARAC", "--what", "x", "--why", "y", "--basis", "safeguarding")
    assert bad.exit_code == 1
    assert bad.stderr == (
        "Error: 'safeguarding' is not a known Article 6 lawful basis: use one of consent, contract, "
        "legal-obligation, vital-interests, public-task, legitimate-interests.\n"
    )
    assert advocate("sharing", "show", reference).stdout.count("\n  #") == 1  # nothing written on refusal


def test_a_disclosure_to_review_is_confirmed_from_the_shell(casework: Casework, advocate: Advocate) -> None:
    from advocate_tui.output.letters.documents import draft, save

    case = casework.cases.create_case("Jo Example", relationship="ex-partner", perpetrator_name="Alex Notreal")
    casework.cases.update_case(case.id, case.version, oic_name="DC Sample")
    casework.log.add_incident(case.reference, "Waited outside", clock.now(), ["loitering"])
    save(casework, draft(casework, case.reference, "spo-request"), "md")
    [disclosure] = casework.sharing.sharing_record(case.reference).disclosures
    shown = advocate("sharing", "show", case.reference).stdout
    assert "basis: Article 6 basis not recorded; no condition (to review)" in shown
    assert f"1 to review: confirm each with `advocate sharing confirm {case.reference} N" in shown
    wrong = advocate("sharing", "confirm", case.reference, "999", "--basis", "public-task")
    assert (
        wrong.exit_code == 1 and wrong.stderr == f"Error: {case.reference} has no disclosure 999: check its number.\n"
    )
    done = advocate(
        "sharing",
        "confirm",
        case.reference,
        str(disclosure.id),
        "--basis",
        "public-task",
        "--condition",
        "preventing-unlawful-acts",
    )
    assert done.stdout == (
        f"Disclosure #{disclosure.id} on {case.reference}: Public task; preventing or detecting unlawful acts.\n"
    )
    assert "to review" not in advocate("sharing", "show", case.reference).stdout


def test_a_document_for_someone_on_the_do_not_disclose_list_is_refused(
    casework: Casework, advocate: Advocate, tmp_path: Path
) -> None:
    reference = full_case(casework)
    blocked = advocate("sharing", "block", reference, "mo housing", "--reason", "the perpetrator's cousin")
    assert blocked.stdout == f"Nothing about {reference} will be made for mo housing.\n"
    folder = tmp_path / "letters"
    folder.mkdir()
    result = advocate("letter", reference, "housing-support", "--out", str(folder))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {reference} must not be disclosed to mo housing (the perpetrator's cousin), and a "
        "document for housing would go to Mo Housing: it was not made. Check the agency contacts, "
        "or choose another template.\n"
    )
    assert list(folder.iterdir()) == [] and casework.documents.list_documents(reference) == []
    assert (
        advocate("letter", reference, "counselling-referral", "--out", str(folder)).exit_code == 0
    )  # others still can
    assert advocate("sharing", "unblock", reference, "Mo Housing").exit_code == 0
    assert advocate("letter", reference, "housing-support", "--out", str(folder)).exit_code == 0


def test_a_name_is_listed_once(advocate: Advocate) -> None:
    reference = advocate("case", "new", "-q", "Jo Example").stdout.strip()
    advocate("sharing", "block", reference, "Dana Sample")
    again = advocate("sharing", "block", reference, "dana  sample")
    assert again.stderr == f"Error: dana sample is already on the do-not-disclose list of {reference}.\n"
    missing = advocate("sharing", "unblock", reference, "Someone Else")
    assert missing.stderr == f"Error: Someone Else is not on the do-not-disclose list of {reference}.\n"
