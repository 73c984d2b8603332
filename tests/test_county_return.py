"""One countywide return from several services: each service's statistics exported, combined, and suppressed
after adding up; the combined return is the report of one database holding every service's cases."""

import csv
import io
import json
import math
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import PG_ENV, Advocate, _advocate_on, _pg_test_database
from test_reports import make_caseload

from advocate_tui.db import open_database
from advocate_tui.output.report_formats import render, sums
from advocate_tui.services.casework import Casework
from advocate_tui.services.demo import generate
from advocate_tui.services.reports import Median, Report
from advocate_tui.services.statistics import FORMAT, combine, read_returns
from advocate_tui.storage.config import load_settings

START, END = date(2026, 1, 1), date(2026, 11, 23)
PERIOD = ("--from", "2026-01-01", "--to", "2026-11-23")
CITY, COUNTY = ("City", 40, 11), ("County", 30, 22)  # area, cases, seed of each service's demo data


@dataclass
class Service:
    name: str
    casework: Casework
    advocate: Advocate


@dataclass
class County:
    city: Service
    county: Service
    both: Casework  # one database holding both services' cases


def _fill(casework: Casework, area: str, cases: int, seed: int, organisation: str) -> None:
    plan = casework.plan.starting_plan()
    generate(casework.db, cases, seed=seed, plan=plan, user="Test Advocate", areas=(area,), equality=casework.equality)
    for minutes in (50, 50):  # two 50-minute consultations: 2 hours at one service, 1 hour 40 each
        casework.consultations.add(
            organisation="Northshire Housing",
            professional=f"{organisation} Fictus",
            question="How to record visits",
            advice="Keep a diary",
            minutes=minutes,
            held_on="2026-05-01",
        )


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def county(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[County]:
    """The city's and the county's services, each with its demo data, and a third database holding both."""
    if request.param == "sqlite":
        urls = [f"sqlite:///{tmp_path / f'{name}.db'}" for name in ("city", "county", "both")]
    else:
        admin = os.environ.get(PG_ENV)
        if not admin:
            pytest.skip(
                f"{PG_ENV} is not set: start PostgreSQL and set it (as .ci/run does) to run the PostgreSQL tests"
            )
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        urls = [_pg_test_database(admin, f"{worker}_{name}") for name in ("city", "county", "both")]
    databases = [open_database(url) for url in urls]
    city, county_, both = (
        Casework(db, user="Test Advocate", areas=areas)
        for db, areas in zip(databases, (("City",), ("County",), ("City", "County")))
    )
    _fill(city, *CITY, "City")
    _fill(county_, *COUNTY, "County")
    _fill(both, *CITY, "City")
    _fill(both, *COUNTY, "County")
    yield County(
        Service("Northshire City Stalking Service", city, _advocate_on(urls[0])),
        Service("Northshire County Stalking Service", county_, _advocate_on(urls[1])),
        both,
    )
    for db in databases:
        db.dispose()


def export(service: Service, home: Path, out: Path, *more: str) -> Path:
    """``advocate statistics export`` as ``service``, its name in its config file."""
    config = home / "config" / "advocate-tui" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    area = service.casework.context.areas[0]
    config.write_text(f'[service]\nname = "{service.name}"\nareas = ["{area}"]\n')
    load_settings.cache_clear()
    done = service.advocate("statistics", "export", *PERIOD, "--out", str(out), *more)
    assert done.exit_code == 0, done.stderr
    return out


@pytest.fixture
def returns(county: County, isolated_home: Path, tmp_path: Path) -> list[Path]:
    return [
        export(county.city, isolated_home, tmp_path / "city.json"),
        export(county.county, isolated_home, tmp_path / "county.json"),
    ]


def cells(report: Report) -> dict[tuple[str, str, str], object]:
    return {
        (section.key, row.label, column): value
        for section in report.sections
        for row in section.rows
        for column, value in zip(section.columns, row.values)
    }


# -- the combined return is the report of one database holding both --------------------------------------


def test_the_combined_return_is_the_report_of_one_database_holding_both(county: County, returns: list[Path]) -> None:
    combined = combine(read_returns(returns))
    both = county.both.reports.report(START, END)
    adding = {
        key: value
        for key, value in cells(both).items()
        if key[1] not in {"Organisations advised", "Hours spent (rounded)"}
    }
    assert cells(combined) == adding  # every section, every row, every cell (medians by value and cases)
    assert [s.key for s in combined.sections] == [s.key for s in both.sections]
    assert combined.figure("summary", "Referrals received") == CITY[1] + COUNTY[1]
    assert combined.figure("area", "City") == CITY[1] and combined.figure("area", "County") == COUNTY[1]
    median = combined.figure("summary", "Median days from referral to first contact")
    assert isinstance(median, Median) and median.cases > CITY[1]
    # Counts of distinct organisations and rounded hours do not add up across services: left out, not wrong.
    assert both.figure("consultations", "Organisations advised") == 1
    assert [row.label for row in combined.section("consultations").rows] == ["Consultations"]


def test_the_return_holds_counts_and_names_no_one(county: County, returns: list[Path]) -> None:
    city = json.loads(returns[0].read_text())
    assert (city["format"], city["service"]["name"], city["period"]) == (
        FORMAT,
        "Northshire City Stalking Service",
        {"from": "2026-01-01", "to": "2026-11-23"},
    )
    assert city["service"]["id"] == county.city.casework.audit.service_id()
    assert oct(returns[0].stat().st_mode & 0o777) == "0o600"
    text = returns[0].read_text()
    with county.city.casework.db.reader() as session:
        from sqlmodel import select

        from advocate_tui.storage.models import Case, Client

        names = session.exec(select(Client.name)).all()
        references = session.exec(select(Case.reference)).all()
        crime = [ref for ref in session.exec(select(Case.crime_reference)).all() if ref]
    assert names and not any(word in text for word in [*names, *references, *crime, "Fictus", "Northshire Housing"])
    median = next(row for row in city["sections"][0]["rows"] if row["label"].startswith("Median"))
    days = median["values"][0]["days"]
    assert sum(n for _day, n in days) == CITY[1] and all(isinstance(d, int) for d, _n in days)


def test_a_median_is_combined_from_the_days_not_from_the_medians() -> None:
    one, other = Median.of([(1, 1), (2, 1), (3, 1)]), Median.of([(10, 1), (11, 1)])
    assert (one.value, other.value) == (2, 10.5)
    assert Median.of([*one.days, *other.days]) == Median(3, 5)  # not 6.25, the mean of the two medians
    assert Median.of([]) == Median(None, 0)


# -- suppression after combining -----------------------------------------------------------------------


def from_csv(text: str) -> dict[tuple[str, str, str], str]:
    rows = list(csv.reader(io.StringIO(text)))[1:]
    return {(section, item, column): value for section, item, column, value in rows if section != "Report"}


def test_suppression_comes_after_adding_up(county: County, returns: list[Path], tmp_path: Path) -> None:
    each = [from_csv(render(combine(read_returns([one])), "csv", 5)) for one in returns]
    done = county.city.advocate("statistics", "combine", *map(str, returns), "--format", "csv")
    assert done.exit_code == 0, done.stderr
    together = from_csv(done.stdout)
    exact = from_csv(render(combine(read_returns(returns)), "csv", None))
    # Cells hidden in a service's own return but published once added up: suppressing each and adding gives
    # nothing there, suppressing after adding gives the figure.
    revealed = [key for key, text in together.items() if text.isdigit() and any(e.get(key, "0") == "<5" for e in each)]
    assert revealed, "no cell hidden in one service's return is published in the combined one"
    # What the combined return hides is what is small once added up, not in either service.
    assert all(exact[key] in {"1", "2", "3", "4"} for key, text in together.items() if text == "<5")
    exact_text = county.city.advocate("statistics", "combine", *map(str, returns), "--exact").stdout
    assert "Exact counts, for the service's own use: not for sharing." in exact_text
    assert "Services combined: Northshire City Stalking Service (id " in exact_text


# -- suppression that holds: a reader's arithmetic recovers no small count ---------------------------------

#: What adds up to what, as a reader of the report knows it: (section title, by rows or columns, what each group
#: adds up to, and the only group that does when not all do). What a group adds up to is a Summary figure, or a
#: (section title, column) whose row is the group's name: a row of the same label, or for columns, the row
#: named as the column is.
RELATIONS: list[tuple[str, str, str | tuple[str, str], str | None]] = [
    *(
        (title, "columns", "Referrals received", None)
        for title in (
            "Referrals by source",
            "Referrals by area",
            "Referrals: domestic and non-domestic",
            "Referrals by the perpetrator's relationship to the client",
            "Re-referrals: the client matched an earlier case",
            "Referrals by gender",
            "Referrals by age band at referral",
            "Referrals by sex",
            "Referrals by gender identity",
            "Referrals by ethnic group",
            "Referrals by disability",
            "Referrals by sexual orientation",
            "Referrals by religion or belief",
            "Referrals by first language",
            "Referrals: interpreter needed",
            "Risk level of cases referred: at intake and latest",
        )
    ),
    ("Closures by reason", "columns", "Cases closed", None),
    ("Outcome measures for cases closed", "rows", "Cases closed", None),
    ("Outcomes at exit: feeling safe and quality of life (1-5) against intake", "rows", "Cases closed", None),
    ("Outcomes at exit: risk level of the closing review against intake", "columns", "Cases closed", None),
    ("Cases closed: behaviours asked about at intake", "columns", "Cases closed", None),
    ("Multi-agency referrals by route", "columns", "Multi-agency referrals", "Referrals"),
    (
        "Latest risk level of cases referred, by what it rests on",
        "rows",
        ("Risk level of cases referred: at intake and latest", "Latest"),
        None,
    ),
    ("Referrals by gender: domestic and non-domestic", "rows", ("Referrals by gender", "Referrals"), None),
    (
        "Referrals by gender: domestic and non-domestic",
        "columns",
        ("Referrals: domestic and non-domestic", "Referrals"),
        None,
    ),
    (
        "Referrals per quarter: domestic and non-domestic",
        "rows",
        ("Referrals: domestic and non-domestic", "Referrals"),
        None,
    ),
    ("Multi-agency referrals per quarter by route", "rows", ("Multi-agency referrals by route", "Referrals"), None),
    ("Protective orders granted per quarter by kind", "rows", ("Protective orders by kind", "Granted"), None),
]

Key = tuple[str, str, str]


def equations(shown: dict[Key, str]) -> list[tuple[list[Key], Key]]:
    """(cells, the cell they add up to), from :data:`RELATIONS` over the published report."""
    found = []
    for title, way, total, only in RELATIONS:
        groups: dict[str, list] = {}
        for key in shown:
            if key[0] == title:
                groups.setdefault(key[2] if way == "columns" else key[1], []).append(key)
        for name, group in groups.items():
            target = ("Summary", total, "Figure") if isinstance(total, str) else (total[0], name, total[1])
            if only in (None, name) and target in shown:
                found.append((group, target))
    return found


def recovered(shown: dict[Key, str], limit: int = 5) -> dict[Key, int]:
    """The hidden counts a reader pins to one number: "<5" is 1 to 4, "[c]" at least 5 (never a small count),
    every relation holds; each cell's range narrowed by every relation until none narrows further."""
    span = {
        key: (1, limit - 1) if text == f"<{limit}" else (limit, math.inf) if text == "[c]" else (int(text), int(text))
        for key, text in shown.items()
        if text.isdigit() or text in {f"<{limit}", "[c]"}  # not a median
    }
    relations = [(parts, total) for parts, total in equations(shown) if all(k in span for k in [*parts, total])]
    changed = True
    while changed:
        changed = False
        for parts, total in relations:
            for cell in [*parts, total]:
                others = [span[p] for p in parts if p != cell]
                if cell == total:
                    low, high = sum(o[0] for o in others), sum(o[1] for o in others)
                else:
                    low = span[total][0] - sum(o[1] for o in others)
                    high = span[total][1] - sum(o[0] for o in others)
                narrowed = (max(span[cell][0], low), min(span[cell][1], high))
                if narrowed != span[cell]:
                    span[cell], changed = narrowed, True
    return {key: int(low) for key, (low, high) in span.items() if low == high and not shown[key].isdigit()}


def test_no_small_count_of_the_combined_return_can_be_worked_out(returns: list[Path]) -> None:
    shown = from_csv(render(combine(read_returns(returns)), "csv", 5))
    assert any(text == "<5" for text in shown.values())
    assert recovered(shown) == {}


@pytest.mark.parametrize("limit", [3, 5])
def test_no_small_count_of_a_report_can_be_worked_out(sqlite_casework: Casework, limit: int) -> None:
    make_caseload(sqlite_casework)
    report = sqlite_casework.reports.report(date(2026, 4, 1), date(2026, 9, 30))
    shown = from_csv(render(report, "csv", limit))
    assert recovered(shown, limit) == {}
    # The reader's arithmetic bites: shown only as "<limit", without the figures withheld, counts come out.
    exact = from_csv(render(report, "csv", None))
    primary = {key: f"<{limit}" if text.isdigit() and 0 < int(text) < limit else text for key, text in exact.items()}
    assert recovered(primary, limit)


#: The demo service's database, made once for every test below (per test worker).
_DEMO: dict[str, Path] = {}


@pytest.fixture
def demo_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Casework]:
    """A demo service of 200 cases in two areas."""
    if "db" not in _DEMO:
        path = tmp_path_factory.mktemp("demo-service") / "demo.db"
        made = Casework(open_database(f"sqlite:///{path}"), user="Test Advocate", areas=AREAS)
        plan = made.plan.starting_plan()
        generate(made.db, 200, seed=5, plan=plan, user="Test Advocate", areas=AREAS, equality=made.equality)
        made.db.dispose()
        _DEMO["db"] = path
    casework = Casework(open_database(f"sqlite:///{_DEMO['db']}"), user="Test Advocate", areas=AREAS)
    yield casework
    casework.db.dispose()


