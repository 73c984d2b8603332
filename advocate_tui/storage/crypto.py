"""SQLCipher keys: deriving them from a passphrase, telling encrypted files from plain ones, connecting.

A database key is derived exactly as SQLCipher 4 derives it from a passphrase (PBKDF2-HMAC-SHA512,
256,000 iterations, the 16-byte salt at the start of the file), so the stock ``sqlcipher`` shell opens
our files with the passphrase too. The program itself always hands SQLCipher the derived *raw* key
(``PRAGMA key = "x'…'"``), which skips the key derivation: it is paid once per process, or not at all
when the raw key comes from the OS keyring. Neither the passphrase nor the key is ever put in a URL,
a log line or an exception message.
"""

import hashlib
import hmac
import os
import secrets
import sqlite3
from dataclasses import dataclass, field
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any

from advocate_tui.rules.errors import DatabaseError

SQLITE_HEADER = b"SQLite format 3\x00"
KDF_ITERATIONS = 256_000
SALT_BYTES = 16
KEY_BYTES = 32
#: SQLite pages are powers of two from 512 bytes, so an encrypted database's size is a multiple of 512.
SMALLEST_PAGE = 512
MIN_PASSPHRASE = 12
MIN_DISTINCT_CHARACTERS = 6


class FileState(Enum):
    """What is at a database path, judged from its first bytes and size only."""

    MISSING = "missing"  # nothing there yet (or an empty file): a new database
    PLAIN = "plain"  # an ordinary SQLite file
    ENCRYPTED = "encrypted"  # whole pages of what looks like noise: SQLCipher (or damage)
    OTHER = "other"  # something else entirely


def file_state(path: Path) -> FileState:
    if path.is_dir():
        return FileState.OTHER
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return FileState.MISSING
    if size == 0:
        return FileState.MISSING
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header == SQLITE_HEADER:
        return FileState.PLAIN
    return FileState.ENCRYPTED if size % SMALLEST_PAGE == 0 else FileState.OTHER


@dataclass(frozen=True)
class DatabaseKey:
    """The raw 256-bit key of one encrypted database and the salt it was derived with."""

    raw: bytes = field(repr=False)
    salt: bytes

    @classmethod
    def derive(cls, passphrase: str, salt: bytes) -> "DatabaseKey":
        """The key SQLCipher would derive from ``passphrase`` (slow on purpose: about 0.2 s)."""
        raw = hashlib.pbkdf2_hmac("sha512", passphrase.encode("utf-8"), salt, KDF_ITERATIONS, KEY_BYTES)
        return cls(raw, salt)

    @classmethod
    def for_new_database(cls, passphrase: str) -> "DatabaseKey":
        return cls.derive(passphrase, secrets.token_bytes(SALT_BYTES))

    @classmethod
    def for_file(cls, passphrase: str, path: Path) -> "DatabaseKey":
        return cls.derive(passphrase, read_salt(path))

    def literal(self) -> str:
        """The raw key and its salt as SQLCipher reads them (so a new file gets our salt): ``x'…'``."""
        return f"x'{self.raw.hex()}{self.salt.hex()}'"

    def pragma(self, verb: str = "key") -> str:
        """``PRAGMA key`` (or ``rekey``) with the raw key: SQLCipher then skips its key derivation."""
        return f'PRAGMA {verb} = "{self.literal()}"'

    def matches(self, passphrase: str) -> bool:
        """Whether ``passphrase`` is the one this key was derived from (slow, constant-time compare)."""
        return hmac.compare_digest(DatabaseKey.derive(passphrase, self.salt).raw, self.raw)

    def to_text(self) -> str:
        """For the OS keyring: salt and key in hex."""
        return f"{self.salt.hex()}:{self.raw.hex()}"

    @classmethod
    def from_text(cls, text: str) -> "DatabaseKey | None":
        try:
            salt, raw = (bytes.fromhex(part) for part in text.split(":"))
        except ValueError:
            return None
        return cls(raw, salt) if len(salt) == SALT_BYTES and len(raw) == KEY_BYTES else None


def read_salt(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(SALT_BYTES)


def passphrase_problem(passphrase: str) -> str | None:
    """Why ``passphrase`` is too weak to protect case records, or None when it will do."""
    if len(passphrase) < MIN_PASSPHRASE:
        return (
            f"The passphrase is too short ({len(passphrase)} characters): use at least {MIN_PASSPHRASE}, "
            "e.g. four unrelated words."
        )
    if len(set(passphrase.casefold())) < MIN_DISTINCT_CHARACTERS or passphrase.isdigit():
        return "The passphrase is too easy to guess (too few different characters): use several unrelated words."
    return None


@cache
def sqlcipher() -> Any:
    """The SQLCipher driver (a DB-API module like :mod:`sqlite3`), with its error log to stderr silenced."""
    import sqlcipher3

    probe = sqlcipher3.connect(":memory:")
    probe.execute("PRAGMA cipher_log_level = NONE")  # a wrong key would otherwise print to the terminal
    probe.close()
    return sqlcipher3


def library_version() -> str:
    """The version of the SQLite library every database file is opened with (the one bundled with SQLCipher,
    plain files included: the system's may be older, see :mod:`advocate_tui.rules.sqlite_library`)."""
    return str(sqlcipher().sqlite_version)


def driver_errors() -> tuple[type[Exception], ...]:
    """The exception classes of the driver (and of :mod:`sqlite3`, whose classes SQLCipher's do not derive from)."""
    return (sqlite3.Error, sqlcipher().Error)


def connect(path: Path, key: DatabaseKey | None, **options: Any) -> sqlite3.Connection:
    """A DB-API connection to ``path`` through SQLCipher: with ``key`` for an encrypted file, without for a plain one."""
    connection: sqlite3.Connection = sqlcipher().connect(str(path), **options)
    if key is not None:
        connection.execute(key.pragma())
    return connection


def check_key(path: Path, key: DatabaseKey) -> None:
    """Raise :class:`WrongPassphrase` unless ``key`` opens the encrypted file at ``path``; reads one page."""
    connection = connect(path, key)
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher().DatabaseError:
        raise WrongPassphrase(
            f"The passphrase for {path} is wrong (or the file is damaged): nothing was changed."
        ) from None
    finally:
        connection.close()


class WrongPassphrase(DatabaseError):
    """The passphrase (or remembered key) does not open the database."""


def restrict(path: Path) -> None:
    """Make a file holding case records readable by its owner only."""
    try:
        os.chmod(path, 0o600)
    except OSError:
        pass
