"""``advocate note`` and ``advocate incident``: quick entry into a case's log."""

from typing import Annotated, Optional

import typer

from advocate_tui.cli.common import Reference, choices, decoded, open_casework, parse_moment, read_input, sub_app, upper
from advocate_tui.rules.dates import describe
from advocate_tui.rules.errors import InvalidInputError
from advocate_tui.rules.vocab import Behaviour, NoteKind

app = sub_app("Notes and incidents.")


def _write_in_editor() -> str:
    """Open $VISUAL / $EDITOR on a private draft and return what was written. The draft is kept in the
    program's own folder (not the shared temporary one) and removed; the editor is not given the passphrases."""
    import os
    import shlex
    import subprocess
    import tempfile

    from advocate_tui.storage.config import data_dir
    from advocate_tui.storage.passphrase import without_passphrases

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    drafts = data_dir() / "drafts"
    drafts.mkdir(mode=0o700, parents=True, exist_ok=True)
    drafts.chmod(0o700)
    handle, path = tempfile.mkstemp(prefix="note-", suffix=".txt", dir=drafts)  # mode 0600
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as draft:
            draft.write(NOTE_TEMPLATE)
        try:
            status = subprocess.call([*shlex.split(editor), path], env=without_passphrases(os.environ))
        except OSError:
            raise InvalidInputError(
                f"Cannot start the editor '{editor}': set $EDITOR, or give the note as TEXT."
            ) from None
        if status != 0:
            raise InvalidInputError(f"The editor '{editor}' exited with status {status}, so no note was added.")
        with open(path, "rb") as draft:
            written = decoded(draft.read(), "The note written in the editor")
    finally:
        os.unlink(path)
    return "\n".join(line for line in written.splitlines() if not line.startswith("#"))


NOTE_TEMPLATE = "\n# Write the note above. Lines starting with # are left out; an empty note is not saved.\n"


@app.command("note")
def note(
    ctx: typer.Context,
    reference: Reference,
    text: Annotated[
        Optional[str],
        typer.Argument(metavar="[TEXT]", help="The note; '-' reads standard input; leave out to open $EDITOR."),
    ] = None,
    kind: Annotated[str, typer.Option(help=f"Kind of contact: {choices(NoteKind)}.")] = "other",
) -> None:
    """Add a note to a case's contact log."""
    body = read_input() if text == "-" else _write_in_editor if text is None else text
    saved = open_casework(ctx).log.add_note(reference, body, kind)
    typer.echo(f"Note added to {upper(reference)} ({saved.kind}, {describe(saved.noted_at)}).")


@app.command("incident")
def incident(
    ctx: typer.Context,
    reference: Reference,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="What happened.")],
    when: Annotated[str, typer.Option(help="When it happened: '2026-11-20 21:30', 'yesterday 21:30', '3 Dec 10:00'.")],
    kind: Annotated[
        Optional[list[str]], typer.Option(help=f"Behaviour (repeat for several): {choices(Behaviour)}.")
    ] = None,
    location: Annotated[Optional[str], typer.Option(help="Where it happened.")] = None,
    police_ref: Annotated[
        Optional[str], typer.Option("--police-ref", help="Police crime or incident reference, if reported.")
    ] = None,
    approximate: Annotated[bool, typer.Option("--approx", help="The time is approximate.")] = False,
    serious: Annotated[
        bool, typer.Option("--serious", help="A serious incident: the risk checklist is due for review.")
    ] = False,
) -> None:
    """Log an incident in the case's stalking log."""
    moment, has_time = parse_moment(when, "past", "incident date")
    saved = open_casework(ctx).log.add_incident(
        reference,
        text,
        moment,
        kind or [],
        approximate=approximate or not has_time,
        location=location,
        police_reference=police_ref,
        serious=serious,
    )
    typer.echo(
        f"Incident logged on {upper(reference)} for {describe(saved.occurred_at, has_time)}"
        f"{' (approximate)' if saved.approximate else ''}: {', '.join(sorted(saved.kinds))}."
    )