AREAS = ("City", "County")
#: Periods ending on the fixed day, from a fortnight (a few cases: most counts small) to a year.
SWEEP = [(date(2026, 11, 23) - timedelta(days=days), date(2026, 11, 23)) for days in (6, 13, 29, 90, 364)]


def test_every_table_that_adds_up_is_tied_to_the_cell_it_adds_up_to(demo_service: Casework) -> None:
    """A table whose groups add up to a published figure names that figure, so suppression can protect both;
    only the repeats of multi-agency referrals add up to nothing published."""
    report = demo_service.reports.report(*SWEEP[-1])
    loose = {
        (report.sections[each.parts[0][0]].key, report.sections[each.parts[0][0]].columns[each.parts[0][2]])
        for each in sums(report)
        if each.total is None and each.parts
    }
    assert loose == {("referrals", "Repeats")}


@pytest.mark.parametrize(("start", "end"), SWEEP)
@pytest.mark.parametrize("area", [None, *AREAS])
def test_no_small_count_can_be_worked_out_over_any_period_or_area(
    demo_service: Casework, start: date, end: date, area: str | None
) -> None:
    report = demo_service.reports.report(start, end, area=area)
    shown = from_csv(render(report, "csv", 5))
    assert recovered(shown) == {}


# -- refusals: one sentence naming the file, nothing written ------------------------------------------------


