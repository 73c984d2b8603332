from advocate_tui.services import Casework


def test_new_case_gets_reference_and_plan(casework: Casework) -> None:
    case = casework.create_case("Jo Example", relationship="ex-partner")
    assert case.reference == "STK-2026-0001"
    assert case.domestic
    assert len(casework.get_case(case.reference).plan_items) == 12
