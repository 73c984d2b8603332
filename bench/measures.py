"""The measurements that are not the terminal application's: quick entry, case open, report, letters, memory."""

import subprocess
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from common import ADVOCATE, BENCH_DIR, PYTHON, median, wall
from dataset import casework

from advocate_tui.output.letters.context import MissingDataError
from advocate_tui.output.letters.documents import draft, save
from advocate_tui.output.letters.templates import available
from advocate_tui.output.report_formats import render
from advocate_tui.rules import clock

FLOOR = [PYTHON, "-c", "import sqlmodel, typer"]


@dataclass(frozen=True)
class QuickEntry:
    note: list[float]
    floor: list[float]

    @property
    def ratio(self) -> float:
        return median(self.note) / median(self.floor)


def quick_entry(url: str, reference: str, runs: int = 15) -> QuickEntry:
    """``advocate note REF "…"`` as a whole process, beside the bare interpreter floor, taken in turns.

    One run of each first, not counted: it pays for the day's first backup and a cold page cache.
    """
    note = [ADVOCATE, "--db", url, "note", reference, "Benchmark note: called, no answer."]
    wall(note)
    wall(FLOOR)
    notes, floors = [], []
    for _ in range(runs):
        notes.append(wall(note))
        floors.append(wall(FLOOR))
    return QuickEntry(notes, floors)


def case_open(url: str, reference: str, runs: int = 10) -> list[float]:
    """``casework.cases.get_case`` of the big case (after one to warm up)."""
    work = casework(url)
    try:
        work.cases.get_case(reference)
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            work.cases.get_case(reference)
            times.append(time.perf_counter() - start)
        return times
    finally:
        work.db.dispose()


def report(url: str, runs: int = 5) -> tuple[list[float], date]:
    """The commissioner's report for last calendar year, counted and rendered as Markdown."""
    year = clock.today().year - 1
    work = casework(url)
    try:
        times = []
        for _ in range(runs + 1):
            start = time.perf_counter()
            render(work.reports.report(date(year, 1, 1), date(year, 12, 31)), "md", 5)
            times.append(time.perf_counter() - start)
        return times[1:], date(year, 1, 1)
    finally:
        work.db.dispose()


@dataclass(frozen=True)
class Letters:
    total: float
    docx_only: float
    count: int


def letters(url: str, count: int = 100) -> Letters:
    """``count`` letters drafted and saved as .docx over the open cases (each template in turn), as
    ``advocate letter`` makes them; also the time of the .docx conversions alone."""
    work = casework(url)
    templates = list(available().values())
    try:
        chosen = []
        for number, row in enumerate(work.cases.list_cases()):
            for offset in range(len(templates)):
                template = templates[(number + offset) % len(templates)]
                try:
                    chosen.append((row.reference, template, draft(work, row.reference, template)))
                    break
                except MissingDataError:
                    continue
            if len(chosen) == count:
                break
        with tempfile.TemporaryDirectory() as folder:
            start = time.perf_counter()
            for reference, template, _ in chosen:
                save(work, draft(work, reference, template), "docx", out=Path(folder))
            total = time.perf_counter() - start
        start = time.perf_counter()
        for _, _template, made in chosen:
            made.file("docx")
        return Letters(total, time.perf_counter() - start, len(chosen))
    finally:
        work.db.dispose()


@dataclass(frozen=True)
class Probe:
    interactive: float
    rss_mb: float
    cases: int


def tui_process(url: str, memory_reference: str | None = None) -> Probe:
    """The application as a whole process (see tui_probe.py): seconds to interactive, peak RSS."""
    command = [PYTHON, str(BENCH_DIR / "tui_probe.py"), url]
    if memory_reference is not None:
        command += ["--memory", memory_reference]
    ready = None
    values: dict[str, float] = {}
    with tempfile.TemporaryFile("w+") as errors:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors, text=True)
        assert process.stdout is not None
        for line in process.stdout:
            name, *rest = line.split()
            if name == "interactive":
                ready = time.perf_counter() - start
            elif rest:
                values[name] = float(rest[0])
        if process.wait() or ready is None:
            errors.seek(0)
            raise RuntimeError(f"the application probe failed: {errors.read()}")
    return Probe(ready, values["rss"] / 1024, int(values.get("cases", 0)))


@dataclass(frozen=True)
class EvidenceRun:
    add: float
    export: float
    rss_mb: float


def evidence_file(work: Path, mebibytes: int = 200) -> EvidenceRun:
    """Keeping and writing out one ``mebibytes`` file in a process of its own (see evidence_probe.py)."""
    done = subprocess.run(
        [PYTHON, str(BENCH_DIR / "evidence_probe.py"), str(work / "evidence"), "--mb", str(mebibytes)],
        capture_output=True,
        text=True,
        check=True,
    )
    values = {name: float(value) for name, value in (line.split() for line in done.stdout.splitlines())}
    return EvidenceRun(values["add"], values["export"], values["rss"] / 1024)
