"""Bad input: one clear sentence on stderr, a non-zero exit, no traceback, and nothing written."""

import json
import sqlite3
import sys
import threading
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from conftest import Advocate, _advocate_on
from protection import same_library
from test_cli import fake_editor, new_case, shown
from typer.testing import Result

from advocate_tui import db as db_module
from advocate_tui.cli import common as cli_common
from advocate_tui.rules.vocab import (
    Behaviour,
    ClosureReason,
    HearingKind,
    NoteKind,
    OrderKind,
    OrderStatus,
    PlanCategory,
    ReferralSource,
    Relationship,
    RiskLevel,
    Vocabulary,
)


def refused(result: Result, sentence: str) -> None:
    """The command failed the way people should see it: ``Error: <sentence>`` alone on stderr."""
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"Error: {sentence}\n"


def refused_after_asking(result: Result, sentence: str) -> None:
    """As :func:`refused`, for a command that had asked a question on standard output first."""
    assert (result.exit_code, result.stderr) == (1, f"Error: {sentence}\n")


@pytest.fixture
def case(advocate: Advocate) -> Iterator[str]:
    """One case; the test fails if the bad command changed anything recorded on it."""
    reference = new_case(advocate, "Jo Example", "--relationship", "ex-partner")
    before = shown(advocate, reference)
    yield reference
    assert shown(advocate, reference) == before


# -- references ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ("case", "show", "{ref}"),
        ("case", "close", "{ref}", "--reason", "other"),
        ("note", "{ref}", "Called"),
        ("incident", "{ref}", "Followed", "--when", "today 09:00"),
        ("court", "add", "{ref}", "--when", "3 Dec 10:00", "--court", "Northshire", "--kind", "plea"),
        ("order", "add", "{ref}", "--kind", "spo"),
        ("plan", "{ref}"),
        ("plan", "{ref}", "--add", "housing", "Refuge"),
    ],
    ids=lambda command: " ".join(command[:2]),
)
def test_an_unknown_reference_suggests_the_closest(advocate: Advocate, case: str, command: tuple[str, ...]) -> None:
    result = advocate(*(part.format(ref="stk-2026-0010") for part in command))
    refused(result, "There is no case STK-2026-0010. Did you mean STK-2026-0001?")


def test_a_reference_like_no_other_points_to_the_list(advocate: Advocate, case: str) -> None:
    refused(advocate("note", "banana", "Called"), "There is no case BANANA. See `advocate case list --all`.")


# -- dates -------------------------------------------------------------------------------------------

HINT = "try '2026-11-20 14:00', 'today 14:00', 'yesterday 21:30' or '3 Dec 10:00'."


@pytest.mark.parametrize(
    ("when", "sentence"),
    [
        ("blurgh", f"'blurgh' is not a date I can read for the incident date: {HINT}"),
        ("31 Feb 2026 10:00", f"'31 Feb 2026 10:00' is not a date I can read for the incident date: {HINT}"),
        ("2026-13-01", f"'2026-13-01' is not a date I can read for the incident date: {HINT}"),
        ("  ", "The incident date is empty: give one such as 'today 14:00' or '2026-11-20 09:30'."),
        ("tomorrow 09:00", "An incident cannot be in the future (24 Nov 2026 09:00 is after now): check the date."),
        ("today 11:00", "An incident cannot be in the future (23 Nov 2026 11:00 is after now): check the date."),
        ("1900-01-01", "An incident in 1900 is more than 30 years ago: check the year."),
    ],
)
def test_incident_dates_that_cannot_be_right(advocate: Advocate, case: str, when: str, sentence: str) -> None:
    refused(advocate("incident", case, "Followed", "--when", when), sentence)


@pytest.mark.parametrize(
    ("when", "sentence"),
    [
        (
            "1 Jan 1900 10:00",
            "A hearing on 01 Jan 1900 is not plausible: court dates must fall within 10 years before and 3 years after today.",
        ),
        (
            "2031-01-06 10:00",
            "A hearing on 06 Jan 2031 is not plausible: court dates must fall within 10 years before and 3 years after today.",
        ),
        ("someday", f"'someday' is not a date I can read for the hearing date: {HINT}"),
    ],
)
def test_court_dates_that_cannot_be_right(advocate: Advocate, case: str, when: str, sentence: str) -> None:
    refused(advocate("court", "add", case, "--when", when, "--court", "Northshire", "--kind", "plea"), sentence)


