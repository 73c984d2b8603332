"""Keeping and writing out one large evidence file, as a process of its own: prints the seconds each took
and the process's peak RSS in KB (the memory a 200 MB file costs, not the data set's).

    python bench/evidence_probe.py FOLDER [--mb 200]

In FOLDER (left empty again): a new SQLite file with one case and incident, a file of MB mebibytes
written in pieces, kept with ``casework.evidence.add`` and written out with ``casework.evidence.export``,
whose copy is compared with the original by SHA-256.
"""

import argparse
import hashlib
import resource
import shutil
import time
from pathlib import Path

from advocate_tui.db import open_database
from advocate_tui.services.casework import Casework


def _file(path: Path, mebibytes: int) -> str:
    digest = hashlib.sha256()
    with path.open("wb") as out:
        for number in range(mebibytes):
            piece = hashlib.sha256(str(number).encode()).digest() * (1024 * 1024 // 32)
            digest.update(piece)
            out.write(piece)
    return digest.hexdigest()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while piece := stream.read(1024 * 1024):
            digest.update(piece)
    return digest.hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--mb", type=int, default=200)
    arguments = parser.parse_args()
    folder = arguments.folder
    folder.mkdir(parents=True, exist_ok=True)
    try:
        original = folder / "doorbell-camera.mp4"
        expected = _file(original, arguments.mb)
        database = open_database(f"sqlite:///{folder / 'evidence.db'}")
        casework = Casework(database, user="Bench Advocate", areas=("City",))
        reference = casework.cases.create_case("Bench Client").reference
        casework.log.add_incident(reference, "Seen on the doorbell camera", "2026-11-01 21:30", ["loitering"])
        start = time.perf_counter()
        casework.evidence.add(reference, 1, [original])
        added = time.perf_counter() - start
        start = time.perf_counter()
        written = casework.evidence.export(reference, [], folder / "out")
        exported = time.perf_counter() - start
        assert _sha256(folder / "out" / written.files[0]) == expected
        database.dispose()
        print(f"add {added}")
        print(f"export {exported}")
        print(f"rss {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
