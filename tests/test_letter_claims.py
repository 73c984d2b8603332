"""Every statement in a letter is true of the record: each fact is flipped on a fictional case and
the sentence that states it is seen to change, in every built-in template that states it."""

import io
from dataclasses import replace
from datetime import datetime
from typing import Any

import docx
import pytest
from conftest import Advocate
from letter_cases import full_case

from advocate_tui.output.letters.context import MissingDataError
from advocate_tui.output.letters.documents import draft
from advocate_tui.rules.errors import InvalidInputError
from advocate_tui.rules.routes import DEFAULT_MARAC, Routes
from advocate_tui.services.casework import Casework

#: The templates that state the risk level.
RISK_TEMPLATES = [
    "employer-letter",
    "home-security-referral",
    "housing-support",
    "marac-referral",
    "non-molestation-draft",
    "restraining-order-request",
    "spo-request",
]
#: The templates that speak of the client as "her", "him" or "them".
PRONOUN_SENTENCES = {
    "counselling-referral": "I would like to refer {them} for counselling",
    "home-security-referral": "I am referring {them} for a home security assessment",
    "employer-letter": "the people who need it to keep {them} safe",
    "housing-support": "in support of {their} housing application",
    "spo-request": "or pictures of {them}, online",
    "restraining-order-request": "or pictures of {them}, online",
}
NOT_ASSESSED = (
    'set on the professional judgement of Test Advocate on 23 November 2026 ("Threats to kill in the police '
    'referral"): no risk checklist has been completed yet'
)


@pytest.fixture
def sqlite_casework(sqlite_casework: Casework) -> Casework:
    """A service whose MARAC counts only incidents reported to the police towards escalation (a
    ``[routes.marac] count = "reported"`` setting), so the full case meets the repeat criterion only."""
    police = Routes(marac=replace(DEFAULT_MARAC, police_only=True))
    return Casework(sqlite_casework.db, user=sqlite_casework.user, areas=sqlite_casework.areas, routes=police)


def letter(casework: Casework, ref: str, template: str) -> str:
    return " ".join(draft(casework, ref, template).markdown.split())


def update_client(casework: Casework, ref: str, **values: Any) -> None:
    client = casework.cases.get_case(ref).client
    assert client is not None
    casework.parties.update_client(client.id, client.version, **values)


def update_case(casework: Casework, ref: str, **values: Any) -> None:
    case = casework.cases.get_case(ref)
    casework.cases.update_case(case.id, case.version, **values)


def checklist(casework: Casework, ref: str, yes: int) -> None:
    """A risk checklist of today with ``yes`` Yes answers."""
    items = casework.risk.checklist("risk").items
    casework.risk.record_assessment(ref, "risk", {item.key: "y" if n < yes else "n" for n, item in enumerate(items)})


# -- the risk level and what it rests on --------------------------------------------------------


@pytest.mark.parametrize("template", RISK_TEMPLATES)
def test_a_level_set_by_hand_is_never_called_an_assessment(sqlite_casework: Casework, template: str) -> None:
    ref = full_case(sqlite_casework)  # risk set to high by hand when the case was opened; no checklist
    text = letter(sqlite_casework, ref, template)
    assert f"The risk level on record for Jo is **high**, {NOT_ASSESSED}." in text
    assert "risk is assessed as" not in text and "places Jo at high risk" not in text


@pytest.mark.parametrize("template", RISK_TEMPLATES)
@pytest.mark.parametrize(("yes", "level"), [(15, "high"), (11, "medium")])
def test_a_checklist_is_named_with_its_date_and_score(
    sqlite_casework: Casework, template: str, yes: int, level: str
) -> None:
    ref = full_case(sqlite_casework)
    checklist(sqlite_casework, ref, yes)
    text = letter(sqlite_casework, ref, template)
    found = f"the risk checklist of 23 November 2026 found {yes} risk factors"
    if template == "marac-referral" and level == "high":  # stated once, as the criterion it meets
        assert f"**Visible high risk**: {found} (14 or more is visible high risk)." in text
    else:
        assert f"Jo's risk is assessed as **{level}**: {found} (14 or more is high)." in text
    assert NOT_ASSESSED not in text


