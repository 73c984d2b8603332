"""The commissioner's report against a hand-counted caseload, the same in every format and on both databases."""

import csv
import html.parser
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pytest
from conftest import FIXED_NOW, Advocate
from sqlmodel import select

from advocate_tui.output.report_formats import render
from advocate_tui.rules import clock
from advocate_tui.rules.risk import RiskThresholds
from advocate_tui.services.casework import Casework
from advocate_tui.services.reports import Median, Report, keep_statistics
from advocate_tui.storage.checklists import load_checklists
from advocate_tui.storage.models import Case, CaseStatistic

START, END = date(2026, 4, 1), date(2026, 9, 30)
RISK_KEYS = [item.key for item in load_checklists(None, RiskThresholds())["risk"].items]
#: The reason the fictional service referred its clients without their consent.
WITHOUT_CONSENT = "Vital interests: a risk to life"


def yes(count: int) -> dict[str, str]:
    return {key: "y" if number < count else "n" for number, key in enumerate(RISK_KEYS)}


@dataclass
class Caseload:
    a: str  # police, closed with every outcome answered, orders and hearings
    b: str  # police, closed, not safer
    c: str  # self, closed, unable to contact
    vs: str  # victim support, nothing recorded


def make_caseload(casework: Casework) -> Caseload:
    """The fixture the figures in this file are counted from by hand (see the comments).

    Records are made today (23 Nov 2026) except what the report dates by when it was done: orders
    recorded, plan items completed and cases closed, for which the clock is set back.
    """
    police = []
    births = ["1990-05-17"] * 4 + ["2008-06-01", "2008-06-02"]  # ages 36 x4, 18 (birthday that day), 17
    for number, (days, born) in enumerate(zip((1, 1, 2, 3, 3, 4), births)):
        reference = casework.cases.create_case(
            f"Police Client {number}",
            relationship="ex-partner",
            area="City",
            referral_date="2026-06-01",
            feels_safe=2 if number == 0 else 3,
            phone="07700 900555" if number == 0 else None,
        ).reference
        case = casework.cases.get_case(reference)
        casework.cases.update_case(case.id, case.version, first_contact_date=date(2026, 6, 1 + days))
        casework.parties.update_client(
            case.client.id, case.client.version, date_of_birth=born, gender="Female" if number % 2 else " female "
        )
        casework.risk.record_assessment(reference, "risk", yes(14 if number < 2 else 10), assessed_on="2026-06-05")
        police.append(reference)
    casework.risk.record_assessment(police[2], "risk", yes(15), assessed_on="2026-07-01")  # medium -> high
    for reference in police[:2]:
        casework.referrals.add(reference, on="2026-07-01", without_consent=WITHOUT_CONSENT)
    casework.log.add_incident(police[0], "Waited outside the flat", datetime(2026, 7, 20, 8, 0), ["loitering"])
    casework.referrals.add(police[0], on="2026-08-01", without_consent=WITHOUT_CONSENT)  # a repeat referral
    casework.referrals.add(police[2], on="2026-10-15", without_consent=WITHOUT_CONSENT)  # after the period
    case = casework.cases.get_case(police[2])
    casework.cases.update_case(case.id, case.version, advocate="Alex Other")

    selfs = []
    for number, days in enumerate((5, 8, 10)):
        reference = casework.cases.create_case(
            f"Self Client {number}", relationship="stranger", area="County", source="self", referral_date="2026-06-10"
        ).reference
        case = casework.cases.get_case(reference)
        casework.cases.update_case(case.id, case.version, first_contact_date=date(2026, 6, 10 + days))
        casework.parties.update_client(case.client.id, case.client.version, date_of_birth="2000-01-01", gender="Male")
        selfs.append(reference)
    vs = casework.cases.create_case(
        "Support Client",
        source="victim-support",
        risk="medium",
        risk_reason="Repeated visits",
        referral_date="2026-09-01",
        phone="+44 7700 900555",  # police[0]'s client referred again: a re-referral
    ).reference
    case = casework.cases.get_case(vs)
    casework.cases.update_case(case.id, case.version, first_contact_date="2026-09-21")
    march = [
        casework.cases.create_case(f"March Client {n}", area="City", referral_date="2026-03-15").reference
        for n in (0, 1)
    ]
    casework.cases.create_case("October Client", area="City", referral_date="2026-10-10")

    a, b, c = police[0], police[1], selfs[0]
    casework.court.add_hearing(a, datetime(2026, 7, 1, 10, 0), "Northshire Magistrates' Court", "plea")
    casework.court.add_hearing(a, datetime(2026, 8, 10, 10, 0), "Northshire Crown Court", "trial", result="convicted")
    casework.court.add_hearing(
        b, datetime(2026, 8, 12, 10, 0), "Northshire Magistrates' Court", "spo-hearing", result="order-made"
    )
    casework.court.add_hearing(a, datetime(2026, 12, 3, 10, 0), "Northshire Magistrates' Court", "sentencing")  # after
    casework.court.add_order(b, "spo", "requested")  # recorded today, after the period
    casework.cases.close_case(police[4], "transferred")  # closed today: open at the period's end
    item = next(i for i in casework.cases.get_case(b).plan_items if i.category == "digital-safety")
    casework.plan.update_plan_item(item.id, item.version, status="done")  # done today

    clock.fix(datetime(2026, 3, 20, 12, 0))
    casework.cases.close_case(march[0], "moved-away")  # closed before the period: not open at its end
    clock.fix(datetime(2026, 7, 15, 11, 0))
    casework.court.add_order(a, "spo", "requested")
    casework.court.add_order(b, "non-molestation", "applied", applied_on="2026-07-15")
    casework.court.add_order(a, "interim-spo", "granted", applied_on="2026-07-15", granted_on="2026-07-15")
    casework.court.add_order(police[3], "spo")  # only being considered: not counted
    clock.fix(datetime(2026, 9, 1, 12, 0))
    plan = casework.cases.get_case(a).plan_items
    home = [item for item in plan if item.category == "home-security"][:2]
    housing = next(item for item in plan if item.category == "housing")
    for item in [*home, housing]:
        casework.plan.update_plan_item(item.id, item.version, status="done")
    clock.fix(datetime(2026, 9, 10, 12, 0))
    casework.cases.close_case(
        a, "support-complete", feels_safe=4, risk_reduced=True, reported_to_police=True, support_needs_met=True
    )
    casework.cases.close_case(
        b, "support-complete", feels_safe="3", risk_reduced="no", reported_to_police="yes", support_needs_met="yes"
    )
    casework.cases.close_case(c, "unable-to-contact")
    clock.fix(FIXED_NOW)
    return Caseload(a, b, c, vs)


