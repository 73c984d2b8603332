"""The audit chain's head kept outside a SQLite database, so a chain cut short, lengthened or rewritten shows.

A whole chain proves only that no entry inside it was changed: someone with the file can cut entries off
its end, delete them all, add valid ones or recompute the hashes after an edit. So every transaction that
adds entries also notes the chain's end (its entry count and last hash) in a small file in the config
folder, one per database, named from its resolved path, and each backup gets one for the moment it was
taken. Opening the database and ``advocate audit verify`` compare the chain with it.

The file is written twice per such transaction, under a file lock: before the commit (while the
database's write lock is held) the new end is noted as *pending*, after it as *committed*; the chain
may end at either (a program stopped between the two leaves it pending). A transaction that finds the
chain not where the head says leaves the head as it is, so the difference goes on being reported until
someone accepts the trail as it is (``advocate audit accept``, itself an entry of the trail).

The file is sealed with an HMAC. For an encrypted database its key is derived from the database key, so
the head cannot be forged without the passphrase. For a plain database the key is a constant: the seal
catches damage and casual edits, not someone determined with the same account, who can rewrite both.
"""

import hashlib
import hmac
import json
import os
import tempfile
from collections.abc import Callable
from contextlib import closing, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from advocate_tui.storage.audit import START, Point, Span
from advocate_tui.storage.crypto import DatabaseKey, connect, driver_errors

FORMAT = 1
LOCK_TIMEOUT_S = 10
PLAIN_KEY = b"advocate-tui audit head: plain database, no secret"
KEY_LABEL = b"advocate-tui audit head"


