"""The privacy key and the idle lock: one key blanks every screen, modals included, until the passphrase
(or, on a plain database, the word unlock) is typed; the masked prompt that opens an encrypted database."""

import html
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from conftest import SIZE, press, rows, run_command, settle, started, text_of, type_text
from textual.widgets import Input, Static

from advocate_tui.app import AdvocateApp
from advocate_tui.screens import privacy_guard as privacy
from advocate_tui.screens.audit_trail import AuditTrailScreen, TrailTable
from advocate_tui.screens.caseload import CaseloadScreen
from advocate_tui.screens.privacy import PrivacyScreen
from advocate_tui.screens.privacy_guard import NEUTRAL_TITLE
from advocate_tui.screens.unlock import UnlockScreen
from advocate_tui.screens.workspace import CaseWorkspace
from advocate_tui.services.casework import Casework
from advocate_tui.storage.crypto import DatabaseKey
from advocate_tui.storage.passphrase import Unlocker

#: What the fixed caseload shows somewhere: none of it may be on screen while locked.
CASE_TEXT = ("STK-2026", "Jo", "Joanne", "Priya", "Sam Sample", "Fiction Lane", "advocate", "Caseload", "Safety")

#: Keys from the caseload to each kind of screen (modals included), and the screen they reach.
SCREENS = {
    "caseload": ((), "CaseloadScreen"),
    "case-workspace": (("enter",), "CaseWorkspace"),
    "incidents-tab": (("enter", "3"), "CaseWorkspace"),
    "agenda": (("g",), "AgendaScreen"),
    "keys-modal": (("question_mark",), "HelpScreen"),
    "new-case-form": (("n",), "FormScreen"),
    "command-palette": (("ctrl+p",), "CommandPalette"),
    "incident-form": (("enter", "3", "a"), "FormScreen"),
    "quit-question": (("enter", "3", "a", "x", "ctrl+q"), "ConfirmScreen"),
}


