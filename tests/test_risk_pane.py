"""The Risk pane, driven through Pilot inside a tiny app: read, answer y / n / d, save, flag a referral."""

from datetime import date, datetime

from textual.app import ComposeResult
from textual.widgets import Input, Static
from workers import CaseworkApp, settle

from advocate_tui.rules import clock
from advocate_tui.rules.risk import GivenAnswer
from advocate_tui.screens.modals.confirm import ConfirmScreen
from advocate_tui.screens.tabs.risk import RiskItems, RiskPane
from advocate_tui.services.casework import Casework

SIZE = (120, 40)


class PaneApp(CaseworkApp):
    """Just the pane, as the case workspace would mount it; counts the pane's Changed messages."""

    changed = 0

    def compose(self) -> ComposeResult:
        yield RiskPane(self.casework, self.reference)

    def on_risk_pane_changed(self, _message: RiskPane.Changed) -> None:
        self.changed += 1


def risk_case(casework: Casework) -> str:
    """A fictional case: two earlier checklists (9, then 12 Yes), three incidents, one reported to police."""
    reference = casework.cases.create_case(
        "Jo Example", relationship="ex-partner", area="City", referral_date="2026-09-01"
    ).reference
    keys = [item.key for item in casework.risk.checklist("risk").items]
    for day, yes in ((date(2026, 9, 3), 9), (date(2026, 10, 20), 12)):
        answers = {key: ("y" if n < yes else "n") for n, key in enumerate(keys)}
        answers["injury"] = GivenAnswer("y", "police", "Bruised wrist")
        casework.risk.record_assessment(reference, "risk", answers, assessed_on=day)
    for day, kinds in ((2, ["messages"]), (9, ["following"]), (16, ["loitering"])):
        casework.log.add_incident(
            reference, "Incident", datetime(2026, 11, day, 20, 0), kinds, police_reference=f"INC-{day}"
        )
    return reference


def shown(pane: RiskPane, part: str) -> str:
    return str(pane.query_one(f"#risk-{part}", Static).render())


async def test_the_pane_shows_scores_over_time_criteria_and_review(sqlite_casework: Casework) -> None:
    app = PaneApp(sqlite_casework, risk_case(sqlite_casework))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.query_one(RiskPane)
        summary = shown(pane, "summary")
        assert "Risk level Medium" in summary
        assert "03 Sep 2026 █████████ 9 standard" in summary
        assert "20 Oct 2026 ████████████ 12 medium" in summary
        assert "Stalking supplement\n  Offered: 3 incidents logged." in summary
        assert "MET  Potential escalation\n     3 incidents identified in 12 months (3 or more)" in shown(pane, "route")
        assert "Review due today\n  8 weeks after 28 Sep" not in shown(pane, "review")
        assert "Next review 15 Dec 2026\n  8 weeks after 20 Oct 2026" in shown(pane, "review")
        assert "Latest: 12 Yes, medium risk, 20 Oct 2026 by Test Advocate" in shown(pane, "heading")
        table = pane.query_one(RiskItems)
        assert [str(c) for c in table.get_row("injury")] == ["1", "Hurt or injured in the latest incident", "Yes", "✎"]
        assert [str(c) for c in table.get_row("weapons")] == [
            "13",
            "A weapon or object used to hurt or frighten",
            "No",
            "",
        ]
        assert shown(pane, "detail") == "Source: police\nComment: Bruised wrist"


async def test_answering_with_y_n_d_saves_and_sets_the_risk_level(sqlite_casework: Casework) -> None:
    reference = risk_case(sqlite_casework)
    app = PaneApp(sqlite_casework, reference)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.query_one(RiskPane)
        await pilot.press("a")
        assert "0 of 24 answered, 0 Yes so far" in shown(pane, "heading")
        await pilot.press("o", *"children's services", "enter")
        await pilot.press("t", *"Says he broke her phone", "enter")
        await pilot.press(*["y"] * 14, "d", *["n"] * 8)
        assert "23 of 24 answered, 14 Yes so far" in shown(pane, "heading")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app._notifications and list(app._notifications)[-1].message == (
            "Item 24 (Known to the police or has a criminal record) has no answer: answer every item y, n or d."
        )
        await pilot.press("n", "ctrl+s")
        await settle(pilot)
        assert list(app._notifications)[-1].message == "Risk checklist saved: 14 Yes, high risk."
        assert app.changed == 1
        assert sqlite_casework.cases.get_case(reference).risk_level == "high"
        latest = sqlite_casework.risk.risk_overview(reference).latest("risk")
        first = latest.answers[0]
        assert (first.answer, first.source, first.comment) == ("yes", "children's services", "Says he broke her phone")
        assert latest.answers[14].answer == "dont-know"
        assert "Latest: 14 Yes, high risk, 23 Nov 2026" in shown(pane, "heading")
        assert "MET  Visible high risk" in shown(pane, "route")


async def test_stopping_asks_first_and_keeps_nothing(sqlite_casework: Casework) -> None:
    reference = risk_case(sqlite_casework)
    app = PaneApp(sqlite_casework, reference)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c", "a", "y", "y", "escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert "2 of 11 answered" in shown(app.query_one(RiskPane), "heading")
        await pilot.press("escape", "y")
        await settle(pilot)
        assert "Stalking supplement\nNot answered yet" in shown(app.query_one(RiskPane), "heading")
    assert sqlite_casework.risk.risk_overview(reference).latest("stalking") is None


async def test_the_referral_judgement_is_flagged_with_its_reason(sqlite_casework: Casework) -> None:
    reference = risk_case(sqlite_casework)
    app = PaneApp(sqlite_casework, reference)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("m")
        assert app.query_one("#risk-prompt", Input).has_focus
        await pilot.press(*"Fixation after the hearing", "enter")
        await settle(pilot)
        assert "MET  Professional judgement\n     Fixation after the hearing" in shown(app.query_one(RiskPane), "route")
        assert list(app._notifications)[-1].message == "Professional judgement for a referral flagged."
    assert sqlite_casework.risk.risk_overview(reference).judgement_reason == "Fixation after the hearing"


def test_risk_pane_snapshot(sqlite_casework: Casework, snap_compare) -> None:
    reference = risk_case(sqlite_casework)
    clock.fix(datetime(2026, 11, 23, 10, 5))
    sqlite_casework.log.add_incident(reference, "Assault", datetime(2026, 11, 22, 21, 0), ["violence"], serious=True)
    assert snap_compare(PaneApp(sqlite_casework, reference), terminal_size=SIZE, run_before=settle)
