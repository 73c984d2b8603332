"""Evidence files' bytes, kept in the database itself in chunks of a mebibyte, streamed in and out.

Kept in the database so they are encrypted when it is (SQLCipher), work the same on PostgreSQL, are in every
backup, go with their case when it is erased (its rows are deleted, then the file is compacted with
``secure_delete`` on), and are saved or not in the same transaction as their record. A file is never held in
memory whole: one chunk at a time is read, hashed and written, each way.

The file to keep is opened read-only, and only if it is an ordinary file (not a folder, device, pipe or
socket, nor a link to one), not empty and within the size allowed.
"""

import hashlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from advocate_tui.rules.errors import InvalidInputError
from advocate_tui.storage.files import KINDS
from advocate_tui.storage.models import EvidenceChunk
from advocate_tui.storage.orm import table_of

CHUNK_SIZE = 1024 * 1024
MIB = 1024 * 1024


@dataclass
class Source:
    """A file to keep, checked and open for reading."""

    path: Path
    stream: BinaryIO
    size: int

    def close(self) -> None:
        self.stream.close()

    def __enter__(self) -> "Source":
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def open_source(path: Path, max_bytes: int) -> Source:
    """``path`` opened read-only after the checks above; one sentence for each refusal."""
    shown = str(path)
    try:
        _refuse_kind(shown, os.stat(path).st_mode)  # before opening: opening a device or pipe can do things
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise InvalidInputError(f"There is no file {shown}: check the path.") from None
    except OSError as exc:
        raise InvalidInputError(f"Cannot read {shown} ({exc.strerror or exc}): check the path.") from None
    stream = os.fdopen(descriptor, "rb", buffering=0)
    try:
        status = os.fstat(descriptor)  # the file opened, whatever the name points to now
        _refuse_kind(shown, status.st_mode)
        if status.st_size == 0:
            raise InvalidInputError(f"{shown} is empty: there is nothing in it to keep as evidence.")
        if status.st_size > max_bytes:
            raise InvalidInputError(
                f"{shown} is {status.st_size / MIB:,.0f} MB, over the {max_bytes // MIB:,} MB an evidence file may be: "
                "keep it elsewhere, or raise max_mb in the [evidence] settings."
            )
    except BaseException:
        stream.close()
        raise
    return Source(path, stream, status.st_size)


def _refuse_kind(shown: str, mode: int) -> None:
    """Refuse what is not an ordinary file: a folder, a device, a named pipe, a socket."""
    if stat.S_ISREG(mode):
        return
    what = "a folder" if stat.S_ISDIR(mode) else KINDS.get(stat.S_IFMT(mode), "of another kind")
    raise InvalidInputError(
        f"{shown} is not an ordinary file (it is {what}): give the path of a file to keep as evidence."
    )


def store(connection: Connection, evidence_id: int, source: Source) -> str:
    """Copy ``source`` into the chunks of ``evidence_id``; its SHA-256. A file whose size changed while it was
    read is refused (the caller's transaction then keeps none of it)."""
    chunks = table_of(EvidenceChunk)
    digest = hashlib.sha256()
    size = 0
    seq = 0
    while piece := source.stream.read(CHUNK_SIZE):
        digest.update(piece)
        size += len(piece)
        connection.execute(insert(chunks).values(evidence_id=evidence_id, seq=seq, data=piece))
        seq += 1
    if size != source.size:
        raise InvalidInputError(f"{source.path} changed while it was being read: keep it again once it is complete.")
    return digest.hexdigest()


def chunks_of(connection: Connection, evidence_id: int) -> Iterator[bytes]:
    """The stored bytes of ``evidence_id``, chunk by chunk in order (one chunk in memory at a time, on SQLite
    and PostgreSQL alike: each is read by its own query)."""
    chunks = table_of(EvidenceChunk)
    ids = connection.execute(
        select(chunks.c.id).where(chunks.c.evidence_id == evidence_id).order_by(chunks.c.seq)
    ).scalars()
    for chunk_id in list(ids):
        yield connection.execute(select(chunks.c.data).where(chunks.c.id == chunk_id)).scalar_one()


@dataclass(frozen=True)
class Check:
    """What the stored bytes of one file hash to, and how many there are."""

    sha256: str
    size: int


def check(connection: Connection, evidence_id: int) -> Check:
    digest = hashlib.sha256()
    size = 0
    for piece in chunks_of(connection, evidence_id):
        digest.update(piece)
        size += len(piece)
    return Check(digest.hexdigest(), size)
