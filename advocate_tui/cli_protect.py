"""Protecting the data from the command line: passphrases, backups, checks, the audit trail, retention,
erasure, the information-sharing record and subject-access exports. Registered on the app by
:mod:`advocate_tui.cli`; nothing heavy is imported until a command runs.
"""

import os
from datetime import datetime
from pathlib import Path
from typing import Annotated, Optional

import typer

from advocate_tui import clock
from advocate_tui.cli import EXIT_ERROR, Reference, _casework, _database, _typer, app, ask_passphrase, db_app
from advocate_tui.dates import uk_date
from advocate_tui.errors import InvalidInputError
from advocate_tui.vocab import LawfulBasis

audit_app = _typer("The audit trail: who did what, and a check that no one has altered it.")
sharing_app = _typer("The information-sharing record and the do-not-disclose list of a case.")
app.add_typer(audit_app, name="audit")
app.add_typer(sharing_app, name="sharing")


def _sqlite_path(ctx: typer.Context) -> Path:
    """The database file, or a one-sentence refusal for a PostgreSQL server."""
    from advocate_tui.backup import ON_POSTGRESQL
    from advocate_tui.passphrase import Unlocker

    path = Unlocker(ctx.obj["db"]).sqlite_path()
    if path is None:
        raise InvalidInputError(ON_POSTGRESQL)
    return path


def _stamp() -> str:
    return f"{clock.now():%Y%m%d-%H%M%S}"


# -- passphrases and encryption ------------------------------------------------------------------


@app.command("unlock")
def unlock(
    ctx: typer.Context,
    remember: Annotated[bool, typer.Option("--remember", help="Keep the database's key in the OS keyring, so commands stop asking.")] = False,
    forget: Annotated[bool, typer.Option("--forget", help="Remove the key from the OS keyring.")] = False,
) -> None:
    """Check the passphrase opens the database, and optionally remember its key in the OS keyring."""
    from advocate_tui.passphrase import keyring_forget, keyring_remember

    if remember and forget:
        raise InvalidInputError("Use --remember or --forget, not both at once.")
    path = _sqlite_path(ctx)
    if forget:
        typer.echo(f"The key of {path} was removed from the OS keyring." if keyring_forget(path)
                   else f"No key of {path} was remembered.")
        return
    database = _database(ctx)
    if database.key is None:
        raise InvalidInputError(f"{path} is not encrypted, so it has no passphrase: `advocate db encrypt` encrypts it.")
    if remember:
        keyring_remember(path, database.key)
        typer.echo(f"The key of {path} is in the OS keyring: commands no longer ask for the passphrase "
                   "(`advocate unlock --forget` removes it).")
    else:
        typer.echo(f"The passphrase opens {path}.")


@db_app.command("encrypt")
def db_encrypt(ctx: typer.Context) -> None:
    """Encrypt a plain database in place (a plain copy is kept aside until you delete it)."""
    from advocate_tui.backup import backups_dir
    from advocate_tui.crypto import DatabaseKey, FileState, file_state
    from advocate_tui.encryption import encrypt_in_place
    from advocate_tui.passphrase import choose_passphrase

    path = _sqlite_path(ctx)
    state = file_state(path)
    if state is FileState.MISSING:
        raise InvalidInputError(f"There is no database at {path} yet; a new one is encrypted when it is first opened.")
    if state is FileState.ENCRYPTED:
        raise InvalidInputError(f"{path} is already encrypted; `advocate db rekey` changes its passphrase.")
    _database(ctx, migrate=False).dispose()  # a file that is not ours is refused here, untouched
    passphrase = choose_passphrase(ask_passphrase, f"Choose a passphrase for {path}")
    keep = path.with_name(f"{path.name}.pre-encrypt-{_stamp()}.bak")
    encrypt_in_place(path, DatabaseKey.for_new_database(passphrase), keep)
    typer.echo(f"{path} is now encrypted.")
    typer.echo(f"Warning: its plain copy {keep} is NOT encrypted. Once the database opens with the passphrase, delete that copy "
               f"(e.g. `shred -u {keep}`), and the older backups in {backups_dir(path)}, which are not encrypted either.", err=True)