def table(report: Report, key: str) -> dict[str, tuple]:
    return {row.label: row.values for row in report.section(key).rows}


# -- the figures, counted by hand ------------------------------------------------------------


def test_every_figure_matches_the_hand_count(casework: Casework) -> None:
    make_caseload(casework)
    report = casework.reports.report(START, END)
    assert table(report, "summary") == {
        "Referrals received": (10,),  # 6 police + 3 self + 1 victim support; not March or October
        "Median days from referral to first contact": (Median(3.5, 10),),  # 1 1 2 3 3 | 4 5 8 10 20
        "Cases open at the end of the period": (8,),  # 10 - 3 closed in September + 1 of March's two
        "Multi-agency referrals": (3,),  # two in July, one a repeat in August; not October's
        "Cases closed": (3,),
    }
    assert table(report, "source") == {
        "Police": (6,),
        "Self": (3,),
        "Victim support": (1,),
        "Other agency": (0,),
        "Other": (0,),
    }
    assert table(report, "area") == {"City": (6,), "County": (3,), "Not recorded": (1,)}
    assert table(report, "domestic") == {"Domestic": (6,), "Non-domestic": (4,)}
    assert table(report, "re_referrals") == {"Re-referral": (1,), "No earlier case found": (9,)}  # the vs case
    assert table(report, "gender") == {"Female": (6,), "Male": (3,), "Not recorded": (1,)}
    assert table(report, "age") == {
        "under 18": (1,),
        "18-24": (1,),
        "25-34": (3,),
        "35-44": (4,),
        "45-54": (0,),
        "55-64": (0,),
        "65 and over": (0,),
        "Prefer not to say": (0,),
        "Not recorded": (1,),
    }
    # three cases had no level judged at intake and no checklist: not recorded at intake, standard now
    assert table(report, "risk") == {"Standard": (0, 3), "Medium": (5, 4), "High": (2, 3), "Not recorded": (3, 0)}
    assert table(report, "referrals") == {"MARAC": (3, 1), "Multi-agency stalking panel": (0, 0)}
    orders = table(report, "orders")
    assert (orders["SPO"], orders["Interim SPO"], orders["Non-molestation order"]) == ((1, 0, 0), (1, 1, 1), (1, 1, 0))
    assert sum(sum(values) for values in orders.values()) == 6
    assert table(report, "court") == {
        "Plea: no result recorded": (1,),
        "SPO hearing: order made": (1,),
        "Trial: convicted": (1,),
    }
    assert table(report, "closures") == {
        "Support complete": (2,),
        "Declined support": (0,),
        "Unable to contact": (1,),
        "Moved away": (0,),
        "Transferred": (0,),
        "Dropped out": (0,),
        "Other": (0,),
    }
    assert table(report, "outcome_scales")["Feeling safe"] == (1, 1, 0, 0, 1)  # a: 2 -> 4; b: 3 -> 3; c not asked
    assert table(report, "outcomes") == {
        "Risk reduced": (1, 1, 1),
        "Reported to police": (2, 0, 1),
        "Support needs met": (2, 0, 1),
    }
    plan = table(report, "plan")
    assert (plan["Home security"], plan["Housing"], sum(v[0] for v in plan.values())) == ((2,), (1,), 3)


