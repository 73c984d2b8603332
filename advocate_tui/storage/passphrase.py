"""Opening the database for a person: deciding whether it is encrypted and finding its key.

A file that exists is opened as its first bytes say (plain SQLite, or SQLCipher). A new file is
created encrypted unless ``--no-encrypt`` (or ``ADVOCATE_NO_ENCRYPT=1``) says otherwise, which is
for fictional demo data only. The key of an encrypted file comes, in order, from the passphrase in
``ADVOCATE_PASSPHRASE``, the raw key remembered in the OS keyring (``advocate unlock --remember``),
or asking: the CLI asks at the terminal, the application in a masked prompt. A PostgreSQL URL is
opened as it is: encryption at rest there is the server's business.
"""

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from advocate_tui.db import Database, open_database, resolve_target
from advocate_tui.rules.errors import DatabaseError, InvalidInputError
from advocate_tui.storage.backup import daily_backup
from advocate_tui.storage.crypto import (
    DatabaseKey,
    FileState,
    WrongPassphrase,
    check_key,
    file_state,
    passphrase_problem,
    read_salt,
)

ENV_PASSPHRASE = "ADVOCATE_PASSPHRASE"
ENV_NO_ENCRYPT = "ADVOCATE_NO_ENCRYPT"
#: The new passphrase for ``advocate db rekey`` run by a script.
ENV_NEW_PASSPHRASE = "ADVOCATE_NEW_PASSPHRASE"
KEYRING_SERVICE = "advocate-tui"
PLAIN_WARNING = (
    "{path} is a new database WITHOUT encryption: anyone who gets the file can read it. "
    "Use it for fictional demo data only."
)


def no_encrypt_from_environment() -> bool:
    return os.environ.get(ENV_NO_ENCRYPT, "").strip().lower() in {"1", "yes", "true", "on"}


class PassphraseNeeded(DatabaseError):
    """The database is (or will be) encrypted and no passphrase was found without asking."""

    def __init__(self, message: str, unlocker: "Unlocker", new: bool) -> None:
        super().__init__(message)
        self.unlocker = unlocker
        self.new = new


@dataclass
class Unlocker:
    """Opens the database named by ``target`` (``--db``, ``ADVOCATE_DB``, the config, the default).

    ``ask`` asks the person for a passphrase (given the prompt); without it, a passphrase that cannot
    be found otherwise raises :class:`PassphraseNeeded`, and the caller asks and calls :meth:`open` again.
    """

    target: str | None
    no_encrypt: bool = False
    ask: Callable[[str], str] | None = None
    #: Things to tell the person once the database is open (a new plain database, a forgotten key).
    notices: list[str] = field(default_factory=list)
    #: How long a write waits for another program's lock (None: the database's default).
    busy_timeout_ms: int | None = None
    #: Whether opening compares the audit chain with its head file (a difference is a notice, not a refusal).
    check_head: bool = True
    #: The passphrase taken out of the environment by :meth:`take_environment`, kept in this object only.
    taken: str | None = field(default=None, repr=False)

    def take_environment(self) -> None:
        """Take the passphrases out of the process's environment, for a process that lives long or starts
        others (the application): what it starts never sees them, and this object keeps the one it needs."""
        self.taken = os.environ.pop(ENV_PASSPHRASE, None) or None
        os.environ.pop(ENV_NEW_PASSPHRASE, None)

    def _from_environment(self) -> str | None:
        return self.taken or os.environ.get(ENV_PASSPHRASE) or None

    def sqlite_path(self) -> Path | None:
        try:
            url = make_url(resolve_target(self.target))
        except ArgumentError:
            return None
        return Path(url.database) if url.get_backend_name() == "sqlite" and url.database else None

    def open(self, passphrase: str | None = None, *, migrate: bool = True) -> Database:
        """Open (create, upgrade, and back up once a day) the database; ``passphrase`` as typed, if asked."""
        url = resolve_target(self.target)
        path = self.sqlite_path()
        state = file_state(path) if path is not None else None
        if state is FileState.ENCRYPTED:
            assert path is not None  # there is a file state only for a SQLite file
            database = open_database(
                url, migrate=migrate, key=self._existing_key(path, passphrase), busy_timeout_ms=self.busy_timeout_ms
            )
        elif state is FileState.MISSING and migrate and not (self.no_encrypt or no_encrypt_from_environment()):
            assert path is not None
            database = open_database(url, key=self._new_key(path, passphrase), busy_timeout_ms=self.busy_timeout_ms)
        else:
            if state is FileState.MISSING and migrate and not no_encrypt_from_environment():
                self.notices.append(PLAIN_WARNING.format(path=path))  # unless plain is this environment's norm
            database = open_database(url, migrate=migrate, busy_timeout_ms=self.busy_timeout_ms)
        if migrate and database.path is not None:
            try:
                database.finish_compaction()
                problem = database.head_problem() if self.check_head else None
            except BaseException:
                database.dispose()
                raise
            if problem is not None:
                self.notices.append(problem)
            self._back_up_today(database.path, database.key)
        return database

    def _back_up_today(self, path: Path, key: DatabaseKey | None) -> None:
        """The daily copy; one that cannot be made is told, once, and does not stop the person's work."""
        try:
            daily_backup(path, key)
        except (DatabaseError, OSError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc).rstrip(".")
            self.notices.append(
                f"today's automatic backup of {path} could not be made ({reason}); your work is saved in the "
                "database itself: free some disk space, and it is made at the next start."
            )

    def _existing_key(self, path: Path, passphrase: str | None) -> DatabaseKey:
        salt = read_salt(path)
        if passphrase is not None:
            return _checked(path, DatabaseKey.derive(passphrase, salt))
        from_environment = self._from_environment()
        if from_environment:
            try:
                return _checked(path, DatabaseKey.derive(from_environment, salt))
            except WrongPassphrase:
                raise WrongPassphrase(
                    f"The passphrase in {ENV_PASSPHRASE} does not open {path}: nothing was changed."
                ) from None
        remembered = keyring_recall(path, salt)
        if remembered is not None:
            try:
                return _checked(path, remembered)
            except WrongPassphrase:
                keyring_forget(path)
                self.notices.append(
                    f"The key remembered for {path} no longer opens it (was the passphrase changed?), "
                    "so it was forgotten: remember the new one to stop being asked."
                )
        if self.ask is None:
            raise PassphraseNeeded(f"{path} is encrypted: type its passphrase.", self, new=False)
        return _checked(path, DatabaseKey.derive(self.ask(f"Passphrase for {path}"), salt))

    def _new_key(self, path: Path, passphrase: str | None) -> DatabaseKey:
        """The key for a new database, from a passphrase chosen now (asked twice) and strong enough."""
        passphrase = passphrase or self.taken
        if passphrase is None and self.ask is None and not os.environ.get(ENV_PASSPHRASE):
            raise PassphraseNeeded(f"{path} is a new database, to be encrypted: choose its passphrase.", self, new=True)
        if passphrase is None:
            passphrase = choose_passphrase(self.ask, f"{path} is new and will be encrypted. Choose a passphrase")
        refuse_weak(passphrase)
        return DatabaseKey.for_new_database(passphrase)


