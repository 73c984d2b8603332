"""The service layer on SQLite and PostgreSQL: optimistic concurrency, the rules it keeps, and its lists."""

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from operator import attrgetter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from advocate_tui.db import Database
from advocate_tui.rules import clock
from advocate_tui.rules.errors import InvalidInputError, NotFoundError, StaleRecordError
from advocate_tui.services.case_view import case_alerts
from advocate_tui.services.casework import Casework
from advocate_tui.storage.models import Case

# -- optimistic concurrency ---------------------------------------------------------------------

#: (what the message calls it, how to find the record on a case, the update method, a change, another change)
EDITABLE: list[tuple[str, Callable[[Case], Any], str, dict[str, Any], dict[str, Any]]] = [
    (
        "case",
        lambda c: c,
        "cases.update_case",
        {"risk_level": "high", "risk_reason": "Threats"},
        {"risk_level": "medium", "risk_reason": "Calmer"},
    ),
    (
        "client's details",
        lambda c: c.client,
        "parties.update_client",
        {"phone": "07700 900001"},
        {"phone": "07700 900002"},
    ),
    (
        "perpetrator's details",
        lambda c: c.perpetrators[0],
        "parties.update_perpetrator",
        {"vehicles": "Blue van"},
        {"vehicles": "Red car"},
    ),
    (
        "agency contact",
        lambda c: c.contacts[0],
        "parties.update_contact",
        {"person": "DC Example"},
        {"person": "DS Sample"},
    ),
    ("protective order", lambda c: c.orders[0], "court.update_order", {"status": "granted"}, {"status": "refused"}),
    (
        "court date",
        lambda c: c.hearings[0],
        "court.update_hearing",
        {"outcome": "Adjourned"},
        {"outcome": "Order made"},
    ),
    ("plan item", lambda c: c.plan_items[0], "plan.update_plan_item", {"status": "done"}, {"status": "declined"}),
]


@pytest.fixture
def full_case(casework: Casework) -> str:
    """A case with one of every editable record."""
    reference = casework.cases.create_case(
        "Jo Example", relationship="ex-partner", perpetrator_name="Pat Notreal"
    ).reference
    casework.parties.add_contact(reference, kind="police", organisation="Northshire Police")
    casework.court.add_order(reference, "spo", "applied")
    casework.court.add_hearing(reference, "3 Dec 10:00", "Northshire Magistrates' Court", "spo-hearing")
    return reference


@pytest.mark.parametrize(
    ("what", "find", "method", "mine", "theirs"), EDITABLE, ids=[row[2].split(".")[1] for row in EDITABLE]
)
def test_a_stale_update_is_refused_and_the_newer_one_kept(
    casework: Casework,
    full_case: str,
    what: str,
    find: Callable[[Case], Any],
    method: str,
    mine: dict[str, Any],
    theirs: dict[str, Any],
) -> None:
    record = find(casework.cases.get_case(full_case))  # both people opened version 1
    saved = attrgetter(method)(casework)(record.id, record.version, **theirs)
    assert saved.version == record.version + 1

    with pytest.raises(StaleRecordError) as refusal:
        attrgetter(method)(casework)(record.id, record.version, **mine)
    assert str(refusal.value) == (
        f"The {what} was changed by someone else since you opened it, so your change was not saved: "
        "reload it and make your change again."
    )
    current = find(casework.cases.get_case(full_case))
    assert current.version == record.version + 1
    assert {name: getattr(current, name) for name in theirs} == theirs


def test_an_update_moves_the_version_and_the_updated_time(casework: Casework, full_case: str) -> None:
    case = casework.cases.get_case(full_case)
    clock.fix(datetime(2026, 11, 23, 11, 30))
    saved = casework.cases.update_case(case.id, case.version, oic_name="DC Example")
    assert saved.version == 2
    assert saved.created_at == datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    assert saved.updated_at == datetime(2026, 11, 23, 11, 30, tzinfo=UTC)


