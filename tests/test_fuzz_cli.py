"""Hostile input, generated: every command of the CLI's command index, fed arbitrary arguments and standard
input, answers with output or one sentence, never a traceback, a Python warning, a hang or a changed database.

In-process (CliRunner) for the bulk; a few subprocesses for what only a real process has: argv bytes, stdin
bytes and no terminal for the passphrase prompt. Every path the generator makes is relative to a temporary
working folder, except the fixed read-only probes under /proc and /dev/full/, which nothing can write.
ADVOCATE_FUZZ_EXAMPLES raises the number of examples per command (see README, Tests).
"""

import importlib
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import warnings
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import keyring
import pytest
import typer
import typer.main
from conftest import FIXED_NOW
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from keyring_backend import MemoryKeyring
from typer.testing import CliRunner, Result

from advocate_tui.cli.main import app
from advocate_tui.rules import clock

EXAMPLES = int(os.environ.get("ADVOCATE_FUZZ_EXAMPLES", "8"))
FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=timedelta(seconds=10),  # a command that takes longer counts as a hang
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SEED_CASES = 6
REFERENCES = [f"STK-2026-{n:04d}" for n in range(1, SEED_CASES + 1)]
#: Paths outside the working folder that no one can write to, even as root: they must be refused.
PROBES = ["/proc/advocate-fuzz", "/proc/advocate-fuzz/x.db", "/proc/version", "/dev/full/x", "/dev/full/x.db"]
#: --db values that are not an ordinary file name.
ODD_DATABASES = [
    "file:x?mode=ro",
    "a?b.db",
    "e%41f.db",
    "sqlite://",
    "sqlite:///relative.db",
    ":memory:",
    "",
    ".",
    "n" * 300 + ".db",
    "postgresql+psycopg://nobody:secret@127.0.0.1:9/none",
    "mongodb://localhost/cases",
    *PROBES,
]
TEMPLATES = ["spo-request", "court-date-letter", "_letter", "safety-plan-summary"]
DATES = ["today", "today 09:00", "yesterday 21:30", "3 Dec 10:00", "2026-11-20", "31 Feb 2026", "9999-12-31", "0"]


# -- the commands, from the CLI's own index -------------------------------------------------------


@dataclass(frozen=True)
class Leaf:
    """A command that runs (not a group), by the words that name it, with its parameters."""

    path: tuple[str, ...]
    params: tuple[Any, ...]  # typer's parameters

    def __str__(self) -> str:
        return " ".join(self.path)


def leaf_commands() -> list[Leaf]:
    root = typer.main.get_command(app)
    context = typer.Context(root)

    def walk(command, path: tuple[str, ...]) -> Iterator[Leaf]:
        if hasattr(command, "list_commands"):
            for name in command.list_commands(context):
                yield from walk(command.get_command(context, name), (*path, name))
        else:
            yield Leaf(path, tuple(command.params))

    return list(walk(root, ()))


# -- values ---------------------------------------------------------------------------------------

#: Text as a shell may pass it: any character but NUL (argv cannot hold one) and lone surrogates except
#: those Python makes of bytes that are not UTF-8 (``surrogateescape``, as in ``$'\xff\xfe'``).
plain_text = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=30)
undecodable = st.binary(min_size=1, max_size=12).map(
    lambda raw: raw.replace(b"\x00", b"").decode("utf-8", "surrogateescape")
)
texts = st.one_of(
    plain_text,
    undecodable,
    st.sampled_from(["-", "", " ", "\n", "x" * 300, "é" * 200, "%s", "{0}", "$HOME", "--help"]),
)
#: A name for a new file or folder, relative to the working folder: it cannot leave it.
relative_names = st.one_of(
    st.text("abcdefghij0123456789._- ", min_size=1, max_size=16).filter(lambda name: name.strip(". ") != ""),
    st.sampled_from(["n" * 300, "d/" * 2100 + "x", "out.ics", "out.md", "letter.docx", "folder/", "caf\udce9.md"]),
)
paths = st.one_of(relative_names, st.sampled_from(PROBES))
numbers = st.one_of(
    st.integers(-3, 20),
    st.sampled_from([2**31 - 1, 2**31, 2**63 - 1, 2**63, -(2**63) - 1, 10**20, 10**100]),
    st.integers(),
).map(str)
references = st.one_of(st.sampled_from(REFERENCES), st.sampled_from(REFERENCES).map(str.lower), texts)