@db_app.command("rekey")
def db_rekey(ctx: typer.Context) -> None:
    """Change the passphrase of an encrypted database (asks for the current one, then the new one twice)."""
    from advocate_tui.crypto import DatabaseKey
    from advocate_tui.encryption import rekey
    from advocate_tui.passphrase import ENV_NEW_PASSPHRASE, choose_passphrase, is_remembered, keyring_remember

    path = _sqlite_path(ctx)
    database = _database(ctx)
    old = database.key
    database.dispose()  # our own connections hold the old key
    if old is None:
        raise InvalidInputError(f"{path} is not encrypted: `advocate db encrypt` encrypts it.")
    passphrase = choose_passphrase(ask_passphrase, f"New passphrase for {path}", ENV_NEW_PASSPHRASE)
    new = DatabaseKey.derive(passphrase, old.salt)
    rekey(path, old, new)
    if is_remembered(path):
        keyring_remember(path, new)
    typer.echo(f"The passphrase of {path} is changed. Backups made before keep the old passphrase.")


@db_app.command("check")
def db_check(ctx: typer.Context) -> None:
    """Run SQLite's integrity and foreign-key checks on the database."""
    from advocate_tui.backup import check_file

    path = _sqlite_path(ctx)
    database = _database(ctx)
    checked = check_file(path, database.key)
    for problem in checked.problems:
        typer.echo(f"  {problem}")
    if checked.problems:
        typer.echo(f"Error: {path} has {len(checked.problems)} problems (listed above): restore it from a backup "
                   "(`advocate restore PATH`).", err=True)
        raise typer.Exit(EXIT_ERROR)
    typer.echo(f"{path}: integrity ok, foreign keys ok, schema {checked.revision}.")


# -- backups --------------------------------------------------------------------------------------


@app.command("backup")
def backup(
    ctx: typer.Context,
    to: Annotated[Optional[Path], typer.Option("--to", metavar="PATH", help="File or folder to write the copy to (default: the backups folder beside the database).")] = None,
) -> None:
    """Copy the database consistently, even while the application is open; an encrypted one stays encrypted."""
    from advocate_tui.backup import backup_name, backups_dir

    path = _sqlite_path(ctx)
    database = _database(ctx)
    destination = (to / backup_name(path) if to.is_dir() else to) if to is not None else backups_dir(path) / backup_name(path)
    if destination.exists():
        raise InvalidInputError(f"{destination} already exists: choose another name (nothing was written).")
    if not destination.parent.is_dir() and to is not None:
        raise InvalidInputError(f"The folder {destination.parent} does not exist: create it or choose another --to.")
    database.backup_to(destination)
    kind = "encrypted, with the database's passphrase" if database.key else "NOT encrypted, like the database"
    typer.echo(f"Backed up {path} to {destination} ({kind}).")


@app.command("restore")
def restore(
    ctx: typer.Context,
    backup_file: Annotated[Path, typer.Argument(metavar="PATH", help="The backup to restore.")],
) -> None:
    """Replace the database with a backup, once the backup is checked; the current database is kept aside."""
    from advocate_tui import backup
    from advocate_tui.crypto import DatabaseKey, FileState, check_key, file_state
    from advocate_tui.passphrase import ENV_PASSPHRASE

    path = _sqlite_path(ctx)
    state = file_state(backup_file)
    if state in (FileState.MISSING, FileState.OTHER):
        raise InvalidInputError(f"{backup_file} is not a database backup: nothing was changed.")
    if state is FileState.PLAIN and file_state(path) is FileState.ENCRYPTED:
        raise InvalidInputError(f"{backup_file} is not encrypted but {path} is: restore it elsewhere (--db) and "
                                "encrypt it first; nothing was changed.")
    key = None
    if state is FileState.ENCRYPTED:
        passphrase = os.environ.get(ENV_PASSPHRASE) or ask_passphrase(f"Passphrase of the backup {backup_file}")
        key = DatabaseKey.for_file(passphrase, backup_file)
        check_key(backup_file, key)
    revision = backup.check_restorable(backup_file, key)
    aside = backup.restore(path, backup_file, key)
    typer.echo(f"Restored {path} from {backup_file} (schema {revision}); it opens with the backup's passphrase."
               if key else f"Restored {path} from {backup_file} (schema {revision}).")
    if aside is not None:
        typer.echo(f"The database as it was is kept at {aside}.")