@pytest.mark.parametrize("template", RISK_TEMPLATES)
def test_a_level_raised_by_hand_above_the_checklist_says_so(sqlite_casework: Casework, template: str) -> None:
    ref = full_case(sqlite_casework)
    checklist(sqlite_casework, ref, 5)
    update_case(sqlite_casework, ref, risk_level="high", risk_reason="Turned up at her work")
    text = letter(sqlite_casework, ref, template)
    assert (
        "The risk level on record for Jo is **high**, set on the professional judgement of Test Advocate on "
        '23 November 2026 ("Turned up at her work"): the latest risk checklist, of 23 November 2026, found 5 '
        "risk factors, which is standard."
    ) in text


def test_risk_show_gives_the_same_basis(sqlite_casework: Casework, sqlite_advocate: Advocate) -> None:
    ref = full_case(sqlite_casework)
    shown = sqlite_advocate("risk", ref, "--show").stdout
    assert (
        "Risk level: high: professional judgement (Test Advocate, 23 Nov 2026): Threats to kill in the police "
        "referral; no risk checklist done"
    ) in shown
    checklist(sqlite_casework, ref, 15)
    shown = sqlite_advocate("risk", ref, "--show").stdout
    assert "Risk level: high: Risk checklist of 23 Nov 2026, 15 Yes" in shown


# -- MARAC: criteria, judgement, consent, domestic ---------------------------------------------------


def test_professional_judgement_is_stated_only_when_flagged_and_with_its_reason(sqlite_casework: Casework) -> None:
    ref = full_case(sqlite_casework)  # meets the repeat-referral criterion only
    text = letter(sqlite_casework, ref, "marac-referral")
    assert "Professional judgement" not in text and "for the reasons below" not in text
    sqlite_casework.risk.set_referral_judgement(ref, "Threatened to burn the house down on 20 Nov.")
    text = letter(sqlite_casework, ref, "marac-referral")
    assert "**Professional judgement**: Threatened to burn the house down on 20 Nov." in text
    assert "The case meets 2 referral criteria:" in text


def test_visible_high_risk_follows_the_checklist_score(sqlite_casework: Casework) -> None:
    ref = full_case(sqlite_casework)
    checklist(sqlite_casework, ref, 13)
    assert "Visible high risk" not in letter(sqlite_casework, ref, "marac-referral")
    checklist(sqlite_casework, ref, 14)
    text = letter(sqlite_casework, ref, "marac-referral")
    assert (
        "**Visible high risk**: the risk checklist of 23 November 2026 found 14 risk factors (14 or more is visible high risk)."
    ) in text


def test_a_referral_meeting_no_criterion_is_refused(sqlite_casework: Casework) -> None:
    ref = full_case(sqlite_casework, referred_on=None)
    with pytest.raises(MissingDataError, match=f"A referral criterion is not met on {ref}: complete the risk"):
        draft(sqlite_casework, ref, "marac-referral")


def test_escalation_counts_what_risk_show_counts(sqlite_casework: Casework) -> None:
    ref = full_case(sqlite_casework)  # one incident reported to the police (2 Nov 2026)
    sqlite_casework.log.add_incident(
        ref, "Messages all night.", datetime(2025, 10, 1, 22, 0), ["messages"], police_reported_on="2025-10-02"
    )  # reported more than 12 months ago: not counted
    sqlite_casework.log.add_incident(
        ref, "Messages again.", datetime(2026, 11, 18, 22, 0), ["messages"], police_reported_on="2026-11-19"
    )
    assert "Potential escalation" not in letter(sqlite_casework, ref, "marac-referral")
    sqlite_casework.log.add_incident(
        ref, "Followed home.", datetime(2026, 11, 20, 17, 0), ["following"], police_reported_on="2026-11-20"
    )
    text = letter(sqlite_casework, ref, "marac-referral")
    escalation = next(c for c in sqlite_casework.risk.risk_overview(ref).criteria if c.key == "potential-escalation")
    assert escalation.met and escalation.count == 3
    assert "**Potential escalation**: 3 incidents reported to the police in the last 12 months" in text