def test_updating_a_record_that_is_gone(casework: Casework) -> None:
    with pytest.raises(NotFoundError, match="The plan item no longer exists"):
        casework.plan.update_plan_item(987654, 1, status="done")


def test_an_invalid_update_writes_nothing(casework: Casework, full_case: str) -> None:
    order = casework.cases.get_case(full_case).orders[0]
    casework.court.update_order(order.id, order.version, granted_on="20 Nov 2026")
    order = casework.cases.get_case(full_case).orders[0]
    with pytest.raises(
        InvalidInputError, match=r"The expiry date \(01 Nov 2026\) must be after the date granted \(20 Nov 2026\)\."
    ):
        casework.court.update_order(order.id, order.version, expires_on="1 Nov 2026")
    stored = casework.cases.get_case(full_case).orders[0]
    assert (stored.expires_on, stored.version) == (None, order.version)


def test_an_unknown_plan_status_is_a_sentence(casework: Casework, full_case: str) -> None:
    item = casework.cases.get_case(full_case).plan_items[0]
    with pytest.raises(
        InvalidInputError, match="'finished' is not a known plan item status: use one of to-do, in-progress"
    ):
        casework.plan.update_plan_item(item.id, item.version, status="finished")


def test_plan_status_records_when_it_was_done(casework: Casework, full_case: str) -> None:
    item = casework.cases.get_case(full_case).plan_items[0]
    done = casework.plan.update_plan_item(item.id, item.version, status="Done")
    assert (done.status, done.completed_at) == ("done", datetime(2026, 11, 23, 10, 0, tzinfo=UTC))
    reopened = casework.plan.cycle_plan_item(done.id, done.version, done.status)
    assert (reopened.status, reopened.completed_at) == ("not-applicable", None)


# -- references -----------------------------------------------------------------------------------


def test_references_count_up_within_the_year_and_start_again_in_the_next(casework: Casework) -> None:
    assert [casework.cases.create_case(f"Client {n}").reference for n in range(3)] == [
        "STK-2026-0001",
        "STK-2026-0002",
        "STK-2026-0003",
    ]
    clock.fix(datetime(2027, 1, 2, 9, 0))
    assert casework.cases.create_case("New Year").reference == "STK-2027-0001"


def test_references_go_past_9999(casework: Casework, db: Database) -> None:
    casework.cases.create_case("Jo Example")
    with db.session() as session:
        session.exec(update(Case).values(reference="STK-2026-9999"))
    assert casework.cases.create_case("Sam Sample").reference == "STK-2026-10000"
    assert casework.cases.create_case("Kai Specimen").reference == "STK-2026-10001"


def test_cases_opened_at_the_same_moment_get_different_references(casework: Casework) -> None:
    with ThreadPoolExecutor(max_workers=6) as pool:
        references = list(pool.map(lambda n: casework.cases.create_case(f"Client {n}").reference, range(18)))
    assert sorted(references) == [f"STK-2026-{n:04d}" for n in range(1, 19)]


# -- what the service keeps true -------------------------------------------------------------------


def test_a_case_is_domestic_while_any_perpetrator_is_a_partner_or_family(casework: Casework) -> None:
    reference = casework.cases.create_case("Jo Example", relationship="stranger").reference
    assert not casework.cases.get_case(reference).domestic
    added = casework.parties.add_perpetrator(reference, name="Pat Notreal", relationship="ex-partner")
    assert casework.cases.get_case(reference).domestic
    casework.parties.update_perpetrator(added.id, added.version, relationship="neighbour")
    assert not casework.cases.get_case(reference).domestic


def test_an_incident_records_who_and_when_itself(casework: Casework) -> None:
    reference = casework.cases.create_case("Jo Example").reference
    incident = casework.log.add_incident(
        reference, "Messages all night", datetime(2026, 7, 1, 23, 15), ["messages", "calls"]
    )
    case = casework.cases.get_case(reference)
    [stored] = case.incidents
    assert stored.recorded_by == "Test Advocate"
    assert stored.recorded_at == datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    assert stored.occurred_at == datetime(2026, 7, 1, 22, 15, tzinfo=UTC)
    assert clock.local(stored.occurred_at).hour == 23
    assert sorted(stored.kinds) == ["calls", "messages"]
    assert incident.id == stored.id
    with pytest.raises(TypeError):
        casework.log.add_incident(reference, "x", datetime(2026, 11, 1), recorded_by="someone else")  # type: ignore[call-arg]


