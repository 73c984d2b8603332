"""The command line starts quickly: heavy libraries load only in the commands that need them."""

import json
import os
import subprocess
import sys
from pathlib import Path

HEAVY = ("textual", "jinja2", "pygal")
#: A program that runs one ``advocate`` command (``db``, ``args``) and fails if it fails.
RUN = (
    "from advocate_tui.cli.main import main\nimport sys\n"
    "sys.argv = ['advocate', '--db', {db!r}, *{args!r}]\n"
    "try:\n    main()\nexcept SystemExit as exit:\n    assert not exit.code, exit.code\n"
)


def loaded_after(code: str, env_home: Path) -> set[str]:
    """The top-level packages a fresh interpreter has loaded after running ``code``."""
    program = f"{code}\nimport sys, json\nprint(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}})))"
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(env_home),
        "XDG_CONFIG_HOME": str(env_home / "config"),
        "XDG_DATA_HOME": str(env_home / "data"),
        "USER": "test-advocate",
        "ADVOCATE_NO_ENCRYPT": "1",
        "PYTHONPATH": os.environ.get("PYTHONPATH", ""),  # the code under test, where it is not the installed one
    }
    output = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, env=env, check=True).stdout
    return set(json.loads(output.splitlines()[-1]))


def test_importing_the_cli_does_not_import_textual_or_jinja(isolated_home: Path) -> None:
    loaded = loaded_after("import advocate_tui.cli.main", isolated_home)
    assert "typer" in loaded
    assert not loaded & {*HEAVY, "alembic", "dateparser"}


def test_quick_entry_commands_do_not_load_the_application(isolated_home: Path, tmp_path: Path) -> None:
    database = tmp_path / "cases.db"
    loaded_after(RUN.format(db=str(database), args=["case", "new", "Jo Example"]), isolated_home)
    loaded = loaded_after(RUN.format(db=str(database), args=["note", "STK-2026-0001", "Called"]), isolated_home)
    assert not loaded & set(HEAVY)
    assert "alembic" not in loaded  # the schema was current, so no migration machinery


def test_only_the_html_report_loads_the_chart_library(isolated_home: Path, tmp_path: Path) -> None:
    database = tmp_path / "cases.db"
    loaded_after(RUN.format(db=str(database), args=["case", "new", "Jo Example"]), isolated_home)
    period = ["report", "--from", "2026-01-01", "--to", "2026-12-31"]
    for form in ("md", "csv"):
        loaded = loaded_after(RUN.format(db=str(database), args=[*period, "--format", form]), isolated_home)
        assert "pygal" not in loaded, form
    loaded = loaded_after(RUN.format(db=str(database), args=[*period, "--format", "html"]), isolated_home)
    assert "pygal" in loaded