@pytest.mark.parametrize(
    ("consent", "judgement", "sentence"),
    [
        (
            {"consent_refer": True, "consent_refer_on": "2026-11-01"},
            None,
            "Consent: Jo knows about this referral and agreed to it on 1 November 2026.",
        ),
        (
            {"consent_refer": False, "consent_refer_on": "2026-11-05"},
            "Threats to kill.",
            "Consent: Jo was asked on 5 November 2026 and did not agree to this referral. It is made without her "
            "consent because of the risk of serious harm set out under professional judgement above.",
        ),
        (
            {"consent_refer": False, "consent_refer_on": None},
            "Threats to kill.",
            "Consent: Jo's consent to this referral is not recorded. It is made without it because of the risk",
        ),
    ],
    ids=["given", "refused", "not-asked"],
)
def test_the_consent_sentence_follows_the_record(
    sqlite_casework: Casework, consent: dict[str, Any], judgement: str | None, sentence: str
) -> None:
    ref = full_case(sqlite_casework)
    update_client(sqlite_casework, ref, **consent)
    if judgement:
        sqlite_casework.risk.set_referral_judgement(ref, judgement)
    text = letter(sqlite_casework, ref, "marac-referral")
    assert sentence in text
    assert "the reason is recorded on the case" not in text


@pytest.mark.parametrize("on", ["2026-11-05", None], ids=["refused", "not-asked"])
def test_no_consent_and_no_reason_refuses_the_referral(sqlite_casework: Casework, on: str | None) -> None:
    ref = full_case(sqlite_casework)
    update_client(sqlite_casework, ref, consent_refer=False, consent_refer_on=on)
    with pytest.raises(MissingDataError, match="or a reason to make it without consent, is not recorded"):
        draft(sqlite_casework, ref, "marac-referral")


def test_marac_takes_domestic_cases_only(sqlite_casework: Casework) -> None:
    ref = full_case(sqlite_casework)
    assert "Domestic abuse case: yes" in letter(sqlite_casework, ref, "marac-referral")
    perpetrator = sqlite_casework.cases.get_case(ref).perpetrators[0]
    sqlite_casework.parties.update_perpetrator(perpetrator.id, perpetrator.version, relationship="neighbour")
    with pytest.raises(InvalidInputError, match="is for domestic cases .MARAC. and this case is non-domestic"):
        draft(sqlite_casework, ref, "marac-referral")


def test_housing_letter_says_domestic_abuse_only_when_it_is(sqlite_casework: Casework) -> None:
    ref = full_case(sqlite_casework)
    text = letter(sqlite_casework, ref, "housing-support")
    assert "(her ex-partner); this is domestic abuse." in text and "homeless as a result of domestic abuse" in text
    perpetrator = sqlite_casework.cases.get_case(ref).perpetrators[0]
    sqlite_casework.parties.update_perpetrator(perpetrator.id, perpetrator.version, relationship="colleague")
    text = letter(sqlite_casework, ref, "housing-support")
    assert "domestic abuse" not in text
    assert "an assessment that recognises how vulnerable the stalking has made her" in text


# -- where incidents happened ------------------------------------------------------------------------------


def home_case(casework: Casework, at_home: bool) -> str:
    ref = casework.cases.create_case("Ash Fiction", relationship="stranger", perpetrator_name="Lee Madeup").reference
    update_client(casework, ref, consent_refer=True, consent_refer_on="2026-11-01", pronouns="he/him")
    for day in (3, 10, 17):
        casework.log.add_incident(
            ref, "Stood and stared.", datetime(2026, 11, day, 8, 15), ["loitering"], location="Bus stop on Mill Road"
        )
    if at_home:
        casework.log.add_incident(
            ref, "Rang the doorbell.", datetime(2026, 11, 20, 19, 40), ["turning-up-home", "watching"]
        )
    return ref