def test_an_incident_breaching_an_order_is_marked_so(casework: Casework, full_case: str) -> None:
    order = casework.cases.get_case(full_case).orders[0]
    casework.log.add_incident(
        full_case, "Came to the door", datetime(2026, 11, 22, 20, 0), ["turning-up-home"], breached_order_id=order.id
    )
    [incident] = casework.cases.get_case(full_case).incidents
    assert (sorted(incident.kinds), incident.breached_order_id) == (["order-breach", "turning-up-home"], order.id)
    casework.log.add_incident(full_case, "Rang her", datetime(2026, 11, 22, 21, 0), breached_order_id=order.id)
    breach = casework.cases.get_case(full_case).incidents[-1]
    assert sorted(breach.kinds) == ["order-breach"]  # the breach is what is known: not "other" as well

    other = casework.cases.create_case("Sam Sample").reference
    with pytest.raises(InvalidInputError, match=f"Order {order.id} is not an order on STK-2026-0002."):
        casework.log.add_incident(other, "Came to the door", datetime(2026, 11, 22, 20, 0), breached_order_id=order.id)
    assert casework.cases.get_case(other).incidents == []


def test_the_caseload_row_sums_up_a_case(casework: Casework, full_case: str) -> None:
    case = casework.cases.get_case(full_case)
    first, second = case.plan_items[:2]
    casework.plan.update_plan_item(first.id, first.version, status="done")
    casework.plan.update_plan_item(second.id, second.version, status="not-applicable")
    order = case.orders[0]
    casework.court.update_order(
        order.id, order.version, status="granted", granted_on="20 Nov 2026", expires_on="20 Nov 2028"
    )
    casework.court.add_order(full_case, "dapn", "granted", granted_on="1 Oct 2026", expires_on="29 Oct 2026")  # expired
    casework.log.add_note(full_case, "Called", "call", noted_at=datetime(2026, 11, 16, 9, 0))

    [row] = casework.cases.list_cases()
    assert (row.plan_done, row.plan_total) == (1, 11)
    assert row.orders_in_force == "SPO"
    assert row.next_hearing == datetime(2026, 12, 3, 10, 0, tzinfo=UTC)
    assert row.days_since_contact(clock.today()) == 7
    assert row.perpetrator_names == "Pat Notreal"
    assert row.matches("notreal") and row.matches("stk-2026-0001") and not row.matches("Sample")
    assert [r.reference for r in casework.cases.list_cases(text="pat")] == [full_case]
    assert casework.cases.list_cases(text="nobody") == []


def test_the_agenda_brings_up_what_needs_attention(casework: Casework) -> None:
    quiet = casework.cases.create_case("Quiet Client", referral_date="1 Nov 2026").reference
    busy = casework.cases.create_case("Busy Client").reference
    casework.court.add_hearing(busy, "25 Nov 2026 10:00", "Northshire Crown Court", "trial")
    casework.plan.add_plan_item(busy, "housing", "Housing register form", due_on="20 Nov 2026")
    casework.court.add_order(busy, "spo", "granted", granted_on="1 Nov 2025", expires_on="10 Dec 2026")

    entries = {(entry.kind, entry.reference, entry.what, entry.overdue) for entry in casework.agenda.agenda()}
    assert ("hearings", busy, "10:00 Trial at Northshire Crown Court", False) in entries
    assert ("plan-items", busy, "Housing register form", True) in entries
    assert ("orders", busy, "SPO expires 10 Dec 2026", False) in entries
    assert ("quiet-cases", quiet, "No contact for 22 days", True) in entries
    assert not any(entry[0] == "quiet-cases" and entry[1] == busy for entry in entries)


