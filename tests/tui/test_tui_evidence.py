"""Evidence in the application: keeping a file from the incident record (the path checked as it is typed), the
record listing its exhibits, checking every file of the case against its SHA-256, and the evidence pack for a
crime reference made from the Documents tab."""

import csv
import hashlib
import io
import json
import zipfile
from pathlib import Path

from conftest import SIZE, field, local, open_case, press, settle, started, text_of
from rich.console import Console
from sqlalchemy import text
from textual.widgets import Input, Static

from advocate_tui.app import AdvocateApp
from advocate_tui.screens.forms.form import FormScreen
from advocate_tui.screens.modals.incident_record import IncidentRecord
from advocate_tui.services.casework import Casework

JO = "STK-2026-0001"
CRIME = "NS/12345/26"


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def record_lines(record: IncidentRecord) -> list[str]:
    """The incident record as a person reads it, runs of spaces made one."""
    console = Console(width=106, record=True, file=io.StringIO())
    console.print(record.query_one("#incident-facts", Static).content)
    return [" ".join(line.split()) for line in console.export_text().splitlines()]


def notifications(app: AdvocateApp) -> list[str]:
    return [n.message for n in app._notifications]


async def test_add_a_file_from_the_incident_record(app: AdvocateApp, caseload: Casework, tmp_path: Path) -> None:
    photo = tmp_path / "tyres.jpg"
    photo.write_bytes(b"\xff\xd8\xff fictional photo of the tyres")
    (tmp_path / "folder").mkdir()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await open_case(pilot, JO)
        await press(pilot, "3", "enter")
        record = app.screen
        assert isinstance(record, IncidentRecord)
        assert "Exhibits No files kept as evidence of this incident (f keeps one)." in record_lines(record)
        await press(pilot, "f")
        form = app.screen
        assert isinstance(form, FormScreen)
        path = field(form, "path")
        control = path.control
        assert isinstance(control, Input)
        control.value = str(tmp_path / "folder")
        await settle(pilot)
        assert not path.check()
        assert "is not an ordinary file (it is a folder)" in text_of(path.query_one(".field-message", Static))
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert app.screen is form  # refused: nothing kept
        assert caseload.evidence.list(JO)[1] == []
        control.value = str(photo)
        description = field(form, "description").control
        assert isinstance(description, Input)
        description.value = "Photo of the tyres"
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert app.screen is record
        shown = record_lines(record)
    _ref, [item] = caseload.evidence.list(JO)
    incidents = caseload.cases.get_case(JO).incidents
    assert item.record.incident_id == incidents[-1].id and item.incident_number == len(incidents)
    assert item.record.exhibit_reference == "TA/1" and item.record.description == "Photo of the tyres"
    assert item.record.sha256 == sha(photo.read_bytes())
    assert item.record.media_type == "image/jpeg"
    # the record lists the file just kept, without being opened again
    assert "Exhibits TA/1 Photo of the tyres" in shown
    assert "tyres.jpg · image/jpeg · 32 bytes" in shown
    assert f"SHA-256 {item.record.sha256[:12]}… · kept Mon 23 Nov 2026 10:00 by Test Advocate" in shown


async def test_the_record_lists_only_its_own_exhibits_and_checks_the_case_files(
    app: AdvocateApp, caseload: Casework, tmp_path: Path
) -> None:
    for name in ("mirror.txt", "bus.txt", "door.txt"):
        (tmp_path / name).write_text(f"fictional {name}")
    caseload.evidence.add(JO, 5, [tmp_path / "mirror.txt"], description="Note of the damage")
    caseload.evidence.add(JO, 2, [tmp_path / "bus.txt"])  # another incident's: not listed on incident 5
    caseload.evidence.add(JO, 5, [tmp_path / "door.txt"], produced_by="client")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await open_case(pilot, JO)
        await press(pilot, "3", "enter")
        record = app.screen
        assert isinstance(record, IncidentRecord)
        shown = record_lines(record)
        assert "Exhibits TA/1 Note of the damage" in shown
        assert "JE/1 door.txt" in shown
        assert not any("bus.txt" in line for line in shown)
        await press(pilot, "v")
        await settle(pilot)
        assert notifications(app)[-1] == "All 3 evidence files match their SHA-256."
        with caseload.db.session() as session:
            session.execute(
                text("UPDATE evidence_chunk SET data = :data WHERE evidence_id = (SELECT max(id) FROM evidence_file)"),
                {"data": b"fictional door.tx!"},
            )
        await press(pilot, "v")
        await settle(pilot)
        assert notifications(app)[-1] == (
            f"{JO} JE/1 (door.txt): the stored bytes do not match the SHA-256 recorded when it was kept.\n"
            "1 of 3 evidence files are not as they were kept.\nRestore the database from a backup."
        )