def values_for(param) -> st.SearchStrategy[str]:
    annotation = param.type_descriptor.annotation
    if annotation is int:
        return st.one_of(numbers, texts)
    if isinstance(annotation, type) and issubclass(annotation, Path) or param.name == "files":
        return paths
    if param.metavar == "REF" or param.name == "confirm":
        return references
    if param.name == "template":
        return st.one_of(st.sampled_from(TEMPLATES), texts, paths)
    if param.name in {"when", "granted", "expires", "on", "start", "end", "dob"}:
        return st.one_of(st.sampled_from(DATES), texts)
    return texts


@st.composite
def invocations(draw, leaf: Leaf) -> list[str]:
    """``leaf``'s words then, for each of its parameters, maybe a value (a required one nearly always)."""
    arguments: list[str] = []
    options: list[str] = []
    for param in leaf.params:
        if not draw(st.booleans() if not param.required else st.integers(0, 9).map(bool)):
            continue
        if param.param_type_name == "argument":
            arguments.append(draw(values_for(param)))
        elif param.is_flag:
            options.append(draw(st.sampled_from([*param.opts, *param.secondary_opts])))
        else:
            for _ in range(draw(st.integers(1, 2)) if param.multiple else 1):
                options += [param.opts[0], *(draw(values_for(param)) for _ in range(param.nargs))]
    return [*leaf.path, *arguments, *options]


standard_input = st.one_of(
    st.none(),
    st.binary(max_size=40),
    st.sampled_from([b"caf\xe9\n", b"\xff\xfe\n", b"y\n" * 30, b"Jo Example\n", b"STK-2026-0001\n"]),
)


# -- the seed database and the working folder ----------------------------------------------------


def dump(path: Path) -> list[str]:
    """Every table and row of a SQLite file as SQL text, but the audit trail's record that a case was viewed
    (a command refused after reading a case, e.g. a letter whose template needs more, has still read it)."""
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
        return [line for line in connection.iterdump() if not re.match(r"INSERT INTO \"audit_entry\".*'view'", line)]


