"""The report's justice funnel, reach (relationship, gender by domestic), criteria met and quarterly series,
counted by hand on a small caseload, on both databases; and the HTML report's charts drawn from them."""

import re
import sys
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import select
from test_reports import from_csv, from_html, from_markdown, table, yes

from advocate_tui.output.report_formats import render
from advocate_tui.services.casework import Casework
from advocate_tui.services.reports import keep_statistics
from advocate_tui.storage.models import Case, CaseStatistic, Referral

START, END = date(2026, 4, 1), date(2026, 9, 30)
CONSENT_REASON = "Vital interests: a risk to life"


@dataclass
class Caseload:
    d1: str  # ex-partner, female: charged, convicted; order applied, granted, breached; MARAC on high risk
    d2: str  # current partner, male: an incident reported (no crime reference); order applied; MARAC on judgement
    n1: str  # stranger, male: reported, under investigation; panel on high risk
    n2: str  # colleague, female: charged, acquitted; restraining order on acquittal granted (never "applied")
    n3: str  # no perpetrator recorded, no gender: nothing
    before: str  # ex-partner, referred in March: convicted (outside the funnel); SPO granted in April


def make_caseload(casework: Casework) -> Caseload:
    cases = casework.cases
    made = {}
    for key, relationship, gender, referred in (
        ("d1", "ex-partner", "Female", "2026-04-10"),
        ("d2", "current-partner", "Male", "2026-05-05"),
        ("n1", "stranger", "male", "2026-07-01"),
        ("n2", "colleague", "female", "2026-08-20"),
        ("n3", None, None, "2026-09-30"),
        ("before", "ex-partner", "Female", "2026-03-01"),
    ):
        reference = cases.create_case(f"Client {key}", relationship=relationship, referral_date=referred).reference
        client = cases.get_case(reference).client
        casework.parties.update_client(client.id, client.version, gender=gender)
        made[key] = reference
    load = Caseload(**made)
    justice = casework.justice
    justice.add_report(load.d1, "NS/1/26", status="charged", offence="stalking-s2a", court_outcome="guilty-plea")
    casework.log.add_incident(
        load.d2, "Calls all night", datetime(2026, 5, 6, 22, 0), ["calls"], police_reference="I-2"
    )
    justice.add_report(load.n1, "NS/3/26", status="under-investigation")
    justice.add_report(load.n2, "NS/4/26", status="charged", offence="harassment-s2", court_outcome="acquitted")
    justice.add_report(
        load.before, "NS/5/26", status="charged", offence="stalking-s2a", court_outcome="convicted-after-trial"
    )

    court = casework.court
    order = court.add_order(load.d1, "non-molestation", "granted", applied_on="2026-05-13", granted_on="2026-05-20")
    casework.log.add_incident(load.d1, "Came to the door", datetime(2026, 6, 2, 19, 0), breached_order_id=order.id)
    court.add_order(load.d2, "spo", "applied", applied_on="2026-06-01")
    court.add_order(load.n2, "restraining-order-acquittal", "granted", granted_on="2026-09-01")
    court.add_order(load.before, "spo", "granted", applied_on="2026-03-20", granted_on="2026-04-15")

    for reference, on in ((load.d1, "2026-05-01"), (load.n1, "2026-07-15")):
        casework.risk.record_assessment(reference, "risk", yes(14), assessed_on=on)
        casework.referrals.add(reference, on=on, without_consent=CONSENT_REASON)
    casework.risk.set_referral_judgement(load.d2, "Fixated after the separation")
    casework.referrals.add(load.d2, on="2026-06-10", without_consent=CONSENT_REASON)
    with casework.db.session() as session:  # a referral from before referral history kept its criteria
        case = session.exec(select(Case).where(Case.reference == load.before)).one()
        session.add(Referral(case_id=case.id, route="marac", referred_on=date(2026, 4, 20), referred_by="Test"))
    return load


def test_the_justice_funnel_counts_cases_referred_that_reached_each_stage(casework: Casework) -> None:
    make_caseload(casework)
    report = casework.reports.report(START, END)
    assert table(report, "funnel") == {
        "Reported to the police": (4,),  # d1, n1, n2 by crime reference; d2 by an incident reported
        "Charged": (2,),  # d1, n2
        "Convicted": (1,),  # d1 (a guilty plea); n2 acquitted; "before" referred outside the period
        "Protective order applied for": (3,),  # d1, d2, and n2's order granted without an application
        "Protective order granted": (2,),  # d1, n2
        "Protective order breached": (1,),  # d1
    }


