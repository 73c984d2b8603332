"""Finding, reading and rendering letter templates.

A template is a file ``NAME.md.j2``: a front-matter block of TOML between ``+++`` lines, then Jinja
that produces Markdown. Built-in templates live in ``advocate_tui/templates``; a ``templates``
folder beside the config file adds the service's own and replaces built-ins of the same name.
Files whose name starts with ``_`` are parts other templates extend or include.

Front matter::

    +++
    title = "Request for a Stalking Protection Order"
    description = "Asks the police to apply for an SPO, with the pattern of behaviour and risk."
    audience = "police"                     # client, police, cps, court, housing, other-agency
    needs = ["case.oic_name", "incidents"]  # fields without which the letter makes no sense
    letterhead = true                       # the service's letterhead on top (default true)
    +++

Block tags on lines of their own leave no blank line behind; a line of text ending in a tag keeps
its line break. Rendering uses Jinja's sandbox and strict undefined names. Every printed value passes through
:func:`_Finaliser`: unset fields raise the sentence for them, dates print the UK way, lists as
prose, and text is escaped so names and notes cannot turn into Markdown headings or tables.
"""

import difflib
import re
import tomllib
import traceback
from collections.abc import Callable, Generator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, cast

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.sandbox import SandboxedEnvironment

from advocate_tui.output.letters.context import RECORDS, ROOT, Context, Missing, MissingDataError, Record
from advocate_tui.output.letters.formats import escape_markdown
from advocate_tui.rules.address_screen import ADDRESS_WITHHELD, EMAIL_WITHHELD, PHONE_WITHHELD
from advocate_tui.rules.claims import times
from advocate_tui.rules.errors import AdvocateError, InvalidInputError, NotFoundError
from advocate_tui.rules.routes import ROUTE_KEYS
from advocate_tui.rules.vocab import Audience
from advocate_tui.rules.wording import counted
from advocate_tui.storage.config import user_templates_dir

BUILTIN_DIR = Path(__file__).resolve().parents[2] / "templates"
MAX_CHARACTERS = 2_000_000  # in a letter, or in any text a template makes (a letter is some thousands)
MAX_LOOPS = 200_000  # turns of all a letter's loops together
MAX_POWER_BITS = 4_096  # the largest number ** may make
SUFFIX = ".md.j2"
FENCE = "+++"


class TemplateProblem(AdvocateError):
    """A template that cannot be read or used; the sentence names the file and line."""


@dataclass(frozen=True)
class LetterTemplate:
    name: str
    path: Path
    title: str
    description: str
    audience: Audience
    needs: tuple[str, ...] = ()
    letterhead: bool = True
    route: str | None = None  # a referral summary's multi-agency route: only that route's cases may have it

    @property
    def origin(self) -> str:
        if self.path.parent == BUILTIN_DIR:
            return "built-in"
        return "yours, replaces the built-in" if (BUILTIN_DIR / self.path.name).is_file() else "yours"


# -- front matter ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FrontMatter:
    meta: dict[str, Any]
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        """The file line where ``key`` is set (the opening fence when it is not)."""
        return self.key_lines.get(key, 1)


def _front_matter_end(lines: list[str]) -> int | None:
    """The index of the line closing the front matter, if the file opens with one."""
    if not lines or lines[0].strip() != FENCE:
        return None
    return next((i for i, line in enumerate(lines[1:], start=1) if line.strip() == FENCE), None)


def read_front_matter(source: str, path: Path) -> FrontMatter:
    """Parse the ``+++`` block at the top of ``source``; raise :class:`TemplateProblem` naming the line."""
    lines = source.splitlines()
    end = _front_matter_end(lines)
    if end is None:
        raise TemplateProblem(
            f"{path}:1: the file must start with front matter (title, description, audience) between {FENCE} lines."
        )
    try:
        meta = tomllib.loads("\n".join(lines[1:end]))
    except tomllib.TOMLDecodeError as exc:
        at = re.search(r"line (\d+)", str(exc))
        line = int(at.group(1)) + 1 if at else 1
        raise TemplateProblem(f"{path}:{line}: the front matter is not valid TOML ({exc}).") from None
    key_lines: dict[str, int] = {}
    for number, text in enumerate(lines[1:end], start=2):
        key = re.match(r"\s*([A-Za-z_]+)\s*=", text)
        if key:
            key_lines.setdefault(key.group(1), number)
    return FrontMatter(meta, key_lines)


_TAGS = re.compile(r"{%.*?%}|{#.*?#}")


