"""The equality monitoring categories: the built-in file, or the service's own beside its config file."""

from importlib import resources
from pathlib import Path

from advocate_tui.rules.equality import Equality, parse_equality
from advocate_tui.rules.errors import InvalidInputError

BUILT_IN = "equality.toml"


def load_equality(own_file: Path | None) -> Equality:
    """The service's ``equality.toml`` if it has one (it replaces the built-in whole), else the built-in."""
    if own_file is not None and own_file.is_file():
        try:
            text = own_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InvalidInputError(
                f"The equality file {own_file} cannot be read ({exc.__class__.__name__}): fix or remove it."
            ) from None
        return parse_equality(text, str(own_file))
    built_in = resources.files("advocate_tui").joinpath("data", BUILT_IN).read_text(encoding="utf-8")
    return parse_equality(built_in, f"the built-in {BUILT_IN}")
