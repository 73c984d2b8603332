"""The close-case form and the client form, driven through Pilot: the outcome questions, the closing risk
review and the equality questions reach the records."""

from textual.widgets import Select
from workers import CaseworkApp

from advocate_tui.screens.forms.close_case import close_case_form
from advocate_tui.screens.forms.form import FormScreen
from advocate_tui.screens.forms.overview import client_form
from advocate_tui.services.casework import Casework

SIZE = (120, 40)


class FormApp(CaseworkApp):
    """Just the form, as the case workspace would open it."""

    def on_mount(self) -> None:
        self.push_screen(close_case_form(self.casework, self.casework.cases.get_case(self.reference)))


class ClientFormApp(CaseworkApp):
    def on_mount(self) -> None:
        client = self.casework.cases.get_case(self.reference).client
        assert client is not None
        self.push_screen(client_form(self.casework, client))


def choose(form: FormScreen, name: str, value: str) -> None:
    field = next(f for f in form.fields if f.field_name == name)
    assert isinstance(field.control, Select)
    field.control.value = value


async def save(app: CaseworkApp, pilot) -> None:
    await pilot.press("ctrl+s")
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_closing_asks_the_outcome_questions(sqlite_casework: Casework) -> None:
    reference = sqlite_casework.cases.create_case(
        "Jo Example",
        feels_safe=2,
        quality_of_life="declined",
        behaviours="calls,following",
        risk="high",
        risk_reason="Threats",
    ).reference
    app = FormApp(sqlite_casework, reference)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        labels = [f.label for f in form.fields]
        assert labels == [
            "Why the case closes",
            "Outcome",
            "Closing risk review: the risk now",
            "How safe do you feel now?",
            "How is your quality of life now?",
            "What became of phone calls?",
            "What became of following?",
            "Risk reduced",
            "Reported to police",
            "Support needs met",
        ]
        # a question left blank reads as not asked (never as "declined", an answer of its own)
        blanks = {f.field_name: f.control.prompt for f in form.fields if isinstance(f.control, Select)}
        assert blanks["feels_safe_at_closure"] == blanks["behaviour:calls"] == blanks["risk_reduced"] == "(not asked)"
        choose(form, "reason", "support-complete")
        choose(form, "risk_at_closure", "medium")
        choose(form, "feels_safe_at_closure", "4")
        choose(form, "quality_of_life_at_closure", "declined")
        choose(form, "behaviour:calls", "stopped")
        choose(form, "risk_reduced", "yes")
        choose(form, "support_needs_met", "no")
        await save(app, pilot)
    case = sqlite_casework.cases.get_case(reference)
    assert (case.status, case.closure_reason, case.feels_safe_at_intake, case.feels_safe_at_closure) == (
        "closed",
        "support-complete",
        2,
        4,
    )
    assert (case.risk_reduced, case.reported_to_police, case.support_needs_met) == (True, None, False)
    assert (case.risk_at_intake, case.risk_at_closure) == ("high", "medium")
    assert {b.behaviour: b.outcome for b in case.behaviours} == {"calls": "stopped", "following": None}
    assert case.quality_of_life_at_intake == case.quality_of_life_at_closure == 0  # declined, both times


async def test_the_closing_review_is_offered_and_skipping_it_is_recorded(sqlite_casework: Casework) -> None:
    reference = sqlite_casework.cases.create_case("Jo Example").reference
    app = FormApp(sqlite_casework, reference)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        review = next(f for f in form.fields if f.field_name == "risk_at_closure")
        assert review.raw == "skipped" and review.required
        assert [label for label, _value in review.choices] == ["Standard", "Medium", "High", "Review skipped"]
        assert not any(f.field_name.startswith("behaviour:") for f in form.fields)  # none named at intake
        choose(form, "reason", "unable-to-contact")
        await save(app, pilot)
    case = sqlite_casework.cases.get_case(reference)
    assert (case.status, case.risk_at_closure, case.feels_safe_at_closure) == ("closed", "skipped", None)


async def test_the_client_form_asks_the_equality_questions(sqlite_casework: Casework) -> None:
    reference = sqlite_casework.cases.create_case("Jo Example").reference
    app = ClientFormApp(sqlite_casework, reference)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        labels = [f.label for f in form.fields]
        equality = labels[labels.index("Age band") : labels.index("Religion or belief") + 1]
        assert equality == [
            "Age band",
            "Sex",
            "Gender identity",
            "Ethnic group",
            "Disability",
            "Sexual orientation",
            "Religion or belief",
        ]
        ethnicity = next(f for f in form.fields if f.field_name == "ethnicity")
        assert ("White: Irish", "white-irish") in ethnicity.choices
        assert ethnicity.choices[-1] == ("Prefer not to say", "prefer-not-to-say")
        choose(form, "ethnicity", "white-irish")
        choose(form, "religion", "prefer-not-to-say")
        choose(form, "age_band", "25-34")
        await save(app, pilot)
    client = sqlite_casework.cases.get_case(reference).client
    assert client is not None
    assert (client.ethnicity, client.religion, client.age_band, client.sex) == (
        "white-irish",
        "prefer-not-to-say",
        "25-34",
        None,  # not asked
    )