async def test_the_evidence_pack_from_the_documents_tab(app: AdvocateApp, caseload: Casework, tmp_path: Path) -> None:
    caseload.log.add_incident(JO, "Rang nine times.", local(2026, 11, 22, 9, 0), ["calls"], police_reference=CRIME)
    caseload.log.add_incident(
        JO, "Sent flowers.", local(2026, 11, 22, 12, 0), ["letters-gifts"], police_reference="NS/999/26"
    )
    caseload.log.add_incident(
        JO, "Waited outside 12 Fiction Lane.", local(2026, 11, 23, 8, 0), ["loitering"], police_reference="ns/12345/26"
    )
    files = {}
    for number, name in ((6, "calls.txt"), (7, "flowers.txt"), (8, "door.txt"), (8, "car.txt"), (5, "tyres.txt")):
        files[name] = tmp_path / name
        files[name].write_text(f"fictional {name}")
        caseload.evidence.add(JO, number, [files[name]], description=f"About {name}")
    (tmp_path / "taken.zip").write_text("already here")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        workspace = await open_case(pilot, JO)
        await press(pilot, "6", "x")
        form = app.screen
        assert isinstance(form, FormScreen)
        crime = field(form, "crime")
        assert crime.choices == [
            (f"{CRIME} — 2 incidents, 3 exhibits", CRIME),
            ("NS/999/26 — 1 incident, 1 exhibit", "NS/999/26"),
        ]
        assert crime.raw == CRIME
        out = field(form, "out")
        control = out.control
        assert isinstance(control, Input)
        control.value = str(tmp_path / "taken.zip")
        await settle(pilot)
        assert out.has_class("-invalid")
        assert (
            text_of(out.query_one(".field-message", Static)) == f"{tmp_path / 'taken.zip'} exists: choose another name."
        )
        await press(pilot, "ctrl+s")
        assert app.screen is form and (tmp_path / "taken.zip").read_text() == "already here"
        control.value = str(tmp_path / "pack.zip")
        await settle(pilot)
        assert text_of(out.query_one(".field-message", Static)) == "→ one zip file, pack.zip"
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert app.screen is workspace
    assert notifications(app)[-1] == (
        f"Evidence pack for {CRIME} written to {tmp_path / 'pack.zip'}: 2 incidents, 3 exhibits (TA/1, TA/3, TA/4); "
        f"recorded on the information-sharing record of {JO}.\n"
        "From the chronology, 1 passage was withheld (the client's confidential address or safe contacts)."
    )
    with zipfile.ZipFile(tmp_path / "pack.zip") as pack:
        assert sorted(pack.namelist()) == [
            "chronology.md",
            "exhibits/TA-1.txt",
            "exhibits/TA-3.txt",
            "exhibits/TA-4.txt",
            "manifest.csv",
            "manifest.json",
        ]
        chronology = pack.read("chronology.md").decode()
        manifest = json.loads(pack.read("manifest.json"))
        table = list(csv.DictReader(io.StringIO(pack.read("manifest.csv").decode())))
        for row in manifest["exhibits"]:
            assert sha(pack.read(f"exhibits/{row['file']}")) == row["sha256"]
    assert [(r["exhibit"], r["original_name"]) for r in manifest["exhibits"]] == [
        ("TA/1", "calls.txt"),
        ("TA/3", "door.txt"),
        ("TA/4", "car.txt"),
    ]
    assert [r["sha256"] for r in table] == [sha(files[n].read_bytes()) for n in ("calls.txt", "door.txt", "car.txt")]
    assert "Rang nine times." in chronology and "Waited outside" in chronology
    assert "Sent flowers." not in chronology and "Car tyres" not in chronology and "Fiction Lane" not in chronology
    [disclosure] = caseload.sharing.sharing_record(JO).disclosures
    assert disclosure.what == f"Evidence pack for crime reference {CRIME}: 2 incidents, 3 exhibits"


async def test_no_evidence_pack_for_a_case_without_a_crime_reference(app: AdvocateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        workspace = await open_case(pilot, "STK-2026-0003")
        await press(pilot, "6", "x")
        assert app.screen is workspace
        assert notifications(app)[-1] == (
            "STK-2026-0003 has no crime reference: add one on the Justice tab, or give the police reference on the "
            "incidents reported."
        )
