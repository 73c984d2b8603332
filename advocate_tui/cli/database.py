"""``advocate db …``, ``unlock``, ``backup`` and ``restore``: the database file, its passphrase and its copies."""

import os
from pathlib import Path
from typing import Annotated, Optional

import typer

from advocate_tui.cli.common import EXIT_ERROR, ask_passphrase, open_database, sub_app, warn
from advocate_tui.rules import clock
from advocate_tui.rules.errors import InvalidInputError

db_app = sub_app("The database: its schema, checks and encryption.")
app = sub_app("The database.")
app.add_typer(db_app, name="db")


@db_app.command("upgrade")
def db_upgrade(ctx: typer.Context) -> None:
    """Bring the database's schema up to date (also done automatically on open)."""
    from advocate_tui.db import HEAD_REVISION

    database = open_database(ctx, create=True)
    typer.echo(f"{database.where} is at schema {HEAD_REVISION} (the newest).")


@db_app.command("current")
def db_current(ctx: typer.Context) -> None:
    """Show the database's schema revision without changing anything."""
    from advocate_tui.db import HEAD_REVISION

    database = open_database(ctx, migrate=False)
    revision = database.current_revision()
    state = "empty (no schema yet)" if revision is None else f"schema {revision}"
    newest = "up to date" if revision == HEAD_REVISION else f"this program's newest is {HEAD_REVISION}"
    typer.echo(f"{database.where}: {state}; {newest}.")


def _sqlite_path(ctx: typer.Context) -> Path:
    """The database file, or a one-sentence refusal for a PostgreSQL server."""
    from advocate_tui.storage.backup import ON_POSTGRESQL
    from advocate_tui.storage.passphrase import Unlocker

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
    remember: Annotated[
        bool, typer.Option("--remember", help="Keep the database's key in the OS keyring, so commands stop asking.")
    ] = False,
    forget: Annotated[bool, typer.Option("--forget", help="Remove the key from the OS keyring.")] = False,
) -> None:
    """Check the passphrase opens the database, and optionally remember its key in the OS keyring."""
    from advocate_tui.storage.passphrase import keyring_forget, keyring_remember

    if remember and forget:
        raise InvalidInputError("Use --remember or --forget, not both at once.")
    path = _sqlite_path(ctx)
    if forget:
        typer.echo(
            f"The key of {path} was removed from the OS keyring."
            if keyring_forget(path)
            else f"No key of {path} was remembered."
        )
        return
    database = open_database(ctx)
    if database.key is None:
        raise InvalidInputError(f"{path} is not encrypted, so it has no passphrase: `advocate db encrypt` encrypts it.")
    if remember:
        keyring_remember(path, database.key)
        typer.echo(
            f"The key of {path} is in the OS keyring: commands no longer ask for the passphrase "
            "(`advocate unlock --forget` removes it)."
        )
    else:
        typer.echo(f"The passphrase opens {path}.")


@db_app.command("encrypt")
def db_encrypt(ctx: typer.Context) -> None:
    """Encrypt a plain database in place (a plain copy is kept aside until you delete it)."""
    from advocate_tui.storage.backup import backups_dir
    from advocate_tui.storage.crypto import DatabaseKey, FileState, file_state
    from advocate_tui.storage.encryption import encrypt_in_place
    from advocate_tui.storage.passphrase import choose_passphrase

    path = _sqlite_path(ctx)
    state = file_state(path)
    if state is FileState.MISSING:
        raise InvalidInputError(f"There is no database at {path} yet; a new one is encrypted when it is first opened.")
    if state is FileState.ENCRYPTED:
        raise InvalidInputError(f"{path} is already encrypted; `advocate db rekey` changes its passphrase.")
    open_database(ctx, migrate=False).dispose()  # a file that is not ours is refused here, untouched
    passphrase = choose_passphrase(ask_passphrase, f"Choose a passphrase for {path}")
    keep = path.with_name(f"{path.name}.pre-encrypt-{_stamp()}.bak")
    encrypt_in_place(path, DatabaseKey.for_new_database(passphrase), keep)
    typer.echo(f"{path} is now encrypted.")
    warn(
        f"its plain copy {keep} is NOT encrypted. Once the database opens with the passphrase, delete that copy "
        f"(e.g. `shred -u {keep}`), and the older backups in {backups_dir(path)}, which are not encrypted either."
    )


