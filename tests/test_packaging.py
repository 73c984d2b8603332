"""What an installed copy needs follows the code wherever it moves: data files, the entry point."""

import tomllib
from fnmatch import fnmatch
from importlib.metadata import entry_points
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "advocate_tui"


def _globbed(name: str, pattern: str) -> bool:
    """Whether setuptools' glob ``pattern`` takes the file ``name`` (a ``*`` stays within one folder)."""
    parts, wanted = name.split("/"), pattern.split("/")
    return len(parts) == len(wanted) and all(fnmatch(part, glob) for part, glob in zip(parts, wanted, strict=True))


def test_every_file_the_package_reads_is_installed_with_it() -> None:
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"][
        "advocate_tui"
    ]
    data = [
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*")
        if path.is_file() and path.suffix not in {".py", ".pyc"} and "__pycache__" not in path.parts
    ]
    assert data, "the package has data files (templates, checklists, the stylesheet)"
    assert [name for name in data if not any(_globbed(name, pattern) for pattern in patterns)] == []


def test_the_console_script_names_the_cli_entry_point() -> None:
    [script] = [e for e in entry_points(group="console_scripts") if e.name == "advocate"]
    assert script.value == "advocate_tui.cli.main:main"
    assert callable(script.load())
