"""What the benchmark's parts share: an isolated home, running the program, and the figures."""

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PYTHON = sys.executable
ADVOCATE = str(Path(sys.executable).with_name("advocate"))
#: Variables that would point the program at someone's real database, config or passphrase.
CLEARED = ("ADVOCATE_DB", "ADVOCATE_CONFIG", "ADVOCATE_PASSPHRASE", "ADVOCATE_NEW_PASSPHRASE", "PYTHON_KEYRING_BACKEND")


def isolate(work: Path) -> None:
    """Point config, data, documents and the keyring of this process (and its children) under ``work``."""
    home = work / "home"
    for variable, folder in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_DOCUMENTS_DIR", "documents"),
    ):
        (home / folder).mkdir(parents=True, exist_ok=True)
        os.environ[variable] = str(home / folder)
    for variable in CLEARED:
        os.environ.pop(variable, None)
    os.environ["ADVOCATE_NO_ENCRYPT"] = "1"  # the data set is fictional
    keyring_config = home / "config" / "python_keyring" / "keyringrc.cfg"
    keyring_config.parent.mkdir(exist_ok=True)
    keyring_config.write_text(f"[backend]\ndefault-keyring = bench_keyring.FileKeyring\nkeyring-path = {BENCH_DIR}\n")


def advocate(*args: str, env: dict[str, str] | None = None) -> str:
    """Run the ``advocate`` command; its output, or an error naming what failed."""
    done = subprocess.run([ADVOCATE, *args], capture_output=True, text=True, env=env)
    if done.returncode:
        raise RuntimeError(f"advocate {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout


def wall(command: Sequence[str], env: dict[str, str] | None = None) -> float:
    """Seconds a whole process takes, from starting it to its exit."""
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    elapsed = time.perf_counter() - start
    if done.returncode:
        raise RuntimeError(f"{' '.join(command)} failed: {done.stderr.strip()}")
    return elapsed


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


@dataclass(frozen=True)
class Figure:
    """One measured figure, its target (met when the value is at most the target) and how it was taken."""

    key: str
    label: str
    value: float
    unit: str  # "ms", "s", "MB" or "x" (a ratio)
    target: float | None = None
    detail: str = ""

    @property
    def met(self) -> bool | None:
        return None if self.target is None else self.value <= self.target

    def shown(self, amount: float) -> str:
        if self.unit == "x":
            return f"{amount:.2f}x"
        if self.unit == "MB":
            return f"{amount:.0f} MB"
        return f"{amount:.0f} ms" if self.unit == "ms" else f"{amount:.2f} s"

    def as_json(self) -> dict[str, object]:
        return {**asdict(self), "met": self.met}


def table(figures: Sequence[Figure], baseline: dict[str, float], within: float) -> str:
    """The figures as a Markdown table (it reads as plain text too); with a baseline, how each compares."""
    heading = ("Measure", "Result", "Target", "Met", *(("vs baseline",) if baseline else ()), "How")
    rows = [heading]
    for f in figures:
        compared = ()
        if baseline:
            ratio = f.value / baseline[f.key] if baseline.get(f.key) else None
            compared = ("-" if ratio is None else f"{ratio:.2f}x{'' if ratio <= within else ' (NO)'}",)
        rows.append(
            (
                f.label,
                f.shown(f.value),
                "-" if f.target is None else f"≤ {f.shown(f.target)}",
                {True: "yes", False: "NO", None: "-"}[f.met],
                *compared,
                f.detail,
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(heading))]
    lines = ["| " + " | ".join(cell.ljust(width) for cell, width in zip(row, widths)) + " |" for row in rows]
    lines.insert(1, "|" + "|".join("-" * (width + 2) for width in widths) + "|")
    return "\n".join(lines)