# -- the audit trail ------------------------------------------------------------------------------


@audit_app.command("verify")
def audit_verify(ctx: typer.Context) -> None:
    """Check the audit trail's hash chain: every entry as written, none inserted or removed."""
    from advocate_tui.audit import verify

    with _database(ctx).reader() as session:
        verdict = verify(session)
    if verdict.breaks:
        for broken in verdict.breaks:
            typer.echo(f"  {broken.problem}")
        typer.echo(f"Error: the audit trail has been altered: {len(verdict.breaks)} break"
                   f"{'s' * (len(verdict.breaks) != 1)} in the chain, the first at entry {verdict.breaks[0].entry_id}.", err=True)
        raise typer.Exit(EXIT_ERROR)
    if not verdict.entries:
        typer.echo("The audit trail is empty.")
        return
    typer.echo(f"The audit trail is whole: {verdict.entries} entries. The last is entry {verdict.last_id}, hash "
               f"{verdict.last_hash}; note it to check later that nothing was cut off the end.")


@audit_app.command("show")
def audit_show(
    ctx: typer.Context,
    reference: Annotated[Optional[str], typer.Argument(metavar="[REF]", help="Only this case's entries.")] = None,
    limit: Annotated[int, typer.Option(help="How many of the newest entries to show.")] = 50,
) -> None:
    """The newest entries of the audit trail, of every case or of one."""
    from advocate_tui.audit import entries

    if limit < 1:
        raise InvalidInputError("--limit must be at least 1.")
    ref = reference.strip().upper() if reference else None
    with _database(ctx).reader() as session:
        found = entries(session, ref, limit)
    if not found:
        typer.echo(f"No audit entries for {ref}." if ref else "The audit trail is empty.")
        return
    for entry in found:
        typer.echo(entry_line(entry))


def entry_line(entry) -> str:  # an AuditEntry
    what = f"{entry.entity} {entry.entity_id}" if entry.entity_id is not None else entry.entity
    parts = [f"{clock.local(entry.created_at):%d %b %Y %H:%M}", entry.actor, entry.action, what,
             entry.case_reference or "-", entry.fields or "", entry.detail or ""]
    return "  ".join(part for part in parts if part).rstrip()


# -- retention and erasure ------------------------------------------------------------------------


@app.command("retention")
def retention(ctx: typer.Context) -> None:
    """Closed cases kept longer than the retention period (`[retention] years` in the config; default 6)."""
    from advocate_tui.erasure import past_retention

    casework = _casework(ctx)
    due, years = past_retention(casework)
    if not due:
        typer.echo(f"No closed case is past the retention period ({years} years after closure).")
        return
    typer.echo(f"Past the retention period ({years} years after closure); erase each with `advocate erase REF`:")
    for reference, closed_on, since in due:
        typer.echo(f"  {reference}  closed {uk_date(closed_on)}, due for erasure since {uk_date(since)}")


@app.command("erase")
def erase(
    ctx: typer.Context,
    reference: Reference,
    confirm: Annotated[Optional[str], typer.Option("--confirm", metavar="REF", help="The reference again, to erase without being asked.")] = None,
) -> None:
    """Permanently remove everything about a closed case's client; only anonymised figures for reports remain."""
    from advocate_tui import erasure

    casework = _casework(ctx)
    plan = erasure.plan(casework, reference)
    typer.echo(f"{plan.reference} ({plan.status}): {plan.records} records and {len(plan.files)} document files will be "
               "removed for good. Reports keep counting the case, without personal data.")
    typed = confirm if confirm is not None else typer.prompt(f"Type {plan.reference} to erase it", default="", show_default=False)
    if typed.strip().upper() != plan.reference:
        raise InvalidInputError(f"That is not {plan.reference}, so nothing was erased.")
    done = erasure.erase(casework, plan)
    typer.echo(f"Erased {done.reference}: {done.records} records and {done.files_removed} document files removed.")
    for problem in done.problems:
        typer.echo(f"Warning: {problem}", err=True)


