"""``advocate templates check``: find mistakes in templates before a letter is due.

Each file is checked for its front matter, Jinja syntax (and unknown filters), templates it
extends or includes, and every name and field it uses against :mod:`.context`, following loop
variables (``{% for i in incidents %}`` makes ``i`` an incident). Problems carry line numbers.
"""

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import jinja2
from jinja2 import nodes

from advocate_tui.output.letters.context import RECORDS, ROOT
from advocate_tui.output.letters.templates import (
    BUILTIN_DIR,
    SUFFIX,
    TemplateProblem,
    describe,
    environment,
    find,
    folders_for,
    search_path,
    template_body,
)

#: Filters that keep a list's items as they are, so ``incidents|selectattr(...)`` is still incidents.
_SAME_ITEMS = {"selectattr", "rejectattr", "sort", "reverse", "list", "unique", "reject", "select"}
_ALWAYS = {"loop", "self", "super", "caller", "varargs", "kwargs"}


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def files_to_check(target: Path | None) -> list[Path]:
    """A file, every template in a folder, a template by name, or (no target) the service's
    templates and the built-ins."""
    if target is not None and not target.exists():
        return [find(str(target)).path]
    if target is None:
        folders: Iterable[Path] = dict.fromkeys(search_path())
        return [p for folder in folders if folder.is_dir() for p in sorted(folder.glob(f"*{SUFFIX}"))]
    if target.is_dir():
        return sorted(target.glob(f"*{SUFFIX}"))
    return [target]


def check_file(path: Path) -> list[Problem]:
    """Every problem found in one template file."""
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [Problem(path, 1, f"cannot be read ({exc.__class__.__name__})")]
    problems = []
    if not path.name.startswith("_"):
        try:
            describe(path)
        except TemplateProblem as exc:
            problems.append(_problem_from(exc, path))
    env = environment(folders_for(path))
    body = template_body(source)
    try:
        env.compile(body, path.name, str(path))
        tree = env.parse(body, path.name, str(path))
    except jinja2.TemplateSyntaxError as exc:
        return [*problems, _syntax_problem(env, body, path, exc)]
    problems += [Problem(path, line, message) for line, message in _references(env, tree)]
    problems += [Problem(path, line, message) for line, message in _Walker().walk(tree, _root_kinds())]
    return sorted(problems, key=lambda p: p.line)


#: Block tags that need an end tag ({% set %} only without "=", which the scan below leaves out).
_PAIRED = {"if", "for", "macro", "call", "filter", "block", "with", "autoescape", "raw", "trans"}


def _syntax_problem(env: jinja2.Environment, body: str, path: Path, exc: jinja2.TemplateSyntaxError) -> Problem:
    """A syntax error, put at the line where its cause opens when Jinja only noticed it later: a
    ``{{`` or ``{%`` never closed, or a block tag with no end tag when the template runs out."""
    line = exc.lineno or 1
    delimiter: tuple[int, str] | None = None  # the {{ or {% the scan is inside, with its line
    at_error: tuple[int, str] | None = None  # the one open when the scan reached the error's line
    tags: list[tuple[int, str]] = []  # block tags still open
    tag_next = reached = False
    try:
        for at, kind, value in env.lex(body, path.name, str(path)):
            if at >= line and not reached:
                reached, at_error = True, delimiter
            if kind in ("variable_begin", "block_begin"):
                delimiter, tag_next = (at, value), kind == "block_begin"
            elif kind in ("variable_end", "block_end"):
                delimiter = None
            elif tag_next and kind == "name":
                tag_next = False
                if value in _PAIRED:
                    tags.append((at, value))
                elif value.startswith("end") and tags and tags[-1][1] == value[3:]:
                    tags.pop()
    except jinja2.TemplateSyntaxError:
        pass
    at_end = "end of template" in str(exc)
    unclosed = delimiter if at_end else at_error
    if unclosed is not None and (at_end or unclosed[0] < line):
        closing = "}}" if unclosed[1].startswith("{{") else "%}"
        return Problem(path, unclosed[0], f"this {unclosed[1][:2]} is never closed with {closing}")
    if tags and at_end:
        opened, tag = tags[-1]
        return Problem(path, opened, f"this {{% {tag} %}} is never closed: add {{% end{tag} %}} where it ends")
    return Problem(path, line, exc.message or "syntax error")


def _problem_from(exc: TemplateProblem, path: Path) -> Problem:
    """Split 'path:line: message' back up."""
    text = str(exc).removeprefix(f"{path}:")
    line, _, message = text.partition(": ")
    return Problem(path, int(line), message.rstrip(".")) if line.isdigit() else Problem(path, 1, str(exc))


_NAMING_TEMPLATES = (nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport)