@db_app.command("rekey")
def db_rekey(ctx: typer.Context) -> None:
    """Change the passphrase of an encrypted database (asks for the current one, then the new one twice)."""
    from advocate_tui.storage.crypto import DatabaseKey
    from advocate_tui.storage.encryption import rekey
    from advocate_tui.storage.passphrase import ENV_NEW_PASSPHRASE, choose_passphrase, is_remembered, keyring_remember

    path = _sqlite_path(ctx)
    database = open_database(ctx)
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
    """Run SQLite's integrity and foreign-key checks on the database, and name the SQLite library."""
    from advocate_tui.rules.sqlite_library import library_note
    from advocate_tui.storage.backup import check_file
    from advocate_tui.storage.crypto import library_version

    path = _sqlite_path(ctx)
    database = open_database(ctx)
    checked = check_file(path, database.key)
    for problem in checked.problems:
        typer.echo(f"  {problem}")
    if checked.problems:
        typer.echo(
            f"Error: {path} has {len(checked.problems)} problems (listed above): restore it from a backup "
            "(`advocate restore PATH`).",
            err=True,
        )
        raise typer.Exit(EXIT_ERROR)
    typer.echo(f"{path}: integrity ok, foreign keys ok, schema {checked.revision}.")
    typer.echo(f"SQLite {library_version()} (bundled with SQLCipher): {library_note(library_version())}")


# -- backups --------------------------------------------------------------------------------------


@app.command("backup")
def backup(
    ctx: typer.Context,
    to: Annotated[
        Optional[Path],
        typer.Option(
            "--to",
            metavar="PATH",
            help="File or folder to write the copy to (default: the backups folder beside the database).",
        ),
    ] = None,
) -> None:
    """Copy the database consistently, even while the application is open; an encrypted one stays encrypted."""
    from advocate_tui.services.casework import Casework
    from advocate_tui.storage.backup import backup_name, backups_dir

    path = _sqlite_path(ctx)
    database = open_database(ctx)
    destination = (
        (to / backup_name(path) if to.is_dir() else to) if to is not None else backups_dir(path) / backup_name(path)
    )
    if destination.exists():
        raise InvalidInputError(f"{destination} already exists: choose another name (nothing was written).")
    if not destination.parent.is_dir() and to is not None:
        raise InvalidInputError(f"The folder {destination.parent} does not exist: create it or choose another --to.")
    Casework(database).copies.back_up(destination)
    kind = "encrypted, with the database's passphrase" if database.key else "NOT encrypted, like the database"
    typer.echo(f"Backed up {path} to {destination} ({kind}).")


@app.command("restore")
def restore(
    ctx: typer.Context,
    backup_file: Annotated[Path, typer.Argument(metavar="PATH", help="The backup to restore.")],
) -> None:
    """Replace the database with a backup, once the backup is checked; the current database is kept aside."""
    from advocate_tui.storage import backup
    from advocate_tui.storage.crypto import DatabaseKey, FileState, check_key, file_state
    from advocate_tui.storage.passphrase import ENV_PASSPHRASE

    path = _sqlite_path(ctx)
    backup.refuse_onto_itself(path, backup_file)
    state = file_state(backup_file)
    if state in (FileState.MISSING, FileState.OTHER):
        raise InvalidInputError(f"{backup_file} is not a database backup: nothing was changed.")
    if state is FileState.PLAIN and file_state(path) is FileState.ENCRYPTED:
        raise InvalidInputError(
            f"{backup_file} is not encrypted but {path} is: restore it elsewhere (--db) and "
            "encrypt it first; nothing was changed."
        )
    key = None
    if state is FileState.ENCRYPTED:
        passphrase = os.environ.get(ENV_PASSPHRASE) or ask_passphrase(f"Passphrase of the backup {backup_file}")
        key = DatabaseKey.for_file(passphrase, backup_file)
        check_key(backup_file, key)
    revision = backup.check_restorable(backup_file, key)
    aside = backup.restore(path, backup_file, key)
    typer.echo(
        f"Restored {path} from {backup_file} (schema {revision}); it opens with the backup's passphrase."
        if key
        else f"Restored {path} from {backup_file} (schema {revision})."
    )
    if aside is not None:
        typer.echo(f"The database as it was is kept at {aside}.")
