"""``advocate demo`` and ``advocate config``: trying the program, and where its files live."""

from typing import Annotated

import typer

from advocate_tui.cli.common import open_casework, sub_app, whole_number
from advocate_tui.rules.errors import InvalidInputError

app = sub_app("Setting up.")


@app.command("demo")
def demo(
    ctx: typer.Context,
    cases: Annotated[
        int, typer.Option(parser=whole_number("--cases", 1, 100_000), help="How many fictional cases to make.")
    ] = 12,
) -> None:
    """Fill an empty database with fictional cases to try the program on (a new one is created unencrypted)."""
    ctx.obj["no_encrypt"] = True
    casework = open_casework(ctx, create=True)
    existing = casework.cases.count_cases()
    if existing:
        raise InvalidInputError(
            f"The database already holds {existing} cases; demo data goes only into an empty database, "
            "so real and fictional cases never mix: use --db demo.db."
        )
    summary = casework.demo.load_demo(cases)
    typer.echo(f"Added {summary.cases} fictional cases ({summary.first_reference} to {summary.last_reference}).")


@app.command("config")
def config(ctx: typer.Context) -> None:
    """Show where the configuration, data and documents live, and the settings in force."""
    from advocate_tui.db import describe_target, resolve_target
    from advocate_tui.output.letters.formats import letterhead_lines
    from advocate_tui.storage.config import config_file, documents_dir, load_settings, user_templates_dir

    settings = load_settings()
    path = config_file()
    typer.echo(f"Config file: {path}{'' if path.exists() else ' (not created yet; defaults apply)'}")
    typer.echo(f"Database:    {describe_target(resolve_target(ctx.obj['db']))}")
    typer.echo(f"Documents:   {documents_dir()}")
    typer.echo(f"Advocate:    {settings.advocate_name}, {settings.advocate_role}")
    typer.echo(f"Service:     {settings.service_name}")
    typer.echo(f"Areas:       {', '.join(settings.areas)}")
    typer.echo(f"Safety plan: {settings.safety_plan_file or 'built-in starting checklist'}")
    typer.echo(f"Letterhead:  {', '.join(letterhead_lines(settings.organisation))}")
    typer.echo(f"Templates:   {user_templates_dir()} (yours, besides the built-in ones)")