@pytest.fixture(scope="session")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo database, made once per session and checkpointed into one file."""
    folder = tmp_path_factory.mktemp("fuzz-seed")
    path = folder / "seed.db"
    with pytest.MonkeyPatch.context() as patch:
        for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_DOCUMENTS_DIR"):
            patch.setenv(variable, str(folder / variable.lower()))
        patch.setenv("ADVOCATE_NO_ENCRYPT", "1")
        clock.fix(FIXED_NOW)
        try:
            made = CliRunner().invoke(app, ["--db", str(path), "demo", "--cases", str(SEED_CASES)])
        finally:
            clock.fix(None)
    assert made.exit_code == 0, made.output
    importlib.import_module("advocate_tui.output.letters.documents")  # the first import is no hang: made here
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@dataclass
class Workplace:
    """The working folder (the commands' current directory) and its copy of the seed database."""

    folder: Path
    database: Path
    seed: Path
    seed_rows: list[str]

    def reset(self) -> None:
        for leftover in (self.database.with_name(self.database.name + suffix) for suffix in ("-wal", "-shm")):
            leftover.unlink(missing_ok=True)
        shutil.copyfile(self.seed, self.database)


@pytest.fixture
def workplace(seed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Workplace]:
    folder = tmp_path / "work"
    folder.mkdir()
    monkeypatch.chdir(folder)
    editor = tmp_path / "editor.py"  # writes text that is not UTF-8 into the note's draft
    editor.write_text("import sys\nopen(sys.argv[1], 'ab').write(b'caf\\xe9')\n")
    monkeypatch.setenv("VISUAL", f"{sys.executable} {editor}")
    before = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    place = Workplace(folder, folder / "advocate.db", seed, dump(seed))
    place.reset()
    yield place
    keyring.set_keyring(before)


# -- what every answer must look like ------------------------------------------------------------

USAGE_LINES = re.compile(r"(Usage: .*|Try '.*' for help\.|)")


def check_answer(result: Result, caught: list[warnings.WarningMessage], argv: list[str]) -> None:
    """No traceback, no Python warning; a refusal is one ``Error:`` line, last on stderr, with a non-zero exit."""
    shown = f"advocate {argv!r}\nexit {result.exit_code}\nstdout: {result.stdout[-2000:]}\nstderr: {result.stderr}"
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{shown}\nraised {result.exception!r}") from result.exception
    assert "Traceback" not in result.output, shown
    assert not caught, f"{shown}\nwarned: {[str(w.message) for w in caught]}"
    lines = result.stderr.rstrip("\n").split("\n")
    errors = [line for line in lines if "Error: " in line]  # after a prompt's text, if one was left unanswered
    if result.exit_code == 0:
        assert not errors, shown
        return
    assert len(errors) == 1 and lines[-1] == errors[0] and len(errors[0].splitlines()) == 1, shown
    if result.exit_code == 2:  # a usage mistake: the usage line and where help is, then the error
        assert all(USAGE_LINES.fullmatch(line) for line in lines[:-1]), shown


def run(place: Workplace, argv: list[str], stdin: bytes | None) -> Result:
    place.reset()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = CliRunner().invoke(app, argv, input=stdin, prog_name="advocate")
    check_answer(result, caught, argv)
    if result.exit_code != 0 and place.database.exists():
        assert dump(place.database) == place.seed_rows, f"advocate {argv!r} was refused but changed the database"
    return result


@pytest.mark.parametrize("leaf", leaf_commands(), ids=str)
def test_every_command_answers_hostile_input_in_one_sentence(workplace: Workplace, leaf: Leaf) -> None:
    @FUZZ
    @given(
        database=st.one_of(st.just(str(workplace.database)), st.just("advocate.db"), st.sampled_from(ODD_DATABASES)),
        argv=invocations(leaf),
        stdin=standard_input,
    )
    def answers(database: str, argv: list[str], stdin: bytes | None) -> None:
        run(workplace, ["--db", database, *argv], stdin)

    answers()


def test_the_fuzzer_reaches_every_command_in_the_index() -> None:
    from advocate_tui.cli.main import COMMANDS

    assert {leaf.path[0] for leaf in leaf_commands()} == set(COMMANDS)


# -- real processes: argv and stdin bytes, no terminal ---------------------------------------------


def advocate_process(
    folder: Path, *argv: bytes | str, stdin: bytes = b"", stdout: int = subprocess.PIPE, **env: str
) -> subprocess.CompletedProcess:
    """``advocate ARGV…`` as its own process, with no terminal (a new session), in ``folder``; its output
    captured, or written to the file descriptor ``stdout``."""
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith("ADVOCATE_") and key != "VISUAL"
    }
    environment.update(
        XDG_CONFIG_HOME=str(folder / "config"),
        XDG_DATA_HOME=str(folder / "data"),
        XDG_DOCUMENTS_DIR=str(folder / "documents"),
        PYTHONWARNINGS="default",
        **env,
    )
    return subprocess.run(
        [sys.executable, "-m", "advocate_tui", *argv],
        input=stdin,
        stdout=stdout,
        stderr=subprocess.PIPE,
        cwd=folder,
        env=environment,
        timeout=60,
        start_new_session=True,
    )