def head_file(database: Path) -> Path:
    """Where the head of the database at ``database`` is kept: the config folder, named from its resolved path."""
    from advocate_tui.storage.config import config_dir

    resolved = database.resolve()
    name = hashlib.sha256(str(resolved).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return config_dir() / "audit-heads" / f"{resolved.name[:64]}-{name}.json"


def _mac_key(key: DatabaseKey | None) -> bytes:
    return PLAIN_KEY if key is None else hmac.new(key.raw, KEY_LABEL, hashlib.sha256).digest()


def seal(content: dict[str, Any], key: DatabaseKey | None) -> str:
    """The HMAC of the head's content (all but the seal itself)."""
    body = json.dumps({k: v for k, v in content.items() if k != "seal"}, sort_keys=True, separators=(",", ":"))
    return hmac.new(_mac_key(key), body.encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Head:
    committed: Point
    pending: Point | None

    def holds(self, end: Point) -> bool:
        return end in (self.committed, self.pending)


class Damaged(Exception):
    """The head file is there but not as this program wrote it."""


def _point(value: Any) -> Point:
    count, digest = value
    if not isinstance(count, int) or not isinstance(digest, str):
        raise ValueError("not a point")
    return Point(count, digest)


class AuditHead:
    """The head file of one SQLite database, sealed with that database's key."""

    def __init__(self, database: Path, key: DatabaseKey | None) -> None:
        self.database = database
        self.key = key
        self.path = head_file(database)

    # -- reading and writing ---------------------------------------------------------------

    def read(self) -> Head | None:
        """The head, or None when there is no file; :class:`Damaged` when its seal or form is wrong."""
        try:
            content = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            raise Damaged from None
        try:
            if not hmac.compare_digest(str(content["seal"]), seal(content, self.key)):
                raise Damaged
            pending = content["pending"]
            return Head(_point(content["committed"]), None if pending is None else _point(pending))
        except (KeyError, TypeError, ValueError):
            raise Damaged from None

    def write(self, head: Head, *, durable: bool = True) -> None:
        """Replace the file in one rename (never half written), readable by its owner only; ``durable`` waits
        until it is on disk (not needed to settle a pending end: one lost leaves the chain's end pending)."""
        content: dict[str, Any] = {
            "format": FORMAT,
            "database": str(self.database),
            "committed": [head.committed.count, head.committed.hash],
            "pending": None if head.pending is None else [head.pending.count, head.pending.hash],
        }
        content["seal"] = seal(content, self.key)
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, partial = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(content, out)
                out.flush()
                if durable:
                    os.fsync(out.fileno())
            os.replace(partial, self.path)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise

    def _locked(self) -> Any:
        from filelock import FileLock

        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        return FileLock(self.path.with_name(self.path.name + ".lock"), timeout=LOCK_TIMEOUT_S)

    # -- a transaction that adds entries ----------------------------------------------------

    def prepare(self, span: Span, *, accept: bool = False) -> None:
        """Before the commit: note the new end as pending, if the chain was where the head says
        (or ``accept``: the person accepts the trail as it is). A failure to write is left for the next
        open to report: the advocate's work is not refused for it."""
        from filelock import Timeout

        with suppress(OSError, Timeout), self._locked():
            try:
                head = self.read()
            except Damaged:
                return  # kept as found: it goes on being reported
            if head is None or accept or head.holds(span.before):
                self.write(Head(span.before, span.after))

    def settle(self, span: Span) -> None:
        """After the commit: the pending end is the committed one (unless a later writer moved on already)."""
        from filelock import Timeout

        with suppress(OSError, Timeout), self._locked():
            try:
                head = self.read()
            except Damaged:
                return
            if head is not None and head.pending == span.after:
                self.write(Head(span.after, None), durable=False)

    # -- checking --------------------------------------------------------------------------

    def problem(self, end: Point, hash_of: Callable[[int], str | None]) -> str | None:
        """Why the chain ending at ``end`` is not the one the head vouches for, in one sentence, or None.
        ``hash_of(n)`` is the hash of the chain's entry ``n`` (None if there is none). With no head yet,
        one is started from the chain as it is, and said so when the chain is not empty."""
        try:
            head = self.read()
        except Damaged:
            return f"The audit head {self.path} was edited or damaged (its seal does not match): it cannot vouch for the trail."
        if head is None:
            with suppress(OSError):
                self.write(Head(end, None))
            if end.count == 0:
                return None
            return (
                f"No audit head was kept for this database (first use, or its file {self.path} was removed): "
                f"one is kept from now on, from entry {end.count}."
            )
        if head.holds(end):
            return None
        known = head.committed
        if end.count == 0:
            return f"The audit trail is gone: it had reached entry {known.count} and now has no entries."
        if end.count < known.count:
            return (
                f"The audit trail ends at entry {end.count} but had reached entry {known.count}: entries were cut "
                "off its end, or an older copy of the database was put back."
            )
        if known.count and hash_of(known.count) != known.hash:
            return (
                f"Entry {known.count} of the audit trail is not the one this program recorded (its hash differs): "
                "the trail was rewritten."
            )
        extra = end.count - known.count
        return (
            f"The audit trail has {extra} entr{'y' if extra == 1 else 'ies'} after entry {known.count} that this "
            "program did not record: added by hand, or by a program stopped before it could note them."
        )

    def rekeyed(self, key: DatabaseKey | None) -> None:
        """Seal the head again with the database's new key (after encrypting it or changing its passphrase)."""
        with suppress(Damaged, OSError):
            head = self.read()
            if head is not None:
                AuditHead(self.database, key).write(head)


def carry(source: Path, destination: Path, key: DatabaseKey | None) -> None:
    """Give the copy ``destination`` of the database ``source`` a head of its own: the chain's end as copied,
    provided the source's head vouches for it (a copy of a trail already in doubt carries no head)."""
    try:
        head = AuditHead(source, key).read()
    except Damaged:
        return
    known = head.committed if head is not None else START  # a trail not begun yet vouches for an empty one
    try:
        with closing(connect(destination, key)) as connection:
            last = connection.execute("SELECT id, hash FROM audit_entry ORDER BY id DESC LIMIT 1").fetchone()
            row = connection.execute("SELECT hash FROM audit_entry WHERE id = ?", (known.count,)).fetchone()
    except driver_errors():
        return  # no trail in the copy (a database from before it)
    end = Point(last[0], last[1]) if last else START
    if head is None:
        vouched = end == START
    else:
        extends = end.count >= known.count and (row[0] if row else START.hash) == known.hash
        vouched = head.holds(end) or extends
    if vouched:
        with suppress(OSError):
            AuditHead(destination, key).write(Head(end, None))


def forget(database: Path) -> None:
    """Remove the head file (and its lock) of a database file that is gone: a rotated-off or working copy."""
    path = head_file(database)
    for item in (path, path.with_name(path.name + ".lock")):
        item.unlink(missing_ok=True)
