"""Evidence forms: keeping a file as evidence of an incident (its path checked as it is typed, what it shows, who
produces it to the police, whose initials begin its exhibit reference), and making the evidence pack for one
crime reference (the crime reference, and where the pack goes, checked as it is typed: never onto a file)."""

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from advocate_tui.rules.vocab import EvidenceProducer
from advocate_tui.rules.wording import counted
from advocate_tui.screens.forms.form import ChoiceField, FormScreen, TextField
from advocate_tui.services.casework import Casework
from advocate_tui.services.evidence import EvidenceItem
from advocate_tui.services.evidence_pack import CrimeChoice, Packed, check_out


class PathField(TextField):
    """A path typed (the application has no file dialog; ``~`` is the home folder), refused as it is typed by
    ``check`` when it cannot be used."""

    def __init__(self, name: str, label: str, check: Callable[[Path], Path], **options: Any) -> None:
        super().__init__(name, label, **options)
        self.check_path = check

    def clean(self, raw: Any) -> Path | None:
        text = super().clean(raw)
        return self.check_path(Path(text.strip()).expanduser()) if text else None


class FileField(PathField):
    """The path of a file to keep: refused if it is missing, a folder, a device, a pipe, empty or too big."""

    def __init__(self, name: str, label: str, casework: Casework, **options: Any) -> None:
        options.setdefault("placeholder", "e.g. ~/Downloads/screenshot.png")
        super().__init__(name, label, casework.evidence.check_file, **options)

    def echo(self, value: Path | None) -> str:
        return f"→ {value.name}, {value.stat().st_size:,} bytes" if value else self.hint


class PackField(PathField):
    """Where an evidence pack goes: a ``.zip`` file that does not exist yet, or a new or empty folder."""

    def __init__(self, name: str, label: str, **options: Any) -> None:
        options.setdefault("placeholder", "e.g. ~/Documents/pack.zip, or a new folder")
        super().__init__(name, label, check_out, **options)

    def echo(self, value: Path | None) -> str:
        if value is None:
            return self.hint
        if value.suffix.lower() == ".zip":
            return f"→ one zip file, {value.name}"
        return f"→ files in the {'empty' if value.exists() else 'new'} folder {value.name}"


def evidence_form(casework: Casework, reference: str, incident_number: int) -> FormScreen[list[EvidenceItem]]:
    fields = [
        FileField("path", "File", casework, required=True, hint="The file is read, never changed."),
        TextField("description", "What it shows"),
        ChoiceField.of("produced_by", "Produced to the police by", EvidenceProducer, "advocate", required=True),
    ]
    return FormScreen(
        f"Evidence for incident {incident_number} on {reference}",
        fields,
        lambda values: casework.evidence.add(
            reference,
            incident_number,
            [values["path"]],
            description=values["description"],
            produced_by=values["produced_by"],
        ),
    )


def pack_form(casework: Casework, reference: str, crimes: Sequence[CrimeChoice]) -> FormScreen[Packed]:
    """Choose one of ``crimes`` (each labelled with what its pack would hold) and where its pack goes."""

    def label(crime: CrimeChoice) -> str:
        if not crime.incidents:
            return f"{crime.crime_reference} — no incident has it as its police reference"
        return f"{crime.crime_reference} — {counted(crime.incidents, 'incident')}, {counted(crime.exhibits, 'exhibit')}"

    fields = [
        ChoiceField(
            "crime",
            "Crime reference",
            [(label(crime), crime.crime_reference) for crime in crimes],
            next((c.crime_reference for c in crimes if c.incidents), None),
            required=True,
            hint="The incidents whose police reference it is, with their exhibits.",
        ),
        PackField("out", "Write to", required=True, hint="A file ending in .zip, or a new or empty folder."),
    ]
    return FormScreen(
        f"Evidence pack for the police — {reference}",
        fields,
        lambda values: casework.evidence_packs.pack(reference, values["crime"], values["out"]),
        intro="The chronology of the crime reference's incidents (the confidential address and safe contacts left "
        "out), its exhibits' files named by exhibit reference, and a manifest of their SHA-256. A pack never "
        "replaces a file; it is recorded on the information-sharing record.",
    )
