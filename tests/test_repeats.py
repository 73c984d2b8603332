"""Repeat detection over the database, on SQLite and PostgreSQL: a re-referral found as a case opens (the service,
`case new`), and a perpetrator on more than one case flagged on each (the service, `case show`), both only among
the cases the person may see."""

import json
from collections.abc import Iterator

import pytest
from conftest import Advocate
from sqlalchemy.orm import selectinload
from sqlmodel import col, select

from advocate_tui.db import open_database
from advocate_tui.rules.repeats import Person
from advocate_tui.services.casework import Casework
from advocate_tui.services.repeats import earlier_client, serial_perpetrators
from advocate_tui.storage.models import Case
from advocate_tui.storage.orm import rel


@pytest.fixture
def casework_on(database_url: str) -> Iterator[Casework]:
    """The services on the database the ``advocate`` fixture runs on."""
    database = open_database(database_url)
    yield Casework(database, user="Test Advocate", areas=("City", "County"))
    database.dispose()


def test_a_client_referred_again_is_found_by_date_of_birth_and_name_or_by_phone(casework: Casework) -> None:
    first = casework.cases.create_case("Katherine Example", date_of_birth="1990-05-17", phone="07700 900123")
    assert first.re_referral_of is None
    married = casework.cases.create_case("Catherine Example-Madeup", date_of_birth="17/05/1990")
    assert married.re_referral_of == first.reference
    by_phone = casework.cases.create_case("Sam Sample", phone="+44 7700 900 123")
    assert by_phone.re_referral_of == first.reference  # the married name's case has no phone
    namesake = casework.cases.create_case("Katherine Example", date_of_birth="1991-02-03")
    assert namesake.re_referral_of is None  # a common name, another date of birth: someone else
    assert casework.cases.get_case(married.reference).re_referral_of == first.reference  # stored


def test_the_search_for_an_earlier_client_is_limited_to_the_cases_given(casework: Casework) -> None:
    first = casework.cases.create_case("Jon Fictus", date_of_birth="1990-05-17")
    casework.cases.create_case("Lee Notreal", date_of_birth="1990-05-17")
    person = Person("STK-2026-9999", ["John Fictus"], first.client.date_of_birth)
    with casework.db.reader() as session:
        found = earlier_client(session, person)
        hidden = earlier_client(session, person, visible=col(Case.reference) != first.reference)
    assert found is not None and found.reference == first.reference
    assert hidden is None


def test_a_perpetrator_on_more_than_one_case_is_flagged_on_each(casework: Casework) -> None:
    one = casework.cases.create_case("Priya Sample", relationship="ex-partner", perpetrator_name="Gary Imaginary")
    two = casework.cases.create_case("Leah Specimen", relationship="friend-acquaintance")
    three = casework.cases.create_case("Owen Demo", relationship="stranger")
    perpetrator = casework.cases.get_case(one.reference).perpetrators[0]
    casework.parties.update_perpetrator(perpetrator.id, perpetrator.version, date_of_birth="1980-03-02")
    casework.parties.add_perpetrator(
        two.reference, name="Lee Testcase", aliases="Garry Imaginary", date_of_birth="02/03/1980"
    )
    casework.parties.add_perpetrator(three.reference, vehicles="Grey Vauxhall Corsa AB12 CDE")
    assert casework.risk.risk_overview(one.reference).serial == (
        casework.repeats.serial_perpetrators(casework.cases.get_case(one.reference))[0],
    )
    assert [(m.reference, m.why) for m in casework.risk.risk_overview(two.reference).serial] == [
        (one.reference, "name and date of birth")
    ]
    assert casework.risk.risk_overview(three.reference).serial == ()

    # the registration is indexed when the vehicles are written, and again when they change
    edit = casework.case_edit.read(one.reference)
    casework.case_edit.apply(edit, {edit.path("perpetrators[0].vehicles"): "ab12cde (seen at the gym)"})
    assert [(m.reference, m.why) for m in casework.risk.risk_overview(three.reference).serial] == [
        (one.reference, "vehicle AB12CDE")
    ]
    moved = casework.cases.get_case(one.reference).perpetrators[0]
    casework.parties.update_perpetrator(moved.id, moved.version, vehicles="Red bike")
    assert casework.risk.risk_overview(three.reference).serial == ()

    case = casework.cases.get_case(two.reference)
    with casework.db.reader() as session:
        assert serial_perpetrators(session, case, visible=col(Case.reference) != one.reference) == []


def test_case_new_names_the_earlier_case_and_case_show_the_other_cases(advocate: Advocate) -> None:
    first = advocate("case", "new", "Jo Example", "--dob", "17/05/1990", "-q").stdout.split()[0]
    again = advocate("case", "new", "Joe Example", "--dob", "1990-05-17", "--phone", "07700 900321")
    assert again.exit_code == 0
    reference, line, *_ = again.stdout.splitlines()
    assert line == f"Re-referral: the client matches the one on {first}."
    assert "Re-referral" not in advocate("case", "new", "Jo Example", "--dob", "1990-05-18").stdout
    assert advocate("case", "new", "Jo Example", "--dob", "1990-05-17", "-q").stdout.count("\n") == 1  # quiet
    shown = advocate("case", "show", reference).stdout
    assert f"  {'Re-referral of':<22} {first}" in shown.splitlines()
    assert json.loads(advocate("case", "show", reference, "--json").stdout)["re_referral_of"] == first


def test_case_show_flags_a_possible_serial_perpetrator(advocate: Advocate, casework_on: Casework) -> None:
    one, two = (
        advocate("case", "new", name, "--relationship", "neighbour", "-q").stdout.split()[0]
        for name in ("Amira Fictus", "Bea Madeup")
    )
    for reference in (one, two):
        casework_on.parties.add_perpetrator(reference, name="Kai Pretend", vehicles="van XY51 ABC")
    shown = advocate("case", "show", one).stdout
    assert f"  {'Perpetrator also on':<22} {two} (vehicle XY51ABC)" in shown.splitlines()
    assert json.loads(advocate("case", "show", two, "--json").stdout)["possible_serial_perpetrator"] == [
        {"reference": one, "why": "vehicle XY51ABC"}
    ]


def test_a_date_of_birth_that_is_not_a_date_opens_nothing(advocate: Advocate) -> None:
    refused = advocate("case", "new", "Jo Example", "--dob", "the thirty-second")
    assert (refused.exit_code, refused.stdout) == (1, "")
    assert refused.stderr.startswith("Error: ") and "date of birth" in refused.stderr
    assert advocate("case", "list").stdout.startswith("No cases yet")


def test_demo_people_are_distinct_but_for_the_repeats_made_on_purpose(casework: Casework) -> None:
    casework.demo.load_demo(120)
    with casework.db.reader() as session:
        cases = session.exec(
            select(Case).options(selectinload(rel(Case.client)), selectinload(rel(Case.perpetrators))).order_by(Case.id)
        ).all()
        found = {}
        for case in cases:
            client = case.client
            assert client is not None
            names = [n for n in (client.name, client.preferred_name) if n]
            person = Person(case.reference, names, client.date_of_birth, client.phone)
            match = earlier_client(session, person, visible=col(Case.id) < case.id)  # as when it was opened
            found[case.reference] = match.reference if match else None
        serial = {case.reference for case in cases if serial_perpetrators(session, case)}
    assert found == {case.reference: case.re_referral_of for case in cases}
    assert sum(earlier is not None for earlier in found.values()) == 3  # the 20th, 60th and 100th cases
    assert 2 <= len(serial) <= 6  # the 30th and 80th cases, with the earlier cases of the same perpetrators
