"""Multi-agency routes: the MARAC for domestic cases, the service's stalking panel for the others; the
criteria each computes, the thresholds from the config file, and the referral summary chosen by route."""

import json
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest
from conftest import Advocate
from test_config import config_file, write  # noqa: F401 (config_file is a fixture)
from test_documents_pane import PaneApp as DocumentsApp
from test_documents_pane import choose
from test_risk_pane import SIZE, shown
from test_risk_pane import PaneApp as RiskPaneApp
from textual.widgets import Button, Markdown, Static
from workers import settle

from advocate_tui.output.letters.documents import draft
from advocate_tui.rules.errors import InvalidInputError
from advocate_tui.rules.routes import DEFAULT_MARAC, DEFAULT_PANEL, Routes, is_repeat, months_after
from advocate_tui.screens.tabs.risk import RiskPane
from advocate_tui.services.casework import Casework
from advocate_tui.storage.config import load_settings


def new_case(casework: Casework, relationship: str, **extra: object) -> str:
    return casework.cases.create_case("Jo Example", relationship=relationship, area="City", **extra).reference


def with_routes(casework: Casework, routes: Routes) -> Casework:
    return Casework(casework.db, user=casework.user, areas=casework.areas, routes=routes)


def incidents(casework: Casework, reference: str, *days: date, police: bool = False) -> None:
    for day in days:
        casework.log.add_incident(
            reference,
            "Waited outside the flat",
            datetime(day.year, day.month, day.day, 8, 0),
            ["loitering"],
            police_reference="INC-1" if police else None,
        )


def test_a_domestic_case_is_on_the_marac_route_and_a_non_domestic_one_on_the_panel(casework: Casework) -> None:
    domestic = casework.risk.risk_overview(new_case(casework, "ex-partner"))
    other = casework.risk.risk_overview(new_case(casework, "friend-acquaintance"))
    assert (domestic.route.key, domestic.route.name) == ("marac", "MARAC")
    assert (other.route.key, other.route.name) == ("panel", "Multi-agency stalking panel")
    assert [c.label for c in other.criteria] == [c.label for c in domestic.criteria]


def test_a_non_domestic_case_never_shows_marac_criteria(casework: Casework) -> None:
    reference = new_case(casework, "colleague")
    casework.risk.set_referral_judgement(reference, "Fixated on her since the team moved")
    overview = casework.risk.risk_overview(reference)
    assert overview.route_summary == "Multi-agency stalking panel: professional judgement"
    assert "MARAC" not in overview.route_summary


def test_escalation_counts_incidents_identified_within_the_window(casework: Casework) -> None:
    reference = new_case(casework, "stranger")
    # the first is exactly 12 months ago: outside the window; none was reported to the police
    incidents(casework, reference, date(2025, 11, 23), date(2026, 3, 1), date(2026, 11, 1))
    overview = casework.risk.risk_overview(reference)
    escalation = next(c for c in overview.criteria if c.key == "potential-escalation")
    assert (escalation.met, escalation.detail) == (False, "2 incidents identified in 12 months (3 or more)")
    incidents(casework, reference, date(2026, 11, 20))
    assert next(c for c in casework.risk.risk_overview(reference).criteria if c.key == "potential-escalation").met


def test_each_route_takes_its_own_thresholds(casework: Casework) -> None:
    routes = Routes(
        panel=replace(DEFAULT_PANEL, incidents=2, months=6, score_from=5),
        marac=replace(DEFAULT_MARAC, police_only=True),
    )
    casework = with_routes(casework, routes)
    panel, marac = new_case(casework, "neighbour"), new_case(casework, "family-member")
    for reference in (panel, marac):
        incidents(casework, reference, date(2026, 5, 1), date(2026, 10, 1), date(2026, 11, 1))
    met = {c.key: c for c in casework.risk.risk_overview(panel).criteria}
    assert (met["potential-escalation"].met, met["potential-escalation"].detail) == (
        True,
        "2 incidents identified in 6 months (2 or more)",
    )
    assert met["visible-high-risk"].detail == "no risk checklist yet"
    keys = [item.key for item in casework.risk.checklist("risk").items]
    casework.risk.record_assessment(panel, "risk", {k: "y" if n < 5 else "n" for n, k in enumerate(keys)})
    met = {c.key: c for c in casework.risk.risk_overview(panel).criteria}
    assert (met["visible-high-risk"].met, met["visible-high-risk"].detail) == (
        True,
        "5 Yes on 23 Nov 2026 (at least 5)",
    )
    escalation = next(c for c in casework.risk.risk_overview(marac).criteria if c.key == "potential-escalation")
    assert (escalation.met, escalation.detail) == (False, "0 incidents reported to police in 12 months (3 or more)")


