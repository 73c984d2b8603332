"""Keeping a file as evidence of an incident: its path (checked as it is typed), what it shows, and who
produces it to the police (whose initials begin its exhibit reference)."""

from pathlib import Path
from typing import Any

from advocate_tui.rules.vocab import EvidenceProducer
from advocate_tui.screens.forms.form import ChoiceField, FormScreen, TextField
from advocate_tui.services.casework import Casework
from advocate_tui.services.evidence import EvidenceItem


class FileField(TextField):
    """The path of a file to keep: refused as it is typed if it is missing, a folder, a device, a pipe, empty
    or too big (the application has no file dialog; ``~`` is the home folder)."""

    def __init__(self, name: str, label: str, casework: Casework, **options: Any) -> None:
        options.setdefault("placeholder", "e.g. ~/Downloads/screenshot.png")
        super().__init__(name, label, **options)
        self.casework = casework

    def clean(self, raw: Any) -> Path | None:
        text = super().clean(raw)
        return self.casework.evidence.check_file(Path(text.strip()).expanduser()) if text else None

    def echo(self, value: Path | None) -> str:
        return f"→ {value.name}, {value.stat().st_size:,} bytes" if value else self.hint


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
