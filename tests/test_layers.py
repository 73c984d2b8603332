"""The house's layout holds: imports only go down (import-linter's contracts in pyproject.toml, shown to
bite), no import cycle at import time, no face reaching into a service's privates, small service classes."""

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "advocate_tui"
ROOT = PACKAGE.parent
#: The longest a class in ``services`` may be, in lines.
SERVICE_CLASS_LINES = 250


def modules() -> dict[str, Path]:
    """Every module of the package by dotted name (the migration scripts aside: Alembic loads them)."""
    found = {}
    for path in PACKAGE.rglob("*.py"):
        if "versions" in path.parts:
            continue
        parts = path.relative_to(ROOT).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    """import-linter over the package found at ``tree``, with the project's contracts."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())",
            str(ROOT / "pyproject.toml"),
            "--no-cache",
            "--no-logo",
        ],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_import_contracts_hold() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("module", "source", "broken"),
    [
        ("screens/leak.py", "import sqlalchemy\n", "advocate_tui.screens.leak -> sqlalchemy"),
        ("cli/leak.py", "from sqlmodel import select\n", "advocate_tui.cli.leak -> sqlmodel"),
        ("services/leak.py", "import textual\n", "advocate_tui.services.leak -> textual"),
        ("storage/leak.py", "import jinja2\n", "advocate_tui.storage.leak -> jinja2"),
        (
            "rules/leak.py",
            "from advocate_tui.services import casework\n",
            "advocate_tui.rules.leak -> advocate_tui.services.casework",
        ),
        ("rules/disk.py", "import sqlite3\n", "advocate_tui.rules.disk -> sqlite3"),
        (
            "services/upward.py",
            "from advocate_tui.screens import caseload\n",
            "advocate_tui.services.upward -> advocate_tui.screens.caseload",
        ),
        (
            "screens/shell.py",
            "from advocate_tui.cli import common\n",
            "advocate_tui.screens.shell -> advocate_tui.cli.common",
        ),
        ("cli/cases_extra.py", "from advocate_tui.cli import log\n", None),  # not a listed command module: allowed
        ("cli/plan.py", "from advocate_tui.cli import log\n", "advocate_tui.cli.plan -> advocate_tui.cli.log"),
    ],
)
def test_the_contracts_bite(tmp_path: Path, module: str, source: str, broken: str | None) -> None:
    """A copy of the package with one forbidden import added fails the contracts, naming that import."""
    copy = tmp_path / "advocate_tui"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    target = copy / module
    target.write_text((target.read_text() if target.exists() else "") + source)
    result = lint_imports(tmp_path)
    if broken is None:
        assert result.returncode == 0, result.stdout
    else:
        assert result.returncode != 0
        assert broken in result.stdout, result.stdout


def _top_level_imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The package's modules ``name`` imports when it is itself imported (not in functions, nor for type checkers)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def visit(nodes: list[ast.stmt]) -> None:
        for node in nodes:
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                continue
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join(
                        package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else [])
                    )
                found.add(base)
                found.update(f"{base}.{alias.name}" for alias in node.names)
            elif isinstance(node, (ast.If, ast.Try, ast.With)):
                visit(
                    [
                        *node.body,
                        *getattr(node, "orelse", []),
                        *getattr(node, "finalbody", []),
                        *(s for h in getattr(node, "handlers", []) for s in h.body),
                    ]
                )

    visit(tree.body)
    return {module for module in found if module in known and module != name}


def test_no_import_cycle_at_import_time() -> None:
    """Importing any module never comes back to one still being imported (the CLI included)."""
    graph = {name: _top_level_imports(name, path, set(modules())) for name, path in modules().items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def strongly_connect(node: str) -> None:  # Tarjan's algorithm
        index[node] = low[node] = len(index)
        stack.append(node)
        for following in graph[node]:
            if following not in index:
                strongly_connect(following)
                low[node] = min(low[node], low[following])
            elif following in stack:
                low[node] = min(low[node], index[following])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 5000))
    for node in graph:
        if node not in index:
            strongly_connect(node)
    # A package's __init__ importing its own submodules is not a cycle of ours: none of ours does.
    assert cycles == []


def _service_privates() -> set[str]:
    """Names beginning with one underscore defined in the services (methods, attributes, functions)."""
    names = set()
    for path in (PACKAGE / "services").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, (ast.FunctionDef, ast.ClassDef))
                and node.name.startswith("_")
                and not node.name.startswith("__")
            ):
                names.add(node.name)
            elif (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "self"
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
            ):
                names.add(node.attr)
    return names


def test_nothing_outside_the_services_touches_their_privates() -> None:
    privates = _service_privates()
    reached = []
    for name, path in modules().items():
        if name.startswith("advocate_tui.services"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("advocate_tui.services"):
                reached += [f"{name}: imports {alias.name}" for alias in node.names if alias.name.startswith("_")]
            elif (
                isinstance(node, ast.Attribute)
                and node.attr in privates
                and not (isinstance(node.value, ast.Name) and node.value.id in {"self", "cls"})
            ):
                reached.append(f"{name}:{node.lineno}: .{node.attr}")
    assert reached == []


def test_the_test_for_privates_would_see_a_reach() -> None:
    """The check above finds what it looks for: the services do have privates, e.g. the alerts' query."""
    assert "_alerts_where" in _service_privates()


def test_every_class_in_the_services_is_small() -> None:
    long = []
    for path in (PACKAGE / "services").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and node.end_lineno - node.lineno + 1 > SERVICE_CLASS_LINES:
                long.append(f"{path.name}: {node.name} has {node.end_lineno - node.lineno + 1} lines")
    assert long == []


#: A command-line option (``--days``) or command (`` `advocate …` ``) named in a sentence.
FACE_WORDS = re.compile(r"(?<![\w-])--[a-z]|`advocate\b")
#: A lone option is an argument given to another program (LibreOffice's ``--headless``), not a sentence.
ANOTHER_PROGRAMS_OPTION = re.compile(r"--[a-z][a-z-]*")


def _sentences(path: Path) -> list[tuple[int, str]]:
    """The string constants of a module that are not docstrings, with their lines."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and ast.get_docstring(node)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def test_below_the_faces_sentences_speak_of_the_casework_not_of_commands() -> None:
    """Services, output, storage and rules never name an option or a command: each face adds its own hint."""
    named = [
        f"{name}:{line}: {text!r}"
        for name, path in modules().items()
        if not name.startswith(("advocate_tui.cli", "advocate_tui.screens", "advocate_tui.app"))
        for line, text in _sentences(path)
        if FACE_WORDS.search(text) and not ANOTHER_PROGRAMS_OPTION.fullmatch(text)
    ]
    assert named == []


def test_the_check_for_commands_in_sentences_would_see_one() -> None:
    assert FACE_WORDS.search("See `advocate case list --all`.") and FACE_WORDS.search("--days must be 0 or more.")
    assert not FACE_WORDS.search("a 2-3 day gap, well-known, in 1--2 weeks")
    assert not ANOTHER_PROGRAMS_OPTION.fullmatch("--days must be 0 or more.")