def template_body(source: str) -> str:
    """The Jinja source of a template file: the front matter becomes blank lines (so line numbers
    stay true), and a line of text ending in a tag keeps its line break (``%}`` becomes ``+%}``);
    only lines holding nothing but tags disappear."""
    lines = source.split("\n")
    end = _front_matter_end(lines)
    start = 0 if end is None else end + 1
    body = [""] * start
    for line in lines[start:]:
        if line.endswith("%}") and not line.endswith(("-%}", "+%}")) and _TAGS.sub("", line).strip():
            line = line[:-2] + "+%}"
        body.append(line)
    return "\n".join(body)


def _need_problem(path: str) -> str | None:
    root, _, field = path.partition(".")
    var = ROOT.get(root)
    if var is None:
        return f"'{root}' is not a name templates can use"
    if field:
        if var.kind is None or var.many or field not in RECORDS[var.kind]:
            return f"'{path}' is not a field templates can use"
        var = RECORDS[var.kind][field]
    if var.subject is None:
        return f"'{path}' is always set, so it cannot be a need"
    return None


def describe(path: Path) -> LetterTemplate:
    """Read a template file's front matter into a :class:`LetterTemplate`."""
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateProblem(f"{path} cannot be read ({exc.__class__.__name__}).") from None
    front = read_front_matter(source, path)
    meta = front.meta

    def text(key: str) -> str:
        value = meta.get(key)
        if not isinstance(value, str) or not value.strip():
            raise TemplateProblem(
                f'{path}:{front.line_of(key)}: the front matter needs {key} = "…" (a text in quotes).'
            )
        return value.strip()

    title, description = text("title"), text("description")
    try:
        audience = Audience.parse(text("audience"), "audience")
    except ValueError as exc:
        raise TemplateProblem(f"{path}:{front.line_of('audience')}: {exc}") from None
    needs = meta.get("needs", [])
    if not isinstance(needs, list) or not all(isinstance(n, str) for n in needs):
        raise TemplateProblem(
            f'{path}:{front.line_of("needs")}: needs must be a list of field names, e.g. ["case.oic_name"].'
        )
    for need in needs:
        problem = _need_problem(need)
        if problem:
            raise TemplateProblem(f"{path}:{front.line_of('needs')}: in needs, {problem}.")
    letterhead = meta.get("letterhead", True)
    if not isinstance(letterhead, bool):
        raise TemplateProblem(f"{path}:{front.line_of('letterhead')}: letterhead must be true or false.")
    route = meta.get("route")
    if route is not None and route not in ROUTE_KEYS:
        raise TemplateProblem(f'{path}:{front.line_of("route")}: route must be "marac" or "panel".')
    return LetterTemplate(
        name=path.name.removesuffix(SUFFIX),
        path=path,
        title=title,
        description=description,
        audience=audience,
        needs=tuple(needs),
        letterhead=letterhead,
        route=route,
    )


# -- finding templates ------------------------------------------------------------------------


def search_path() -> list[Path]:
    """Where templates are looked up, first match wins: the service's folder, then the built-ins."""
    return [user_templates_dir(), BUILTIN_DIR]


def folders_for(path: Path) -> list[Path]:
    """The search path for rendering the template at ``path``: its own folder comes first when it
    is outside the usual places (a file given to ``templates check``)."""
    folders = search_path()
    return folders if path.parent in folders else [path.parent, *folders]


def template_files(folder: Path) -> list[Path]:
    """The letter templates in ``folder`` (not the ``_`` parts), by name."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob(f"*{SUFFIX}") if not p.name.startswith("_"))


def catalogue() -> tuple[dict[str, LetterTemplate], list[str]]:
    """Every usable template by name (a user template replaces a built-in of the same name), and
    a sentence for each file whose front matter is broken, so one mistake does not hide the rest."""
    found: dict[str, LetterTemplate] = {}
    problems = []
    for folder in reversed(search_path()):
        for path in template_files(folder):
            try:
                info = describe(path)
            except TemplateProblem as exc:
                problems.append(str(exc))
                continue
            found[info.name] = info
    return dict(sorted(found.items())), problems


def available() -> dict[str, LetterTemplate]:
    """The usable templates by name (see :func:`catalogue`)."""
    return catalogue()[0]


def _is_file(path: Path) -> bool:
    """Whether ``path`` is a file; a name the system cannot even look up (one too long) is not one."""
    try:
        return path.is_file()
    except OSError:
        return False


def find(name: str) -> LetterTemplate:
    """The template called ``name`` (a file path works too)."""
    wanted = name.strip().removesuffix(SUFFIX)
    if wanted.endswith(".j2") or "/" in wanted:
        path = Path(name).expanduser()
        if not _is_file(path):
            raise NotFoundError(f"There is no template file {path}.")
        return describe(path)
    for folder in search_path():
        path = folder / f"{wanted}{SUFFIX}"
        if _is_file(path) and not wanted.startswith("_"):
            return describe(path)
    names = [p.name.removesuffix(SUFFIX) for folder in search_path() for p in template_files(folder)]
    close = difflib.get_close_matches(wanted, names, n=1, cutoff=0.5)
    hint = f" Did you mean {close[0]}?" if close else ""
    raise NotFoundError(f"There is no template called '{wanted}'.{hint}", topic="unknown-template")


# -- the environment --------------------------------------------------------------------------


class _Loader(jinja2.FileSystemLoader):
    """Loads templates with their front matter blanked out."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        return template_body(source), filename, uptodate


