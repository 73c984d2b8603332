"""Schema migrations on SQLite and PostgreSQL: from an empty database, from every older revision with
data in it (nothing lost), and never onto a database made by a newer version."""

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import MetaData, select, text
from sqlmodel import SQLModel

from advocate_tui.db import HEAD_REVISION, Database, open_database
from advocate_tui.rules.errors import DatabaseError
from advocate_tui.services.case_json import case_json
from advocate_tui.services.casework import Casework
from advocate_tui.storage import audit, migrations

FIRST = "0001"
Rows = dict[str, list[dict[str, Any]]]


def revisions() -> list[str]:
    """Every revision, oldest first."""
    return [script.revision for script in reversed(list(migrations.script_directory().walk_revisions()))]


def seed_first_schema(database: Database) -> None:
    """Rows in every table of revision 0001, written as that schema has them (not through today's models)."""
    at = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
    stamps = {"created_at": at, "updated_at": at}
    versioned = stamps | {"version": 3}
    rows: Rows = {
        "case_file": [
            {
                "id": 7,
                "reference": "STK-2026-0042",
                "status": "ongoing-support",
                "referral_date": date(2026, 10, 1),
                "referral_source": "police",
                "first_contact_date": date(2026, 10, 2),
                "area": "County",
                "advocate": "Sam Carter",
                "crime_reference": "NS/1/26",
                "oic_name": "DC Example",
                "oic_contact": "101",
                "risk_level": "high",
                "domestic": True,
                "marac_referral_date": date(2026, 10, 5),
                "outcome": "Ongoing",
                **versioned,
            }
        ],
        "client": [
            {
                "id": 3,
                "case_id": 7,
                "name": "Jo Example",
                "preferred_name": "Jo",
                "pronouns": "she/her",
                "date_of_birth": date(1990, 5, 17),
                "interpreter_needed": False,
                "phone": "07700 900123",
                "voicemail_safe": False,
                "address": "1 Fiction Lane, Northshire",
                "address_confidential": True,
                "consent_store": True,
                "consent_store_on": date(2026, 10, 2),
                "consent_share_police": True,
                "consent_refer": False,
                **versioned,
            }
        ],
        "perpetrator": [
            {
                "id": 4,
                "case_id": 7,
                "name": "Pat Notreal",
                "vehicles": "Blue van, AB12 CDE",
                "relationship": "ex-partner",
                **versioned,
            }
        ],
        "protective_order": [
            {
                "id": 5,
                "case_id": 7,
                "kind": "spo",
                "status": "granted",
                "granted_on": date(2026, 11, 1),
                "expires_on": date(2028, 11, 1),
                "court": "Northshire Magistrates' Court",
                "conditions": "No contact.",
                **versioned,
            }
        ],
        "incident": [
            {
                "id": 11,
                "case_id": 7,
                "occurred_at": at,
                "approximate": True,
                "recorded_at": at,
                "recorded_by": "Sam Carter",
                "description": "Waiting outside work",
                "evidence_do_not_handle": True,
                "reported_to_police": True,
                "police_reference": "INC-1",
                "breached_order_id": 5,
                **versioned,
            }
        ],
        "incident_behaviour": [
            {"id": 21, "incident_id": 11, "kind": "loitering", **stamps},
            {"id": 22, "incident_id": 11, "kind": "order-breach", **stamps},
        ],
        "note": [
            {
                "id": 8,
                "case_id": 7,
                "kind": "call",
                "text": "Client safe.\nSecond line.",
                "author": "Sam Carter",
                "noted_at": at,
                **stamps,
            }
        ],
        "plan_item": [
            {
                "id": 9,
                "case_id": 7,
                "position": 0,
                "category": "housing",
                "title": "Housing options discussed",
                "status": "done",
                "due_on": date(2026, 10, 9),
                "completed_at": at,
                **versioned,
            }
        ],
        "court_event": [
            {
                "id": 6,
                "case_id": 7,
                "starts_at": at,
                "court": "Northshire Magistrates' Court",
                "kind": "spo-hearing",
                "court_case_number": "NS-26-1",
                **versioned,
            }
        ],
        "agency_contact": [
            {
                "id": 2,
                "case_id": 7,
                "kind": "police",
                "organisation": "Northshire Police",
                "person": "DC Example",
                **versioned,
            }
        ],
    }
    metadata = MetaData()
    with database.engine.begin() as connection:
        metadata.reflect(connection)
        for table, values in rows.items():
            connection.execute(metadata.tables[table].insert(), values)