def test_home_security_counts_only_incidents_logged_at_the_home(sqlite_casework: Casework) -> None:
    ref = home_case(sqlite_casework, at_home=False)
    text = letter(sqlite_casework, ref, "home-security-referral")
    assert "At or around the home" not in text and "loitering 3 times" not in text
    assert "The log does not place any incident at the home: none of the 3 incidents logged" in text
    assert '- 3 November 2026 at 08:15: loitering, place recorded as "Bus stop on Mill Road"' in letter_lines(
        sqlite_casework, ref, "home-security-referral"
    )
    ref = home_case(sqlite_casework, at_home=True)
    text = letter(sqlite_casework, ref, "home-security-referral")
    assert "The log records the perpetrator at the home once: - 20 November 2026 at 19:40: turning up at the home" in (
        text
    )


def test_housing_letter_says_the_home_is_known_only_from_incidents_there(sqlite_casework: Casework) -> None:
    ref = home_case(sqlite_casework, at_home=False)
    assert "knows where" not in letter(sqlite_casework, ref, "housing-support")
    ref = home_case(sqlite_casework, at_home=True)
    assert (
        "The log records the perpetrator turning up at the home once, most recently on 20 November 2026, so the "
        "perpetrator knows where Ash Fiction lives."
    ) in letter(sqlite_casework, ref, "housing-support")


def letter_lines(casework: Casework, ref: str, template: str) -> list[str]:
    return draft(casework, ref, template).markdown.splitlines()


# -- pronouns, names and words -------------------------------------------------------------------------


@pytest.mark.parametrize("template", sorted(PRONOUN_SENTENCES))
@pytest.mark.parametrize(
    ("pronouns", "them", "their"),
    [
        ("she/her", "her", "her"),
        ("He/Him", "him", "his"),
        ("they/them", "them", "their"),
        ("ze/zir", "Jo", "Jo's"),
        (None, "Jo", "Jo's"),
    ],
)
def test_pronouns_are_the_clients_own(
    sqlite_casework: Casework, template: str, pronouns: str | None, them: str, their: str
) -> None:
    ref = full_case(sqlite_casework)
    update_client(sqlite_casework, ref, pronouns=pronouns)
    assert PRONOUN_SENTENCES[template].format(them=them, their=their) in letter(sqlite_casework, ref, template)


def test_behaviours_read_as_english(sqlite_casework: Casework) -> None:
    ref = full_case(sqlite_casework)
    sqlite_casework.log.add_incident(ref, "At the office again.", datetime(2026, 11, 19, 8, 0), ["turning-up-work"])
    chronology = letter(sqlite_casework, ref, "incident-chronology")
    assert "| Letters or gifts | 1 |" in chronology and "| Tracking by GPS | 1 |" in chronology
    assert "Letters gifts" not in chronology and "Tracking GPS" not in chronology
    employer = letter(sqlite_casework, ref, "employer-letter")
    assert "place of work or study twice, most recently on 19 November 2026." in employer
    assert "2 times" not in employer


# -- the SPO request: the three conditions and the interim order ---------------------------------------


def test_spo_request_sets_the_evidence_against_the_three_conditions(sqlite_casework: Casework) -> None:
    ref = full_case(sqlite_casework)
    lines = letter_lines(sqlite_casework, ref, "spo-request")
    headings = [line for line in lines if line.startswith("### ")]
    assert headings == [
        "### 1. Alex Notreal has carried out acts associated with stalking",
        "### 2. Alex Notreal poses a risk associated with stalking to Jo",
        "### 3. An order is necessary to protect Jo from that risk",
    ]
    text = " ".join(lines)
    assert "Orders already in force: Bail conditions. They have not stopped the behaviour" in text


