"""The evidence pack for one crime reference: for the police, the chronology of the incidents reported under
it with their exhibits, the exhibits' files named by exhibit reference, and a manifest of their SHA-256.

An incident belongs to a crime reference when its police reference is that crime number (compared without
spaces or case): the number the advocate records on each incident reported. The chronology is screened as any
document for the police is (:mod:`advocate_tui.services.withholding`): the client's confidential address and
safe contacts are left out of its text. The exhibits' files go as they were kept. The pack is written to a
new or empty folder, or as one zip file (written beside, read back and checked, then given its name), and
recorded on the case's information-sharing record.
"""

import csv
import io
import json
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import select
from sqlalchemy.engine import Connection
from sqlmodel import col

from advocate_tui.rules import clock, wording
from advocate_tui.rules.dates import describe
from advocate_tui.rules.errors import InvalidInputError, NotFoundError
from advocate_tui.rules.saved import saved_id
from advocate_tui.rules.vocab import Audience, Behaviour
from advocate_tui.services.case_json import utc_iso
from advocate_tui.services.context import ServiceContext
from advocate_tui.services.copies import EXPORT, record_copy
from advocate_tui.services.evidence import EvidenceItem, copy_out, empty_folder, items_of
from advocate_tui.services.lookup import find_case
from advocate_tui.services.sharing import Sharing, log_sharing
from advocate_tui.services.withholding import Withholding, counted
from advocate_tui.storage import audit
from advocate_tui.storage.files import check_target, make_folder, write_file, write_stream
from advocate_tui.storage.models import Case, CrimeReport, Incident

EXHIBITS = "exhibits"
FORMAT = "advocate-evidence-pack/1"
MANIFEST_COLUMNS = (
    "exhibit",
    "file",
    "incident",
    "occurred_at",
    "description",
    "original_name",
    "media_type",
    "size",
    "sha256",
)


def _key(crime_number: str) -> str:
    return "".join(crime_number.split()).casefold()


@dataclass(frozen=True)
class Packed:
    reference: str
    crime_reference: str
    out: Path
    incidents: int
    exhibits: tuple[str, ...]  # their exhibit references
    withheld: str | None  # e.g. "2 passages were withheld", if any were

    def lines(self) -> list[str]:
        """What the pack holds and where it went, a sentence a line."""
        held = f" ({', '.join(self.exhibits)})" if self.exhibits else ""
        said = [
            f"Evidence pack for {self.crime_reference} written to {self.out}: {wording.counted(self.incidents, 'incident')}, "
            f"{wording.counted(len(self.exhibits), 'exhibit')}{held}; recorded on the information-sharing record of "
            f"{self.reference}."
        ]
        if self.withheld:
            said.append(f"From the chronology, {self.withheld} (the client's confidential address or safe contacts).")
        return said


@dataclass(frozen=True)
class CrimeChoice:
    """A crime reference of a case (recorded on the Justice tab, or on its incidents), as recorded, with the
    incidents and exhibits a pack for it would hold."""

    crime_reference: str
    incidents: int
    exhibits: int


def check_out(out: Path) -> Path:
    """Refuse, in one sentence, where a pack may not go: a ``.zip`` file that exists (a pack never replaces
    one), or anything but a new or empty folder."""
    if out.suffix.lower() == ".zip":
        check_target(out)
    elif out.exists() and not out.is_dir():
        raise InvalidInputError(
            f"{out} is a file, which a pack never replaces: give a new name ending in .zip, or a new or empty folder."
        )
    else:
        empty_folder(out, "evidence pack")
    return out