class _Undefined(jinja2.StrictUndefined):
    """Says which record lacks which field, in the words of ``templates check``."""

    @property
    def _undefined_message(self) -> str:
        owner = self._undefined_obj
        if isinstance(owner, Record):
            return f"{owner._kind} has no field '{self._undefined_name}'"
        if owner is jinja2.utils.missing:
            return f"'{self._undefined_name}' is not a name templates can use"
        return super()._undefined_message


class _Compiled(jinja2.BytecodeCache):
    """Templates compiled once a process: each letter has an environment of its own (for its
    template's search path), and compiling the template again for each one was most of the time a letter took.
    A template whose source changed is compiled again (the bucket checks the source)."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _Compiled()


class _Bounded(CodeGenerator):
    """Compiles every ``~`` to check the length of the text it makes."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:  # noqa: N802 (Jinja's visitor name)
        self.write("environment.sized(")
        super().visit_Concat(node, frame)
        self.write(")")


_COUNTED = "_counted"


class LetterEnvironment(SandboxedEnvironment):
    """Jinja's sandbox with bounds, so a template cannot run without end or fill the disk: at most
    :data:`MAX_LOOPS` loop turns, no text or list longer than :data:`MAX_CHARACTERS` from ``*``,
    ``+`` or ``~``, and no number larger than :data:`MAX_POWER_BITS` bits from ``**``."""

    code_generator_class = _Bounded
    intercepted_binops = frozenset({"*", "+", "**"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.loops_left = MAX_LOOPS
        self.filters[_COUNTED] = self.counted

    def _generate(
        self, source: nodes.Template, name: str | None, filename: str | None, defer_init: bool = False
    ) -> str:
        """Compile with every for loop counting its turns (through the ``_counted`` filter)."""
        for loop in source.find_all(nodes.For):
            loop.iter = nodes.Filter(loop.iter, _COUNTED, [], [], None, None, lineno=loop.lineno)
        return super()._generate(source, name, filename, defer_init)

    def counted(self, iterable: Any) -> Any:
        for item in iterable:
            self.loops_left -= 1
            if self.loops_left < 0:
                raise TemplateProblem(f"its loops go round more than {MAX_LOOPS:,} times in all")
            yield item

    def sized(self, value: Any) -> Any:
        if len(value) > MAX_CHARACTERS:
            raise TemplateProblem(f"it makes a text longer than {MAX_CHARACTERS:,} characters")
        return value

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(left, int) and isinstance(right, int) and right > 0:
            if abs(left) > 1 and right * abs(left).bit_length() > MAX_POWER_BITS:
                raise TemplateProblem(f"it makes a number of more than {MAX_POWER_BITS:,} bits")
        if operator == "*":
            sequence, times = (left, right) if isinstance(right, int) else (right, left)
            if isinstance(sequence, (str, list, tuple)) and isinstance(times, int):
                self.sized(range(len(sequence) * max(times, 0)))
        if operator == "+" and isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
            self.sized(range(len(left) + len(right)))
        return super().call_binop(context, operator, left, right)


def environment(search: list[Path]) -> LetterEnvironment:
    """The sandboxed Jinja environment templates run in, with the letter filters."""
    finalise = _Finaliser()
    env = LetterEnvironment(
        loader=_Loader([str(p) for p in search]),
        undefined=_Undefined,
        finalize=finalise,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=_COMPILED,
    )
    env.filters.update(FILTERS, lines=finalise.lines)
    return env


# -- filters ----------------------------------------------------------------------------------


class Markdown(str):
    """Text a filter has already made into Markdown; printed as it is."""


_DATE_STYLES = {
    "long": "{d.day} {d:%B %Y}",
    "short": "{d:%d/%m/%Y}",
    "day": "{d:%A} {d.day} {d:%B %Y}",
    "brief": "{d.day} {d:%b %Y}",
}


def _present(value: Any) -> Any:
    if isinstance(value, Missing):
        raise MissingDataError(value.message)
    return value


def format_date(value: date | datetime, style: str = "long") -> str:
    """23 November 2026; date("short") 23/11/2026, date("day") Monday 23 November 2026, date("brief") 23 Nov 2026."""
    value = _present(value)
    if style not in _DATE_STYLES:
        raise InvalidInputError(f"The date filter has no style '{style}': use one of {', '.join(_DATE_STYLES)}.")
    return _DATE_STYLES[style].format(d=value)


def format_datetime(value: datetime, style: str = "day") -> str:
    """Monday 23 November 2026 at 10:00 (a style as for date may be given)."""
    value = _present(value)
    return f"{format_date(value, style)} at {value:%H:%M}"


def prose(items: Any, conjunction: str = "and") -> str:
    """A list as 'a, b and c'; prose("or") gives 'a, b or c'."""
    words = [str(_present(item)) for item in _present(items)]
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


def initial(text: str) -> str:
    """The text with its first letter a capital and the rest as it is: 'Tracking by GPS'."""
    return text[:1].upper() + text[1:]


FILTERS: dict[str, Callable[..., Any]] = {
    "date": format_date,
    "datetime": format_datetime,
    "prose": prose,
    "counted": counted,
    "times": times,
    "initial": initial,
}

# -- printing values --------------------------------------------------------------------------


#: The withheld markers as escaped text, put back as they read (unless a "(" after one would make a link).
_MARKERS = {escape_markdown(marker): marker for marker in (ADDRESS_WITHHELD, PHONE_WITHHELD, EMAIL_WITHHELD)}
_SHOWN_WITHHELD = re.compile("|".join(re.escape(shown) for shown in _MARKERS) + r"(?!\()")


class _Finaliser:
    """Turns each printed value into safe Markdown text (see the module docstring)."""

    def lines(self, items: Any) -> Markdown:
        """A list (an address, a signature) kept one item a line."""
        return Markdown("\\\n".join(self(item) for item in _present(items)))

    def __call__(self, value: Any) -> str:
        if isinstance(value, Markdown):
            return value
        if isinstance(value, Record):
            raise TemplateProblem(f"a whole {value._kind} record is printed: print one of its fields instead")
        value = _present(value)
        if value is None:
            raise TemplateProblem("a value that is never set is printed")
        if isinstance(value, bool):
            text = "yes" if value else "no"
        elif isinstance(value, datetime):
            text = format_datetime(value)
        elif isinstance(value, date):
            text = format_date(value)
        elif isinstance(value, (list, tuple)):
            text = prose(value)
        else:
            text = str(value)
        return _SHOWN_WITHHELD.sub(lambda shown: _MARKERS[shown.group()], escape_markdown(" ".join(text.split())))


# -- rendering --------------------------------------------------------------------------------


def _template_line(exc: BaseException, filename: str) -> int | None:
    """The line of ``filename`` an error came from, from Jinja's rewritten traceback."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == filename]
    return frames[-1].lineno if frames else getattr(exc, "lineno", None)


def render(template: LetterTemplate, context: Context) -> str:
    """The template's Markdown for ``context``; raises :class:`MissingDataError` for unset data and
    :class:`TemplateProblem` for a mistake in the template."""
    missing = context.missing(template.needs)
    if len(missing) == 1:
        raise MissingDataError(missing[0])
    if missing:
        raise MissingDataError(f"This letter needs {len(missing)} things not yet recorded: " + " ".join(missing))
    env = environment(folders_for(template.path))
    try:
        text = _generate(env.get_template(template.path.name), context.values)
    except MissingDataError:
        raise
    except (
        jinja2.TemplateError,
        TemplateProblem,
        TypeError,
        ValueError,
        AttributeError,
        ArithmeticError,  # a range or number too large for the sandbox
        RecursionError,  # a macro that calls itself without end
        AdvocateError,
    ) as exc:
        line = _template_line(exc, str(template.path))
        where = f"{template.path}:{line}" if line else str(template.path)
        message = _message(exc)
        found = template.path.parent in search_path()
        raise TemplateProblem(
            f"The template {template.name} cannot be used ({where}: {message}).",
            topic="template-check",
            name=template.name,
            target=template.name if found else str(template.path),
            problem=f"{where}: {message}",
        ) from None
    return tidy(text)


def _generate(template: jinja2.Template, values: dict[str, Any]) -> str:
    """The template's text, stopped (at the line it has reached) once it is longer than a letter can be."""
    chunks, size = [], 0
    stream = cast(Generator[str, None, None], template.generate(values))  # typed as an iterator; it is a generator
    for chunk in stream:
        size += len(chunk)
        if size > MAX_CHARACTERS:
            stream.throw(TemplateProblem(f"the letter would be longer than {MAX_CHARACTERS:,} characters"))
        chunks.append(chunk)
    return "".join(chunks)


def _message(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "a macro calls itself without end"
    return str(exc).rstrip(".") or exc.__class__.__name__


def tidy(text: str) -> str:
    """No trailing spaces, no runs of blank lines, one final newline."""
    stripped = "\n".join(line.rstrip() for line in text.strip().splitlines())
    return re.sub(r"\n{3,}", "\n\n", stripped) + "\n"
