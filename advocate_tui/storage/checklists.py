"""Risk checklist files: the built-in definitions and a service's own, read from disk."""

from importlib import resources
from pathlib import Path

from advocate_tui.rules.errors import InvalidInputError
from advocate_tui.rules.risk import Checklist, RiskThresholds, check_fits, parse_checklist


def load_checklists(own_dir: Path | None, thresholds: RiskThresholds) -> dict[str, Checklist]:
    """The built-in checklists, each replaced by a service's file of the same id, plus its other files."""
    found: dict[str, Checklist] = {}
    for entry in sorted(resources.files("advocate_tui").joinpath("data").iterdir(), key=lambda e: e.name):
        if entry.name.startswith("risk_") and entry.name.endswith(".toml"):
            checklist = parse_checklist(entry.read_text(encoding="utf-8"), f"the built-in {entry.name}")
            found[checklist.id] = checklist
    if own_dir is not None and own_dir.is_dir():
        for path in sorted(own_dir.glob("*.toml")):
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise InvalidInputError(
                    f"The checklist {path} cannot be read ({exc.__class__.__name__}): fix or remove it."
                ) from None
            checklist = parse_checklist(text, str(path))
            found[checklist.id] = checklist
    for checklist in found.values():
        check_fits(checklist, thresholds)
    return found
