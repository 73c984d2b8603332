"""Evidence files: kept in the database with their SHA-256 and exhibit references, checked, written back out,
erased with their case, in the subject-access export, and packed for the police per crime reference."""

import csv
import hashlib
import io
import json
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from conftest import Advocate
from protection import file_bytes, run
from sqlalchemy import text

from advocate_tui.db import Database
from advocate_tui.rules.errors import InvalidInputError
from advocate_tui.rules.exhibits import exhibit_file_name, initials, next_number
from advocate_tui.services.casework import Casework
from advocate_tui.services.evidence_pack import check_out
from advocate_tui.storage.files import TargetExists
from advocate_tui.storage.models import EvidenceChunk, EvidenceFile

CRIME = "NS/12345/26"
SECRET = b"ZEBRA-QUOKKA-evidence-marker-7731"


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def png(width: int = 2, height: int = 2) -> bytes:
    """A real (tiny, grey) PNG image made here."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def big_file(path: Path, mebibytes: int) -> str:
    """A binary file of ``mebibytes`` written in pieces; its SHA-256."""
    digest = hashlib.sha256()
    with path.open("wb") as out:
        for number in range(mebibytes):
            piece = hashlib.sha256(str(number).encode()).digest() * (1024 * 1024 // 32)
            digest.update(piece)
            out.write(piece)
    return digest.hexdigest()


def a_case(casework: Casework, name: str = "Sam Carter") -> str:
    reference = casework.cases.create_case(name).reference
    casework.log.add_incident(reference, "Messages all night", "2026-11-01 21:30", ["messages"], police_reference=CRIME)
    casework.log.add_incident(reference, "Waiting outside work", "2026-11-10 17:30", ["loitering"])
    casework.log.add_incident(
        reference, "Followed to the bus", "2026-11-12 08:00", ["following"], police_reference=" ns/12345/26 "
    )
    return reference


def chunk_count(db: Database) -> int:
    with db.reader() as session:
        return session.execute(text("SELECT count(*) FROM evidence_chunk")).scalar_one()


def test_exhibit_rules() -> None:
    assert initials("Sam Carter", "advocate's") == "SC"
    assert initials("Jo  de la Example", "client's") == "JE"
    assert initials("Zoë", "client's") == "Z"
    assert next_number([]) == 1 and next_number([1, 3]) == 4
    assert exhibit_file_name("SC/12", "Photo.JPEG") == "SC-12.jpeg"
    assert exhibit_file_name("SC/1", "notes") == "SC-1"
    assert exhibit_file_name("SC/1", "x.t/../../y") == "SC-1"


def test_three_files_round_trip_with_equal_hashes(casework: Casework, db: Database, tmp_path: Path) -> None:
    reference = a_case(casework)
    note = tmp_path / "messages.txt"
    note.write_text("He sent 40 messages between 21:00 and 23:00.\n")
    image = tmp_path / "screenshot.png"
    image.write_bytes(png())
    video = tmp_path / "doorbell.bin"
    big_sha = big_file(video, 50)
    before = {
        p.name: (p.stat().st_mtime_ns, sha(p.read_bytes()) if p != video else big_sha) for p in (note, image, video)
    }

    kept = casework.evidence.add(reference, 1, [note, image], description="Screenshots of the messages")
    kept += casework.evidence.add(reference, 3, [video], produced_by="client")

    assert [k.record.exhibit_reference for k in kept] == ["TA/1", "TA/2", "SC/1"]  # Test Advocate; Sam Carter
    assert [k.record.media_type for k in kept] == ["text/plain", "image/png", "application/octet-stream"]
    assert kept[2].record.size == 50 * 1024 * 1024 and kept[2].record.sha256 == big_sha
    assert kept[0].record.added_by == "Test Advocate" and kept[2].record.produced_by == "client"
    assert chunk_count(db) == 1 + 1 + 50
    assert {p.name: (p.stat().st_mtime_ns, before[p.name][1]) for p in (note, image, video)} == before

    written = casework.evidence.export(reference, [], tmp_path / "out")
    assert written.files == ("TA-1.txt", "TA-2.png", "SC-1.bin")
    out = tmp_path / "out"
    assert sha((out / "TA-1.txt").read_bytes()) == sha(note.read_bytes())
    assert (out / "TA-2.png").read_bytes() == image.read_bytes()
    assert sha((out / "SC-1.bin").read_bytes()) == big_sha
    assert {(out / name).stat().st_mode & 0o777 for name in written.files} == {0o600}
    assert casework.evidence.verify(reference).problems == ()

    ref, listed = casework.evidence.list(reference)
    assert [(i.record.exhibit_reference, i.incident_number) for i in listed] == [("TA/1", 1), ("TA/2", 1), ("SC/1", 3)]
    assert casework.audit.verify().breaks == ()


def test_exhibit_numbers_are_per_producer_and_stable(casework: Casework, tmp_path: Path) -> None:
    reference = a_case(casework)
    first = tmp_path / "a.txt"
    first.write_text("one")
    casework.evidence.add(reference, 1, [first])
    casework.evidence.add(reference, 2, [first], produced_by="client")
    casework.evidence.add(reference, 1, [first, first])
    _ref, items = casework.evidence.list(reference)
    assert [i.record.exhibit_reference for i in items] == ["TA/1", "TA/2", "TA/3", "SC/1"]


def test_a_changed_byte_in_the_store_is_found_by_verify(
    sqlite_casework: Casework, sqlite_db: Database, sqlite_advocate: Advocate, tmp_path: Path
) -> None:
    reference = a_case(sqlite_casework)
    good = tmp_path / "good.txt"
    good.write_text("kept as it was")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(SECRET)
    sqlite_casework.evidence.add(reference, 1, [good, bad])
    with sqlite_db.session() as session:
        session.execute(
            text("UPDATE evidence_chunk SET data = :data WHERE evidence_id = (SELECT max(id) FROM evidence_file)"),
            {"data": SECRET.replace(b"Z", b"Y")},
        )

    result = sqlite_advocate("evidence", "verify")

    assert result.exit_code == 1
    assert result.stdout == (
        f"{reference} TA/2 (bad.txt): the stored bytes do not match the SHA-256 recorded when it was kept.\n"
    )
    assert result.stderr == "Error: 1 of 2 evidence files are not as they were kept.\n"
    refused = sqlite_advocate("evidence", "export", reference, "TA/2", "--out", str(tmp_path / "out"))
    assert refused.exit_code == 1 and "no longer matches its SHA-256" in refused.stderr
    assert list((tmp_path / "out").iterdir()) == []
    assert sqlite_advocate("evidence", "export", reference, "ta/1", "--out", str(tmp_path / "ok")).exit_code == 0
    assert [p.name for p in (tmp_path / "ok").iterdir()] == ["TA-1.txt"]


@pytest.mark.parametrize(
    ("name", "sentence"),
    [
        ("missing.txt", "There is no file {path}: check the path."),
        ("folder", "{path} is not an ordinary file (it is a folder): give the path of a file to keep as evidence."),
        ("/dev/null", "{path} is not an ordinary file (it is a device): give the path of a file to keep as evidence."),
        ("pipe", "{path} is not an ordinary file (it is a named pipe): give the path of a file to keep as evidence."),
        ("empty.txt", "{path} is empty: there is nothing in it to keep as evidence."),
    ],
)
def test_bad_paths_are_refused_and_nothing_is_written(
    sqlite_casework: Casework, sqlite_db: Database, sqlite_advocate: Advocate, tmp_path: Path, name: str, sentence: str
) -> None:
    import os

    reference = a_case(sqlite_casework)
    good = tmp_path / "good.txt"
    good.write_text("fine")
    (tmp_path / "folder").mkdir()
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "empty.txt").touch()
    path = name if name.startswith("/") else str(tmp_path / name)

    result = sqlite_advocate("evidence", "add", reference, "1", str(good), path)

    assert result.exit_code == 1
    assert result.stderr == f"Error: {sentence.format(path=path)}\n"
    assert chunk_count(sqlite_db) == 0
    assert sqlite_casework.evidence.list(reference)[1] == []


def test_a_file_over_the_limit_is_refused(sqlite_casework: Casework, tmp_path: Path) -> None:
    (tmp_path / "config").mkdir(exist_ok=True)
    reference = a_case(sqlite_casework)
    sqlite_casework.context.settings = type(sqlite_casework.context.settings)(  # type: ignore[misc]
        advocate_name="Test Advocate", evidence_max_mb=1
    )
    video = tmp_path / "video.bin"
    big_file(video, 2)
    with pytest.raises(Exception, match=r"video.bin is 2 MB, over the 1 MB an evidence file may be"):
        sqlite_casework.evidence.add(reference, 1, [video])


def test_the_cli_adds_lists_as_json_and_exports(
    sqlite_advocate: Advocate, sqlite_casework: Casework, tmp_path: Path
) -> None:
    reference = a_case(sqlite_casework)
    photo = tmp_path / "photo.png"
    photo.write_bytes(png())
    added = sqlite_advocate("evidence", "add", reference, "2", str(photo), "--description", "Car outside work")
    assert added.exit_code == 0, added.stderr
    assert added.stdout.splitlines()[0] == f"TA/1  photo.png ({len(png())} bytes, SHA-256 {sha(png())})"
    listed = sqlite_advocate("evidence", "list", reference, "--json")
    document = json.loads(listed.stdout)
    assert document["format"] == "advocate-evidence/1" and document["reference"] == reference
    [item] = document["evidence"]
    assert item == {
        "exhibit_reference": "TA/1",
        "incident": 2,
        "incident_occurred_at": "2026-11-10T17:30:00Z",
        "produced_by": "advocate",
        "description": "Car outside work",
        "original_name": "photo.png",
        "media_type": "image/png",
        "size": len(png()),
        "sha256": sha(png()),
        "added_by": "test-advocate",
        "added_at": "2026-11-23T10:00:00Z",
    }
    unknown = sqlite_advocate("evidence", "export", reference, "XX/9", "--out", str(tmp_path / "out"))
    assert unknown.stderr == f"Error: {reference} has no exhibit XX/9: its exhibits are TA/1.\n"
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "other.txt").write_text("mine")
    taken = sqlite_advocate("evidence", "export", reference, "--out", str(tmp_path / "full"))
    assert taken.exit_code == 1 and "is not an empty folder" in taken.stderr


def test_erasing_the_case_leaves_no_trace_of_its_files(
    sqlite_casework: Casework, sqlite_db: Database, sqlite_url: str, tmp_path: Path
) -> None:
    reference = a_case(sqlite_casework)
    secret = tmp_path / "secret.txt"
    secret.write_bytes(SECRET * 100)
    sqlite_casework.evidence.add(reference, 1, [secret])
    sqlite_casework.evidence_packs.pack(reference, CRIME, tmp_path / "pack.zip")
    sqlite_casework.cases.close_case(reference, "support-complete")
    assert SECRET in file_bytes(sqlite_db.path)
    sqlite_db.dispose()

    result = run(sqlite_url, "erase", reference, "--confirm", reference)

    assert result.exit_code == 0, result.stderr
    assert SECRET not in file_bytes(sqlite_db.path)
    assert not (tmp_path / "pack.zip").exists()  # the pack written for the police goes too
    assert chunk_count(sqlite_db) == 0
    assert run(sqlite_url, "audit", "verify").exit_code == 0


def test_the_subject_access_export_lists_and_includes_the_files(sqlite_casework: Casework, tmp_path: Path) -> None:
    reference = a_case(sqlite_casework)
    photo = tmp_path / "photo.png"
    photo.write_bytes(png())
    sqlite_casework.evidence.add(reference, 1, [photo], description="Messages")

    exported = sqlite_casework.subject_access.export_case(reference, tmp_path / "sar")

    assert "evidence/TA-1.png" in exported.files
    assert (tmp_path / "sar" / "evidence" / "TA-1.png").read_bytes() == png()
    document = json.loads((tmp_path / "sar" / f"{reference}.json").read_text())
    [record] = document["records"]["evidence_file"]
    assert (record["exhibit_reference"], record["original_name"], record["sha256"], record["size"]) == (
        "TA/1",
        "photo.png",
        sha(png()),
        len(png()),
    )
    assert "evidence_chunk" not in document["records"]
    assert "Evidence files kept" in (tmp_path / "sar" / f"{reference}-summary.md").read_text()


def test_the_pack_holds_exactly_its_incidents_and_exhibits(casework: Casework, tmp_path: Path) -> None:
    reference = casework.cases.create_case("Sam Carter").reference
    client = casework.cases.get_case(reference).client
    assert client is not None
    casework.parties.update_client(client.id, client.version, address="14 Larkspur Close, Northtown NT1 2AB")
    casework.log.add_incident(reference, "Messages all night", "2026-11-01 21:30", ["messages"], police_reference=CRIME)
    casework.log.add_incident(reference, "Waiting outside work", "2026-11-10 17:30", ["loitering"])
    casework.log.add_incident(
        reference, "Waited at 14 Larkspur Close", "2026-11-12 08:00", ["following"], police_reference="ns/12345/26"
    )
    files = {}
    for number, name in ((1, "one.txt"), (2, "two.txt"), (3, "three.txt")):
        path = tmp_path / name
        path.write_text(f"exhibit {name}")
        files[name] = path
        casework.evidence.add(reference, number, [path], description=f"About {name}")

    packed = casework.evidence_packs.pack(reference, "ns/ 12345/26", tmp_path / "pack.zip")

    assert (packed.crime_reference, packed.incidents, packed.exhibits) == (CRIME, 2, ("TA/1", "TA/3"))
    assert packed.withheld == "1 passage was withheld"
    with zipfile.ZipFile(tmp_path / "pack.zip") as pack:
        assert sorted(pack.namelist()) == [
            "chronology.md",
            "exhibits/TA-1.txt",
            "exhibits/TA-3.txt",
            "manifest.csv",
            "manifest.json",
        ]
        manifest = json.loads(pack.read("manifest.json"))
        rows = list(csv.DictReader(io.StringIO(pack.read("manifest.csv").decode())))
        chronology = pack.read("chronology.md").decode()
        for row in manifest["exhibits"]:
            assert sha(pack.read(f"exhibits/{row['file']}")) == row["sha256"]
        assert [r["sha256"] for r in rows] == [r["sha256"] for r in manifest["exhibits"]]
    assert [r["exhibit"] for r in manifest["exhibits"]] == ["TA/1", "TA/3"]
    assert "Waiting outside work" not in chronology and "Larkspur" not in chronology
    assert "Messages all night" in chronology and sha(b"exhibit one.txt") in chronology
    [disclosure] = casework.sharing.sharing_record(reference).disclosures
    assert disclosure.what == f"Evidence pack for crime reference {CRIME}: 2 incidents, 2 exhibits"

    folder = casework.evidence_packs.pack(reference, CRIME, tmp_path / "folder")
    assert folder.exhibits == ("TA/1", "TA/3")
    assert sorted(p.name for p in (tmp_path / "folder" / "exhibits").iterdir()) == ["TA-1.txt", "TA-3.txt"]
    assert (tmp_path / "folder" / "manifest.json").read_bytes() == json.dumps(manifest, indent=2).encode() + b"\n"


def test_the_crime_references_a_pack_can_be_made_for(casework: Casework, tmp_path: Path) -> None:
    reference = casework.cases.create_case("Sam Carter", crime_reference="NS/1/26").reference
    casework.justice.add_report(reference, "ns/ 1/26")  # the same number again, spaced and cased otherwise
    casework.justice.add_report(reference, "NS/2/26")
    casework.log.add_incident(reference, "Messages all night", "2026-11-01 21:30", ["messages"], police_reference=CRIME)
    casework.log.add_incident(reference, "Followed", "2026-11-02 08:00", ["following"], police_reference="ns/12345/26")
    casework.log.add_incident(reference, "Waiting outside work", "2026-11-10 17:30", ["loitering"])
    (tmp_path / "one.txt").write_text("one")
    casework.evidence.add(reference, 2, [tmp_path / "one.txt", tmp_path / "one.txt"])

    choices = casework.evidence_packs.crime_references(reference)

    assert [(c.crime_reference, c.incidents, c.exhibits) for c in choices] == [
        ("NS/1/26", 0, 0),
        ("NS/2/26", 0, 0),
        (CRIME, 2, 2),
    ]


def test_where_a_pack_may_go_is_checked_before_anything_is_read(tmp_path: Path) -> None:
    (tmp_path / "taken.zip").write_text("already here")
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "a.txt").write_text("a")
    with pytest.raises(TargetExists, match="taken.zip exists: choose another name"):
        check_out(tmp_path / "taken.zip")
    with pytest.raises(InvalidInputError, match="is not an empty folder: give a new folder for the evidence pack"):
        check_out(tmp_path / "full")
    with pytest.raises(InvalidInputError, match="a.txt is a file, which a pack never replaces: give a new name"):
        check_out(tmp_path / "full" / "a.txt")
    assert check_out(tmp_path / "new.zip") == tmp_path / "new.zip"
    assert check_out(tmp_path / "new folder") == tmp_path / "new folder"


def test_a_pack_for_an_unknown_crime_reference_or_onto_a_file_writes_nothing(
    sqlite_advocate: Advocate, sqlite_casework: Casework, tmp_path: Path
) -> None:
    reference = a_case(sqlite_casework)
    result = sqlite_advocate("evidence", "pack", reference, "--crime-ref", "XX/1/26", "--out", str(tmp_path / "p.zip"))
    assert result.stderr == (
        f"Error: No incident on {reference} has the police reference 'XX/1/26': "
        "set it on the incidents reported under that crime number.\n"
    )
    (tmp_path / "p.zip").write_text("already here")
    taken = sqlite_advocate("evidence", "pack", reference, "--crime-ref", CRIME, "--out", str(tmp_path / "p.zip"))
    assert taken.exit_code == 1 and (tmp_path / "p.zip").read_text() == "already here"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".advocate-")] == []
    assert sqlite_casework.sharing.sharing_record(reference).disclosures == ()


def test_the_models_keep_the_bytes_apart(casework: Casework) -> None:
    assert EvidenceChunk.__tablename__ == "evidence_chunk" and EvidenceFile.__tablename__ == "evidence_file"
