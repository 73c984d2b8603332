"""Converting a plain database to an encrypted one in place, and changing an encrypted database's passphrase.

Both need the database to themselves: they refuse while another program has it open.
"""

import os
from pathlib import Path

from advocate_tui.rules.errors import DatabaseError
from advocate_tui.storage.audit_head import AuditHead
from advocate_tui.storage.backup import copy_database, refuse_if_in_use
from advocate_tui.storage.crypto import DatabaseKey, FileState, check_key, connect, file_state, restrict, sqlcipher

COUNT_ROWS = "SELECT name FROM {schema}.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"


def _row_counts(connection, schema: str) -> dict[str, int]:
    tables = [row[0] for row in connection.execute(COUNT_ROWS.format(schema=schema))]
    return {table: connection.execute(f'SELECT count(*) FROM {schema}."{table}"').fetchone()[0] for table in tables}


def encrypt_in_place(path: Path, key: DatabaseKey, keep: Path) -> None:
    """Encrypt the plain database at ``path`` with ``key``; a plain copy is kept at ``keep`` first.

    The encrypted copy is written beside it, checked (integrity, and every table's row count) and only
    then renamed over the original, so a failure at any point leaves the plain database as it was.
    """
    if file_state(path) is not FileState.PLAIN:
        raise DatabaseError(f"{path} is not a plain SQLite database, so there is nothing to encrypt.")
    refuse_if_in_use(path, "encrypt it")
    copy_database(path, keep, None)
    encrypted = path.with_name(f".{path.name}.encrypting")
    encrypted.unlink(missing_ok=True)
    source = sqlcipher().connect(str(path), isolation_level=None)  # SQLCipher reads plain files without a key
    try:
        source.execute("ATTACH DATABASE ? AS encrypted KEY ?", (str(encrypted), key.literal()))
        source.execute("SELECT sqlcipher_export('encrypted')")
        version = source.execute("PRAGMA main.user_version").fetchone()[0]
        source.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        if _row_counts(source, "main") != _row_counts(source, "encrypted"):
            raise DatabaseError(f"The encrypted copy of {path} did not hold every row: nothing was changed.")
        source.execute("DETACH DATABASE encrypted")
        source.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except BaseException:
        encrypted.unlink(missing_ok=True)
        raise
    finally:
        source.close()
    _finish(encrypted, key)
    os.replace(encrypted, path)
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    AuditHead(path, None).rekeyed(key)


def _finish(path: Path, key: DatabaseKey) -> None:
    """Check the new file and put it in WAL mode, as every database of ours is."""
    connection = connect(path, key, isolation_level=None)
    try:
        if connection.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise DatabaseError(f"The encrypted copy {path} failed its integrity check: nothing was changed.")
        connection.execute("PRAGMA journal_mode = WAL")
    finally:
        connection.close()
    restrict(path)


def rekey(path: Path, old: DatabaseKey, new: DatabaseKey) -> None:
    """Re-encrypt the database at ``path`` under ``new`` (derived with the same salt) in one transaction."""
    check_key(path, old)
    refuse_if_in_use(path, "change the passphrase")
    connection = connect(path, old, isolation_level=None)
    try:
        connection.execute(new.pragma("rekey"))
    finally:
        connection.close()
    check_key(path, new)
    AuditHead(path, old).rekeyed(new)