def dump(database: Database) -> Rows:
    """Every row of every table, as stored."""
    metadata = MetaData()
    with database.engine.connect() as connection:
        metadata.reflect(connection)
        return {
            name: [dict(row._mapping) for row in connection.execute(select(table).order_by(*table.primary_key.columns))]
            for name, table in metadata.tables.items()
            if name != "alembic_version"
        }


#: Schema 0009 re-seals the audit chain (its hashes change) and adds entries after those there were.
RESEALED = {"hash", "previous_hash"}


def assert_kept(before: Rows, after: Rows) -> None:
    """Every table and row of ``before`` is in ``after`` with the same values (new columns aside)."""
    for name, rows in before.items():
        assert name in after, f"table {name} was lost"
        columns = [
            column for column in (rows[0].keys() if rows else ()) if name != "audit_entry" or column not in RESEALED
        ]
        kept = [{column: row[column] for column in columns} for row in after[name]]
        if name == "audit_entry":
            kept = kept[: len(rows)]
        assert kept == [{column: row[column] for column in columns} for row in rows], name


@pytest.fixture
def bare(database_url: str) -> Iterator[Database]:
    """A database with no schema yet, opened without migrating."""
    database = open_database(database_url, migrate=False)
    yield database
    database.dispose()


def test_head_revision_is_the_newest_migration() -> None:
    assert HEAD_REVISION == migrations.head() == revisions()[-1]
    assert revisions()[0] == FIRST


def test_an_empty_database_is_created_at_the_newest_schema(bare: Database, database_url: str) -> None:
    assert bare.current_revision() is None
    database = open_database(database_url)
    try:
        assert database.current_revision() == HEAD_REVISION
    finally:
        database.dispose()


def test_the_migrations_build_exactly_the_models(db: Database) -> None:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, SQLModel.metadata) == []


def test_each_migration_keeps_every_row(bare: Database) -> None:
    migrations.upgrade(bare, FIRST)
    seed_first_schema(bare)
    kept = dump(bare)
    assert sum(len(rows) for rows in kept.values()) == 11
    for revision in revisions()[1:]:
        migrations.upgrade(bare, revision)
        assert bare.current_revision() == revision
        after = dump(bare)
        assert_kept(kept, after)
        kept = after


def test_opening_a_database_at_the_previous_revision_upgrades_it_with_nothing_lost(
    bare: Database, database_url: str
) -> None:
    previous = revisions()[-2]
    migrations.upgrade(bare, FIRST)
    seed_first_schema(bare)
    migrations.upgrade(bare, previous)
    before = dump(bare)
    bare.dispose()

    database = open_database(database_url)
    try:
        assert database.current_revision() == HEAD_REVISION
        assert_kept(before, dump(database))
        with database.engine.connect() as connection:
            assert (
                connection.execute(text("SELECT text FROM note WHERE id = 8")).scalar() == "Client safe.\nSecond line."
            )
    finally:
        database.dispose()


def test_an_upgraded_database_verifies_whole_with_a_baseline_of_every_record(bare: Database, database_url: str) -> None:
    migrations.upgrade(bare, FIRST)
    seed_first_schema(bare)
    migrations.upgrade(bare, "0006")
    bare.dispose()
    database = open_database(database_url)
    try:
        with database.reader() as session:
            verdict = audit.verify(session)
            entries = [(entry.action, entry.entity) for entry in audit.entries(session)]
        assert verdict.breaks == ()
        # 0009 records every record; 0012 the case again (its risk basis), 0013 the referral it made from the
        # case's referral date, 0016 the incident (its source), 0018 the case and the client (their new
        # questions), 0019 the case again (re-referral) and the registration it indexed from the vehicles
        assert [action for action, _ in entries] == ["upgrade"] + ["baseline"] * 18
        assert entries[-7:] == [
            ("baseline", "case_file"),
            ("baseline", "referral"),
            ("baseline", "incident"),
            ("baseline", "case_file"),
            ("baseline", "client"),
            ("baseline", "case_file"),
            ("baseline", "vehicle_registration"),
        ]
    finally:
        database.dispose()