def test_area_and_advocate_narrow_every_figure(casework: Casework) -> None:
    make_caseload(casework)
    county = casework.reports.report(START, END, area="county")
    assert county.area == "County"
    assert county.figure("summary", "Referrals received") == 3
    assert county.figure("summary", "Cases closed") == 1
    assert table(county, "orders")["SPO"] == (0, 0, 0)
    alex = casework.reports.report(START, END, advocate="alex other")
    assert (alex.figure("summary", "Referrals received"), alex.figure("summary", "Multi-agency referrals")) == (1, 0)
    assert table(alex, "risk")["High"] == (0, 1)


def test_erased_cases_still_count_exactly_as_before(casework: Casework) -> None:
    load = make_caseload(casework)
    before = casework.reports.report(START, END)
    with casework.db.session() as session:
        for reference in (load.a, load.vs):
            case = session.exec(select(Case).where(Case.reference == reference)).one()
            keep_statistics(session, case.id)
            session.delete(case)
    assert casework.cases.count_cases() == 13 - 2
    after = casework.reports.report(START, END)
    assert after.sections == before.sections
    with casework.db.reader() as session:
        kept = session.exec(select(CaseStatistic).order_by(CaseStatistic.id)).all()
    assert [
        (k.gender, k.age_band, k.risk_at_intake, k.first_contact_days, k.closure_reason, k.re_referral) for k in kept
    ] == [
        ("female", "35-44", "high", 1, "support-complete", False),
        (None, None, "medium", 20, None, True),
    ]


# -- every format shows the same figures ------------------------------------------------------


