"""The application's colours: a dark and a light theme, and Rich styles for text built in code.

Risk, lateness and alerts are always written as words too, so nothing depends on colour alone.
"""

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from rich.style import Style
from rich.text import Text
from textual.theme import Theme

from advocate_tui.rules.vocab import RiskLevel

if TYPE_CHECKING:
    from textual.app import App

DARK = Theme(
    name="advocate-dark",
    primary="#6CA6E0",
    secondary="#8E9BB5",
    accent="#C3A6F0",
    warning="#E3A93B",
    error="#F0626B",
    success="#6CC48A",
    foreground="#E4E6EB",
    background="#15171C",
    surface="#1D2027",
    panel="#272B35",
    dark=True,
    variables={"footer-key-foreground": "#E3A93B", "block-cursor-text-style": "bold"},
)

LIGHT = Theme(
    name="advocate-light",
    primary="#1D5C99",
    secondary="#4E5B73",
    accent="#6B3FB0",
    warning="#9A5B00",
    error="#B3261E",
    success="#2E7D32",
    foreground="#1B1D22",
    background="#F6F6F3",
    surface="#FFFFFF",
    panel="#E6E8EC",
    dark=False,
    variables={"footer-key-foreground": "#1D5C99", "block-cursor-text-style": "bold"},
)

THEMES = (DARK, LIGHT)


def preferred_theme(environ: Mapping[str, str] = os.environ) -> str:
    """The light theme when the terminal says (through COLORFGBG) that its background is light."""
    background = environ.get("COLORFGBG", "").rsplit(";", 1)[-1]
    return LIGHT.name if background in {"7", "15"} else DARK.name


@dataclass(frozen=True)
class Tones:
    """Rich styles in the current theme's text colours."""

    alert: Style
    caution: Style
    good: Style
    accent: Style
    heading: Style
    muted: Style

    @classmethod
    def of(cls, app: "App") -> "Tones":
        """Styles in the app's current theme (worked out once per theme)."""
        cached = _TONES.get(app)
        if cached is None or cached[0] != app.theme:
            cached = _TONES[app] = (app.theme, cls.from_variables(app.get_css_variables()))
        return cached[1]

    @classmethod
    def from_variables(cls, colours: Mapping[str, str]) -> "Tones":
        """Styles from an app's CSS variables (``App.get_css_variables()``)."""
        return cls(
            alert=Style(color=colours["text-error"], bold=True),
            caution=Style(color=colours["text-warning"]),
            good=Style(color=colours["text-success"]),
            accent=Style(color=colours["text-primary"], bold=True),
            heading=Style(color=colours["text-primary"], bold=True),
            muted=Style(dim=True),
        )


_TONES: "WeakKeyDictionary[App, tuple[str, Tones]]" = WeakKeyDictionary()


def risk_text(level: str, tones: Tones) -> Text:
    """The risk level as a word, coloured: HIGH stands out, medium is amber, standard is plain."""
    risk = RiskLevel(level)
    if risk is RiskLevel.HIGH:
        return Text("HIGH", style=tones.alert)
    if risk is RiskLevel.MEDIUM:
        return Text("Medium", style=tones.caution)
    return Text(risk.label)