# -- subject access -------------------------------------------------------------------------------


@app.command("export")
def export(
    ctx: typer.Context,
    reference: Reference,
    out: Annotated[Path, typer.Option("--out", metavar="DIR", help="A new (or empty) folder to write to.")],
) -> None:
    """Everything held about a case's client, for a subject access request: JSON, a readable summary, the documents."""
    from advocate_tui.subject_access import export_case

    made = export_case(_casework(ctx), reference, out)
    typer.echo(f"Wrote everything held on {made.reference} to {out}: {', '.join(made.files)}.")
    typer.echo(f"Third-party data is marked for review before disclosure ({made.review_items} places); "
               "see REVIEW in the summary.")
    for problem in made.problems:
        typer.echo(f"Warning: {problem}", err=True)


# -- information sharing --------------------------------------------------------------------------


@sharing_app.command("show")
def sharing_show(ctx: typer.Context, reference: Reference) -> None:
    """Every disclosure recorded on a case, and its do-not-disclose list."""
    from advocate_tui.sharing import sharing_record

    record = sharing_record(_casework(ctx), reference)
    typer.echo(f"Information shared outside the service, {record.reference}:")
    for d in record.disclosures:
        typer.echo(f"  {clock.local(d.shared_at):%d %b %Y %H:%M}  to {d.recipient}  by {d.shared_by}  "
                   f"[{LawfulBasis(d.basis).label}]\n      what: {d.what}\n      why:  {d.why}")
    if not record.disclosures:
        typer.echo("  nothing yet")
    typer.echo("Do not disclose to:")
    for entry in record.withheld:
        typer.echo(f"  {entry.name}{f' ({entry.reason})' if entry.reason else ''}")
    if not record.withheld:
        typer.echo("  no one listed")


@sharing_app.command("add")
def sharing_add(
    ctx: typer.Context,
    reference: Reference,
    to: Annotated[str, typer.Option("--to", help="Who received it, and how, e.g. 'MARAC, by secure email'.")],
    what: Annotated[str, typer.Option("--what", help="What was shared.")],
    why: Annotated[str, typer.Option("--why", help="Why it was shared.")],
    basis: Annotated[str, typer.Option("--basis", help=f"Lawful basis: {', '.join(LawfulBasis.values())}.")],
    on: Annotated[Optional[str], typer.Option("--on", help="When it was shared (default now), e.g. 'today 14:00', '20 Nov'.")] = None,
) -> None:
    """Record a disclosure of the client's data made outside the program."""
    from advocate_tui.dates import parse_when
    from advocate_tui.sharing import add_disclosure

    when: datetime | None = parse_when(on, prefer="past", what="date shared")[0] if on else None
    saved = add_disclosure(_casework(ctx), reference, recipient=to, what=what, why=why, basis=basis, when=when)
    typer.echo(f"Recorded on {reference.strip().upper()}: shared with {saved.recipient} "
               f"({LawfulBasis(saved.basis).label.lower()}), {clock.local(saved.shared_at):%d %b %Y %H:%M}.")


@sharing_app.command("block")
def sharing_block(
    ctx: typer.Context,
    reference: Reference,
    name: Annotated[str, typer.Argument(metavar="NAME", help="A person or organisation, e.g. 'Dana Sample' or 'Northshire Housing'.")],
    reason: Annotated[Optional[str], typer.Option(help="Why, e.g. 'perpetrator's sister works there'.")] = None,
) -> None:
    """Put someone on the case's do-not-disclose list: documents that would go to them are refused."""
    from advocate_tui.sharing import withhold

    entry = withhold(_casework(ctx), reference, name, reason)
    typer.echo(f"Nothing about {reference.strip().upper()} will be made for {entry.name}.")


@sharing_app.command("unblock")
def sharing_unblock(
    ctx: typer.Context,
    reference: Reference,
    name: Annotated[str, typer.Argument(metavar="NAME", help="The name as listed.")],
) -> None:
    """Take someone off the case's do-not-disclose list."""
    from advocate_tui.sharing import allow

    entry = allow(_casework(ctx), reference, name)
    typer.echo(f"{entry.name} is no longer on the do-not-disclose list of {reference.strip().upper()}.")
