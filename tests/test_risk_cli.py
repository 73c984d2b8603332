"""`advocate risk` as an advocate at the shell uses it: answering item by item, and --show."""

from conftest import Advocate


def open_case(advocate: Advocate) -> str:
    result = advocate("case", "new", "Jo Example", "--relationship", "ex-partner", "-q")
    assert result.exit_code == 0, result.stderr
    return result.stdout.strip()


def lines(*answers: str) -> str:
    return "".join(f"{answer}\n" for answer in answers)


FOURTEEN_YES = lines("y Bruised arm @police", *["y"] * 13, *["n"] * 10)


def test_answering_the_checklist_saves_it_and_shows_the_result(advocate: Advocate) -> None:
    reference = open_case(advocate)
    result = advocate("risk", reference.lower(), input=FOURTEEN_YES)
    assert result.exit_code == 0, result.stderr
    assert " 1/24 Hurt or injured in the latest incident > " in result.stdout
    assert f"Saved: Risk checklist for {reference} on 23 Nov 2026, 14 Yes (high risk)." in result.stdout
    assert "   1 Yes        Hurt or injured in the latest incident  (Bruised arm; source: police)" in result.stdout
    assert "  [MET] Visible high risk: 14 Yes on 23 Nov 2026 (at least 14)" in result.stdout
    assert "Next risk review: 18 Jan 2027 (8 weeks after 23 Nov 2026)" in result.stdout
    shown = advocate("risk", reference, "--show")
    assert shown.stdout.startswith(
        f"{reference}: high risk\nRisk level: high: Risk checklist of 23 Nov 2026, 14 Yes\n\n"
        "Risk checklist: 14 Yes, high, 23 Nov 2026 by "
    )
    assert "Stalking supplement: not done yet (offered: 'Client is very frightened' answered Yes)" in shown.stdout


def test_an_unreadable_answer_is_asked_again(advocate: Advocate) -> None:
    reference = open_case(advocate)
    result = advocate("risk", reference, "--checklist", "stalking", input=lines("maybe", *["d"] * 11))
    assert result.exit_code == 0
    assert "'maybe' is not an answer to item 1: type y (yes), n (no) or d (don't know)." in result.stderr
    assert f"Saved: Stalking supplement for {reference} on 23 Nov 2026, 0 Yes." in result.stdout


def test_stopping_half_way_writes_nothing(advocate: Advocate) -> None:
    reference = open_case(advocate)
    result = advocate("risk", reference, input=lines("y", "n"))
    assert result.exit_code == 1
    assert "Risk checklist: not done yet" in advocate("risk", reference, "--show").stdout


def test_the_score_over_time_and_the_date_given(advocate: Advocate) -> None:
    reference = open_case(advocate)
    advocate("risk", reference, "--on", "2026-09-01", input=lines(*["n"] * 24))
    advocate("risk", reference, input=FOURTEEN_YES)
    shown = advocate("risk", reference, "--show").stdout
    assert "  Score over time: 0 (01 Sep 2026) -> 14 (23 Nov 2026)" in shown


def test_professional_judgement_from_the_shell(advocate: Advocate) -> None:
    reference = open_case(advocate)
    flagged = advocate("risk", reference, "--judgement", "Fixated after the hearing")
    assert "  [MET] Professional judgement: Fixated after the hearing" in flagged.stdout
    cleared = advocate("risk", reference, "--clear-judgement")
    assert "  [ - ] Professional judgement: not flagged" in cleared.stdout


def test_bad_input_is_one_sentence_and_asks_nothing(advocate: Advocate) -> None:
    open_case(advocate)
    unknown = advocate("risk", "STK-2026-0002", input=FOURTEEN_YES)
    assert (unknown.exit_code, unknown.stdout) == (1, "")
    assert unknown.stderr == "Error: There is no case STK-2026-0002. Did you mean STK-2026-0001?\n"
    checklist = advocate("risk", "STK-2026-0001", "--checklist", "sash")
    assert checklist.stderr == "Error: There is no risk checklist 'sash': use one of risk, stalking.\n"
    both = advocate("risk", "STK-2026-0001", "--judgement", "x", "--clear-judgement")
    assert both.stderr == "Error: Use --judgement or --clear-judgement, not both at once.\n"