def test_referrals_by_relationship_and_by_gender_and_domestic(casework: Casework) -> None:
    make_caseload(casework)
    report = casework.reports.report(START, END)
    assert table(report, "relationship") == {
        "Current partner": (1,),
        "Ex-partner": (1,),
        "Family member": (0,),
        "Friend or acquaintance": (0,),
        "Colleague": (1,),
        "Neighbour": (0,),
        "Stranger": (1,),
        "Online only": (0,),
        "Unknown": (0,),
        "Not recorded": (1,),  # n3: no perpetrator recorded
    }
    assert table(report, "gender_domestic") == {"Female": (1, 1), "Male": (1, 1), "Not recorded": (0, 1)}


def test_multi_agency_referrals_by_route_and_criterion_met(casework: Casework) -> None:
    make_caseload(casework)
    report = casework.reports.report(START, END)
    assert table(report, "criteria") == {
        "Visible high risk": (1, 1),  # d1 to the MARAC, n1 to the panel
        "Potential escalation": (0, 0),
        "Professional judgement": (1, 0),  # d2
        "Repeat referral": (0, 0),
        "Not recorded (before referral history)": (1, 0),
    }


def test_quarterly_series_split_the_period_from_its_first_day(casework: Casework) -> None:
    make_caseload(casework)
    report = casework.reports.report(START, END)
    assert report.section("quarterly_referrals").columns == ("Apr-Jun 2026", "Jul-Sep 2026")
    assert table(report, "quarterly_referrals") == {"Domestic": (2, 0), "Non-domestic": (0, 3)}
    assert table(report, "quarterly_routes") == {"MARAC": (3, 0), "Multi-agency stalking panel": (0, 1)}
    assert table(report, "quarterly_orders") == {  # by the day granted, whenever the case was referred
        "SPO": (1, 0),
        "Restraining order (acquittal)": (0, 1),
        "Non-molestation order": (1, 0),
    }
    year = casework.reports.report(date(2026, 4, 1), date(2027, 3, 31))  # made on 23 Nov 2026
    assert year.section("quarterly_referrals").columns == ("Apr-Jun 2026", "Jul-Sep 2026", "Oct-Dec 2026")
    odd = casework.reports.report(date(2026, 4, 15), date(2026, 8, 1))
    assert odd.section("quarterly_referrals").columns == ("15 Apr-14 Jul 2026", "15 Jul-1 Aug 2026")
    assert table(odd, "quarterly_referrals") == {"Domestic": (1, 0), "Non-domestic": (1, 0)}


def test_erased_cases_keep_the_new_figures(casework: Casework) -> None:
    load = make_caseload(casework)
    before = casework.reports.report(START, END)
    with casework.db.session() as session:
        for reference in (load.d1, load.n2, load.before):
            case = session.exec(select(Case).where(Case.reference == reference)).one()
            keep_statistics(session, case.id)
            session.delete(case)
    assert casework.reports.report(START, END).sections == before.sections
    with casework.db.reader() as session:
        kept = session.exec(select(CaseStatistic).order_by(CaseStatistic.id)).all()
    assert [(k.relationship, bool(k.convicted), bool(k.order_breached)) for k in kept] == [
        ("ex-partner", True, True),
        ("colleague", False, False),
        ("ex-partner", True, False),
    ]


def test_gender_by_domestic_is_protected_across_rows_and_columns(casework: Casework) -> None:
    """Its rows add up to the referrals by gender and its columns to domestic / non-domestic: a lone small
    count in either direction has a second figure withheld."""
    for number in range(7):
        casework.cases.create_case(f"Client {number}", relationship="stranger", referral_date="2026-05-01")
    casework.cases.create_case("Client D", relationship="ex-partner", referral_date="2026-05-01")
    cells = from_markdown(render(casework.reports.report(START, END), "md", 5))
    title = "Referrals by gender: domestic and non-domestic"
    assert (cells[(title, "Not recorded", "Domestic")], cells[(title, "Not recorded", "Non-domestic")]) == ("<5", "[c]")


