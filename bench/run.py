"""Benchmarks at a whole county service's scale (20,000 cases), against the targets of issue 7.

    python bench/run.py [--db URL] [--cases N] [--work DIR] [--rebuild] [--out FILE] [--baseline FILE]

Builds the data set once (``advocate demo`` plus one case with 2,000 incidents and 1,000 notes) and
reuses it while it holds the same number of cases; then prints a table and writes it as JSON. The
program runs in an isolated home under ``--work`` (config, data, documents, a stand-in keyring),
never on the person's own. ``--baseline`` compares with an earlier run's JSON (PostgreSQL should be
within 2x of SQLite).
"""

import argparse
import compileall
import json
import os
import platform
import sqlite3
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from common import BENCH_DIR, Figure, isolate, median, table

if TYPE_CHECKING:
    import dataset
from sqlalchemy.engine import make_url

#: PostgreSQL's figures should be within this of SQLite's (``--baseline``: an earlier SQLite run).
POSTGRES_WITHIN = 2.0
#: The time to interactive may differ this much between 20,000 cases and 375 (the same open cases).
CLOSED_CASES_TOLERANCE = 1.15


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", help="Database URL (default: a SQLite file under --work).")
    parser.add_argument("--cases", type=int, default=20_000, help="Fictional cases in the data set.")
    parser.add_argument(
        "--work",
        type=Path,
        default=Path(tempfile.gettempdir()) / "advocate-bench",
        help="Folder for the SQLite files and the isolated home.",
    )
    parser.add_argument("--rebuild", action="store_true", help="Build the data sets again even if they are there.")
    parser.add_argument("--out", type=Path, help="JSON file to write (default: bench/results-<backend>.json).")
    parser.add_argument("--baseline", type=Path, help="An earlier run's JSON to compare with.")
    return parser.parse_args()


def _build_record(work: Path, url: str, built_in: float | None) -> float | None:
    """How long the data set took to build: now, or when it was built (remembered under ``work``)."""
    record = work / "builds.json"
    builds = json.loads(record.read_text()) if record.exists() else {}
    if built_in is not None:
        builds[url] = built_in
        record.write_text(json.dumps(builds, indent=2))
    return builds.get(url)


def measure(url: str, cases: int, work: Path, rebuild: bool) -> list[Figure]:
    import dataset

    data = dataset.prepare(url, cases, rebuild=rebuild)
    small = dataset.prepare(dataset.sibling(url, "small"), dataset.SMALL_CASES, rebuild=rebuild, big=False)
    built = _build_record(work, url, data.built_in)
    figures = (
        [Figure("build", f"Demo data: {cases:,} cases", built, "s", 120.0, "`advocate demo --cases N`")]
        if built
        else []
    )
    figures += _quick_entry(data, rebuild)
    figures += _application(data, small)
    return figures + _services(data, work)


def _quick_entry(data: "dataset.DataSet", rebuild: bool) -> list[Figure]:
    import dataset
    import measures

    targets = [("quick_entry", "1. Quick entry vs floor", data.url)]
    if data.url.startswith("sqlite"):
        targets.append(
            (
                "quick_entry_encrypted",
                "1. Quick entry, encrypted, key remembered",
                dataset.encrypted_copy(data, rebuild=rebuild),
            )
        )
    figures = []
    for key, label, url in targets:
        quick = measures.quick_entry(url, data.open_reference)
        figures.append(
            Figure(
                key,
                label,
                quick.ratio,
                "x",
                1.3,
                f"`advocate note` {median(quick.note) * 1000:.0f} ms, "
                f"floor {median(quick.floor) * 1000:.0f} ms (medians of {len(quick.note)}, taken in turns)",
            )
        )
    return figures


