"""Writing a file the advocate names (a calendar, a report, an export): whole, private, and never onto
what is not ours.

The path must name an ordinary file or nothing yet: a folder, a device (``/dev/full``), a named pipe or a
socket, or a link to one of those or to nothing, is refused, even when replacing is allowed. An existing
file is replaced only when the caller says so (``--force``, or a yes in the application). The data goes
to a new temporary file beside the target (readable by the owner only), is flushed to the disk, and then
takes the target's name in one step: a rename to replace a file, a hard link to make a new one (so a file
that appeared meanwhile is refused, not lost). On any failure the temporary file is removed and the old
file is as it was.
"""

import os
import stat
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

from advocate_tui.rules.errors import InvalidInputError

#: What a file that is not an ordinary file or a folder is, by its type bits.
KINDS = {
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
    stat.S_IFIFO: "a named pipe",
    stat.S_IFSOCK: "a socket",
}


class TargetExists(InvalidInputError):
    """The file to write exists and replacing it was not asked for."""


def existing_files(paths: Iterable[Path]) -> list[Path]:
    """Those of ``paths`` that are ordinary files now (following links): the ones writing would replace."""
    return [path for path in paths if path.expanduser().is_file()]


def read_small_file(path: Path, limit: int, what: str) -> bytes:
    """The whole of ``path``, a file the person names to read (``what`` says what it should be): refused in one
    sentence if it is not an ordinary file (a folder, a device or a named pipe, which could block for ever), cannot
    be read, or is larger than ``limit`` bytes."""
    path = path.expanduser()
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise InvalidInputError(f"{path} is a folder: give the name of {what}.")
        if not stat.S_ISREG(mode):
            kind = KINDS.get(stat.S_IFMT(mode), "of another kind")
            raise InvalidInputError(f"{path} is not an ordinary file (it is {kind}): give the name of {what}.")
        with path.open("rb") as stream:
            data = stream.read(limit + 1)
    except OSError as exc:
        raise InvalidInputError(f"Cannot read {path} ({exc.strerror or exc}): check the name.") from None
    if len(data) > limit:
        raise InvalidInputError(f"{path} is larger than {limit // 1024:,} KB, too large for {what}.")
    return data


def make_folder(folder: Path) -> Path:
    """Make ``folder``, and each of its parents not there yet, readable by the owner only (a folder that exists is
    left as it is: it may be the person's own); one sentence if it cannot be made."""
    missing = [level for level in (folder, *folder.parents) if not level.exists()]
    try:
        for level in reversed(missing):
            level.mkdir(mode=0o700, exist_ok=True)
    except OSError as exc:
        raise InvalidInputError(f"Cannot make the folder {folder} ({exc.strerror}): choose another place.") from None
    return folder


def private_folder(folder: Path) -> Path:
    """Make a folder of the program's own (the reports folder, where the agenda is saved) as :func:`make_folder`
    does and, if it was there already (an earlier version made it readable by all), readable by the owner only."""
    make_folder(folder)
    try:
        folder.chmod(0o700)
    except OSError as exc:
        raise InvalidInputError(
            f"Cannot make the folder {folder} private ({exc.strerror}): check who owns it."
        ) from None
    return folder


def write_file(path: Path, data: bytes, *, replace: bool = False) -> Path:
    """Write ``data`` to ``path`` as described above; return the path written (a link's own path, as given)."""
    return write_stream(path, lambda stream: stream.write(data), replace=replace)


def write_stream(path: Path, fill: Callable[[BinaryIO], object], *, replace: bool = False) -> Path:
    """Write to ``path`` what ``fill`` writes into the temporary file it is handed (open for reading too, so
    ``fill`` may read back what it wrote to check it); an error raised by ``fill`` leaves nothing behind."""
    path = path.expanduser()
    target = _checked(path, replace=replace)
    try:
        handle, temporary = tempfile.mkstemp(prefix=".advocate-", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise _unwritable(path, exc) from None
    try:
        with os.fdopen(handle, "w+b") as stream:
            fill(stream)
            stream.flush()
            os.fsync(stream.fileno())
        _checked(path, replace=replace)  # nothing else took the name meanwhile
        if replace:
            os.replace(temporary, target)
        else:
            _put_new(temporary, target)
    except FileExistsError:
        raise _exists(path) from None
    except OSError as exc:
        raise _unwritable(path, exc) from None
    finally:
        if os.path.lexists(temporary):
            os.unlink(temporary)
    return path


def _put_new(temporary: str, target: Path) -> None:
    """Give ``temporary`` the name ``target``, which must not exist: a hard link refuses a file that appeared
    meanwhile. A disk without hard links (FAT or exFAT, as on many USB sticks) gets a rename after a last look."""
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise
    except OSError:
        if os.path.lexists(target):
            raise FileExistsError(target) from None
        os.replace(temporary, target)


def check_target(path: Path, *, replace: bool = False) -> Path:
    """Refuse, before anything is made, a ``path`` that :func:`write_file` would refuse; the file it would write."""
    return _checked(path.expanduser(), replace=replace)


def _checked(path: Path, *, replace: bool) -> Path:
    """The file to write for ``path`` (the file a link points to), after refusing what must not be written."""
    target = Path(os.path.realpath(path))  # never raises for a loop of links: stat says ELOOP
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        if path.is_symlink():
            raise _refused(path, f"is a link to {target}, which does not exist") from None
        if not target.parent.is_dir():
            raise InvalidInputError(f"The folder {path.parent} does not exist: create it or choose another.") from None
        return target
    except OSError as exc:
        raise _unwritable(path, exc) from None
    if stat.S_ISDIR(mode):
        raise _refused(path, "is a folder")
    if not stat.S_ISREG(mode):
        raise _refused(path, f"is not an ordinary file (it is {KINDS.get(stat.S_IFMT(mode), 'of another kind')})")
    if not replace:
        raise _exists(path)
    return target


def _refused(path: Path, what: str) -> InvalidInputError:
    return InvalidInputError(f"{path} {what}: give the name of a file to write.")


def _exists(path: Path) -> TargetExists:
    return TargetExists(f"{path} exists: choose another name.", topic="file-exists", path=str(path))


def _unwritable(path: Path, exc: OSError) -> InvalidInputError:
    return InvalidInputError(f"Cannot write {path} ({exc.strerror or exc}): choose another place.")