def one_sentence(done: subprocess.CompletedProcess, sentence: str) -> None:
    assert (done.returncode, done.stderr.decode(), done.stdout) == (1, f"Error: {sentence}\n", b"")


@pytest.fixture
def plain_copy(seed: Path, tmp_path: Path) -> Path:
    shutil.copyfile(seed, tmp_path / "advocate.db")
    return tmp_path / "advocate.db"


def test_a_reader_that_goes_away_ends_the_command_quietly(plain_copy: Path) -> None:
    """``advocate case list | head -1``: the rest goes unread, and the command ends as a shell's command does
    on SIGPIPE (141), with no message about a file it could not use."""
    read, write = os.pipe()
    os.close(read)
    try:
        done = advocate_process(plain_copy.parent, "--db", "advocate.db", "case", "list", stdout=write)
    finally:
        os.close(write)
    assert done.returncode == 141
    assert [line for line in done.stderr.splitlines() if not line.startswith(b"Warning: No audit head")] == []


NOT_UTF8_ARGUMENT = "An argument is not UTF-8 text ({shown}): type it again, or set the terminal to UTF-8."
NOT_UTF8_INPUT = "The standard input is not UTF-8 text (byte {byte}): save or type it as UTF-8 and try again."


def test_argv_bytes_that_are_not_utf8(plain_copy: Path) -> None:
    before = dump(plain_copy)
    done = advocate_process(plain_copy.parent, "--db", "advocate.db", "note", "STK-2026-0001", b"\xff\xfe")
    one_sentence(done, NOT_UTF8_ARGUMENT.format(shown="\\xff\\xfe"))
    done = advocate_process(plain_copy.parent, "--db", "advocate.db", "note", b"caf\xe9", "hello")
    one_sentence(done, NOT_UTF8_ARGUMENT.format(shown="caf\\xe9"))
    assert dump(plain_copy) == before


def test_stdin_bytes_that_are_not_utf8(plain_copy: Path) -> None:
    before = dump(plain_copy)
    done = advocate_process(plain_copy.parent, "--db", "advocate.db", "note", "STK-2026-0001", "-", stdin=b"caf\xe9")
    one_sentence(done, NOT_UTF8_INPUT.format(byte="0xe9"))
    assert dump(plain_copy) == before


@pytest.fixture
def encrypted(tmp_path: Path) -> Path:
    """An encrypted database with one case, made with the passphrase in the environment."""
    folder = tmp_path / "encrypted"
    folder.mkdir()
    made = advocate_process(folder, "--db", "cases.db", "case", "new", "Jo Example", ADVOCATE_PASSPHRASE=PASSPHRASE)
    assert made.returncode == 0, made.stderr
    return folder / "cases.db"


PASSPHRASE = "correct horse battery staple"


@pytest.mark.parametrize(
    ("stdin", "sentence"),
    [
        (b"", "No passphrase was given, so the database was not opened."),
        (b"caf\xe9\n", NOT_UTF8_INPUT.format(byte="0xe9")),
    ],
    ids=["nothing", "not-utf8"],
)
def test_the_passphrase_prompt_without_a_terminal(encrypted: Path, stdin: bytes, sentence: str) -> None:
    done = advocate_process(encrypted.parent, "--db", "cases.db", "case", "list", stdin=stdin)
    assert done.returncode == 1
    assert done.stderr.decode().endswith(f"Error: {sentence}\n")
    assert "Warning" not in done.stderr.decode()


def test_the_passphrase_is_read_from_stdin_without_a_terminal(encrypted: Path) -> None:
    done = advocate_process(encrypted.parent, "--db", "cases.db", "case", "list", stdin=f"{PASSPHRASE}\n".encode())
    assert done.returncode == 0, done.stderr
    assert "STK-2026-0001" in done.stdout.decode()
    assert "Warning" not in done.stderr.decode()
