"""Outcome measures at intake and exit, and equality monitoring: each report figure against a small caseload
counted by hand, "not asked" and "declined" kept apart, erased cases counted as before, and bad input refused
in one sentence."""

import json
from dataclasses import dataclass
from datetime import date

import pytest
from conftest import Advocate
from sqlalchemy import update
from sqlmodel import select

from advocate_tui.rules.equality import parse_equality
from advocate_tui.rules.errors import InvalidInputError
from advocate_tui.services.case_json import case_json
from advocate_tui.services.casework import Casework
from advocate_tui.services.reports import Report, keep_statistics
from advocate_tui.storage.models import Case

START, END = date(2026, 11, 1), date(2026, 11, 30)  # every case here is referred and closed on 23 Nov 2026


@dataclass
class Outcomes:
    a: str  # everything answered: safer, quality the same, risk lower, calls stopped and following increased
    b: str  # declined feeling safe and the behaviours at intake; quality worse, risk higher
    c: str  # nothing asked at intake; quality declined at exit; the closing review skipped
    d: str  # closed before the questions existed: nothing recorded at all
    e: str  # messages (declined at exit) and threats (not asked at exit); review skipped
    f: str  # open: counted among referrals only


def make_outcomes(casework: Casework) -> Outcomes:
    new, close = casework.cases.create_case, casework.cases.close_case
    a = new(
        "Client A",
        risk="high",
        risk_reason="Threats to kill",
        feels_safe=2,
        quality_of_life=3,
        behaviours="calls,following",
        equality={"ethnicity": "white-irish", "sex": "female"},
    ).reference
    close(
        a,
        "support-complete",
        feels_safe=4,
        quality_of_life="3",
        risk_at_exit="medium",
        behaviour_outcomes="calls=stopped,following=increased",
    )
    b = new(
        "Client B",
        feels_safe="declined",
        quality_of_life=4,
        behaviours="declined",
        equality={"ethnicity": "prefer not to say", "sex": "Male"},
    ).reference
    close(b, "support-complete", feels_safe=3, quality_of_life=2, risk_at_exit="high")
    c = new("Client C").reference
    close(c, "unable-to-contact", feels_safe=5, quality_of_life="declined")
    d = new("Client D", equality={"ethnicity": "white-irish"}).reference
    close(d, "moved-away")
    with casework.db.session() as session:  # as the upgrade leaves a case closed before the questions existed
        session.exec(update(Case).where(Case.reference == d).values(risk_at_closure=None))  # type: ignore[call-overload]
    e = new("Client E", behaviours=["messages", "threats"], equality={"age_band": "25-34"}).reference
    close(e, "transferred", behaviour_outcomes="messages=declined")
    f = new("Client F").reference
    client = casework.cases.get_case(f).client
    assert client is not None
    casework.parties.update_client(client.id, client.version, date_of_birth="1990-05-17", age_band="18-24")
    return Outcomes(a, b, c, d, e, f)


def table(report: Report, key: str) -> dict[str, tuple]:
    return {row.label: row.values for row in report.section(key).rows}


def test_each_outcome_figure_counts_what_its_definition_says(casework: Casework) -> None:
    make_outcomes(casework)
    report = casework.reports.report(START, END)
    assert report.figure("summary", "Cases closed") == 5
    columns = ("Better", "Same", "Worse", "Declined", "Not asked")
    assert report.section("outcome_scales").columns == columns
    assert table(report, "outcome_scales") == {
        "Feeling safe": (1, 0, 0, 1, 3),  # a 2->4; b declined at intake; c, d, e not asked at one end or both
        "Quality of life": (0, 1, 1, 1, 2),  # a 3->3; b 4->2; c declined at exit; d, e not asked
    }
    assert table(report, "outcome_risk") == {
        "Lower than at intake": (1,),  # a: high -> medium
        "Same as at intake": (0,),
        "Higher than at intake": (0,),
        "No level recorded at intake": (1,),  # b: no level judged at intake and no checklist (not "standard")
        "Closing review skipped": (2,),  # c, e
        "Not asked": (1,),  # d, closed before the review was offered
    }
    assert report.section("outcome_behaviours").columns == (
        "Stopped",
        "Reduced",
        "Stayed the same",
        "Increased",
        "Declined",
        "Not asked",
    )
    assert table(report, "outcome_behaviours") == {
        "Following": (0, 0, 0, 1, 0, 0),
        "Calls": (1, 0, 0, 0, 0, 0),
        "Messages": (0, 0, 0, 0, 1, 0),
        "Threats": (0, 0, 0, 0, 0, 1),
    }
    assert table(report, "outcome_behaviours_asked") == {
        "Named the behaviours": (2,),  # a, e
        "Declined to say": (1,),  # b
        "Not asked": (2,),  # c, d
    }


