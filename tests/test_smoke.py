from advocate_tui.services.casework import Casework


def test_new_case_gets_reference_and_plan(casework: Casework) -> None:
    case = casework.cases.create_case("Jo Example", relationship="ex-partner")
    assert case.reference == "STK-2026-0001"
    assert case.domestic
    assert len(casework.cases.get_case(case.reference).plan_items) == 12
