"""``advocate letter`` and ``advocate templates …``: letters and drafts from templates."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from advocate_tui.cli.common import Reference, fail, open_casework, sub_app
from advocate_tui.rules.errors import InvalidInputError
from advocate_tui.rules.vocab import Audience

#: The client's safe contact details, as the override options name them.
SAFE_CONTACTS = {"phone": "the client's safe phone number", "email": "the client's safe email address"}

templates_app = sub_app("Letter templates: list, show and check them.")
app = sub_app("Letters.")
app.add_typer(templates_app, name="templates")


@app.command("letter")
def letter(
    ctx: typer.Context,
    reference: Reference,
    template: Annotated[
        str,
        typer.Argument(
            metavar="TEMPLATE", help="Template name (see `advocate templates list`), or the path of a template file."
        ),
    ],
    fmt: Annotated[
        Optional[str],
        typer.Option(
            "--format", help="docx, pdf (needs LibreOffice), md, txt or html (default: from --out, else docx)."
        ),
    ] = None,
    out: Annotated[
        Optional[Path], typer.Option("--out", help="File or folder to save to (default: the documents folder).")
    ] = None,
    include_address: Annotated[
        Optional[str],
        typer.Option(
            "--include-address",
            metavar="REASON",
            help="Put a confidential address in a document for someone other than the client; the reason is recorded.",
        ),
    ] = None,
    include_phone: Annotated[
        Optional[str],
        typer.Option(
            "--include-phone",
            metavar="REASON",
            help="Put the client's confidential safe phone number in it (where the template uses it); the reason is recorded.",
        ),
    ] = None,
    include_email: Annotated[
        Optional[str],
        typer.Option(
            "--include-email",
            metavar="REASON",
            help="Put the client's confidential safe email address in it (where the template uses it); the reason is recorded.",
        ),
    ] = None,
    release: Annotated[
        Optional[list[str]],
        typer.Option(
            "--release",
            metavar="PASSAGE",
            help="Show a withheld passage as it is recorded (copy it from the list printed); needs --reason.",
        ),
    ] = None,
    reason: Annotated[
        Optional[str], typer.Option("--reason", help="Why the passages released must be shown (recorded).")
    ] = None,
) -> None:
    """Make a letter or draft for a case from a template, save it and record it on the case.

    For anyone but the client, the client's confidential address, safe phone and safe email are left
    out, and every passage of the record holding part of them is withheld and listed before saving.
    """
    from advocate_tui.output.letters.documents import choose_format, draft, save
    from advocate_tui.services.withholding import Overrides

    overrides = Overrides.asked(
        address=include_address, phone=include_phone, email=include_email, released=release or (), release_reason=reason
    )
    casework = open_casework(ctx)
    chosen = choose_format(fmt, out)
    made = draft(casework, reference, template, overrides)
    if made.withheld_summary:
        typer.echo(made.withheld_summary)
        for passage in made.withheld:
            typer.echo(f"  {passage}")
        typer.echo('To show one (a court named after the town), add --release "PASSAGE" --reason "WHY".')
    document = save(casework, made, chosen, out=out)
    typer.echo(f"Saved {document.path}")
    typer.echo(f"{document.title} ({Audience(document.audience).label}), recorded on {made.reference}.")
    if document.address_override:
        typer.echo("It includes the client's confidential address; your reason is recorded with it.")
    for item, released, _ in made.releases:
        shown = f'the passage "{released}"' if released else SAFE_CONTACTS[item]
        typer.echo(f"It shows {shown}; your reason is recorded with it.")


@templates_app.command("list")
def templates_list() -> None:
    """The templates you can use, with whom each is for and where it comes from."""
    from advocate_tui.output.letters.templates import catalogue

    found, problems = catalogue()
    table = [("NAME", "FOR", "FROM", "TITLE")]
    table += [(t.name, t.audience.label, t.origin, t.title) for t in found.values()]
    widths = [max(len(line[i]) for line in table) for i in range(3)]
    for line in table:
        typer.echo("  ".join([*(cell.ljust(width) for cell, width in zip(line, widths)), line[3]]))
    for problem in problems:
        typer.echo(f"Not usable: {problem} Run `advocate templates check`.", err=True)


@templates_app.command("show")
def templates_show(name: Annotated[str, typer.Argument(metavar="NAME", help="Template name.")]) -> None:
    """A template's description, needs and source."""
    from advocate_tui.output.letters.templates import find

    found = find(name)
    typer.echo(f"{found.name}: {found.title}")
    typer.echo(f"For:    {found.audience.label}")
    typer.echo(f"Needs:  {', '.join(found.needs) or 'nothing beyond the client'}")
    typer.echo(f"File:   {found.path} ({found.origin})")
    typer.echo(f"About:  {found.description}\n")
    typer.echo(found.path.read_text(encoding="utf-8"), nl=False)


@templates_app.command("check")
def templates_check(
    path: Annotated[
        Optional[Path],
        typer.Argument(metavar="[PATH]", help="A template file, folder or name (default: yours and the built-ins)."),
    ] = None,
) -> None:
    """Report syntax errors and unknown names in templates, with line numbers."""
    from advocate_tui.output.letters.check import check_file, files_to_check

    if path is not None and not path.exists() and (len(path.parts) > 1 or path.name.endswith(".j2")):
        raise InvalidInputError(f"There is no file or folder {path}.")
    files = files_to_check(path)
    problems = [problem for file in files for problem in check_file(file)]
    for problem in problems:
        typer.echo(str(problem))
    summary = (
        f"{len(files)} template file{'' if len(files) == 1 else 's'} checked: "
        f"{len(problems) or 'no'} problem{'' if len(problems) == 1 else 's'}."
    )
    if problems:
        fail(summary)
    typer.echo(summary)


@templates_app.command("fields")
def templates_fields() -> None:
    """Every name and field a template can use."""
    from advocate_tui.output.letters.context import RECORDS, ROOT
    from advocate_tui.output.letters.templates import FILTERS, environment

    def show(name: str, doc: str, indent: str) -> None:
        typer.echo(f"{indent}{name:<24} {doc}")

    for name, var in ROOT.items():
        show(name, var.doc + (f" Each has the fields of {var.kind}." if var.many else ""), "")
    for kind, fields in RECORDS.items():
        typer.echo(f"\n{kind}:")
        for name, var in fields.items():
            show(name, var.doc, "  ")
    typer.echo("\nfilters, besides Jinja's own:")
    filters = environment([]).filters
    for name in [*FILTERS, "lines"]:
        show(name, filters[name].__doc__ or "", "  ")
