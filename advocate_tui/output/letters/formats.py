"""One Markdown source as Markdown, plain text, HTML or a Word document.

Templates produce a deliberately small Markdown: headings, paragraphs (with hard line breaks),
bullet and numbered lists, pipe tables, bold and italics, and ``---``, which starts a new page in
Word. markdown-it-py parses it once; HTML comes from its renderer, plain text and Word from the
blocks :func:`parse` makes of its tokens. Anything else (links, raw HTML, code) stays plain text.
"""

import html
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from advocate_tui.storage.config import Organisation

FORMATS = ("docx", "md", "txt", "html")
WIDTH = 78
MAX_TEXT_COLUMNS = 4

_MD = MarkdownIt("zero").enable(["heading", "list", "table", "emphasis", "escape", "newline", "hr"])
_INLINE = re.compile(r"([\\*_|`<>\[\]&])")  # emphasis, tables, code, HTML, links and images, entities
_LINE_START = re.compile(r"^(\s*)(#{1,6}(?=\s|$)|[+-](?=\s)|\d+(?=[.)](?:\s|$)))")


def escape_markdown(text: str) -> str:
    """Backslash-escape what this Markdown subset would read as markup, so text stays text."""
    return _LINE_START.sub(_escape_line_start, _INLINE.sub(r"\\\1", text))


def _escape_line_start(match: re.Match[str]) -> str:
    lead, mark = match.groups()
    return f"{lead}{mark}\\" if mark[0].isdigit() else f"{lead}\\{mark}"


def letterhead_lines(organisation: Organisation) -> tuple[str, ...]:
    """The letterhead: the service's name, address, phone and email, one a line."""
    contact = [f"Tel {organisation.phone}" if organisation.phone else "", organisation.email or ""]
    return (organisation.name, *organisation.address, *filter(None, contact))


@dataclass(frozen=True)
class Furniture:
    """What a letter carries besides its text."""

    letterhead: tuple[str, ...] = ()  # the service's name and contacts, heading the first page
    reference: str | None = None  # the case reference, on every page of a Word letter
    marking: str | None = None  # the protective marking, on every page of a Word letter
    word_letterhead: Path | None = None  # the service's own .docx a Word letter starts from


# -- blocks -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    text: str  # "\n" is a line break
    bold: bool = False
    italic: bool = False


Inline = tuple[Span, ...]


@dataclass(frozen=True)
class Heading:
    level: int
    spans: Inline


@dataclass(frozen=True)
class Paragraph:
    spans: Inline


@dataclass(frozen=True)
class Item:
    depth: int
    marker: str  # "-" or "3."
    spans: Inline


@dataclass(frozen=True)
class ListBlock:
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Table:
    header: tuple[Inline, ...]
    rows: tuple[tuple[Inline, ...], ...]


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Heading | Paragraph | ListBlock | Table | PageBreak


def _spans(token: Token) -> Inline:
    spans, bold, italic = [], False, False
    for child in token.children or []:
        match child.type:
            case "strong_open" | "strong_close":
                bold = child.type == "strong_open"
            case "em_open" | "em_close":
                italic = child.type == "em_open"
            case "softbreak":
                spans.append(Span(" ", bold, italic))
            case "hardbreak":
                spans.append(Span("\n"))
            case _ if child.content:
                spans.append(Span(child.content, bold, italic))
    return tuple(spans)


def parse(markdown: str) -> list[Block]:
    """The blocks of ``markdown``; nested lists become items with a depth."""
    blocks: list[Block] = []
    counters: list[int | None] = []  # one per open list: the next number, or None for bullets
    items: list[Item] = []
    new_item = False
    table: list[list[Inline]] = []
    tokens = _MD.parse(markdown)
    for index, token in enumerate(tokens):
        match token.type:
            case "heading_open":
                blocks.append(Heading(int(token.tag[1]), _spans(tokens[index + 1])))
            case "bullet_list_open" | "ordered_list_open":
                counters.append(int(token.attrGet("start") or 1) if token.type == "ordered_list_open" else None)
            case "bullet_list_close" | "ordered_list_close":
                counters.pop()
                if not counters:
                    blocks.append(ListBlock(tuple(items)))
                    items = []
            case "list_item_open":
                new_item = True
            case "tr_open":
                table.append([])
            case "table_close":
                blocks.append(Table(tuple(table[0]), tuple(tuple(row) for row in table[1:])))
                table = []
            case "hr":
                blocks.append(PageBreak())
            case "inline" if tokens[index - 1].type in ("th_open", "td_open"):
                table[-1].append(_spans(token))
            case "inline" if counters:
                spans = _spans(token)
                if new_item:
                    number = counters[-1]
                    marker = "-" if number is None else f"{number}."
                    if number is not None:
                        counters[-1] = number + 1
                    items.append(Item(len(counters) - 1, marker, spans))
                    new_item = False
                else:
                    last = items[-1]
                    items[-1] = Item(last.depth, last.marker, last.spans + (Span("\n"),) + spans)
            case "inline" if tokens[index - 1].type == "paragraph_open":
                blocks.append(Paragraph(_spans(token)))
    return blocks