def _references(env: jinja2.Environment, tree: nodes.Template) -> Iterator[tuple[int, str]]:
    """Templates named in extends, include and import that cannot be found."""
    for node in tree.find_all(_NAMING_TEMPLATES):
        if isinstance(node, _NAMING_TEMPLATES) and isinstance(node.template, nodes.Const):
            try:
                env.get_template(node.template.value)
            except jinja2.TemplateNotFound:
                yield node.lineno, f"the template '{node.template.value}' is not in {_places()}"


def _places() -> str:
    return " or ".join(str(p) for p in dict.fromkeys(search_path()) if p.is_dir() or p == BUILTIN_DIR)


# A variable's type for the walk: a record kind ("incident"), a list of one ("incident[]"), or
# None when it cannot be known (anything a template computes itself).
Type = str | None


def _root_kinds() -> dict[str, Type]:
    return {name: (f"{var.kind}[]" if var.many else var.kind) for name, var in ROOT.items()}


class _Walker:
    """Walks a template's syntax tree with the names in scope and what each one is."""

    def __init__(self) -> None:
        self.problems: list[tuple[int, str]] = []
        self.globals = set(environment([]).globals) | _ALWAYS

    def walk(self, tree: nodes.Template, scope: dict[str, Type]) -> list[tuple[int, str]]:
        self._body(tree.body, dict(scope))
        return self.problems

    def _body(self, body: list[nodes.Node], scope: dict[str, Type]) -> None:
        for node in body:
            self._node(node, scope)

    def _node(self, node: nodes.Node, scope: dict[str, Type]) -> None:
        if isinstance(node, nodes.For):
            self._node(node.iter, scope)
            inner = dict(scope)
            item = self._type(node.iter, scope)
            self._bind(node.target, inner, item[:-2] if item and item.endswith("[]") else None)
            if node.test is not None:
                self._node(node.test, inner)
            self._body(node.body, inner)
            self._body(node.else_, scope)
        elif isinstance(node, (nodes.Assign, nodes.AssignBlock)):
            self._children(node, scope, skip=("target",))
            self._bind(node.target, scope, self._type(node.node, scope) if isinstance(node, nodes.Assign) else None)
        elif isinstance(node, (nodes.Macro, nodes.CallBlock)):
            inner = dict(scope)
            for arg in node.args:
                self._bind(arg, inner, None)
            for default in node.defaults:
                self._node(default, scope)
            if isinstance(node, nodes.CallBlock):
                self._node(node.call, scope)
            else:
                scope[node.name] = None
            self._body(node.body, inner)
        elif isinstance(node, nodes.With):
            inner = dict(scope)
            for target, value in zip(node.targets, node.values):
                self._node(value, scope)
                self._bind(target, inner, self._type(value, scope))
            self._body(node.body, inner)
        elif isinstance(node, (nodes.Import, nodes.FromImport)):
            names = (
                [node.target]
                if isinstance(node, nodes.Import)
                else [n if isinstance(n, str) else n[-1] for n in node.names]
            )
            scope.update(dict.fromkeys(names))
        elif isinstance(node, nodes.Name) and node.ctx == "load":
            if node.name not in scope and node.name not in self.globals:
                self.problems.append(
                    (node.lineno, f"'{node.name}' is not a name templates can use{_suggest(node.name, scope)}")
                )
        elif isinstance(node, nodes.Getattr):
            self._node(node.node, scope)
            owner = self._type(node.node, scope)
            if owner in RECORDS and node.attr not in RECORDS[owner]:
                self.problems.append(
                    (node.lineno, f"{owner} has no field '{node.attr}'{_suggest(node.attr, RECORDS[owner])}")
                )
        else:
            self._children(node, scope)

    def _children(self, node: nodes.Node, scope: dict[str, Type], skip: tuple[str, ...] = ()) -> None:
        for field in node.fields:
            if field in skip:
                continue
            value = getattr(node, field, None)
            for child in value if isinstance(value, list) else [value]:
                if isinstance(child, nodes.Node):
                    self._node(child, scope)

    def _bind(self, target: nodes.Node, scope: dict[str, Type], kind: Type) -> None:
        if isinstance(target, nodes.Name):
            scope[target.name] = kind
        elif isinstance(target, nodes.Tuple):
            for item in target.items:
                self._bind(item, scope, None)

    def _type(self, node: nodes.Node, scope: dict[str, Type]) -> Type:
        if isinstance(node, nodes.Name):
            return scope.get(node.name)
        if isinstance(node, nodes.Getattr):
            owner = self._type(node.node, scope)
            var = RECORDS.get(owner or "", {}).get(node.attr)
            return (f"{var.kind}[]" if var.many else var.kind) if var and var.kind else None
        if isinstance(node, nodes.Filter) and node.node is not None:
            inner = self._type(node.node, scope)
            if node.name in _SAME_ITEMS:
                return inner
            if node.name in {"first", "last"} and inner and inner.endswith("[]"):
                return inner[:-2]
        return None


def _suggest(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