def test_closed_cases_leave_the_caseload_and_the_court_list(casework: Casework, full_case: str) -> None:
    casework.cases.close_case(full_case, "unable-to-contact")
    case = casework.cases.get_case(full_case)
    assert (case.status, case.closed_on, case.closure_reason) == ("closed", date(2026, 11, 23), "unable-to-contact")
    assert casework.cases.list_cases() == []
    assert [row.reference for row in casework.cases.list_cases(include_closed=True)] == [full_case]
    assert casework.court.upcoming_hearings(days=30) == []


def test_closing_as_declined_or_dropped_out_sets_that_status(casework: Casework) -> None:
    declined = casework.cases.create_case("Jo Example").reference
    dropped = casework.cases.create_case("Sam Sample").reference
    assert casework.cases.close_case(declined, "declined-support").status == "declined-support"
    assert casework.cases.close_case(dropped, "dropped-out").status == "dropped-out"


# -- the starting safety plan ------------------------------------------------------------------------


def test_every_new_case_gets_the_built_in_checklist_with_due_dates(casework: Casework) -> None:
    items = casework.cases.get_case(casework.cases.create_case("Jo Example").reference).plan_items
    assert len(items) == 12
    assert items[0].title.startswith("Silent Solution")
    assert items[0].due_on == date(2026, 11, 23)
    assert all(item.status == "to-do" and item.category for item in items)


def _with_plan(db: Database, plan: Path) -> Casework:
    return Casework(db, user="Test Advocate", areas=("City",), plan_file=plan)


def test_a_service_can_replace_the_checklist(db: Database, tmp_path: Path) -> None:
    plan = tmp_path / "our-plan.toml"
    plan.write_text(
        '[[item]]\ncategory = "housing"\ntitle = "Refuge referral discussed"\ndue_in_days = 2\n\n'
        '[[item]]\ncategory = "Digital safety"\ntitle = "Accounts checked"\n'
    )
    casework = _with_plan(db, plan)
    items = casework.cases.get_case(casework.cases.create_case("Jo Example").reference).plan_items
    assert [(i.category, i.title, i.due_on) for i in items] == [
        ("housing", "Refuge referral discussed", date(2026, 11, 25)),
        ("digital-safety", "Accounts checked", None),
    ]


@pytest.mark.parametrize(
    ("content", "sentence"),
    [
        ('[[item]]\ncategory = "garden"\ntitle = "Fence"\n', "Item 1 of {p}: 'garden' is not a known plan category"),
        ('[[item]]\ncategory = "housing"\n', "Item 1 of {p} has no title"),
        (
            '[[item]]\ncategory = "housing"\ntitle = "X"\ndue_in_days = "a week"\n',
            "Item 1 of {p}: due_in_days must be a whole number of days, 0 or more.",
        ),
        ('item = ["housing"]\n', "{p} must list its items as [[item]] tables."),
        ("[[item]\n", "{p} is not valid TOML"),
        (b"\xff\xfe", "The safety plan {p} cannot be read (UnicodeDecodeError)"),
    ],
    ids=["category", "title", "days", "shape", "toml", "encoding"],
)
def test_a_broken_checklist_file_is_a_sentence_and_no_case_is_opened(
    db: Database, casework: Casework, tmp_path: Path, content: str | bytes, sentence: str
) -> None:
    plan = tmp_path / "our-plan.toml"
    plan.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(InvalidInputError) as refusal:
        _with_plan(db, plan).cases.create_case("Jo Example")
    assert str(refusal.value).startswith(sentence.format(p=plan))
    assert casework.cases.count_cases() == 0