def test_each_equality_figure_counts_the_referrals(casework: Casework) -> None:
    make_outcomes(casework)
    report = casework.reports.report(START, END)
    assert report.figure("summary", "Referrals received") == 6
    ethnicity = table(report, "ethnicity")
    assert ethnicity["White: Irish"] == (2,)  # a, d
    assert (ethnicity["Prefer not to say"], ethnicity["Not asked"]) == ((1,), (3,))  # b; c, e, f
    assert sum(values[0] for values in ethnicity.values()) == 6
    sex = table(report, "sex")
    assert sex == {"Female": (1,), "Male": (1,), "Prefer not to say": (0,), "Not asked": (4,)}
    assert table(report, "religion")["Not asked"] == (6,)
    age = table(report, "age")
    # e asked (no date of birth); f's date of birth wins over the band asked; the others have neither
    assert (age["25-34"], age["35-44"], age["18-24"], age["Not recorded"]) == ((1,), (1,), (0,), (4,))
    assert table(report, "interpreter") == {"Interpreter needed": (0,), "No interpreter needed": (6,)}


def test_erased_cases_keep_their_outcomes_and_equality_answers(casework: Casework) -> None:
    load = make_outcomes(casework)
    before = casework.reports.report(START, END)
    with casework.db.session() as session:
        for reference in (load.a, load.b, load.e):
            case = session.exec(select(Case).where(Case.reference == reference)).one()
            keep_statistics(session, case.id)
            session.delete(case)
    after = casework.reports.report(START, END)
    assert after.sections == before.sections


def test_not_asked_and_declined_read_apart(casework: Casework) -> None:
    load = make_outcomes(casework)
    measures = {
        ref: case_json(casework.cases.get_case(ref), [])["outcome_measures"] for ref in (load.b, load.c, load.d)
    }
    assert measures[load.b]["feels_safe_at_intake"] == "declined"
    assert measures[load.c]["feels_safe_at_intake"] == "not asked"
    assert measures[load.c]["quality_of_life_at_exit"] == "declined"
    assert measures[load.b]["quality_of_life_at_exit"] == "2 of 5"
    assert (measures[load.b]["behaviours_at_intake"], measures[load.c]["behaviours_at_intake"]) == (
        "declined",
        "not asked",
    )
    assert (measures[load.c]["risk_at_exit"], measures[load.d]["risk_at_exit"]) == ("review skipped", "not asked")


