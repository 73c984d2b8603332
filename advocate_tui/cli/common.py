"""What every command module shares: the REF argument, opening the casework, reading what the person gives
(arguments, standard input, answers at a prompt, numbers), and the one error handler."""

import gc
import json
import os
import sys
import unicodedata
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, NoReturn, Optional

import typer
from typer.core import TyperGroup

from advocate_tui.rules.dates import parse_when, uk_date
from advocate_tui.rules.errors import AdvocateError, InvalidInputError
from advocate_tui.rules.report_files import FORMATS, named_format

if TYPE_CHECKING:
    from advocate_tui.db import Database
    from advocate_tui.services.casework import Casework
    from advocate_tui.services.reports import Report

EXIT_ERROR = 1
#: A reader of the output that went away (``advocate case list | head``), as a shell reports SIGPIPE.
EXIT_BROKEN_PIPE = 141

#: What the command line adds to a service's sentence, by the error's ``topic``: the services speak of
#: the casework only, and the command to run or the option to change is this face's to say.
HINTS = {
    "referral-consent": 'Add --without-consent "BASIS: reason", or record consent (`advocate case edit REF --set client.consent_refer=yes`).',
    "unknown-case": "See `advocate case list --all`.",
    "unknown-template": "See `advocate templates list`.",
    "case-fields": "See `advocate case edit --help` for the fields.",
}
#: Sentences the command line says in its own words, by topic: a number given as an option.
REWORDED = {
    "incident-numbers": "{reference} has no incident {number}: see `advocate case show {reference}` for the numbers.",
    "case-changed": "{reference} was changed by someone else since it was read, so nothing was saved: "
    "run `advocate case edit {reference}` again.",
    "plan-item-numbers": "{reference} has no plan item {item}: see `advocate plan {reference}` for the numbers.",
    "template-check": "The template {name} cannot be used ({problem}): run `advocate templates check {target}`.",
    "format-mismatch": "--out ends in .{suffix} but --format is {format}: make them agree.",
    "missing-out-folder": "The folder {folder} does not exist: create it or choose another --out.",
    "file-exists": "{path} exists: choose another name or add --force.",
    "not-a-return": "{name} is not a statistics return (a JSON file made by `advocate statistics export`).",
    "not-a-database": "{path} is not an advocate database (it is not a SQLite file): check the --db path.",
    "encrypted-file": "{path} is encrypted: open it with its passphrase (`advocate --db {path} …` asks for it).",
    "risk-reason": "A risk level set by hand needs the reason for your professional judgement: give it with "
    "--reason (with `case edit`, --set risk_reason=…), or answer a risk checklist, which sets the level itself.",
    "plain-file": "{path} is not encrypted: open it without a passphrase, or encrypt it with `advocate db encrypt`.",
}

#: A command's case reference argument.
Reference = Annotated[str, typer.Argument(metavar="REF", help="Case reference, e.g. STK-2026-0003.")]
#: Leave to replace the file a command is told to write (never a folder, device or pipe).
Force = Annotated[bool, typer.Option("--force", help="Replace the file if it exists (never a folder, device or pipe).")]
ReportFormat = Annotated[
    Optional[str], typer.Option("--format", help="md, csv or html; without it, the ending of --out, else md.")
]


def sentence(error: AdvocateError) -> str:
    """The error's sentence, with this face's hint for its topic (or in its own words)."""
    return error.worded(HINTS, REWORDED)


#: Characters that would break a message's one line on a terminal (or move its cursor): shown escaped.
LINE_BREAKING = {"Cc", "Zl", "Zp", "Cs"}


def escaped_byte(char: str) -> int | None:
    """The byte that Python kept as ``char`` because it was not UTF-8 (``surrogateescape``), if it is one."""
    return ord(char) - 0xDC00 if 0xDC80 <= ord(char) <= 0xDCFF else None


def one_line(text: str) -> str:
    """``text`` with control characters, line separators and bytes that were not UTF-8 shown escaped
    (``\\r``, ``\\x85``, ``\\xff``)."""
    return "".join(
        (f"\\x{byte:02x}" if (byte := escaped_byte(char)) is not None else ascii(char)[1:-1])
        if unicodedata.category(char) in LINE_BREAKING
        else char
        for char in text
    )


def fail(message: str, code: int = EXIT_ERROR) -> NoReturn:
    typer.echo(f"Error: {one_line(message)}", err=True)
    raise typer.Exit(code)


def warn(message: str) -> None:
    typer.echo(f"Warning: {one_line(message)}", err=True)


#: Where ``ctx.obj`` keeps the path of a database this command made (see :func:`open_database`).
NEW_DATABASE = "new_database"


