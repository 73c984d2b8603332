"""Subject access: the export holds every record of the case, marks third-party data, and copies the documents."""

import json
from pathlib import Path

from conftest import Advocate
from protection import CLIENT, PERPETRATOR, every_record
from sqlalchemy import MetaData, select

from advocate_tui.db import Database
from advocate_tui.services.casework import Casework


def rows_of_case(db: Database, case_id: int) -> dict[str, set[int]]:
    """The ids of every row that belongs to the case, table by table, read from the database itself."""
    metadata = MetaData()
    found: dict[str, set[int]] = {}
    with db.engine.connect() as connection:
        metadata.reflect(connection)
        for name, table in metadata.tables.items():
            if name == "case_file":
                where = table.c.id == case_id
            elif "case_id" in table.c:
                where = table.c.case_id == case_id
            elif name in ("incident_behaviour", "risk_answer"):
                parent, column = {
                    "incident_behaviour": ("incident", "incident_id"),
                    "risk_answer": ("risk_assessment", "assessment_id"),
                }[name]
                where = table.c[column].in_(
                    select(metadata.tables[parent].c.id).where(metadata.tables[parent].c.case_id == case_id)
                )
            else:
                continue
            ids = {row.id for row in connection.execute(select(table.c.id).where(where))}
            if ids:
                found[name] = ids
    return found


def test_the_export_holds_every_record_of_the_case_and_nothing_of_others(
    casework: Casework, db: Database, advocate: Advocate, tmp_path: Path
) -> None:
    reference = every_record(casework)
    other = every_record(casework, name="Priya Madeup")
    case_id = casework.cases.get_case(reference).id
    out = tmp_path / "sar"

    result = advocate("export", reference, "--out", str(out))

    assert result.exit_code == 0, result.stderr
    document = json.loads((out / f"{reference}.json").read_text())
    assert document["format"] == "advocate-subject-access/1" and document["reference"] == reference
    exported = {
        table: {row["id"] for row in rows} for table, rows in document["records"].items() if table != "audit_entry"
    }
    held = rows_of_case(db, case_id)
    assert {table: ids for table, ids in exported.items() if ids} == held
    assert len(held) >= 15  # a record in nearly every table
    assert all(row["case_reference"] == reference for row in document["records"]["audit_entry"])
    text = (out / f"{reference}.json").read_text() + (out / f"{reference}-summary.md").read_text()
    assert CLIENT in text and "Priya Madeup" not in text and other not in text
    assert sorted(p.name for p in (out / "documents").iterdir()) == sorted(
        f"{row['id']}-{Path(row['path']).name}" for row in document["records"]["document"]
    )


def test_third_party_data_is_marked_for_review(casework: Casework, advocate: Advocate, tmp_path: Path) -> None:
    reference = every_record(casework)
    advocate("export", reference, "--out", str(tmp_path / "sar"))
    document = json.loads((tmp_path / "sar" / f"{reference}.json").read_text())
    flagged = {(item["table"], item["field"]) for item in document["review_before_disclosure"]}
    assert {
        ("perpetrator", None),
        ("do_not_disclose", None),
        ("incident", "witnesses"),
        ("note", "text"),
        ("client", "dependants_note"),
        ("agency_contact", "person"),
    } <= flagged
    summary = (tmp_path / "sar" / f"{reference}-summary.md").read_text()
    assert "> REVIEW: these records are about the person who stalked or harassed the client" in summary
    assert f"  - name: {PERPETRATOR}" in summary
    assert "  - witnesses: A neighbour **REVIEW: names witnesses (third parties)**" in summary


def test_the_export_is_recorded_and_needs_a_new_folder(
    sqlite_casework: Casework, sqlite_advocate: Advocate, tmp_path: Path
) -> None:
    reference = sqlite_casework.cases.create_case("Jo Example").reference
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "x.txt").write_text("x")
    refused = sqlite_advocate("export", reference, "--out", str(tmp_path / "used"))
    assert (
        refused.stderr
        == f"Error: {tmp_path / 'used'} is not an empty folder: give a new folder for the export (nothing was written).\n"
    )
    result = sqlite_advocate("export", reference, "--out", str(tmp_path / "sar"))
    assert result.stdout.startswith(
        f"Wrote everything held on {reference} to {tmp_path / 'sar'}: {reference}.json, {reference}-summary.md."
    )
    assert "export" in sqlite_advocate("audit", "show", reference).stdout.splitlines()[-1]


def test_the_confidential_address_and_safe_contacts_are_marked_for_review(
    sqlite_casework: Casework, sqlite_advocate: Advocate, tmp_path: Path
) -> None:
    case = sqlite_casework.cases.create_case("Jo Example")
    client = case.client
    sqlite_casework.parties.update_client(
        client.id,
        client.version,
        address="42 Secret Lane\nHiddenville\nNS9 8XY",
        phone="07700 900123",
        email="jo@example.org",
        email_confidential=False,
    )
    sqlite_advocate("export", case.reference, "--out", str(tmp_path / "sar"))
    document = json.loads((tmp_path / "sar" / f"{case.reference}.json").read_text())
    flagged = {
        item["field"]: item["reason"] for item in document["review_before_disclosure"] if item["table"] == "client"
    }
    assert flagged == {
        "address": "the client's confidential address (the request may come from the perpetrator)",
        "phone": "the client's confidential safe phone number (the request may come from the perpetrator)",
    }
    summary = (tmp_path / "sar" / f"{case.reference}-summary.md").read_text()
    assert "  - address: 42 Secret Lane / Hiddenville / NS9 8XY **REVIEW: the client's confidential address" in summary
    assert "  - email: jo@example.org\n" in summary