def _application(data: "dataset.DataSet", small: "dataset.DataSet") -> list[Figure]:
    import dataset
    import measures
    import tui

    probes = [measures.tui_process(data.url, data.big_reference) for _ in range(5)]
    small_probes = [measures.tui_process(small.url) for _ in range(5)]
    seen = tui.measure(data.url, data.big_reference)
    whole = median([p.interactive for p in probes])
    return [
        Figure(
            "tti_process",
            "2. Time to interactive caseload (process)",
            whole,
            "s",
            1.0,
            f"start to {seen.rows} open cases shown and a key handled; median of {len(probes)}",
        ),
        Figure(
            "tti_run_test",
            "2. Time to interactive caseload (run_test)",
            median(seen.interactive),
            "s",
            1.0,
            "in-process `App.run_test()`, imports done",
        ),
        Figure(
            "tti_closed_cases",
            f"2. Same, {data.cases:,} cases vs {dataset.SMALL_CASES}",
            whole / median([p.interactive for p in small_probes]),
            "x",
            CLOSED_CASES_TOLERANCE,
            f"both have {seen.rows} open cases",
        ),
        Figure(
            "filter_median",
            "3. Filter keystroke, median",
            median(seen.keystrokes) * 1000,
            "ms",
            50.0,
            f"key to painted table, {len(seen.keystrokes)} keys, {tui.SIZE[0]}x{tui.SIZE[1]} terminal",
        ),
        Figure("filter_worst", "3. Filter keystroke, worst", max(seen.keystrokes) * 1000, "ms", 100.0),
        Figure(
            "case_open_tui",
            "4. Open the big case (application)",
            median(seen.case_open) * 1000,
            "ms",
            200.0,
            "2,000 incidents, 1,000 notes: open to painted header and Overview tab",
        ),
        Figure(
            "incidents_tab",
            "4. Then its Incidents tab",
            median(seen.incidents_tab) * 1000,
            "ms",
            None,
            "pressed at once: waits for the log, read after; 2,000 rows",
        ),
        Figure(
            "notes_tab",
            "4. Then its Notes tab",
            median(seen.notes_tab) * 1000,
            "ms",
            None,
            "1,000 notes, made when first shown",
        ),
        Figure(
            "rss",
            "7. Peak RSS of the application",
            max(p.rss_mb for p in probes),
            "MB",
            250.0,
            f"all {probes[0].cases:,} cases listed, the big case open",
        ),
    ]


def _services(data: "dataset.DataSet", work: Path) -> list[Figure]:
    import measures

    times, first_day = measures.report(data.url)
    made = measures.letters(data.url)
    evidence = measures.evidence_file(work)
    return [
        Figure(
            "case_open_service",
            "4. Open the big case (service)",
            median(measures.case_open(data.url, data.big_reference)) * 1000,
            "ms",
            200.0,
            "`casework.cases.get_case`",
        ),
        Figure(
            "report",
            f"5. Commissioner report, {first_day.year}",
            median(times),
            "s",
            1.0,
            "counted and rendered as Markdown",
        ),
        Figure(
            "letters",
            f"6. {made.count} letters to .docx",
            made.total,
            "s",
            5.0,
            f"drafted, converted, saved, recorded; conversion alone {made.docx_only:.2f} s",
        ),
        Figure(
            "evidence_rss",
            "8. A 200 MB evidence file kept and written out, peak RSS",
            evidence.rss_mb,
            "MB",
            150.0,
            f"its own process and SQLite file; kept in {evidence.add:.1f} s, written out in {evidence.export:.1f} s",
        ),
    ]


def _hide_password(argument: str) -> str:
    return make_url(argument).render_as_string(hide_password=True) if "://" in argument else argument


def _baseline(path: Path) -> dict[str, float]:
    return {f["key"]: f["value"] for f in json.loads(path.read_text())["figures"]}


def main() -> None:
    arguments = _arguments()
    work = arguments.work.resolve()
    isolate(work)
    # Installed, the package's bytecode is compiled; from a checkout under PYTHONDONTWRITEBYTECODE it
    # would be compiled again by every process timed.
    compileall.compile_dir(BENCH_DIR.parent / "advocate_tui", quiet=1)
    url = arguments.db or f"sqlite:///{work / 'sqlite' / 'bench.db'}"
    backend = url.split(":", 1)[0].split("+", 1)[0]
    load_before = os.getloadavg()
    figures = measure(url, arguments.cases, work, arguments.rebuild)
    baseline = _baseline(arguments.baseline) if arguments.baseline else {}
    machine = {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
        "load_average_before": load_before,
        "load_average_after": os.getloadavg(),
    }
    out = arguments.out or BENCH_DIR / f"results-{backend}.json"
    command = " ".join(["python bench/run.py", *(_hide_password(a) for a in sys.argv[1:])])
    out.write_text(
        json.dumps(
            {
                "command": command,
                "backend": backend,
                "cases": arguments.cases,
                "machine": machine,
                "figures": [
                    {**f.as_json(), "vs_baseline": f.value / baseline[f.key] if baseline.get(f.key) else None}
                    for f in figures
                ],
            },
            indent=2,
        )
        + "\n"
    )
    print(table(figures, baseline, POSTGRES_WITHIN))
    print(
        f"\nWritten to {out}. Load average (1 min) {load_before[0]:.1f} before, "
        f"{machine['load_average_after'][0]:.1f} after, on {machine['cpus']} CPUs."
    )


if __name__ == "__main__":
    main()