@pytest.mark.parametrize(
    ("args", "sentence"),
    [
        (("--granted", "tomorrow"), "The date granted (24 Nov 2026) is in the future: give a date on or before today."),
        (
            ("--granted", "20 Nov 2026", "--expires", "1 Nov 2026"),
            "The expiry date (01 Nov 2026) must be after the date granted (20 Nov 2026).",
        ),
        (("--expires", "soonish"), f"'soonish' is not a date I can read for the expiry date: {HINT}"),
    ],
)
def test_order_dates_that_cannot_be_right(advocate: Advocate, case: str, args: tuple[str, ...], sentence: str) -> None:
    refused(advocate("order", "add", case, "--kind", "spo", *args), sentence)


# -- empty text --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "stdin", "sentence"),
    [
        (("note", "{ref}", ""), None, "The note is empty: write something in it."),
        (("note", "{ref}", " \n\t"), None, "The note is empty: write something in it."),
        (("note", "{ref}", "-"), "\n\n", "The note is empty: write something in it."),
        (
            ("incident", "{ref}", " ", "--when", "today 09:00"),
            None,
            "The incident description is empty: write something in it.",
        ),
        (
            ("court", "add", "{ref}", "--when", "3 Dec 10:00", "--court", " ", "--kind", "plea"),
            None,
            "The court is empty: write something in it.",
        ),
        (("plan", "{ref}", "--add", "housing", ""), None, "The plan item title is empty: write something in it."),
    ],
    ids=["note", "note-blank", "note-stdin", "incident", "court", "plan"],
)
def test_empty_text_is_refused(
    advocate: Advocate, case: str, command: tuple[str, ...], stdin: str | None, sentence: str
) -> None:
    refused(advocate(*(part.format(ref=case) for part in command), input=stdin), sentence)


def test_a_new_case_needs_a_name(advocate: Advocate) -> None:
    refused(advocate("case", "new", "   "), "The client's name is empty: write something in it.")
    assert advocate("case", "list", "--all", "--json").stdout == "[]\n"