def refuse_weak(passphrase: str) -> None:
    problem = passphrase_problem(passphrase)
    if problem is not None:
        raise InvalidInputError(f"{problem} Nothing was changed.")


def without_passphrases(environment: Mapping[str, str]) -> dict[str, str]:
    """The environment for a program this one starts (an editor): the passphrases stay with this process."""
    return {name: value for name, value in environment.items() if name not in (ENV_PASSPHRASE, ENV_NEW_PASSPHRASE)}


def choose_passphrase(ask: Callable[[str], str] | None, prompt: str, environment: str = ENV_PASSPHRASE) -> str:
    """A new passphrase: from ``environment``, else asked twice; refused when weak or the two differ."""
    from_environment = os.environ.get(environment)
    if from_environment or ask is None:
        refuse_weak(from_environment or "")
        return from_environment or ""
    passphrase = ask(prompt)
    refuse_weak(passphrase)
    if ask("Type the passphrase again") != passphrase:
        raise InvalidInputError("The two passphrases are not the same: nothing was changed.")
    return passphrase


def _checked(path: Path, key: DatabaseKey) -> DatabaseKey:
    check_key(path, key)
    return key


# -- the OS keyring ----------------------------------------------------------------------------
# Only databases listed in remembered-keys.txt (paths, no secrets) are looked up, so the keyring
# (slow to load, and able to pop up a dialog) is never touched by someone who did not opt in.


def _remembered_list() -> Path:
    from advocate_tui.storage.config import data_dir

    return data_dir() / "remembered-keys.txt"


def _remembered() -> list[str]:
    try:
        return _remembered_list().read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []


def is_remembered(path: Path) -> bool:
    """Whether the person opted in to keeping ``path``'s key in the OS keyring."""
    return str(path) in _remembered()


def keyring_recall(path: Path, salt: bytes) -> DatabaseKey | None:
    """The raw key remembered for ``path``, if the person opted in and it is for this file's salt."""
    if not is_remembered(path):
        return None
    import keyring
    from keyring.errors import KeyringError

    try:
        text = keyring.get_password(KEYRING_SERVICE, str(path))
    except KeyringError:
        return None
    key = DatabaseKey.from_text(text) if text else None
    return key if key is not None and key.salt == salt else None


def keyring_remember(path: Path, key: DatabaseKey) -> None:
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(KEYRING_SERVICE, str(path), key.to_text())
    except KeyringError as exc:
        raise DatabaseError(
            f"The OS keyring cannot be used ({exc.__class__.__name__}): set {ENV_PASSPHRASE} "
            "for the session instead, or type the passphrase when asked."
        ) from None
    listed = _remembered()
    if str(path) not in listed:
        _remembered_list().parent.mkdir(parents=True, exist_ok=True)
        _remembered_list().write_text("\n".join([*listed, str(path)]) + "\n", encoding="utf-8")


def keyring_forget(path: Path) -> bool:
    """Remove the remembered key of ``path``; whether there was one."""
    listed = _remembered()
    if str(path) not in listed:
        return False
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.delete_password(KEYRING_SERVICE, str(path))
    except KeyringError:
        pass  # already gone from the keyring: the list below is what matters to us
    _remembered_list().write_text("".join(f"{line}\n" for line in listed if line != str(path)), encoding="utf-8")
    return True