def test_case_show_gives_the_measures_and_the_equality_answers(advocate: Advocate) -> None:
    reference = advocate(
        "case", "new", "Jo Example", "-q", "--feels-safe", "declined", "--behaviours", "calls",
        "--equality", "religion=prefer-not-to-say", "--equality", "ethnicity=White: Irish",
    ).stdout.strip()  # fmt: skip
    closed = advocate(
        "case", "close", reference, "--reason", "support-complete", "--quality-of-life", "4",
        "--behaviour-outcome", "calls=reduced",
    )  # fmt: skip
    assert closed.exit_code == 0, closed.stderr
    assert closed.stdout.splitlines()[1:] == [
        "Outcome: quality of life (1-5): 4.",
        "Risk at exit: review skipped.",
    ]
    shown = advocate("case", "show", reference).stdout
    for line in (
        "Ethnic group           White: Irish",
        "Religion or belief     Prefer not to say",
        "Sexual orientation     Not asked",
        "Feels safe             declined / not asked",
        "Quality of life        not asked / 4 of 5",
        "Behaviours             calls (reduced)",
        "Risk at exit           review skipped",
    ):
        assert f"  {line}\n" in shown
    data = json.loads(advocate("case", "show", reference, "--json").stdout)
    assert (data["client"]["ethnicity"], data["client"]["religion"], data["client"]["sex"]) == (
        "white-irish",
        "prefer-not-to-say",
        None,
    )
    assert data["intake_behaviours"] == [{"behaviour": "calls", "outcome_at_exit": "reduced"}]
    edited = advocate("case", "edit", reference, "--set", "client.sex=female", "--set", "client.age_band=65 and over")
    assert edited.exit_code == 0, edited.stderr
    data = json.loads(advocate("case", "show", reference, "--json").stdout)
    assert (data["client"]["sex"], data["client"]["age_band"]) == ("female", "65 and over")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["case", "new", "Jo Example", "--quality-of-life", "6"],
            "Error: The answer to 'how is your quality of life?' at intake must be a whole number from 1 (very poor) "
            "to 5 (very good), or declined, not '6'.",
        ),
        (
            ["case", "new", "Jo Example", "--equality", "ethnicity=martian"],
            "Error: 'martian' is not a category of ethnic group: use one of asian-bangladeshi, asian-chinese, "
            "asian-indian, asian-pakistani, asian-other, black-african, black-caribbean, black-other, "
            "mixed-white-asian, mixed-white-black-african, mixed-white-black-caribbean, mixed-other, white-british, "
            "white-irish, white-gypsy-traveller, white-roma, white-other, arab, other, prefer-not-to-say.",
        ),
        (
            ["case", "new", "Jo Example", "--equality", "shoe_size=9"],
            "Error: --equality takes QUESTION=ANSWER with QUESTION one of age_band, sex, gender_identity, ethnicity, "
            "disability, sexual_orientation, religion, not 'shoe_size=9'.",
        ),
        (
            ["case", "new", "Jo Example", "--behaviours", "calls,flying"],
            "Error: 'flying' is not a known behaviour kind: use one of following, loitering, turning-up-home, "
            "turning-up-work, watching, tracking-gps, calls, messages, letters-gifts, social-media, hacking, "
            "third-party-contact, property-damage, threats, violence, order-breach, other, or declined.",
        ),
        (
            ["case", "new", "Jo Example", "--equality", "sex=female", "--equality", "sex=male"],
            "Error: --equality names 'sex' twice: give each once.",
        ),
        (
            ["case", "new", "Jo Example", "--equality", "sex="],
            "Error: --equality takes QUESTION=ANSWER with QUESTION one of age_band, sex, gender_identity, ethnicity, "
            "disability, sexual_orientation, religion, not 'sex='.",
        ),
        (
            ["case", "new", "Jo Example", "--feels-safe", ""],
            "Error: --feels-safe was given no answer: give one, or leave the option out if the question was not asked.",
        ),
    ],
    ids=[
        "quality-of-life-6",
        "unknown-ethnicity",
        "unknown-question",
        "unknown-behaviour",
        "equality-twice",
        "equality-blank",
        "blank-feels-safe",
    ],
)
def test_bad_intake_answers_are_refused_in_one_sentence(advocate: Advocate, arguments: list[str], message: str) -> None:
    result = advocate(*arguments)
    assert (result.exit_code, result.stderr) == (1, message + "\n")
    assert advocate("case", "list", "--json").stdout.strip() == "[]"  # nothing written


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["--risk-at-exit", "extreme"],
            "Error: The risk level at the closing review must be one of standard, medium, high or skipped, not "
            "'extreme'.",
        ),
        (
            ["--behaviour-outcome", "threats=stopped"],
            "Error: 'threats' was not among the behaviours recorded at intake (calls): give an outcome for those.",
        ),
        (
            ["--behaviour-outcome", "calls=vanished"],
            "Error: 'vanished' is not a known outcome of a behaviour: use one of stopped, reduced, same, increased, "
            "declined.",
        ),
        (
            ["--behaviour-outcome", "calls"],
            "Error: --behaviour-outcome takes KIND=OUTCOME (e.g. calls=stopped), or declined alone, not 'calls'.",
        ),
        (
            ["--behaviour-outcome", "calls="],
            "Error: --behaviour-outcome takes KIND=OUTCOME (e.g. calls=stopped), or declined alone, not 'calls='.",
        ),
        (
            ["--behaviour-outcome", "calls=stopped", "--behaviour-outcome", "Calls=same"],
            "Error: --behaviour-outcome names 'Calls' twice: give each once.",
        ),
        (
            ["--behaviour-outcome", "declined", "--behaviour-outcome", "calls=same"],
            "Error: --behaviour-outcome takes KIND=OUTCOME (e.g. calls=stopped), or declined alone, not 'declined'.",
        ),
        (
            ["--feels-safe", " "],
            "Error: --feels-safe was given no answer: give one, or leave the option out if the question was not asked.",
        ),
        (
            ["--risk-at-exit", ""],
            "Error: --risk-at-exit was given no answer: give one, or leave the option out if the question was not "
            "asked.",
        ),
    ],
    ids=[
        "unknown-risk",
        "behaviour-not-at-intake",
        "unknown-outcome",
        "no-equals",
        "no-outcome",
        "behaviour-twice",
        "declined-and-more",
        "blank-feels-safe",
        "blank-risk",
    ],
)
def test_bad_exit_answers_close_nothing(advocate: Advocate, arguments: list[str], message: str) -> None:
    reference = advocate("case", "new", "Jo Example", "-q", "--behaviours", "calls").stdout.strip()
    result = advocate("case", "close", reference, "--reason", "support-complete", *arguments)
    assert (result.exit_code, result.stderr) == (1, message + "\n")
    assert json.loads(advocate("case", "show", reference, "--json").stdout)["status"] == "referred"