def test_an_editor_note_with_only_comments_is_not_saved(
    advocate: Advocate, case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VISUAL", fake_editor(tmp_path, "# changed my mind\n"))
    refused(advocate("note", case), "The note is empty: write something in it.")


def test_an_editor_that_fails_saves_nothing(
    advocate: Advocate, case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = fake_editor(tmp_path, "Half a note", status=3)
    monkeypatch.setenv("VISUAL", editor)
    refused(advocate("note", case), f"The editor '{editor}' exited with status 3, so no note was added.")


@pytest.mark.parametrize(
    ("args", "sentence"),
    [
        (("STK-2026-0002",), "There is no case STK-2026-0002. Did you mean STK-2026-0001?"),
        (("{ref}", "--kind", "fax"), f"'fax' is not a known note kind: use one of {', '.join(NoteKind.values())}."),
    ],
    ids=["reference", "kind"],
)
def test_the_editor_does_not_open_for_a_note_that_would_be_refused(
    advocate: Advocate, case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], sentence: str
) -> None:
    monkeypatch.setenv("VISUAL", "/no/such/editor")  # opening it would be a different error
    refused(advocate("note", *(arg.format(ref=case) for arg in args)), sentence)


def test_an_editor_that_cannot_start(advocate: Advocate, case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VISUAL", "/no/such/editor")
    refused(advocate("note", case), "Cannot start the editor '/no/such/editor': set $EDITOR, or give the note as TEXT.")


# -- unknown kinds and choices -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "word", "what", "vocabulary"),
    [
        (("note", "{ref}", "Hi", "--kind", "fax"), "fax", "note kind", NoteKind),
        (
            ("incident", "{ref}", "Hit", "--when", "today 09:00", "--kind", "calls", "--kind", "punching"),
            "punching",
            "behaviour kind",
            Behaviour,
        ),
        (
            ("court", "add", "{ref}", "--when", "3 Dec 10:00", "--court", "C", "--kind", "tribunal"),
            "tribunal",
            "hearing kind",
            HearingKind,
        ),
        (("order", "add", "{ref}", "--kind", "asbo"), "asbo", "order kind", OrderKind),
        (("order", "add", "{ref}", "--kind", "spo", "--status", "pending"), "pending", "order status", OrderStatus),
        (("plan", "{ref}", "--add", "garden", "Fence"), "garden", "plan category", PlanCategory),
        (("case", "close", "{ref}", "--reason", "bored"), "bored", "closure reason", ClosureReason),
        (("case", "new", "Sam", "--relationship", "enemy"), "enemy", "relationship to the client", Relationship),
        (("case", "new", "Sam", "--source", "psychic"), "psychic", "referral source", ReferralSource),
        (("case", "new", "Sam", "--risk", "extreme"), "extreme", "risk level", RiskLevel),
    ],
    ids=lambda value: value if isinstance(value, str) and " " not in value else None,
)
def test_unknown_kinds_list_the_choices(
    advocate: Advocate, case: str, command: tuple[str, ...], word: str, what: str, vocabulary: type[Vocabulary]
) -> None:
    refused(
        advocate(*(part.format(ref=case) for part in command)),
        f"'{word}' is not a known {what}: use one of {', '.join(vocabulary.values())}.",
    )
    assert [row["reference"] for row in shown_all(advocate)] == [case]


def test_an_area_must_be_one_of_the_service_s(advocate: Advocate, case: str) -> None:
    refused(
        advocate("case", "new", "Sam", "--area", "Mars"),
        "'Mars' is not one of this service's areas: use one of City, County.",
    )
    assert [row["reference"] for row in shown_all(advocate)] == [case]


def shown_all(advocate: Advocate) -> list[dict]:
    return json.loads(advocate("case", "list", "--all", "--json").stdout)


# -- other refusals ----------------------------------------------------------------------------------


def test_plan_items_must_exist_on_that_case(advocate: Advocate, case: str) -> None:
    other = new_case(advocate, "Sam Sample")
    foreign = shown(advocate, other)["safety_plan"][0]["id"]
    refused(
        advocate("plan", case, "--done", str(foreign)),
        f"STK-2026-0001 has no plan item {foreign}: see `advocate plan STK-2026-0001` for the numbers.",
    )
    refused(
        advocate("plan", case, "--done", "999999"),
        "STK-2026-0001 has no plan item 999999: see `advocate plan STK-2026-0001` for the numbers.",
    )
    assert shown(advocate, other)["safety_plan"][0]["status"] == "to-do"


def test_plan_done_and_add_together(advocate: Advocate, case: str) -> None:
    item = shown(advocate, case)["safety_plan"][0]["id"]
    refused(
        advocate("plan", case, "--done", str(item), "--add", "housing", "Refuge"),
        "Use --done or --add, not both at once.",
    )


def test_closing_a_closed_case(advocate: Advocate) -> None:
    reference = new_case(advocate, "Jo Example")
    advocate("case", "close", reference, "--reason", "support-complete")
    refused(
        advocate("case", "close", reference, "--reason", "moved-away"),
        "STK-2026-0001 is already closed (since 23 Nov 2026).",
    )
    assert shown(advocate, reference)["closure_reason"] == "support-complete"


def test_demo_goes_only_into_an_empty_database(advocate: Advocate, case: str) -> None:
    refused(
        advocate("demo", "--cases", "3"),
        "The database already holds 1 cases; demo data goes only into an empty database, so real and fictional "
        "cases never mix: use --db demo.db.",
    )
    assert len(shown_all(advocate)) == 1


@pytest.mark.parametrize(
    ("command", "sentence"),
    [
        (("demo", "--cases", "0"), "--cases must be a whole number from 1 to 100000."),
        (("demo", "--cases", "99999999999999999999"), "--cases must be a whole number from 1 to 100000."),
        (("court", "list", "--days", "-1"), "--days must be a whole number from 0 to 3650."),
        (("court", "list", "--days", "99999999999999999999"), "--days must be a whole number from 0 to 3650."),
        (("audit", "show", "--limit", "0"), "--limit must be a whole number from 1 to 1000000."),
        (("audit", "show", "--limit", str(2**63)), "--limit must be a whole number from 1 to 1000000."),
        (("plan", "{ref}", "--done", str(2**63)), "--done must be a whole number from 1 to 2147483647."),
    ],
    ids=lambda value: " ".join(value[:3]) if isinstance(value, tuple) else None,
)
def test_numbers_beyond_their_range(advocate: Advocate, case: str, command: tuple[str, ...], sentence: str) -> None:
    """Not an overflow deep in a date or the database: a sentence naming the range."""
    refused(advocate(*(part.format(ref=case) for part in command)), sentence)


# -- text that is not UTF-8, and text that would break the error's one line ---------------------------

NOT_UTF8 = "{what} is not UTF-8 text (byte 0xe9): save or type it as UTF-8 and try again."


def test_an_argument_that_is_not_utf8(advocate: Advocate, case: str) -> None:
    """As Python passes on bytes of argv that are not UTF-8 (surrogateescape), e.g. ``$'caf\\xe9'``."""
    refused(
        advocate("note", case, "caf\udce9"),
        "An argument is not UTF-8 text (caf\\xe9): type it again, or set the terminal to UTF-8.",
    )


def test_standard_input_that_is_not_utf8(advocate: Advocate, case: str) -> None:
    refused(advocate("note", case, "-", input=b"caf\xe9"), NOT_UTF8.format(what="The standard input"))


def test_an_answer_that_is_not_utf8(advocate: Advocate) -> None:
    closed = new_case(advocate, "Jo Example")
    advocate("case", "close", closed, "--reason", "other")
    refused_after_asking(advocate("erase", closed, input=b"caf\xe9\n"), NOT_UTF8.format(what="The standard input"))
    assert shown(advocate, closed)["status"] == "closed"


def test_an_editor_that_saves_other_than_utf8(
    advocate: Advocate, case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = tmp_path / "latin1_editor.py"
    editor.write_text("import sys\nopen(sys.argv[1], 'ab').write(b'caf\\xe9')\n")
    monkeypatch.setenv("VISUAL", f"{sys.executable} {editor}")
    refused(advocate("note", case), NOT_UTF8.format(what="The note written in the editor"))


def test_the_end_of_the_input_at_a_question(advocate: Advocate, case: str) -> None:
    refused_after_asking(
        advocate("risk", case, input=""),
        "The input ended before every question was answered, so nothing more was written.",
    )


@pytest.mark.parametrize(("given", "shown"), [("a\rb", "a\\rb"), ("a\x85b", "a\\x85b"), ("a\u2028b", "a\\u2028b")])
def test_control_characters_are_shown_escaped_in_the_one_line(
    advocate: Advocate, case: str, given: str, shown: str
) -> None:
    refused(
        advocate("note", case, "Hi", "--kind", given),
        f"'{shown}' is not a known note kind: use one of {', '.join(NoteKind.values())}.",
    )


# -- paths the system refuses ----------------------------------------------------------------------


def test_a_template_name_too_long_for_a_file_name(advocate: Advocate, case: str) -> None:
    refused(
        advocate("letter", case, "x" * 300),
        f"There is no template called '{'x' * 300}'. See `advocate templates list`.",
    )


def test_a_path_the_system_refuses(advocate: Advocate, case: str) -> None:
    refused(
        advocate("export", case, "--out", "/proc/advocate-export"),
        "Cannot make the folder /proc/advocate-export (No such file or directory): choose another place.",
    )


@pytest.mark.parametrize(
    "args", [("court", "list", "--days", "soon"), ("plan", "STK-2026-0001", "--done", "first"), ("case", "fly")]
)
def test_usage_mistakes_exit_2_without_a_traceback(sqlite_advocate: Advocate, args: tuple[str, ...]) -> None:
    result = sqlite_advocate(*args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert result.stderr.strip().splitlines()[-1].startswith("Error: ")


# -- databases that cannot be used ---------------------------------------------------------------


def _on(target: Path | str) -> Advocate:
    return _advocate_on(str(target))


def files_in(folder: Path) -> dict[str, bytes]:
    return {item.name: item.read_bytes() for item in folder.iterdir() if item.is_file()}


@pytest.mark.parametrize(
    ("make", "sentence"),
    [
        (
            lambda p: p.write_text("Shopping list\n"),
            "{p} is not an advocate database (it is not a SQLite file): check the --db path.",
        ),
        (
            lambda p: p.write_bytes(b"SQLite format 3\x00" + b"\x01" * 84),
            "{p} is not a readable advocate database (damaged or not SQLite): restore it from a backup.",
        ),
        (
            lambda p: sqlite3.connect(p).executescript(
                "CREATE TABLE recipes (name TEXT); CREATE TABLE ingredients (name TEXT);"
            ),
            "{p} holds other tables (ingredients, recipes…) and is not an advocate database: choose another file.",
        ),
    ],
    ids=["text-file", "damaged", "other-sqlite"],
)
def test_a_file_that_is_not_our_database_is_refused_untouched(tmp_path: Path, make, sentence: str) -> None:
    folder = tmp_path / "files"
    folder.mkdir()
    path = folder / "cases.db"
    make(path)
    before = files_in(folder)
    refused(_on(path)("note", "STK-2026-0001", "Called"), sentence.format(p=path))
    assert files_in(folder) == before


def test_a_folder_is_not_a_database(tmp_path: Path) -> None:
    refused(_on(tmp_path)("case", "list"), f"{tmp_path} is a folder, not a database file: give the path of a file.")


def test_a_database_from_a_newer_version_is_refused(sqlite_advocate: Advocate, sqlite_url: str) -> None:
    reference = new_case(sqlite_advocate, "Jo Example")
    path = Path(sqlite_url.removeprefix("sqlite:///"))
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    before = files_in(path.parent)
    refused(
        sqlite_advocate("note", reference, "Called"),
        f"{path} was made by a newer version of advocate_tui (schema 9999): upgrade advocate_tui to open it.",
    )
    assert files_in(path.parent) == before


def test_a_locked_database_refuses_writes_and_keeps_reads(
    sqlite_advocate: Advocate, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    reference = new_case(sqlite_advocate, "Jo Example")
    monkeypatch.setattr(cli_common, "CLI_BUSY_TIMEOUT_MS", 1000)  # the real wait is 30 s
    holder = same_library(sqlite_url.removeprefix("sqlite:///"), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        path = sqlite_url.removeprefix("sqlite:///")
        refused(
            sqlite_advocate("note", reference, "Called"),
            f"The database {path} is busy (locked by another program) and stayed so for 1 s: try again in a moment.",
        )
        assert sqlite_advocate("case", "list").exit_code == 0
    finally:
        holder.close()
    assert shown(sqlite_advocate, reference)["notes"] == []


def test_a_command_waits_longer_than_the_application_before_giving_up(
    sqlite_advocate: Advocate, sqlite_url: str
) -> None:
    """A note typed at the shell waits out a lock held longer than the application's 5 s (issue 15)."""
    reference = new_case(sqlite_advocate, "Jo Example")
    holder = same_library(sqlite_url.removeprefix("sqlite:///"), isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(db_module.BUSY_TIMEOUT_MS / 1000 + 1.5, holder.rollback)
    release.start()
    try:
        result = sqlite_advocate("note", reference, "Typed while a long save held the database")
    finally:
        release.join()
        holder.close()
    assert result.exit_code == 0, result.stderr
    assert shown(sqlite_advocate, reference)["notes"][0]["text"] == "Typed while a long save held the database"


def test_a_writer_waits_for_a_short_lock(sqlite_advocate: Advocate, sqlite_url: str) -> None:
    reference = new_case(sqlite_advocate, "Jo Example")
    holder = same_library(sqlite_url.removeprefix("sqlite:///"), isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.5, holder.rollback)
    release.start()
    try:
        result = sqlite_advocate("note", reference, "Called while the application was saving")
    finally:
        release.join()
        holder.close()
    assert result.exit_code == 0, result.stderr
    assert shown(sqlite_advocate, reference)["notes"][0]["text"] == "Called while the application was saving"


def test_an_unreachable_server_is_one_sentence_without_the_password() -> None:
    url = "postgresql+psycopg://advocate:s3cret-word@127.0.0.1:9/advocacy"
    refused(
        _on(url)("case", "list"),
        "Cannot connect to the database server postgresql+psycopg://advocate:***@127.0.0.1:9/advocacy: "
        "check that it is running and the address is right.",
    )


def test_an_unknown_kind_of_database_address() -> None:
    refused(
        _on("mongodb://localhost/cases")("case", "list"),
        "Cannot use the database address mongodb://localhost/cases: Can't load plugin: sqlalchemy.dialects:mongodb.",
    )


def test_a_database_from_a_newer_version_is_refused_before_anything_changes(
    sqlite_advocate: Advocate, sqlite_url: str
) -> None:
    """Not even its journal mode: the refusal comes before the file is switched to WAL."""
    reference = new_case(sqlite_advocate, "Jo Example")
    path = Path(sqlite_url.removeprefix("sqlite:///"))
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode = DELETE")  # as a newer program might leave it
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.commit()
    connection.close()
    before = path.read_bytes()
    result = sqlite_advocate("note", reference, "Called")
    assert result.exit_code == 1
    assert path.read_bytes() == before
    with closing(sqlite3.connect(path)) as check:
        assert check.execute("PRAGMA journal_mode").fetchone() == ("delete",)