@pytest.mark.parametrize("recent", [True, False], ids=["escalating", "quiet"])
def test_an_interim_order_is_asked_for_only_when_the_log_shows_escalation(
    sqlite_casework: Casework, recent: bool
) -> None:
    ref = sqlite_casework.cases.create_case("Sam Fiction", perpetrator_name="Rob Madeup").reference
    update_case(sqlite_casework, ref, oic_name="DC Fictional")
    sqlite_casework.log.add_incident(ref, "Calls.", datetime(2026, 6, 1, 20, 0), ["calls"])
    when = datetime(2026, 11, 20, 21, 0) if recent else datetime(2026, 7, 1, 21, 0)
    sqlite_casework.log.add_incident(ref, "Said he would hurt me.", when, ["threats"])
    text = letter(sqlite_casework, ref, "spo-request")
    if recent:
        assert "and for an interim order to protect Sam" in text
        assert "- First threats logged (20 Nov 2026)" in text
        assert "I ask that the police apply for an interim order (section 5 of the Act)" in text
    else:
        assert "interim order to protect" not in text
        assert "The log does not show the behaviour escalating now, so I am not asking for an interim order" in text


@pytest.mark.parametrize(
    ("consent", "sentence"),
    [
        ({"consent_share_police": True}, "Jo has agreed to this information being shared with the police"),
        (
            {"consent_share_police": False, "consent_share_police_on": "2026-11-03"},
            "Jo did not agree to this information being shared with the police when asked on 3 November 2026",
        ),
        (
            {"consent_share_police": False, "consent_share_police_on": None},
            "Jo's consent to sharing this information with the police is not recorded",
        ),
    ],
    ids=["given", "refused", "not-asked"],
)
def test_the_police_consent_sentence_follows_the_record(
    sqlite_casework: Casework, consent: dict[str, Any], sentence: str
) -> None:
    ref = full_case(sqlite_casework)
    update_client(sqlite_casework, ref, **consent)
    assert sentence in letter(sqlite_casework, ref, "spo-request")


# -- the witness statement ------------------------------------------------------------------------------


def test_witness_statement_is_laid_out_for_the_court_as_prompts_for_the_client(sqlite_casework: Casework) -> None:
    ref = full_case(sqlite_casework)
    sqlite_casework.court.add_hearing(
        ref,
        datetime(2026, 12, 10, 10, 0),
        "Northshire Family Court",
        "non-molestation-hearing",
        court_case_number="NS26F0042",
    )
    made = draft(sqlite_casework, ref, "witness-statement")
    lines = made.markdown.splitlines()
    assert made.furniture.letterhead == () and made.furniture.word_letterhead is None
    assert lines[0] == "**In the Family Court sitting at Northshire Family Court**"
    heading = [line for line in lines[:10] if line.startswith("- ")]
    assert heading == [
        "- Case number: NS26F0042",
        "- Applicant: Jo Example",
        "- Respondent: Alex Notreal",
        "- Statement of: Jo Example, the applicant",
        "- Statement number: 1",
        "- Exhibits: JE1 to JE2",
        "- Date: the day it is signed",
    ]
    paragraphs = [line for line in lines if line[:3] in {f"{n}. " for n in range(1, 10)}]
    assert paragraphs[0].startswith("1. I am the applicant.")
    incidents = paragraphs[2:5]
    assert [p.split(", [")[0] for p in incidents] == [
        "3. On 1 November 2026 at 21:30",
        "3. On 10 November 2026 at about 18:00",
        "3. On 15 November 2026 at 09:00",
    ]
    assert all(p.endswith("Say how it affected you.]") for p in incidents)
    assert "exhibit JE1" in incidents[0] and "exhibit JE2" in incidents[2]
    text = made.markdown
    for note in ("Waited outside the house", "Forty calls", "Flowers left at work", "the client's"):
        assert note not in " ".join(incidents), f"the advocate's note {note!r} is pasted into the statement"
    assert "| JE1 | Doorbell video" in text and "| JE2 | Flowers and note" in text
    assert "## Statement of truth" in text and "Signed: ____" in text and "Name: Jo Example" in text
    assert "OFFICIAL-SENSITIVE" not in text and "Yours sincerely" not in text


def test_witness_statement_word_file_has_no_letterhead(sqlite_casework: Casework) -> None:
    ref = full_case(sqlite_casework)
    made = draft(sqlite_casework, ref, "witness-statement")
    document = docx.Document(io.BytesIO(made.file("docx")))
    header = " ".join(p.text for p in document.sections[0].header.paragraphs)
    assert "Stalking Advocacy Service" not in header
    assert document.paragraphs[0].text == "In the Family Court"