def test_a_service_replaces_the_equality_categories_with_its_own_file(
    casework: Casework, isolated_home, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = isolated_home / "service" / "config.toml"
    config.parent.mkdir()
    monkeypatch.setenv("ADVOCATE_CONFIG", str(config))
    own = "\n".join(
        f'[{field}]\ntitle = "{field.title()}"\n[{field}.categories]\nlocal-a = "Local A"\nlocal-b = "Local B"\n'
        for field in ("sex", "gender_identity", "ethnicity", "disability", "sexual_orientation", "religion")
    )
    (config.parent / "equality.toml").write_text(own, encoding="utf-8")
    ours = Casework(casework.db, user="Test Advocate", areas=("City",))
    reference = ours.cases.create_case("Jo Example", equality={"ethnicity": "Local B"}).reference
    assert ours.cases.get_case(reference).client.ethnicity == "local-b"  # type: ignore[union-attr]
    with pytest.raises(InvalidInputError, match="'white-irish' is not a category of ethnicity"):
        ours.cases.create_case("Sam Example", equality={"ethnicity": "white-irish"})
    assert table(ours.reports.report(START, END), "ethnicity") == {
        "Local A": (0,),
        "Local B": (1,),
        "Prefer not to say": (0,),
    }


def test_an_equality_file_missing_a_question_is_refused_in_one_sentence() -> None:
    with pytest.raises(InvalidInputError) as refused:
        parse_equality('[sex]\ntitle = "Sex"\n[sex.categories]\nfemale = "Female"\n', "equality.toml")
    assert str(refused.value) == (
        "The equality file equality.toml needs a [gender_identity] table with a title and its "
        "[gender_identity.categories]."
    )