def test_a_referral_date_becomes_the_first_referral_of_the_history(bare: Database, database_url: str) -> None:
    migrations.upgrade(bare, FIRST)
    seed_first_schema(bare)
    migrations.upgrade(bare, "0012")
    before = dump(bare)
    bare.dispose()
    database = open_database(database_url)
    try:
        after = dump(database)
        assert_kept(before, after)
        (referral,) = after["referral"]
        assert {k: referral[k] for k in ("case_id", "route", "referred_on", "repeat", "criteria", "consent")} == {
            "case_id": 7,
            "route": "marac",  # the case is domestic
            "referred_on": date(2026, 10, 5),
            "repeat": False,
            "criteria": None,  # shown as "recorded before referral history"
            "consent": None,
        }
        assert after["case_file"][0]["marac_referral_date"] == date(2026, 10, 5)  # kept: the last referral's date
        assert after["referral_action"] == []
        with database.reader() as session:
            assert audit.verify(session).breaks == ()
    finally:
        database.dispose()


def test_repeat_detection_indexes_the_registrations_already_written_and_marks_no_old_case(
    bare: Database, database_url: str
) -> None:
    migrations.upgrade(bare, FIRST)
    seed_first_schema(bare)
    migrations.upgrade(bare, "0017")
    before = dump(bare)
    bare.dispose()
    database = open_database(database_url)
    try:
        after = dump(database)
        assert_kept(before, after)
        assert [(r["case_id"], r["perpetrator_id"], r["registration"]) for r in after["vehicle_registration"]] == [
            (7, 4, "AB12CDE")
        ]
        assert after["case_file"][0]["re_referral_of"] is None  # never checked: not a re-referral
        with database.reader() as session:
            assert audit.verify(session).breaks == ()
    finally:
        database.dispose()


def test_a_sqlite_file_is_copied_aside_before_it_is_upgraded(sqlite_url: str) -> None:
    path = Path(sqlite_url.removeprefix("sqlite:///"))
    previous = revisions()[-2]
    old = open_database(sqlite_url, migrate=False)
    migrations.upgrade(old, FIRST)
    seed_first_schema(old)
    migrations.upgrade(old, previous)
    before = dump(old)
    old.dispose()

    open_database(sqlite_url).dispose()

    [backup] = path.parent.glob(f"{path.name}.pre-{HEAD_REVISION}-20261123-100000.bak")
    copy = open_database(f"sqlite:///{backup}", migrate=False)
    try:
        assert copy.current_revision() == previous
        assert dump(copy) == before
    finally:
        copy.dispose()


def test_a_current_sqlite_file_is_not_copied_again(sqlite_url: str) -> None:
    path = Path(sqlite_url.removeprefix("sqlite:///"))
    for _ in range(2):
        open_database(sqlite_url).dispose()
    assert list(path.parent.glob("*.bak")) == []


def test_a_database_from_a_newer_version_is_refused_and_left_alone(db: Database, database_url: str) -> None:
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    before = dump(db)
    with pytest.raises(
        DatabaseError,
        match=r"was made by a newer version of advocate_tui \(schema 9999\): upgrade advocate_tui to open it\.",
    ):
        open_database(database_url)
    assert db.current_revision() == "9999"
    assert dump(db) == before


