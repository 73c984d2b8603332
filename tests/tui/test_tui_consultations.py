"""Consultations through the keyboard: reached from the caseload and the palette, recorded with the form, a
follow-up on the agenda opening them; and a disclosure's lawful basis confirmed on the sharing record."""

from datetime import date

from conftest import SIZE, field, open_case, press, rows, run_command, started, text_of, type_text
from textual.widgets import Static

from advocate_tui.app import AdvocateApp
from advocate_tui.screens.agenda import AgendaScreen, AgendaTable
from advocate_tui.screens.consultations import ConsultationsScreen, ConsultationTable
from advocate_tui.screens.forms.consultation import NO_CLIENT_NAMES
from advocate_tui.screens.forms.form import FormScreen
from advocate_tui.screens.sharing import SharingScreen, SharingTable
from advocate_tui.services.casework import Casework


async def test_record_a_consultation_from_the_caseload(app: AdvocateApp, caseload: Casework) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await press(pilot, "c")
        assert isinstance(app.screen, ConsultationsScreen)
        assert rows(app.screen.query_one(ConsultationTable)) == ["No consultations recorded. Press a to record one."]
        await press(pilot, "a")
        form = app.screen
        assert isinstance(form, FormScreen) and form.intro == NO_CLIENT_NAMES
        field(form, "organisation").control.focus()
        await type_text(pilot, "Northshire Housing")
        field(form, "professional").control.focus()
        await type_text(pilot, "Robin Fictus")
        field(form, "question").control.load_text("A tenant is followed home: what now?")
        field(form, "advice").control.load_text("Offer a management transfer.")
        field(form, "minutes").control.focus()
        await type_text(pilot, "2000")
        await press(pilot, "ctrl+s")
        assert app.screen is form  # refused, nothing saved
        assert caseload.consultations.in_period() == []
        field(form, "minutes").control.value = "45"
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ConsultationsScreen), text_of(form.query_one("#form-problem", Static))
        [saved] = caseload.consultations.in_period()
        assert (saved.organisation, saved.minutes, saved.held_on) == ("Northshire Housing", 45, date(2026, 11, 23))
        assert rows(app.screen.query_one(ConsultationTable))[0].startswith(
            "23 Nov 2026 Northshire Housing Robin Fictus"
        )
        await press(pilot, "escape")
        await run_command(pilot, "Consultations")
        assert isinstance(app.screen, ConsultationsScreen)


async def test_a_follow_up_due_is_on_the_agenda_and_opens_the_consultations(
    app: AdvocateApp, caseload: Casework
) -> None:
    caseload.consultations.add(
        organisation="Northshire GP",
        professional="Dr Example",
        question="Q",
        advice="A",
        minutes=20,
        follow_up="Send the leaflet",
        follow_up_on=date(2026, 11, 25),
    )
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await press(pilot, "g")
        assert isinstance(app.screen, AgendaScreen)
        table = app.screen.query_one(AgendaTable)
        [row] = [r for r in rows(table) if "Send the leaflet" in r]
        assert row.startswith("Wed 25 Nov Dr Example")
        table.move_cursor(row=rows(table).index(row))
        await press(pilot, "enter")
        assert isinstance(app.screen, ConsultationsScreen)
        await press(pilot, "d")
        assert caseload.consultations.follow_ups_due() == []
        assert "done 23 Nov 2026" in rows(app.screen.query_one(ConsultationTable))[0]


async def test_a_disclosure_to_review_is_confirmed_on_the_sharing_record(app: AdvocateApp, caseload: Casework) -> None:
    from advocate_tui.output.letters.documents import draft, save

    jo = caseload.cases.get_case("STK-2026-0001")
    caseload.cases.update_case(jo.id, jo.version, oic_name="DC Alex Notreal")
    save(caseload, draft(caseload, "STK-2026-0001", "spo-request"), "md")  # no consent to share with police
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        workspace = await open_case(pilot, "STK-2026-0001")
        workspace.action_sharing()
        await pilot.pause(0.2)
        await press(pilot)
        screen = app.screen
        assert isinstance(screen, SharingScreen)
        table = screen.query_one(SharingTable)
        assert "Not recorded (to r" in rows(table)[1]
        table.move_cursor(row=1)
        await press(pilot)
        detail = screen.query_one("#case-list-detail", Static)
        assert "Basis: Article 6 basis not recorded; no condition (to review)" in text_of(detail)
        await press(pilot, "b")
        form = app.screen
        assert isinstance(form, FormScreen) and form.title_text == "Lawful basis of the disclosure"
        field(form, "basis").control.value = "legitimate-interests"
        field(form, "condition").control.value = "safeguarding"
        await press(pilot, "ctrl+s")
        assert app.screen is screen
        await pilot.pause(0.2)
        await press(pilot)
        assert "Legitimate interes" in rows(table)[1] and "(to r" not in rows(table)[1]
        assert "Basis: Legitimate interests; safeguarding of children and of individuals at risk\n" in text_of(detail)