def screen_text(app: AdvocateApp) -> str:
    """Everything the terminal shows, as plain text."""
    svg = re.sub(r"<style.*?</style>", "", app.export_screenshot(), flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


async def lock_from(pilot, keys: tuple[str, ...]) -> None:
    await started(pilot)
    await press(pilot, *keys)
    await press(pilot, "f12")


@pytest.mark.parametrize("where", list(SCREENS))
async def test_the_privacy_key_blanks_every_screen(app: AdvocateApp, where: str) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        keys, reached = SCREENS[where]
        await press(pilot, *keys)
        assert type(app.screen).__name__ == reached
        assert [text for text in CASE_TEXT if text in screen_text(app)]
        await press(pilot, "f12")
        assert isinstance(app.screen, PrivacyScreen)
        assert app.title == NEUTRAL_TITLE
        shown = screen_text(app)
        assert not [text for text in CASE_TEXT if text in shown]


def test_the_locked_screen_is_blank(snap_compare, app: AdvocateApp) -> None:
    async def lock_over_a_modal(pilot) -> None:
        await lock_from(pilot, ("enter", "question_mark"))

    assert snap_compare(app, terminal_size=SIZE, run_before=lock_over_a_modal)


async def test_a_plain_database_comes_back_on_typing_unlock(app: AdvocateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await lock_from(pilot, ("enter", "question_mark"))
        await press(pilot, "space")
        prompt = app.screen.query_one(Input)
        assert prompt.password and prompt.placeholder == "Type unlock"
        await type_text(pilot, "unlokc")
        await press(pilot, "enter")
        assert app.locked and text_of(app.screen.query_one("#privacy-message", Static)) == "Not recognised."
        await type_text(pilot, "unlock")
        await press(pilot, "enter")
        assert not app.locked
        assert type(app.screen).__name__ == "HelpScreen"  # exactly where the advocate was
        assert app.title == "advocate"
        shown = screen_text(app)  # and painted again: the case under the modal as well as the modal
        assert "Keys — Case" in shown and "STK-2026-0001" in shown


async def test_the_caseload_is_painted_again_after_unlocking(app: AdvocateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await lock_from(pilot, ())
        await press(pilot, "x", *"unlock", "enter")
        assert not app.locked
        assert [text for text in CASE_TEXT if text in screen_text(app)]


async def test_escape_does_not_lock_and_blanks_the_prompt_again(app: AdvocateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await press(pilot, "enter", "escape")
        assert not app.locked
        await press(pilot, "f12", "x")
        assert app.screen.query_one("#privacy-prompt").display
        await press(pilot, "escape")
        assert not app.screen.query_one("#privacy-prompt").display


async def test_while_locked_nothing_else_happens_and_messages_wait(app: AdvocateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await lock_from(pilot, ())
        app.notify("STK-2026-0001 Joanne: saved")
        await press(pilot, "ctrl+p", "question_mark")
        assert isinstance(app.screen, PrivacyScreen)
        app.push_screen(CaseloadScreen())  # as a task finishing in the background might
        await settle(pilot)
        assert isinstance(app.screen, PrivacyScreen)
        assert not [text for text in CASE_TEXT if text in screen_text(app)]
        await press(pilot, "x", *"unlock", "enter")
        assert not app.locked
        assert [n.message for n in app._notifications] == ["STK-2026-0001 Joanne: saved"]


async def test_the_idle_lock_fires_after_the_configured_time(
    make_app: Callable[..., AdvocateApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(privacy, "IDLE_CHECK_SECONDS", 0.2)
    app = make_app()
    app.idle_lock_after = 3600.0  # not while starting, however slow the machine
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        app.idle_lock_after = 2.0
        before = app._last_input
        await pilot.press("down")
        assert app._last_input > before  # a key press is activity: the idle time starts again
        assert not app.locked
        await pilot.pause(4)
        assert app.locked and isinstance(app.screen, PrivacyScreen)


async def test_the_idle_time_comes_from_the_config(isolated_home: Path, make_app: Callable[..., AdvocateApp]) -> None:
    from advocate_tui.storage.config import load_settings

    config = isolated_home / "config" / "advocate-tui" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)  # the audit head of the database may be kept there already
    config.write_text("[privacy]\nidle_minutes = 2\n")
    load_settings.cache_clear()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        assert app.idle_lock_after == 120


async def test_the_privacy_key_can_be_remapped(make_app: Callable[..., AdvocateApp]) -> None:
    app = make_app(keymap={"app.privacy": "f9"})
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await press(pilot, "f12")
        assert not app.locked
        await press(pilot, "f9")
        assert app.locked


async def test_an_encrypted_database_needs_its_passphrase_to_come_back(caseload: Casework) -> None:
    caseload.db.key = DatabaseKey.derive("correct horse battery staple", b"0" * 16)
    app = AdvocateApp(lambda: caseload)
    async with app.run_test(size=SIZE) as pilot:
        await lock_from(pilot, ("enter",))
        await press(pilot, "x", *"unlock", "enter")
        assert app.locked
        assert app.screen.query_one(Input).placeholder == "Passphrase"
        await type_text(pilot, "correct horse battery staple")
        await press(pilot, "enter")
        assert not app.locked


async def test_the_audit_trail_of_the_open_case_in_words(app: AdvocateApp, caseload: Casework) -> None:
    caseload.risk.set_referral_judgement("STK-2026-0001", "Escalating")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await press(pilot, "enter", "escape", "enter", "escape", "enter", "ctrl+t")
        assert isinstance(app.screen, AuditTrailScreen)
        await settle(pilot)
        shown = rows(app.screen.query_one(TrailTable))
        assert shown[0] == "23 Nov 2026 10:00 Test Advocate Added the case"
        assert "23 Nov 2026 10:00 Test Advocate Added 12 safety plan items" in shown
        assert shown[-2:] == [
            "23 Nov 2026 10:00 Test Advocate Changed the referral judgement reason",
            "23 Nov 2026 10:00 Test Advocate Viewed the case 3 times",
        ]
        detail = text_of(app.screen.query_one("#case-list-detail", Static))
        assert detail.startswith("Test Advocate, 23 Nov 2026 10:00\nentries ")
        assert ": view case_file 1" in detail
        assert text_of(app.screen.query_one("#trail-verdict", Static)).startswith("The audit trail is whole: ")


async def test_the_audit_trail_is_in_the_palette_of_an_open_case_only(app: AdvocateApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await run_command(pilot, "audit trail")
        assert not isinstance(app.screen, AuditTrailScreen)  # the caseload has no case to show the trail of
        await press(pilot, "escape", "enter")
        await run_command(pilot, "audit trail")
        assert isinstance(app.screen, AuditTrailScreen)
        assert app.screen.case_reference == "STK-2026-0001"


async def test_the_information_sharing_record_of_the_open_case(app: AdvocateApp, caseload: Casework) -> None:
    from advocate_tui.screens.sharing import SharingScreen, SharingTable

    caseload.sharing.add_disclosure(
        "STK-2026-0001",
        recipient="MARAC coordinator",
        what="Risk checklist and incident log",
        why="High risk: referral to MARAC",
        basis="legitimate-interests",
        condition="safeguarding",
        when=date(2026, 11, 20),
    )
    caseload.sharing.withhold("STK-2026-0001", "Pat Notreal's sister", "Works at the housing office")
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await press(pilot, "enter", "i")
        assert isinstance(app.screen, SharingScreen)
        assert (
            app.screen.query_one(".case-list").border_title == "Information shared outside the service — STK-2026-0001"
        )
        shown = rows(app.screen.query_one(SharingTable))
        assert shown[0] == "Shared (1)"
        assert shown[1].startswith("20 Nov 2026 12:00 MARAC coordinator Risk checkl… High risk: … Legitimate interes…")
        assert shown[2] == "Do not disclose to (1)"
        assert shown[3].startswith("23 Nov 2026 10:00 Pat Notreal's sister Works at th…")
        detail = app.screen.query_one("#case-list-detail", Static)  # the row under the cursor, whole
        assert text_of(detail) == (
            "To MARAC coordinator, by Test Advocate\n"
            "Basis: Legitimate interests; safeguarding of children and of individuals at risk\n"
            "What: Risk checklist and incident log\nWhy: High risk: referral to MARAC"
        )
        await press(pilot, "down")
        assert (
            text_of(detail)
            == "Nothing about the case may be sent to Pat Notreal's sister\nWhy: Works at the housing office"
        )
        await press(pilot, "escape")
        assert isinstance(app.screen, CaseWorkspace)


# -- opening an encrypted database ---------------------------------------------------------------


@pytest.fixture
def locked_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("ADVOCATE_NO_ENCRYPT")
    path = tmp_path / "cases.db"
    database = Unlocker(str(path)).open("correct horse battery staple")
    Casework(database, user="Test Advocate", areas=("City",)).cases.create_case("Joanne Example")
    database.dispose()
    return path


async def test_the_application_asks_for_the_passphrase_in_a_masked_prompt(locked_file: Path) -> None:
    app = AdvocateApp(lambda: Casework(Unlocker(str(locked_file)).open()))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen)
        field = app.screen.query_one("#unlock-passphrase", Input)
        assert field.password and field.has_focus
        await type_text(pilot, "wrong passphrase entirely")
        await press(pilot, "enter")
        message = text_of(app.screen.query_one("#unlock-message", Static))
        assert message == f"The passphrase for {locked_file} is wrong (or the file is damaged): nothing was changed."
        await type_text(pilot, "correct horse battery staple")
        await press(pilot, "enter")
        await started(pilot)
        assert app.casework is not None and app.casework.db.key is not None


async def test_a_new_database_asks_for_a_strong_passphrase_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ADVOCATE_NO_ENCRYPT")
    path = tmp_path / "new.db"
    app = AdvocateApp(lambda: Casework(Unlocker(str(path)).open()))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen)
        await type_text(pilot, "short")
        await press(pilot, "enter")
        assert text_of(app.screen.query_one("#unlock-message", Static)).startswith("The passphrase is too short")
        app.screen.query_one("#unlock-passphrase", Input).value = "correct horse battery staple"
        await press(pilot, "enter")
        await type_text(pilot, "correct horse battery stapler")
        await press(pilot, "enter")
        assert (
            text_of(app.screen.query_one("#unlock-message", Static))
            == "The two passphrases are not the same: type them again."
        )
        await type_text(pilot, "correct horse battery staple")
        await press(pilot, "enter")
        await started(pilot)
    assert path.read_bytes()[:16] != b"SQLite format 3\x00"
