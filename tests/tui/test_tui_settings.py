"""Settings the application saves itself: the theme chosen in the palette is kept in config.toml, with the
person's own comments and layout, and is the theme at the next start."""

from collections.abc import Callable
from pathlib import Path

from conftest import SIZE, choose_command, run_command, started
from workers import settle

from advocate_tui.app import AdvocateApp
from advocate_tui.screens.theme import DARK, LIGHT
from advocate_tui.storage.config import config_file, load_settings

COMMENTED = """\
# Sam's settings: keep the comments!
[advocate]
name = "Sam Carter"   # as letters sign it

[appearance]
# dark by default; the application writes the theme here
theme = "advocate-dark"
"""


async def test_the_theme_chosen_is_kept_with_the_comments_and_used_at_the_next_start(
    make_app: Callable[..., AdvocateApp],
) -> None:
    path = config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(COMMENTED, encoding="utf-8")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        assert app.theme == DARK.name
        await run_command(pilot, "Theme")
        await choose_command(pilot, LIGHT.name)
        await settle(pilot)
        assert app.theme == LIGHT.name
    assert path.read_text(encoding="utf-8") == COMMENTED.replace(DARK.name, LIGHT.name)
    assert load_settings().theme == LIGHT.name
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await started(pilot)
        assert again.theme == LIGHT.name


async def test_a_theme_no_longer_there_gives_the_terminal_s_own(make_app: Callable[..., AdvocateApp]) -> None:
    path: Path = config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('[appearance]\ntheme = "gone-theme"\n', encoding="utf-8")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        assert app.theme == DARK.name
    assert "gone-theme" in path.read_text(encoding="utf-8"), "only a theme chosen is saved"