def refused(advocate: Advocate, *args: str) -> str:
    done = advocate("statistics", *args)
    assert (done.exit_code, done.stdout) == (1, "")
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("Error: ") and "Traceback" not in done.stderr
    return done.stderr.removeprefix("Error: ").rstrip("\n")


def edited(source: Path, target: Path, change) -> Path:
    doc = json.loads(source.read_text())
    change(doc)
    target.write_text(json.dumps(doc))
    return target


def test_combine_refuses_what_cannot_be_combined(county: County, returns: list[Path], tmp_path: Path) -> None:
    city, other = returns
    run = county.city.advocate
    out = tmp_path / "combined.md"

    def says(*files: Path) -> str:
        sentence = refused(run, "combine", *map(str, files), "--out", str(out))
        assert not out.exists()
        return sentence

    later = edited(other, tmp_path / "later.json", lambda d: d["period"].update({"to": "2026-11-30"}))
    assert says(city, later) == (
        "The files cover different periods (city.json: 01 Jan 2026 to 23 Nov 2026; later.json: 01 Jan 2026 to "
        "30 Nov 2026): export every service's return for the same period."
    )
    newer = edited(other, tmp_path / "newer.json", lambda d: d.update({"format": "advocate-statistics/2"}))
    assert says(city, newer) == (
        "The files are in different format versions (city.json: advocate-statistics/1; newer.json: "
        "advocate-statistics/2): export them all again with one version of the program."
    )
    assert says(newer).startswith("newer.json is in the format advocate-statistics/2, which this version")
    assert says(city, city) == (
        "city.json and city.json are both from Northshire City Stalking Service (id "
        f"{county.city.casework.audit.service_id()}): give each service's return once."
    )
    namesake = edited(
        other, tmp_path / "namesake.json", lambda d: d["service"].update({"name": "NORTHSHIRE CITY STALKING SERVICE"})
    )
    assert says(city, namesake) == (
        "city.json and namesake.json come from two services both called NORTHSHIRE CITY STALKING SERVICE: set each "
        "service's own name (`[service] name` in its config.toml) and export its return again."
    )
    fewer = edited(other, tmp_path / "fewer.json", lambda d: d["sections"].pop())
    assert says(city, fewer) == (
        "city.json and fewer.json hold different tables: export them again with one version of the program."
    )
    report = tmp_path / "report.md"
    report.write_text("# Stalking advocacy: report\n")
    assert (
        says(city, report) == "report.md is not a statistics return (a JSON file made by `advocate statistics export`)."
    )
    negative = edited(other, tmp_path / "negative.json", lambda d: d["sections"][0]["rows"][0].update({"values": [-3]}))
    assert says(city, negative) == (
        "negative.json is not a whole statistics return (summary holds '-3' where a count belongs): export it again."
    )
    short = edited(other, tmp_path / "short.json", lambda d: d["sections"][1]["rows"][0].update({"values": []}))
    assert says(short).startswith("short.json is not a whole statistics return (a row of source has 0 values for 1 ")
    renamed = edited(other, tmp_path / "renamed.json", lambda d: d["sections"][1].update({"columns": ["Cases"]}))
    assert says(city, renamed) == (
        "city.json and renamed.json lay out 'Referrals by source' differently: export them again with one version "
        "of the program."
    )
    median = {"days": [[1, 2]]}
    mixed = edited(other, tmp_path / "mixed.json", lambda d: d["sections"][1]["rows"][0].update({"values": [median]}))
    assert says(city, mixed) == (
        "city.json and mixed.json hold different kinds of figure in 'Referrals by source: Police': export them "
        "again with one version of the program."
    )
    big = tmp_path / "big.json"
    big.write_bytes(b'{"format": "advocate-statistics/1", "x": "' + b"x" * (3 * 1024 * 1024) + b'"}')
    assert says(city, big) == f"{big} is larger than 2,048 KB, too large for a statistics return."
    assert says(city, tmp_path) == f"{tmp_path} is a folder: give the name of a statistics return."
    assert says(city, tmp_path / "missing.json") == (
        f"Cannot read {tmp_path / 'missing.json'} (No such file or directory): check the name."
    )
    assert refused(run, "combine", str(city), "--format", "pdf") == "'pdf' is not a report format: use md, csv or html."


def test_export_writes_only_a_new_ordinary_file(county: County, isolated_home: Path, tmp_path: Path) -> None:
    service = county.city
    target = tmp_path / "city.json"
    target.write_text("kept")
    assert refused(service.advocate, "export", *PERIOD, "--out", str(target)) == (
        f"{target} exists: choose another name or add --force."
    )
    assert target.read_text() == "kept"
    assert refused(service.advocate, "export", *PERIOD, "--out", "/dev/null") == (
        "/dev/null is not an ordinary file (it is a device): give the name of a file to write."
    )
    assert refused(
        service.advocate, "export", "--from", "2026-11-23", "--to", "2026-01-01", "--out", str(tmp_path / "x.json")
    ) == ("The period ends (01 Jan 2026) before it starts (23 Nov 2026): swap the dates.")
    assert refused(
        service.advocate, "export", "--from", "2027-01-01", "--to", "2027-03-31", "--out", str(tmp_path / "x.json")
    ) == (
        "The period starts on 01 Jan 2027, after today (23 Nov 2026): a report counts what has happened, so give a "
        "period that has begun."
    )
    assert not (tmp_path / "x.json").exists()
    export(service, isolated_home, target, "--force")
    assert json.loads(target.read_text())["format"] == FORMAT
