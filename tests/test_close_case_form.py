"""The close-case form, driven through Pilot: the reason and the outcome questions reach the case."""

from textual.widgets import Select
from workers import CaseworkApp

from advocate_tui.screens.forms.close_case import close_case_form
from advocate_tui.screens.forms.form import FormScreen
from advocate_tui.services.casework import Casework

SIZE = (120, 40)


class FormApp(CaseworkApp):
    """Just the form, as the case workspace would open it."""

    def on_mount(self) -> None:
        self.push_screen(close_case_form(self.casework, self.casework.cases.get_case(self.reference)))


def choose(form: FormScreen, name: str, value: str) -> None:
    field = next(f for f in form.fields if f.field_name == name)
    assert isinstance(field.control, Select)
    field.control.value = value


async def test_closing_asks_the_outcome_questions(sqlite_casework: Casework) -> None:
    reference = sqlite_casework.cases.create_case("Jo Example", feels_safe=2).reference
    app = FormApp(sqlite_casework, reference)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        labels = [f.label for f in form.fields]
        assert labels == [
            "Why the case closes",
            "Outcome",
            "How safe do you feel now?",
            "Risk reduced",
            "Reported to police",
            "Support needs met",
        ]
        choose(form, "reason", "support-complete")
        choose(form, "feels_safe_at_closure", "4")
        choose(form, "risk_reduced", "yes")
        choose(form, "support_needs_met", "no")
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
    case = sqlite_casework.cases.get_case(reference)
    assert (case.status, case.closure_reason, case.feels_safe_at_intake, case.feels_safe_at_closure) == (
        "closed",
        "support-complete",
        2,
        4,
    )
    assert (case.risk_reduced, case.reported_to_police, case.support_needs_met) == (True, None, False)