# -- repeat referrals: a new incident within 12 months of the date of the last referral ---------------


def test_a_repeat_is_an_incident_within_12_months_of_the_last_referral() -> None:
    referred = date(2025, 11, 24)
    assert months_after(referred, 12) == date(2026, 11, 24)
    assert is_repeat(referred, [date(2026, 11, 23)], 12)  # 12 months less a day
    assert not is_repeat(referred, [date(2026, 11, 25)], 12)  # 12 months and a day
    assert not is_repeat(referred, [date(2025, 11, 24)], 12)  # the referral's own day is not a new incident
    assert not is_repeat(None, [date(2026, 11, 23)], 12)


@pytest.mark.parametrize(("referred", "repeat"), [("2025-11-24", True), ("2025-11-22", False)])
def test_the_repeat_criterion_on_the_fixed_clock(casework: Casework, referred: str, repeat: bool) -> None:
    """Today (23 Nov 2026) is 12 months less a day after 24 Nov 2025, and 12 months and a day after 22 Nov 2025."""
    reference = new_case(casework, "ex-partner")
    casework.risk.set_referral_judgement(reference, "Threats to kill the client's new partner")
    casework.referrals.add(reference, on=referred, without_consent="Vital interests: a risk to life")
    incidents(casework, reference, date(2026, 11, 23))
    found = next(c for c in casework.risk.risk_overview(reference).criteria if c.key == "repeat-referral")
    assert found.met is repeat
    assert found.detail.endswith("1 incident since (a repeat if one is within 12 months)")


# -- the referral summary is chosen by route ---------------------------------------------------------


def test_a_non_domestic_case_cannot_produce_a_marac_summary(casework: Casework) -> None:
    reference = new_case(casework, "stranger")
    with pytest.raises(InvalidInputError) as refused:
        draft(casework, reference, "marac-referral")
    assert str(refused.value) == (
        "The MARAC referral summary is for domestic cases (MARAC) and this case is non-domestic: "
        "use the panel-referral template for the Multi-agency stalking panel instead."
    )
    casework.risk.set_referral_judgement(reference, "Waits outside her work every day")
    summary = draft(casework, reference, "panel-referral").markdown
    assert summary.startswith("# Referral to the Multi-agency stalking panel")
    assert "- **Professional judgement**: Waits outside her work every day\n" in summary
    assert "MARAC" not in summary


def test_a_domestic_case_cannot_produce_the_panel_summary(casework: Casework) -> None:
    reference = new_case(casework, "current-partner")
    with pytest.raises(InvalidInputError, match="is for non-domestic cases .* this case is domestic: use the marac"):
        draft(casework, reference, "panel-referral")
    casework.risk.set_referral_judgement(reference, "Threats to kill after the separation")
    summary = draft(casework, reference, "marac-referral").markdown
    assert "- **Professional judgement**: Threats to kill after the separation\n" in summary
    assert "Visible high risk" not in summary  # only the criteria met are given as reasons


# -- the config file ----------------------------------------------------------------------------------


def test_the_panel_is_named_and_described_in_the_config(
    sqlite_advocate: Advocate,
    config_file: Path,
) -> None:
    write(
        config_file,
        '[routes.panel]\nname = "Northshire Stalking Clinic"\nreferral_text = "The clinic meets monthly."\n'
        'incidents = 2\ncount = "reported"\n',
    )
    panel = load_settings().routes.panel
    assert (panel.name, panel.referral_text, panel.incidents, panel.police_only) == (
        "Northshire Stalking Clinic",
        "The clinic meets monthly.",
        2,
        True,
    )
    assert load_settings().routes.marac == DEFAULT_MARAC
    reference = sqlite_advocate("case", "new", "Sam Sample", "--relationship", "online-only", "-q").stdout.strip()
    shown = sqlite_advocate("risk", reference, "--show").stdout
    assert "\nNorthshire Stalking Clinic referral criteria (non-domestic case):\n" in shown
    assert "MARAC" not in shown


@pytest.mark.parametrize(
    ("content", "sentence"),
    [
        ("[routes.clinic]\n", "In {p}, [routes.clinic] is not a route: the routes are marac and panel."),
        (
            '[routes.marac]\ncount = "police"\n',
            'In {p}, routes.marac.count must be "identified" or "reported", not \'police\'.',
        ),
        ("[routes.panel]\nmonths = 0\n", "In {p}, routes.panel.months must be a whole number of at least 1, not 0."),
        (
            "[routes.panel]\nthreshold = 3\n",
            "In {p}, routes.panel.threshold is not a setting of [routes.panel]: check the spelling.",
        ),
        (
            "[risk]\nmarac_police_incidents = 3\n[routes.marac]\nincidents = 4\n",
            "In {p}, risk.marac_police_incidents and routes.marac.incidents are both set: "
            "keep routes.marac.incidents only.",
        ),
    ],
    ids=["route", "count", "months", "unknown", "moved-twice"],
)
def test_a_broken_route_setting_is_one_sentence(
    sqlite_advocate: Advocate,
    config_file: Path,
    content: str,
    sentence: str,
) -> None:
    write(config_file, content)
    result = sqlite_advocate("case", "new", "Jo Example")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "Error: " + sentence.format(p=config_file) + "\n"