# -- the charts ----------------------------------------------------------------------------


def charts(page: str) -> dict[str, str]:
    """Each chart's SVG in the HTML report, by its title."""
    return {
        re.search(r"<title>(.*?)</title>", svg).group(1): svg  # type: ignore[union-attr]
        for svg in re.findall(r'<figure class="chart".*?</figure>', page, re.S)
    }


def drawn(svg: str) -> list[str]:
    """The values pygal drew, in order."""
    return re.findall(r'<desc class="value">([^<]*)</desc>', svg)


def test_the_html_report_draws_the_quarterly_series_and_the_funnel(casework: Casework) -> None:
    make_caseload(casework)
    page = render(casework.reports.report(START, END), "html", None)
    found = charts(page)
    assert set(found) == {
        "Referrals per quarter: domestic and non-domestic",
        "Multi-agency referrals per quarter by route",
        "Justice funnel: cases referred in the period that reached each stage",
        "Protective orders granted per quarter by kind",
    }
    referrals = found["Referrals per quarter: domestic and non-domestic"]
    assert drawn(referrals) == ["2", "0", "0", "3"]
    assert all(name in referrals for name in ("Domestic", "Non-domestic", "Apr-Jun 2026", "Quarter", ">Referrals<"))
    assert 'aria-label="Bar chart of referrals per quarter: domestic and non-domestic' in referrals
    assert "Domestic: Apr-Jun 2026 2, Jul-Sep 2026 0; Non-domestic: Apr-Jun 2026 0, Jul-Sep 2026 3." in referrals
    assert 'class="line' in found["Multi-agency referrals per quarter by route"]
    assert "<script" not in page and "kozea" not in page  # nothing fetched: the report reads offline


def test_a_quarter_across_the_new_year_is_named_whole_under_its_bars(casework: Casework) -> None:
    make_caseload(casework)
    page = render(casework.reports.report(date(2025, 12, 1), date(2026, 11, 30)), "html", None)
    referrals = charts(page)["Referrals per quarter: domestic and non-domestic"]
    assert re.findall(r'class="">([^<]*2026)</text>', referrals)[:4] == [
        "Dec 2025-Feb 2026",
        "Mar-May 2026",
        "Jun-Aug 2026",
        "Sep-Nov 2026",
    ]


def test_drawing_charts_leaves_no_import_hook_that_warns_later(casework: Casework) -> None:
    """pygal adds an import hook without ``find_spec``; left in place, SQLAlchemy's look-up of a database
    dialect later in the same process (the application after an HTML export) warns."""
    make_caseload(casework)
    render(casework.reports.report(START, END), "html", None)
    assert [type(finder).__name__ for finder in sys.meta_path if not hasattr(finder, "find_spec")] == []


def test_a_suppressed_count_is_not_drawn(casework: Casework) -> None:
    make_caseload(casework)
    page = render(casework.reports.report(START, END), "html", 5)
    referrals = charts(page)["Referrals per quarter: domestic and non-domestic"]
    assert drawn(referrals) == ["0", "0"]  # the 2 and the 3 are "<5": left out, not drawn as 2 and 3
    assert "Domestic: Apr-Jun 2026 &lt;5, Jul-Sep 2026 0" in referrals


def test_markdown_and_csv_stay_tables(casework: Casework) -> None:
    make_caseload(casework)
    report = casework.reports.report(START, END)
    md, csv_text, html_text = (render(report, form, None) for form in ("md", "csv", "html"))
    assert "<svg" not in md and "<svg" not in csv_text
    assert from_markdown(md) == from_csv(csv_text) == from_html(html_text)
    assert (
        from_csv(csv_text)[("Referrals per quarter: domestic and non-domestic", "Non-domestic", "Jul-Sep 2026")] == "3"
    )


def test_consultation_hours_round_a_half_hour_up(casework: Casework) -> None:
    asked = {"organisation": "Northshire Housing", "professional": "Robin Fictus", "question": "?", "advice": "!"}
    for minutes in (90, 60):  # 150 minutes: 2.5 hours
        casework.consultations.add(**asked, minutes=minutes, held_on=date(2026, 5, 1))
    assert casework.reports.report(START, END).figure("consultations", "Hours spent (rounded)") == 3