class FriendlyGroup(TyperGroup):
    """Turns every expected failure into one sentence on stderr and a non-zero exit."""

    # typer passes its own Context; the base class names the click Context typer vendors privately (typer._click)
    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        try:
            return self._invoke_leaving_nothing(ctx)
        except AdvocateError as exc:
            fail(sentence(exc))
        except typer.Abort:  # a prompt met the end of the input
            fail("The input ended before every question was answered, so nothing more was written.")
        except KeyboardInterrupt:
            fail("Interrupted; nothing more was written.", code=130)
        except BrokenPipeError:
            _drop_output()
            raise typer.Exit(EXIT_BROKEN_PIPE) from None
        except OSError as exc:  # the system refused a path given (too long, not a folder, read-only, full)
            where = f" {exc.filename}" if exc.filename is not None else " a file"
            fail(f"Cannot use{where} ({exc.strerror or exc}): check the path, or choose another.")

    def _invoke_leaving_nothing(self, ctx: typer.Context) -> Any:
        """The command; should it be refused after making a new database, the database goes again."""
        try:
            return super().invoke(ctx)
        except BaseException as exc:
            new = (ctx.obj or {}).get(NEW_DATABASE)
            if new is not None and not (isinstance(exc, typer.Exit) and exc.exit_code == 0):
                from advocate_tui.storage.backup import discard_new

                discard_new(new)
            raise


def _drop_output() -> None:
    """Send what is left of standard output nowhere, so that its flush at exit does not fail again (Python's
    advice for SIGPIPE); standard output that is not a file (a test's) is left as it is."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def key_values(
    given: list[str],
    malformed: Callable[[str], str],
    twice: Callable[[str], str],
    *,
    value_needed: bool = False,
    key: Callable[[str], Any] = str.lower,
) -> dict[Any, str]:
    """``NAME=VALUE`` options as a dict by ``key(name)``: one with no ``=`` or no name (or no value, when
    ``value_needed``) is refused with ``malformed(text)``, a name given twice with ``twice(name)``."""
    found: dict[Any, str] = {}
    for text in given:
        name, equals, value = text.partition("=")
        name = name.strip()
        if not (name and equals) or (value_needed and not value.strip()):
            raise InvalidInputError(malformed(text))
        if (where := key(name)) in found:
            raise InvalidInputError(twice(name))
        found[where] = value
    return found


def report_format(given: str | None, out: Path | None) -> str:
    """The form to write a report in: ``--format``, else the ending of ``--out``, else Markdown. A form that
    disagrees with the ending is refused: an .html file holding Markdown opens as a page of symbols."""
    named = named_format(out) if out is not None else None
    if given is None:
        return named or "md"
    form = given.strip().lower()
    if form not in FORMATS:
        raise InvalidInputError(f"'{given}' is not a report format: use md, csv or html.")
    if out is not None and named is not None and named != form:
        raise InvalidInputError(
            f"--format {form} does not match the name {out.name}: leave out --format, or name the file "
            f"{out.stem}.{form}."
        )
    return form


def put_report(
    report: "Report", form: str, suppress_below: int | None, out: Path | None, force: bool, what: str
) -> None:
    """The report on the screen, or written to ``out`` and said so: "``what`` for <period> written to …"."""
    from advocate_tui.output.report_formats import render, write_report

    if out is None:
        typer.echo(render(report, form, suppress_below), nl=False)
        return
    write_report(out, report, form, suppress_below, replace=force)
    exact = ", exact counts" if suppress_below is None else ""
    typer.echo(f"{what} for {uk_date(report.start)} to {uk_date(report.end)} written to {out} ({form}{exact}).")


# -- what the person gives: arguments, standard input, answers, numbers -----------------------------


def first_undecodable(text: str) -> int | None:
    """The first byte that was not UTF-8 in ``text`` (an argument, or input read in a C locale), if any."""
    return next((byte for char in text if (byte := escaped_byte(char)) is not None), None)


def refuse_undecodable_arguments(arguments: list[str]) -> None:
    """Arguments that are not UTF-8 (``$'\\xff\\xfe'``) are refused before anything runs."""
    for argument in arguments:
        if first_undecodable(argument) is not None:
            fail(f"An argument is not UTF-8 text ({one_line(argument)}): type it again, or set the terminal to UTF-8.")


def not_utf8(what: str, byte: int) -> InvalidInputError:
    return InvalidInputError(f"{what} is not UTF-8 text (byte {byte:#04x}): save or type it as UTF-8 and try again.")


def decoded(raw: bytes, what: str) -> str:
    """Bytes the person gave (``what`` names them), as text; a byte that is not UTF-8 is refused."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise not_utf8(what, raw[exc.start]) from None


STANDARD_INPUT = "The standard input"


def read_input() -> str:
    """All of standard input (``advocate note REF -``), as UTF-8 text."""
    return decoded(sys.stdin.buffer.read(), STANDARD_INPUT)


def ask(prompt: str, *, hide_input: bool = False, **options: Any) -> str:
    """An answer typed at a prompt (with ``typer.prompt``'s options), as UTF-8 text. A hidden answer is read at
    the terminal; with none (a script, a service), it is the next line of standard input, as Python's ``getpass``
    would read it but without its two warnings that it may be echoed (there is nothing to echo it to)."""
    try:
        if hide_input and not has_terminal():
            answer = _line_of_input(prompt)
        else:
            answer = typer.prompt(prompt, hide_input=hide_input, **options)
    except UnicodeDecodeError as exc:  # a UTF-8 locale: the standard input's decoder refused the bytes
        raise not_utf8(STANDARD_INPUT, exc.object[exc.start]) from None
    byte = first_undecodable(answer)  # a C locale: the bytes came through as surrogates
    if byte is not None:
        raise not_utf8(STANDARD_INPUT, byte)
    return answer