def test_the_earlier_marac_settings_are_read_as_the_marac_route(config_file: Path) -> None:
    """A config file from before the routes keeps working: its thresholds and police-only count carry over."""
    write(config_file, "[risk]\nmarac_police_incidents = 5\nmarac_window_months = 6\nhigh_from = 15\n")
    settings = load_settings()
    marac = settings.routes.marac
    assert (marac.incidents, marac.months, marac.police_only) == (5, 6, True)
    assert settings.thresholds.high_from == 15
    assert settings.routes.panel == DEFAULT_PANEL


# -- the command line -------------------------------------------------------------------------------


def test_risk_show_names_the_route_as_text_and_json(advocate: Advocate) -> None:
    domestic = advocate("case", "new", "Jo Example", "--relationship", "ex-partner", "-q").stdout.strip()
    other = advocate("case", "new", "Sam Sample", "--relationship", "stranger", "-q").stdout.strip()
    assert "\nMARAC referral criteria (domestic case):\n" in advocate("risk", domestic, "--show").stdout
    text = advocate("risk", other, "--judgement", "Turns up at every shift").stdout
    assert "\nMulti-agency stalking panel referral criteria (non-domestic case):\n" in text
    assert "MARAC" not in text
    data = json.loads(advocate("risk", other, "--show", "--json").stdout)
    assert data["format"] == "advocate-risk/1"
    assert data["route"] == {"key": "panel", "name": "Multi-agency stalking panel"}
    assert [c["key"] for c in data["criteria"] if c["met"]] == ["professional-judgement"]
    assert data["criteria"][2]["detail"] == "Turns up at every shift"
    assert "MARAC" not in json.dumps(data)


def test_the_wrong_summary_is_refused_from_the_shell_and_nothing_is_written(advocate: Advocate, tmp_path: Path) -> None:
    other = advocate("case", "new", "Sam Sample", "--relationship", "stranger", "-q").stdout.strip()
    out = tmp_path / "summary.md"
    result = advocate("letter", other, "marac-referral", "--out", str(out))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: The MARAC referral summary is for domestic cases (MARAC)")
    assert len(result.stderr.splitlines()) == 1
    assert not out.exists()
    advocate("risk", other, "--judgement", "Waits outside her work every day")
    assert advocate("letter", other, "panel-referral", "--out", str(out)).exit_code == 0
    assert "\n# Referral to the Multi-agency stalking panel\n" in out.read_text(encoding="utf-8")


# -- the application ---------------------------------------------------------------------------------


async def test_the_risk_tab_of_a_non_domestic_case_shows_the_panel(sqlite_casework: Casework) -> None:
    reference = new_case(sqlite_casework, "neighbour")
    app = RiskPaneApp(sqlite_casework, reference)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("m")
        assert "stalking panel is needed" in str(app.query_one("#risk-question", Static).render())
        await pilot.press(*"Watches from the garden", "enter")
        await settle(pilot)
        criteria = shown(app.query_one(RiskPane), "route")
    assert criteria.startswith("Multi-agency stalking panel referral criteria · non-domestic case\n")
    assert "MET  Professional judgement\n     Watches from the garden" in criteria
    assert "MARAC" not in criteria


async def test_the_documents_tab_refuses_the_marac_summary_for_a_non_domestic_case(sqlite_casework: Casework) -> None:
    reference = new_case(sqlite_casework, "online-only")
    sqlite_casework.risk.set_referral_judgement(reference, "Posts where she is every evening")
    app = DocumentsApp(sqlite_casework, reference)
    async with app.run_test(size=SIZE) as pilot:
        pane = await choose(pilot, "marac-referral")
        problem = pane.query_one("#doc-problem", Static)
        assert problem.display
        assert str(problem.render()).startswith("The MARAC referral summary is for domestic cases (MARAC)")
        assert pane.query_one("#doc-save", Button).disabled
        pane = await choose(pilot, "panel-referral")
        assert not pane.query_one("#doc-problem", Static).display
        assert pane.query_one("#doc-preview", Markdown).source.startswith(
            "# Referral to the Multi-agency stalking panel"
        )
    assert sqlite_casework.documents.list_documents(reference) == []
