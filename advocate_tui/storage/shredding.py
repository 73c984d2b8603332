"""Removing files of case data so their contents do not stay on the disk (as far as the disk allows)."""

import os
from pathlib import Path

CHUNK = 64 * 1024


def shred(path: Path) -> None:
    """Overwrite a file with zeros before removing it (on SSDs and copy-on-write disks, a best effort)."""
    size = path.stat().st_size
    with path.open("r+b") as handle:
        for start in range(0, size, CHUNK):
            handle.write(bytes(min(CHUNK, size - start)))
        handle.flush()
        os.fsync(handle.fileno())
    path.unlink()


def shred_folder(folder: Path) -> list[str]:
    """Shred every file under ``folder`` and remove its folders; what could not be removed, in sentences.
    An export written as one file (an evidence pack's zip) is shredded itself."""
    if folder.is_file() and not folder.is_symlink():
        try:
            shred(folder)
        except OSError as exc:
            return [f"{folder} could not be removed ({exc.strerror}): delete it by hand."]
        return []
    problems = []
    for item in sorted(folder.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        try:
            if item.is_symlink():
                item.unlink()  # the link only: what it points to is not part of the export
            elif item.is_dir():
                item.rmdir()
            else:
                shred(item)
        except OSError as exc:
            problems.append(f"{item} could not be removed ({exc.strerror}): delete it by hand.")
    try:
        folder.rmdir()
    except OSError as exc:
        problems.append(f"{folder} could not be removed ({exc.strerror}): delete it by hand.")
    return problems
