"""The ``advocate`` command's root: its options, and where each command lives.

Start-up time matters here (``advocate note REF "…"`` is typed many times a day), so a command's
module is imported only when that command runs (or help lists it): :data:`COMMANDS` names each
command's module, and no command module imports another. Textual, Jinja, Alembic and dateparser are
imported only inside the commands that need them; a test keeps it so.
"""

import gc
import importlib
from typing import Annotated, Any, Optional

import typer
import typer.main
from typer.core import TyperGroup

from advocate_tui.cli.common import FriendlyGroup, refuse_undecodable_arguments, started

#: Each command (or group of commands) and the module under ``advocate_tui.cli`` that defines it, in
#: the order help lists them. A module's ``app`` holds its commands and named groups.
COMMANDS = {
    "case": "cases",
    "note": "log",
    "incident": "log",
    "plan": "plan",
    "court": "court",
    "order": "court",
    "crime": "justice",
    "victims": "justice",
    "referral": "referrals",
    "evidence": "evidence",
    "risk": "risk",
    "alerts": "risk",
    "letter": "letters",
    "templates": "letters",
    "report": "reports",
    "statistics": "statistics",
    "sharing": "sharing",
    "consult": "consult",
    "export": "protect",
    "retention": "protect",
    "erase": "protect",
    "audit": "protect",
    "unlock": "database",
    "backup": "database",
    "restore": "database",
    "db": "database",
    "demo": "setup",
    "config": "setup",
}


class CommandIndex(FriendlyGroup):
    """The root group: commands are found in :data:`COMMANDS` and their modules imported on first use."""

    # The overrides name typer's Context, which typer passes; the base classes name the click Context typer
    # vendors privately (typer._click), hence the ignores.
    def list_commands(self, ctx: typer.Context) -> list[str]:  # type: ignore[override]
        return list(COMMANDS)

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:  # type: ignore[override]
        refuse_undecodable_arguments(args)  # the whole command line: this group's options and the command's
        return super().parse_args(ctx, args)

    def get_command(self, ctx: typer.Context, cmd_name: str) -> Any:  # type: ignore[override]
        module = COMMANDS.get(cmd_name)
        if module is None:
            return None
        made = typer.main.get_command(importlib.import_module(f"advocate_tui.cli.{module}").app)
        if isinstance(made, TyperGroup):  # the module's commands and groups
            return made.get_command(ctx, cmd_name)
        return made  # the module's one command


app = typer.Typer(
    cls=CommandIndex,
    help="Casework for independent stalking advocates. Run with no command to open the application.",
    invoke_without_command=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[
        Optional[str], typer.Option("--db", envvar="ADVOCATE_DB", help="Database file path or SQLAlchemy URL.")
    ] = None,
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
    no_encrypt: Annotated[
        bool,
        typer.Option(
            "--no-encrypt",
            help="Create a new database WITHOUT encryption: for fictional demo data only (ADVOCATE_NO_ENCRYPT=1 does the same, silently).",
        ),
    ] = False,
) -> None:
    if version:
        from advocate_tui import __version__

        typer.echo(f"advocate_tui {__version__}")
        raise typer.Exit()
    ctx.obj = {"db": db, "no_encrypt": no_encrypt}
    if ctx.invoked_subcommand is None:
        from advocate_tui.app import run

        started()
        run(db, no_encrypt)


def main() -> Any:
    """Console-script entry point. Start-up makes many lasting objects and no garbage, so the collector
    waits until the command's imports are done: collecting during them, and then again over all they
    made, took a fifth of ``advocate note``'s time (see bench/run.py)."""
    gc.disable()
    return app(prog_name="advocate")