def has_terminal() -> bool:
    """Whether the process has a terminal to ask at (``getpass`` asks there even when standard input is a pipe)."""
    import os

    if sys.platform == "win32":  # getpass reads the console itself
        return True
    try:
        os.close(os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY))
    except OSError:
        return False
    return True


def _line_of_input(prompt: str) -> str:
    typer.echo(f"{prompt}: ", err=True, nl=False)
    line = sys.stdin.buffer.readline()
    typer.echo(err=True)
    if not line:
        raise typer.Abort()
    return decoded(line.rstrip(b"\r\n"), STANDARD_INPUT)


def whole_number(option: str, low: int, high: int) -> Callable[[str], int]:
    """A parser for an integer option (``typer.Option(parser=…)``) that keeps it within ``low``–``high``: a
    number beyond what a date or the database can hold is refused in one sentence, not met as an overflow."""

    def parse(text: str) -> int:
        try:
            number = int(text)
        except ValueError:  # not a number at all: a usage mistake, as for any typed option
            raise typer.BadParameter(f"'{text}' is not a whole number.") from None
        if not low <= number <= high:
            raise InvalidInputError(f"{option} must be a whole number from {low} to {high}.")
        return number

    return parse


def sub_app(help_text: str, **kwargs: Any) -> typer.Typer:
    """A group of commands (``advocate case …``) or, without a name, top-level commands of one module."""
    return typer.Typer(
        help=help_text,
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        add_completion=False,
        **kwargs,
    )


def choices(vocabulary: Any) -> str:
    """A vocabulary's values, for a help text."""
    return ", ".join(vocabulary.values())


def upper(reference: str) -> str:
    """A reference as the person meant it, for messages."""
    return reference.strip().upper()


def ask_passphrase(prompt: str) -> str:
    """Ask at the terminal without echoing (never on the command line, where other users could see it)."""
    try:
        return ask(prompt, hide_input=True, err=True)
    except typer.Abort:
        raise InvalidInputError("No passphrase was given, so the database was not opened.") from None


#: How long a command waits for the application (or another command) to finish writing: a person typed
#: this note, so it waits longer than the application's own 5 s before saying the database is busy.
CLI_BUSY_TIMEOUT_MS = 30_000


def open_database(
    ctx: typer.Context, *, migrate: bool = True, create: bool = False, head_notice: bool = True
) -> "Database":
    """The database, opened. Only commands that ``create`` make one where there is none (a mistyped --db
    would otherwise leave an empty database, and the advocate's notes in it, where no one looks). A chain
    of the audit trail that is not the one its head vouches for is a warning (``head_notice``), not a refusal."""
    from advocate_tui.storage.crypto import FileState, file_state
    from advocate_tui.storage.passphrase import Unlocker

    started()
    unlocker = Unlocker(
        ctx.obj["db"],
        no_encrypt=ctx.obj["no_encrypt"],
        ask=ask_passphrase,
        busy_timeout_ms=CLI_BUSY_TIMEOUT_MS,
        check_head=head_notice,
    )
    path = unlocker.sqlite_path()
    if not create and path is not None and file_state(path) is FileState.MISSING:
        folder = "" if path.parent.exists() else " (nor its folder)"
        raise InvalidInputError(
            f"There is no database at {path}{folder}: check --db (or ADVOCATE_DB), "
            "or start one with `advocate case new` or `advocate demo`."
        )
    if path is not None and file_state(path) is FileState.MISSING:
        ctx.obj[NEW_DATABASE] = path  # removed again should the command be refused (see FriendlyGroup)
    database = unlocker.open(migrate=migrate)
    for notice in unlocker.notices:
        warn(notice)
    ctx.call_on_close(database.dispose)
    return database


def open_casework(ctx: typer.Context, *, create: bool = False, head_notice: bool = True) -> "Casework":
    """The casework over the database ``--db`` names (the service layer is imported only now); ``head_notice``
    off for the commands that report the audit head themselves."""
    from advocate_tui.services.casework import Casework

    return Casework(open_database(ctx, create=create, head_notice=head_notice))


def print_json(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


def parse_moment(text: str, prefer: Literal["past", "future"], what: str) -> tuple[datetime, bool]:
    """An everyday date and time, as the option named ``what`` gave it."""
    return parse_when(text, prefer=prefer, what=what)


#: The collector's thresholds once started: full collections (50-80 ms over a caseload, felt as a
#: stalled keystroke) a tenth as often as Python's default (700, 10, 10).
GC_THRESHOLDS = (700, 10, 100)


def started() -> None:
    """The command's imports are done (see :func:`advocate_tui.cli.main.main`): keep what they made out
    of every later collection, and collect again from here on."""
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
    gc.enable()