def test_a_migration_that_fails_part_way_changes_nothing(
    bare: Database, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    previous = revisions()[-2]
    migrations.upgrade(bare, FIRST)
    seed_first_schema(bare)
    migrations.upgrade(bare, previous)
    before = dump(bare)
    run_migrations = MigrationContext.run_migrations

    def power_cut(self: MigrationContext, **kwargs: Any) -> None:
        run_migrations(self, **kwargs)
        raise RuntimeError("power cut after the last step")

    monkeypatch.setattr(MigrationContext, "run_migrations", power_cut)
    with pytest.raises(RuntimeError, match="power cut"):
        open_database(database_url)
    assert bare.current_revision() == previous
    assert dump(bare) == before


def test_the_lawful_bases_are_split_into_article_6_and_a_condition_flagged_where_unclear(
    bare: Database, database_url: str
) -> None:
    migrations.upgrade(bare, FIRST)
    seed_first_schema(bare)
    migrations.upgrade(bare, "0005")
    at = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
    old = ["consent", "safeguarding", "legal-obligation", "other"]
    metadata = MetaData()
    with bare.engine.begin() as connection:
        metadata.reflect(connection)
        connection.execute(
            metadata.tables["disclosure"].insert(),
            [
                {
                    "id": n,
                    "case_id": 7,
                    "shared_at": at,
                    "recipient": "MARAC",
                    "what": "Risk checklist",
                    "why": "High risk",
                    "basis": basis,
                    "shared_by": "Sam Carter",
                    "created_at": at,
                    "updated_at": at,
                }
                for n, basis in enumerate(old, start=1)
            ],
        )
    before = dump(bare)
    bare.dispose()
    database = open_database(database_url)
    try:
        after = dump(database)
        assert_kept({name: rows for name, rows in before.items() if name != "disclosure"}, after)
        kept = ("id", "case_id", "shared_at", "recipient", "what", "why", "shared_by")
        assert [{k: r[k] for k in kept} for r in after["disclosure"]] == [
            {k: r[k] for k in kept} for r in before["disclosure"]
        ]
        assert [(r["basis"], r["condition"], r["basis_to_review"]) for r in after["disclosure"]] == [
            ("consent", "explicit-consent", False),
            ("legitimate-interests", "safeguarding", True),
            ("legal-obligation", None, True),
            (None, None, True),
        ]
        assert after["consultation"] == []
        with database.reader() as session:
            assert audit.verify(session).breaks == ()
            actions = [entry.action for entry in audit.entries(session)]
        assert actions[-4:] == ["baseline"] * 4  # the rewritten disclosures, recorded as 0012 left them
    finally:
        database.dispose()


def test_a_case_closed_before_the_outcome_questions_reads_not_asked(bare: Database, database_url: str) -> None:
    migrations.upgrade(bare, FIRST)
    seed_first_schema(bare)
    migrations.upgrade(bare, "0016")
    with bare.engine.begin() as connection:  # closed with the questions of the time answered
        connection.execute(
            text(
                "UPDATE case_file SET status = 'closed', closed_on = :day, closure_reason = 'support-complete', "
                "feels_safe_at_intake = 2, feels_safe_at_closure = 4, risk_at_intake = 'high' WHERE id = 7"
            ),
            {"day": date(2026, 11, 2)},
        )
    bare.dispose()
    database = open_database(database_url)
    try:
        casework = Casework(database, user="Test Advocate", areas=("City", "County"))
        case = casework.cases.get_case("STK-2026-0042")
        assert case_json(case, [])["outcome_measures"] == {
            "feels_safe_at_intake": "2 of 5",  # answers already given are kept
            "feels_safe_at_exit": "4 of 5",
            "quality_of_life_at_intake": "not asked",
            "quality_of_life_at_exit": "not asked",
            "behaviours_at_intake": "not asked",
            "risk_at_exit": "not asked",  # not "skipped": the review was never offered
        }
        assert case.behaviours == []
        assert (case.client.ethnicity, case.client.age_band) == (None, None)  # type: ignore[union-attr]
        report = casework.reports.report(date(2026, 10, 1), date(2026, 11, 30))
        assert report.figure("outcome_scales", "Feeling safe", 0) == 1  # better: 2 -> 4
        assert report.figure("outcome_scales", "Quality of life", 4) == 1  # not asked
        assert report.figure("outcome_risk", "Not asked") == 1
        assert report.figure("ethnicity", "Not asked") == 1
        with database.reader() as session:
            assert audit.verify(session).breaks == ()
    finally:
        database.dispose()
