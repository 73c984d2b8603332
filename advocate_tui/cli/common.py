"""What every command module shares: the REF argument, opening the casework, and the one error handler."""

import gc
import json
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any, Literal, NoReturn

import typer
from typer.core import TyperGroup

from advocate_tui.rules.dates import parse_when
from advocate_tui.rules.errors import AdvocateError, InvalidInputError

if TYPE_CHECKING:
    from advocate_tui.db import Database
    from advocate_tui.services.casework import Casework

EXIT_ERROR = 1

#: What the command line adds to a service's sentence, by the error's ``topic``: the services speak of
#: the casework only, and the command to run or the option to change is this face's to say.
HINTS = {
    "unknown-case": "See `advocate case list --all`.",
    "unknown-template": "See `advocate templates list`.",
}
#: Sentences the command line says in its own words, by topic: a number given as an option.
REWORDED = {
    "days": "--days must be 0 or more.",
    "demo-cases": "--cases must be at least 1.",
    "plan-item-numbers": "{reference} has no plan item {item}: see `advocate plan {reference}` for the numbers.",
    "template-check": "The template {name} cannot be used ({problem}): run `advocate templates check {target}`.",
    "format-mismatch": "--out ends in .{suffix} but --format is {format}: make them agree.",
    "missing-out-folder": "The folder {folder} does not exist: create it or choose another --out.",
    "file-exists": "{path} exists: choose another name or add --force.",
    "not-a-database": "{path} is not an advocate database (it is not a SQLite file): check the --db path.",
    "encrypted-file": "{path} is encrypted: open it with its passphrase (`advocate --db {path} …` asks for it).",
    "plain-file": "{path} is not encrypted: open it without a passphrase, or encrypt it with `advocate db encrypt`.",
}

#: A command's case reference argument.
Reference = Annotated[str, typer.Argument(metavar="REF", help="Case reference, e.g. STK-2026-0003.")]
#: Leave to replace the file a command is told to write (never a folder, device or pipe).
Force = Annotated[bool, typer.Option("--force", help="Replace the file if it exists (never a folder, device or pipe).")]


def sentence(error: AdvocateError) -> str:
    """The error's sentence, with this face's hint for its topic (or in its own words)."""
    return error.worded(HINTS, REWORDED)


def fail(message: str, code: int = EXIT_ERROR) -> NoReturn:
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(code)


class FriendlyGroup(TyperGroup):
    """Turns every expected failure into one sentence on stderr and a non-zero exit."""

    # typer passes its own Context; the base class names the click Context typer vendors privately (typer._click)
    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except AdvocateError as exc:
            fail(sentence(exc))
        except KeyboardInterrupt:
            fail("Interrupted; nothing more was written.", code=130)


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
        return typer.prompt(prompt, hide_input=True, err=True)
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
    database = unlocker.open(migrate=migrate)
    for notice in unlocker.notices:
        typer.echo(f"Warning: {notice}", err=True)
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