class _Tables(html.parser.HTMLParser):
    """(section, row, column) -> cell text from the report's HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: dict[tuple[str, str, str], str] = {}
        self.section = ""
        self.columns: list[str] = []
        self.row: list[str] = []
        self.text: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in {"h2", "th", "td"}:
            self.text = ""
        if tag == "tr":
            self.row = []

    def handle_data(self, data: str) -> None:
        if self.text is not None:
            self.text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "h2":
            self.section = self.text or ""
        elif tag in {"th", "td"}:
            self.row.append(self.text or "")
        elif tag == "tr":
            if not self.row[0]:
                self.columns = self.row[1:]
            else:
                self.cells.update({(self.section, self.row[0], c): v for c, v in zip(self.columns, self.row[1:])})
        if tag in {"h2", "th", "td"}:
            self.text = None


def from_html(text: str) -> dict:
    parser = _Tables()
    parser.feed(text)
    return parser.cells


def from_csv(text: str) -> dict:
    return {
        (s, item.removeprefix("'"), c): v for s, item, c, v in list(csv.reader(io.StringIO(text)))[1:] if s != "Report"
    }


def from_markdown(text: str) -> dict:
    cells, section, columns = {}, "", []
    for line in text.splitlines():
        if line.startswith("## "):
            section = line[3:]
        elif line.startswith("| | "):
            columns = [c.strip() for c in line.strip("|").split("|")][1:]
        elif line.startswith("| ") and not line.startswith("|---"):
            parts = [p.strip() for p in re.split(r"(?<!\\)\|", line.strip()[1:-1])]
            label = parts[0].replace("\\|", "|").replace("&lt;", "<")
            cells.update({(section, label, c): v for c, v in zip(columns, parts[1:])})
    return cells


@pytest.mark.parametrize("suppress", [None, 5], ids=["exact", "funder"])
def test_markdown_csv_and_html_carry_identical_figures(casework: Casework, suppress: int | None) -> None:
    make_caseload(casework)
    report = casework.reports.report(START, END)
    md, csv_text, html_text = (render(report, form, suppress) for form in ("md", "csv", "html"))
    cells = from_markdown(md)
    assert len(cells) == sum(len(s.rows) * len(s.columns) for s in report.sections)
    assert cells == from_csv(csv_text) == from_html(html_text)
    exact = suppress is None
    assert cells[("Summary", "Referrals received", "Figure")] == "10"
    assert cells[("Summary", "Median days from referral to first contact", "Figure")] == "3.5"
    assert cells[("Referrals by source", "Self", "Referrals")] == ("3" if exact else "<5")
    assert cells[("Referrals by source", "Other agency", "Referrals")] == "0"
    # Domestic 6 / non-domestic 4 add up to the 10 referrals: the 6 is withheld too, or the 4 would show.
    assert cells[("Referrals: domestic and non-domestic", "Domestic", "Referrals")] == ("6" if exact else "[c]")
    assert cells[("Referrals: domestic and non-domestic", "Non-domestic", "Referrals")] == ("4" if exact else "<5")
    assert cells[("Outcome measures for cases closed", "Reported to police", "No")] == "0"


def test_small_medians_are_withheld_for_the_funder(casework: Casework) -> None:
    make_caseload(casework)
    county = casework.reports.report(START, END, area="County")
    assert county.figure("summary", "Median days from referral to first contact") == Median(8.0, 3)
    assert "| Median days from referral to first contact | [c] |" in render(county, "md", 5)
    assert "| Median days from referral to first contact | 8 |" in render(county, "md", None)
    nothing = casework.reports.report(date(2020, 1, 1), date(2020, 1, 31))
    assert "| Median days from referral to first contact | - |" in render(nothing, "md", 5)


def test_text_typed_by_people_cannot_break_a_format(casework: Casework) -> None:
    reference = casework.cases.create_case("Jo Example", referral_date="2026-06-01").reference
    client = casework.cases.get_case(reference).client
    casework.parties.update_client(client.id, client.version, gender="=cmd|<b>x")
    report = casework.reports.report(START, END)
    assert "| =cmd\\|&lt;b>x | 1 |" in render(report, "md", None)
    assert "Referrals by gender,'=cmd|<b>x,Referrals,1" in render(report, "csv", None)
    assert '<th scope="row">=cmd|&lt;b&gt;x</th><td>1</td>' in render(report, "html", None)


# -- from the shell ----------------------------------------------------------------------------


def test_the_report_command_suppresses_unless_exact(advocate: Advocate, casework: Casework, tmp_path: Path) -> None:
    make_caseload(casework)
    funder = advocate("report", "--from", "2026-04-01", "--to", "30 Sep 2026", "--format", "csv")
    assert funder.exit_code == 0, funder.stderr
    cells = from_csv(funder.stdout)
    assert cells[("Referrals by source", "Self", "Referrals")] == "<5"
    exact = advocate(
        "report",
        "--from",
        "2026-04-01",
        "--to",
        "2026-09-30",
        "--exact",
        "--format",
        "html",
        "--output",
        str(tmp_path / "report.html"),
    )
    assert (
        exact.stdout
        == f"Report for 01 Apr 2026 to 30 Sep 2026 written to {tmp_path / 'report.html'} (html, exact counts).\n"
    )
    assert from_html((tmp_path / "report.html").read_text())[("Referrals by source", "Self", "Referrals")] == "3"
    # --out, as the other commands that write a file name it, is the same option
    short = advocate("report", "--from", "2026-04-01", "--to", "2026-09-30", "--out", str(tmp_path / "r.md"))
    assert short.exit_code == 0 and (tmp_path / "r.md").read_text().startswith("# Stalking advocacy")
    default = advocate("report", "--from", "2026-04-01", "--to", "2026-09-30")
    assert default.stdout.startswith("# Stalking advocacy: report for the Police and Crime Commissioner\n")


def test_the_suppression_threshold_is_configurable(advocate: Advocate, casework: Casework, isolated_home: Path) -> None:
    config = isolated_home / "config" / "advocate-tui" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("[reports]\nsuppress_below = 3\n")
    make_caseload(casework)
    cells = from_csv(advocate("report", "--from", "2026-04-01", "--to", "2026-09-30", "--format", "csv").stdout)
    assert cells[("Referrals by source", "Victim support", "Referrals")] == "<3"
    assert cells[("Referrals by source", "Self", "Referrals")] == "[c]"  # else 10 - 6 - 3 gives the 1 away
    # With only the 3 withheld, 10 - 6 = 4 = the 1 and a [c] of at least 3: the 1 again, so the 6 goes too.
    assert cells[("Referrals by source", "Police", "Referrals")] == "[c]"
    # Three cells under 3 and the 3 and 4 published: the three add up to 3, so each would be 1.
    ages = [cells[("Referrals by age band at referral", band, "Referrals")] for band in ("25-34", "35-44")]
    assert ages == ["[c]", "[c]"]


@pytest.mark.parametrize(
    ("name", "given", "written"),
    [
        ("r.html", None, "html"),
        ("r.CSV", None, "csv"),
        ("r.md", None, "md"),
        ("r.txt", None, "md"),
        ("r", "csv", "csv"),
    ],
)
def test_the_file_ending_chooses_the_form_when_format_is_not_given(
    advocate: Advocate, tmp_path: Path, name: str, given: str | None, written: str
) -> None:
    target = tmp_path / name
    chosen = ("--format", given) if given else ()
    result = advocate("report", "--from", "2026-04-01", "--to", "2026-09-30", "--out", str(target), *chosen)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.endswith(f"({written}).\n")
    start = {"html": "<!DOCTYPE html>", "csv": "section,item,column,value", "md": "# Stalking advocacy"}[written]
    assert target.read_text(encoding="utf-8").startswith(start)


def test_a_format_that_disagrees_with_the_file_ending_is_refused(advocate: Advocate, tmp_path: Path) -> None:
    target = tmp_path / "r.html"
    result = advocate("report", "--from", "2026-04-01", "--to", "2026-09-30", "--out", str(target), "--format", "md")
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: --format md does not match the name r.html: leave out --format, or name the file r.md.\n",
    )
    assert not target.exists()


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (
            ("--from", "2026-09-30", "--to", "2026-04-01"),
            "The period ends (01 Apr 2026) before it starts (30 Sep 2026): swap the dates.",
        ),
        (
            ("--from", "2027-01-01", "--to", "2027-03-31"),
            "The period starts on 01 Jan 2027, after today (23 Nov 2026): a report counts what has happened, so "
            "give a period that has begun.",
        ),
        (
            ("--from", "2026-04-01", "--to", "2026-09-30", "--format", "pdf"),
            "'pdf' is not a report format: use md, csv or html.",
        ),
        (
            ("--from", "2026-04-01", "--to", "2026-09-30", "--area", "Nowhere"),
            "'Nowhere' is not one of this service's areas: use one of City, County.",
        ),
        (
            ("--from", "someday", "--to", "2026-09-30"),
            "'someday' is not a date I can read for the first day of the report",
        ),
    ],
)
def test_bad_report_input_is_one_sentence(advocate: Advocate, args: tuple, says: str) -> None:
    result = advocate("report", *args)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith(f"Error: {says}")


# -- closing a case asks the outcome questions ------------------------------------------------------


def test_closing_records_the_outcome_answers(advocate: Advocate) -> None:
    reference = advocate("case", "new", "Jo Example", "--feels-safe", "2", "-q").stdout.strip()
    result = advocate(
        "case",
        "close",
        reference,
        "--reason",
        "support-complete",
        "--feels-safe",
        "4",
        "--risk-reduced",
        "--not-reported",
        "--needs-met",
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[1] == (
        "Outcome: feels safe (1-5): 4; risk reduced: yes; reported to police: no; support needs met: yes."
    )
    other = advocate("case", "new", "Sam Example", "-q").stdout.strip()
    assert (
        advocate("case", "close", other, "--reason", "unable-to-contact").stdout.splitlines()[1]
        == "No outcome questions recorded."
    )


def test_an_answer_off_the_scale_closes_nothing(advocate: Advocate) -> None:
    reference = advocate("case", "new", "Jo Example", "-q").stdout.strip()
    result = advocate("case", "close", reference, "--reason", "support-complete", "--feels-safe", "7")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: The answer to 'how safe do you feel?' at closure must be a whole number from 1 "
        "(not at all safe) to 5 (completely safe), or declined, not '7'.\n"
    )
    assert advocate("case", "list", "--json").stdout.count(reference) == 1  # still open
