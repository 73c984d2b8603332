"""``advocate evidence …``: files kept as evidence of incidents, their exhibit references, checking them, writing
them out, and the evidence pack for a crime reference."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from advocate_tui.cli.common import Reference, choices, fail, open_casework, print_json, sub_app, upper
from advocate_tui.rules.dates import describe
from advocate_tui.rules.vocab import EvidenceProducer
from advocate_tui.rules.wording import file_size

evidence_app = sub_app("Evidence files on incidents: keep, list, verify, export, and the evidence pack for the police.")
app = sub_app("Evidence files.")
app.add_typer(evidence_app, name="evidence")

Out = Annotated[Path, typer.Option("--out", help="A new or empty folder to write into.")]


@evidence_app.command("add")
def evidence_add(
    ctx: typer.Context,
    reference: Reference,
    number: Annotated[
        int,
        typer.Argument(
            metavar="INCIDENT", help="The incident's number, 1 for the earliest, as `advocate case show` lists them."
        ),
    ],
    files: Annotated[list[Path], typer.Argument(metavar="FILE…", help="The files to keep (read, never changed).")],
    description: Annotated[Optional[str], typer.Option(help="What the files show.")] = None,
    produced_by: Annotated[
        str,
        typer.Option(
            "--produced-by",
            help=f"Who produces them to the police, whose initials start the exhibit reference: {choices(EvidenceProducer)}.",
        ),
    ] = EvidenceProducer.ADVOCATE.value,
) -> None:
    """Keep files as evidence of an incident, each with its SHA-256 and an exhibit reference (e.g. SC/1)."""
    kept = open_casework(ctx).evidence.add(reference, number, files, description=description, produced_by=produced_by)
    for item in kept:
        r = item.record
        typer.echo(f"{r.exhibit_reference}  {r.original_name} ({file_size(r.size)}, SHA-256 {r.sha256})")
    typer.echo(f"{len(kept)} file{'s' if len(kept) != 1 else ''} kept on {upper(reference)}, incident {number}.")


@evidence_app.command("list")
def evidence_list(
    ctx: typer.Context,
    reference: Reference,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output (see README).")] = False,
) -> None:
    """The evidence files of a case, by incident, with their exhibit references and hashes."""
    ref, items = open_casework(ctx).evidence.list(reference)
    if as_json:
        from advocate_tui.services.evidence import as_json as evidence_json

        print_json(evidence_json(ref, items))
        return
    if not items:
        typer.echo(f"No evidence files on {ref}.")
        return
    for item in items:
        r = item.record
        about = f" — {r.description}" if r.description else ""
        typer.echo(
            f"{r.exhibit_reference}  incident {item.incident_number} ({describe(item.incident_at)})  "
            f"{r.original_name}, {r.media_type}, {file_size(r.size)}{about}"
        )
        typer.echo(f"    SHA-256 {r.sha256}; kept {describe(r.added_at)} by {r.added_by}")


@evidence_app.command("verify")
def evidence_verify(
    ctx: typer.Context,
    reference: Annotated[
        Optional[str], typer.Argument(metavar="[REF]", help="Only this case (every case when left out).")
    ] = None,
) -> None:
    """Hash every stored evidence file again and compare it with the SHA-256 and size recorded when kept."""
    verified = open_casework(ctx).evidence.verify(reference)
    for problem in verified.problems:
        typer.echo(problem)
    if verified.problems:
        fail(verified.summary)
    typer.echo(verified.summary)


@evidence_app.command("export")
def evidence_export(
    ctx: typer.Context,
    reference: Reference,
    out: Out,
    exhibits: Annotated[
        Optional[list[str]], typer.Argument(metavar="[EXHIBIT…]", help="Exhibit references, e.g. SC/1 (all if none).")
    ] = None,
) -> None:
    """Write evidence files out, named by exhibit reference, each checked against its SHA-256."""
    written = open_casework(ctx).evidence.export(reference, exhibits or [], out)
    typer.echo(f"{len(written.files)} evidence files of {written.reference} written to {written.folder}:")
    for name in written.files:
        typer.echo(f"  {name}")


@evidence_app.command("pack")
def evidence_pack(
    ctx: typer.Context,
    reference: Reference,
    crime_ref: Annotated[str, typer.Option("--crime-ref", help="The crime reference the pack is for.")],
    out: Annotated[
        Path, typer.Option("--out", help="A new or empty folder, or a file ending in .zip (not replaced if it exists).")
    ],
) -> None:
    """The evidence pack for the police: the chronology of a crime reference's incidents, their exhibits'
    files and a manifest of their hashes (recorded on the information-sharing record)."""
    packed = open_casework(ctx).evidence_packs.pack(reference, crime_ref, out)
    for line in packed.lines():
        typer.echo(line)