# -- input rules -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "sentence"),
    [
        (
            lambda cw, ref: cw.cases.create_case("X" * 129),
            "The client's name is too long (129 characters; at most 128).",
        ),
        (
            lambda cw, ref: cw.cases.create_case("Jo", referral_date="tomorrow"),
            "The referral date (24 Nov 2026) is in the future",
        ),
        (lambda cw, ref: cw.log.add_note(ref, "Hi", "carrier pigeon"), "'carrier pigeon' is not a known note kind"),
        (
            lambda cw, ref: cw.log.add_incident(ref, "x", datetime(2026, 11, 23, 10, 6)),
            "An incident cannot be in the future",
        ),
        (lambda cw, ref: cw.court.upcoming_hearings(days=-3), "The number of days to look ahead must be 0 or more."),
        (
            lambda cw, ref: cw.parties.update_client(cw.cases.get_case(ref).client.id, 1, voicemail_safe="maybe"),
            "The voicemail safe must be yes or no, not 'maybe'.",
        ),
        (lambda cw, ref: cw.demo.load_demo(0), "The number of demo cases must be at least 1."),
    ],
    ids=["long-name", "future-referral", "note-kind", "future-incident", "days", "flag", "demo"],
)
def test_input_rules_are_sentences(casework: Casework, call: Callable[[Casework, str], Any], sentence: str) -> None:
    reference = casework.cases.create_case("Jo Example").reference
    with pytest.raises(InvalidInputError) as refusal:
        call(casework, reference)
    assert str(refusal.value).startswith(sentence)
    assert casework.cases.count_cases() == 1


def test_an_incident_a_few_minutes_ahead_of_this_clock_is_allowed(casework: Casework) -> None:
    reference = casework.cases.create_case("Jo Example").reference
    casework.log.add_incident(reference, "Phone clock ahead", clock.now() + timedelta(minutes=4))
    assert len(casework.cases.get_case(reference).incidents) == 1


def test_an_ended_case_warns_of_no_silence_and_no_overdue_plan_items(casework: Casework) -> None:
    reference = casework.cases.create_case("Jo Example").reference
    later = clock.today() + timedelta(days=90)
    assert {"No contact for 90 days", "12 safety-plan items overdue"} <= set(
        case_alerts(casework.cases.get_case(reference), later)
    )
    casework.cases.close_case(reference, "support-complete")
    assert case_alerts(casework.cases.get_case(reference), later) == []


@pytest.mark.parametrize("name", ["Jo\nEvil", "Jo\r\nEvil", "Jo\u2028Evil"])
def test_one_line_fields_refuse_a_line_break(casework: Casework, name: str) -> None:
    with pytest.raises(InvalidInputError, match=r"^The client's name has a line break in it: give it on one line\.$"):
        casework.cases.create_case(name)
    reference = casework.cases.create_case("Jo Example\n").reference  # a line break at the end is only trimmed
    client = casework.cases.get_case(reference).client
    with pytest.raises(InvalidInputError, match="The safe phone number has a line break in it"):
        casework.parties.update_client(client.id, client.version, phone="07700 900123\n07700 900456")
    casework.parties.update_client(client.id, client.version, address="1 Fictional Row\nNorthshire")  # may be several
    assert casework.cases.get_case(reference).client.name == "Jo Example"


def test_a_hearing_has_a_result_only_once_it_has_started(casework: Casework) -> None:
    reference = casework.cases.create_case("Jo Example").reference
    court = "Northshire Magistrates' Court"
    coming = datetime(2026, 12, 3, 10, 0, tzinfo=clock.LOCAL)
    with pytest.raises(InvalidInputError, match=r"^The hearing on 03 Dec 2026 10:00 has not started yet, so it has no"):
        casework.court.add_hearing(reference, coming, court, "spo-hearing", result="order-made")
    hearing = casework.court.add_hearing(reference, coming, court, "spo-hearing")
    with pytest.raises(InvalidInputError, match="has not started yet"):
        casework.court.update_hearing(hearing.id, hearing.version, result="order-made")
    started = casework.court.update_hearing(hearing.id, hearing.version, starts_at=clock.now(), result="order-made")
    assert started.result == "order-made", "from the moment it starts"
    with pytest.raises(InvalidInputError, match="has not started yet"):
        casework.court.update_hearing(started.id, started.version, starts_at=coming)
    assert casework.cases.get_case(reference).hearings[0].starts_at == clock.now()