def plain(spans: Inline) -> str:
    """The text of ``spans``."""
    return "".join(span.text for span in spans)


# -- plain text ---------------------------------------------------------------------------------


def _wrap(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    lines = []
    for part in text.split("\n"):
        lines += textwrap.wrap(part, width, initial_indent=first, subsequent_indent=rest) or [first.rstrip()]
        first = rest
    return lines


def _text_table(table: Table) -> list[str]:
    """Columns when they fit (narrowing the widest); a wide table of many columns becomes one
    block of "Heading: value" lines a row, which reads better than slivers of columns."""
    rows = [[plain(cell) for cell in row] for row in (table.header, *table.rows)]
    columns = len(table.header)
    widths = [max(3, *(len(row[i]) if i < len(row) else 0 for row in rows)) for i in range(columns)]
    if sum(widths) + 3 * (columns - 1) > WIDTH and columns > MAX_TEXT_COLUMNS:
        return _text_records(rows)
    while sum(widths) + 3 * (columns - 1) > WIDTH and max(widths) > 10:
        widths[widths.index(max(widths))] -= 1
    out = []
    for number, row in enumerate(rows):
        cells = [textwrap.wrap(row[i] if i < len(row) else "", widths[i]) or [""] for i in range(columns)]
        for line in range(max(len(c) for c in cells)):
            parts = [(c[line] if line < len(c) else "").ljust(widths[i]) for i, c in enumerate(cells)]
            out.append(" | ".join(parts).rstrip())
        if number == 0:
            out.append("-+-".join("-" * w for w in widths))
    return out


def _text_records(rows: list[list[str]]) -> list[str]:
    header, *body = rows
    out = []
    for row in body:
        first, *rest = zip(header, row)
        out += _wrap(first[1], WIDTH)
        for name, value in rest:
            out += _wrap(f"{name}: {value}", WIDTH, "  ", "    ")
        out.append("")
    return out[:-1]


def to_text(blocks: Sequence[Block], letterhead: Sequence[str] = ()) -> str:
    parts = ["\n".join(letterhead) + "\n" + "=" * WIDTH] if letterhead else []
    for block in blocks:
        match block:
            case Heading(level, spans):
                title = plain(spans)
                parts.append(title if level > 2 else f"{title}\n{('=' if level == 1 else '-') * len(title)}")
            case Paragraph(spans):
                parts.append("\n".join(_wrap(plain(spans), WIDTH)))
            case ListBlock(items):
                lines = []
                for item in items:
                    indent = "   " * item.depth
                    lines += _wrap(
                        plain(item.spans), WIDTH, f"{indent}{item.marker} ", indent + " " * (len(item.marker) + 1)
                    )
                parts.append("\n".join(lines))
            case Table():
                parts.append("\n".join(_text_table(block)))
            case PageBreak():
                parts.append("-" * WIDTH)
    return "\n\n".join(parts) + "\n"


# -- HTML ---------------------------------------------------------------------------------------

_CSS = (
    "body{font-family:Arial,sans-serif;max-width:48em;margin:2em auto;line-height:1.45}"
    "table{border-collapse:collapse;width:100%}th,td{border:1px solid #888;padding:.3em .5em;"
    "text-align:left;vertical-align:top}.letterhead{border-bottom:1px solid #888;margin-bottom:1.5em;"
    "padding-bottom:.5em}hr{border:0;page-break-after:always}"
)


def to_html(markdown: str, title: str, letterhead: Sequence[str] = ()) -> str:
    head = ""
    if letterhead:
        name, *rest = (html.escape(line) for line in letterhead)
        head = (
            f'<header class="letterhead"><strong>{name}</strong>'
            + "".join(f"<br>{line}" for line in rest)
            + "</header>\n"
        )
    return (
        f'<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n<title>{html.escape(title)}</title>\n'
        f"<style>{_CSS}</style>\n</head>\n<body>\n{head}{_MD.render(markdown)}</body>\n</html>\n"
    )


# -- all formats --------------------------------------------------------------------------------


def convert(markdown: str, fmt: str, *, title: str, furniture: Furniture = Furniture()) -> bytes:
    """The file contents of ``markdown`` in ``fmt`` (one of :data:`FORMATS`)."""
    letterhead = furniture.letterhead
    if fmt == "md":
        head = ""
        if letterhead:
            name, *rest = (escape_markdown(line) for line in letterhead)
            head = "\\\n".join([f"**{name}**", *rest]) + "\n\n"
        return (head + markdown).encode("utf-8")
    if fmt == "html":
        return to_html(markdown, title, letterhead).encode("utf-8")
    blocks = parse(markdown)
    if fmt == "txt":
        return to_text(blocks, letterhead).encode("utf-8")
    if fmt == "docx":
        from advocate_tui.output.letters.word import to_docx

        return to_docx(blocks, title, furniture)
    raise ValueError(f"unknown format {fmt!r}")