class EvidencePacks:
    """Evidence packs for the police, one per crime reference."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def pack(self, reference: str, crime_reference: str, out: Path) -> Packed:
        """Write the pack for ``crime_reference`` to ``out`` (a ``.zip`` file, or a new or empty folder)."""
        crime = " ".join(crime_reference.split())
        zipped = out.suffix.lower() == ".zip"
        check_out(out)
        with self.ctx.reading() as session:
            case = find_case(session, reference)
            incidents = [i for i in case.incidents if i.police_reference and _key(i.police_reference) == _key(crime)]
            if not crime or not incidents:
                raise NotFoundError(
                    f"No incident on {case.reference} has the police reference '{crime}': "
                    "set it on the incidents reported under that crime number."
                )
            crime = " ".join((incidents[0].police_reference or crime).split())  # as recorded, not as typed
            Sharing(self.ctx).check_document(case, Audience.POLICE)
            items = items_of(session, saved_id(case), [saved_id(i) for i in incidents])
            withholding = Withholding(case.client, Audience.POLICE) if case.client is not None else None
            screen: Callable[[str, dict[str, Any]], dict[str, Any]] = (
                withholding.screened if withholding is not None else lambda _kind, values: values
            )
            rows = _manifest(items, screen)
            text = self._chronology(case, crime, incidents, items, rows, screen)
            parts = {"chronology.md": text.encode(), **_manifests(case.reference, crime, rows)}
            connection = session.connection()
            if zipped:
                write_stream(out, lambda stream: _zip(stream, parts, items, connection))
            else:
                _folder(out, parts, items, connection)
            withheld = counted(withholding.passages) if withholding is not None and withholding.passages else None
            with self.ctx.writing() as writing:
                what = (
                    f"Evidence pack for crime reference {crime}: {wording.counted(len(incidents), 'incident')}, "
                    f"{wording.counted(len(items), 'exhibit')}"
                )
                why = "The chronology and exhibits for the police investigation."
                if withheld:
                    why += f" The confidential address and safe contacts were left out ({withheld})."
                log_sharing(writing, case, Audience.POLICE, what, why, self.ctx.user)
                audit.record(
                    writing, "export", Case.__tablename__, case.id, case_reference=case.reference, detail=what[:256]
                )
                record_copy(writing, EXPORT, out, case.reference)
        return Packed(
            case.reference, crime, out, len(incidents), tuple(i.record.exhibit_reference for i in items), withheld
        )

    def crime_references(self, reference: str) -> list[CrimeChoice]:
        """The case's crime references: the one given at referral, those on the Justice tab, then any other its
        incidents name (each once, however it was spaced or cased)."""
        with self.ctx.reading() as session:
            case = find_case(session, reference)
            reported = session.scalars(
                select(col(CrimeReport.crime_number))
                .where(col(CrimeReport.case_id) == saved_id(case))
                .order_by(col(CrimeReport.id))
            ).all()
            names: dict[str, str] = {}
            for number in (case.crime_reference, *reported):
                if number and number.strip():
                    names.setdefault(_key(number), " ".join(number.split()))
            under: dict[str, list[int]] = {}
            for incident in case.incidents:
                if incident.police_reference and incident.police_reference.strip():
                    key = _key(incident.police_reference)
                    names.setdefault(key, " ".join(incident.police_reference.split()))
                    under.setdefault(key, []).append(saved_id(incident))
            exhibits = Counter(item.record.incident_id for item in items_of(session, saved_id(case)))
            return [
                CrimeChoice(name, len(under.get(key, [])), sum(exhibits[i] for i in under.get(key, [])))
                for key, name in names.items()
            ]

    def _chronology(
        self,
        case: Case,
        crime: str,
        incidents: list[Incident],
        items: list[EvidenceItem],
        rows: list[dict[str, Any]],
        screen: Callable[[str, dict[str, Any]], dict[str, Any]],
    ) -> str:
        lines = [
            f"# Evidence pack: crime reference {crime}",
            "",
            f"Case {case.reference}. Made {describe(clock.utcnow())} by {self.ctx.user} for the police: "
            f"{wording.counted(len(incidents), 'incident')}, {wording.counted(len(items), 'exhibit')}. "
            f"Each exhibit's file is in `{EXHIBITS}/`, named by its exhibit reference; `manifest.csv` and `manifest.json` give each file's size and SHA-256.",
        ]
        by_incident: dict[int, list[dict[str, Any]]] = {}
        for item, row in zip(items, rows, strict=True):
            by_incident.setdefault(item.record.incident_id, []).append(row)
        for number, incident in enumerate(incidents, start=1):
            when = describe(incident.occurred_at) + (" (approximate)" if incident.approximate else "")
            shown = screen(
                "incident",
                {
                    "when": when,
                    "description": incident.description,
                    "location": incident.location,
                    "witnesses": incident.witnesses,
                },
            )
            lines += ["", f"## {number}. {when}", ""]
            facts = [
                ("Behaviour", ", ".join(Behaviour(k).label for k in sorted(incident.kinds))),
                ("What happened", shown["description"]),
                ("Where", shown["location"]),
                ("Witnesses", shown["witnesses"]),
            ]
            lines += [f"- {label}: {' / '.join(str(value).splitlines())}" for label, value in facts if value]
            exhibits = by_incident.get(saved_id(incident), [])
            lines += ["", "Exhibits:" if exhibits else "No exhibits kept."]
            lines += [
                f"- {row['exhibit']}: {row['description'] or row['original_name']} — `{EXHIBITS}/{row['file']}`, "
                f"SHA-256 {row['sha256']}"
                for row in exhibits
            ]
        return "\n".join(lines) + "\n"


def _manifest(
    items: list[EvidenceItem], screen: Callable[[str, dict[str, Any]], dict[str, Any]]
) -> list[dict[str, Any]]:
    """A row per exhibit, its free text screened as the chronology is."""
    rows = []
    for item in items:
        r = item.record
        shown = screen("exhibit", {"description": r.description, "original_name": r.original_name})
        rows.append(
            {
                "exhibit": r.exhibit_reference,
                "file": item.file_name,
                "incident": item.incident_number,
                "occurred_at": utc_iso(item.incident_at),
                "description": shown["description"],
                "original_name": shown["original_name"],
                "media_type": r.media_type,
                "size": r.size,
                "sha256": r.sha256,
            }
        )
    return rows


def _manifests(reference: str, crime: str, rows: list[dict[str, Any]]) -> dict[str, bytes]:
    table = io.StringIO()
    writer = csv.DictWriter(table, fieldnames=MANIFEST_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    document = {"format": FORMAT, "reference": reference, "crime_reference": crime, "exhibits": rows}
    return {
        "manifest.csv": table.getvalue().encode(),
        "manifest.json": (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode(),
    }


def _zip(stream: BinaryIO, parts: dict[str, bytes], items: list[EvidenceItem], connection: Connection) -> None:
    """The pack as a zip written into ``stream``, each exhibit streamed in (never whole in memory), then read
    back and every entry's checksum checked."""
    stamp = clock.local(clock.utcnow()).timetuple()[:6]
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as pack:
        for name, data in parts.items():
            pack.writestr(zipfile.ZipInfo(name, stamp), data, compress_type=zipfile.ZIP_DEFLATED)
        for item in items:
            entry = zipfile.ZipInfo(f"{EXHIBITS}/{item.file_name}", stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            with pack.open(entry, "w", force_zip64=True) as member:
                copy_out(connection, item.record, member)
    stream.seek(0)
    with zipfile.ZipFile(stream) as written:
        broken = written.testzip()
        if broken is not None or len(written.namelist()) != len(parts) + len(items):
            raise InvalidInputError(f"The evidence pack did not read back whole ({broken}): nothing was written.")


def _folder(out: Path, parts: dict[str, bytes], items: list[EvidenceItem], connection: Connection) -> None:
    exhibits = out / EXHIBITS
    make_folder(exhibits)
    for name, data in parts.items():
        write_file(out / name, data)
    for item in items:
        write_stream(exhibits / item.file_name, partial(copy_out, connection, item.record))
