"""A :class:`~advocate_tui.services.reports.Report` as people read it: Markdown, CSV or HTML.

Every format prints the same cells from :func:`shown`. For the funder, a count from 1 to
``suppress_below - 1`` is shown as ``<5``, and a median of fewer than ``suppress_below`` cases is
withheld as ``[c]``. Suppression must hold against arithmetic: where cells add up to a total (a section's
``adds_up``, a breakdown of a Summary figure, a row adding up to a cell of another section), a reader who
knows that totals add up, that ``<5`` is 1 to 4 and that ``[c]`` is never a small count can bound each
hidden cell. :func:`withheld_cells` withholds more figures (``[c]``, always ones of at least
``suppress_below``) until no hidden cell can be pinned to one number that way. The advocate's own view shows
exact figures.
"""

import csv
import html
import io
import math
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from advocate_tui.rules.dates import uk_date
from advocate_tui.services.reports import Median, Report, Section, Total, Value
from advocate_tui.storage.files import write_file

WITHHELD = "[c]"
NO_DATA = "-"
TITLE = "Stalking advocacy: report for the Police and Crime Commissioner"

#: A cell of a report: (section, row, column), by position.
Cell = tuple[int, int, int]


@dataclass(frozen=True)
class ShownSection:
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[str, ...]], ...]
    chart: str | None = None  # drawn in the HTML report too (see report_charts)


def shown(report: Report, suppress_below: int | None) -> list[ShownSection]:
    """Every cell as text: exact when ``suppress_below`` is None, else with small numbers suppressed."""
    withheld = set() if suppress_below is None else withheld_cells(report, suppress_below)
    return [
        ShownSection(
            section.title,
            section.columns,
            tuple(
                (
                    row.label,
                    tuple(
                        WITHHELD if (s, r, c) in withheld else _text(value, suppress_below)
                        for c, value in enumerate(row.values)
                    ),
                )
                for r, row in enumerate(section.rows)
            ),
            section.chart,
        )
        for s, section in enumerate(report.sections)
    ]


# -- suppression that holds -------------------------------------------------------------------


@dataclass(frozen=True)
class Sum:
    """Cells that add up to ``total``: another cell, or (None) a figure the reader may know from elsewhere."""

    parts: tuple[Cell, ...]
    total: Cell | None
    value: int


def counts(report: Report) -> dict[Cell, int]:
    """Every count of the report (not the medians), by cell."""
    return {
        (s, r, c): value
        for s, section in enumerate(report.sections)
        for r, row in enumerate(section.rows)
        for c, value in enumerate(row.values)
        if not isinstance(value, Median)
    }


def sums(report: Report) -> list[Sum]:
    """What adds up to what: each group of a section that ``adds_up`` (a column or a row) sums to the cell its
    ``adds_to`` names or, with none (or one that does not hold that sum), to a figure known from elsewhere."""
    cells = counts(report)
    where = {
        (section.key, row.label, c): (s, r, c)
        for s, section in enumerate(report.sections)
        for r, row in enumerate(section.rows)
        for c in range(len(row.values))
    }
    found = []
    for s, section in enumerate(report.sections):
        for label, target, group in _groups(s, section):
            parts = tuple(cell for cell in group if cell in cells)
            value = sum(cells[cell] for cell in parts)
            total = None if target is None else where.get((target.section, target.row or label, target.column))
            found.append(Sum(parts, total if total is not None and cells.get(total) == value else None, value))
    return found


def _groups(s: int, section: Section) -> Iterator[tuple[str, Total | None, list[Cell]]]:
    """The groups of cells of section number ``s`` that add up: each with its row's label (or column's name),
    where it adds up to, and its cells."""
    height, width, adds_to = len(section.rows), len(section.columns), section.adds_to
    if section.adds_up in ("columns", "both"):
        for c, name in enumerate(section.columns):
            target = adds_to[c] if c < len(adds_to) else None
            yield name, target, [(s, r, c) for r in range(height)]
    if section.adds_up in ("rows", "both"):
        after = width if section.adds_up == "both" else 0  # "both": the rows' total follows the columns'
        target = adds_to[after] if len(adds_to) > after else None
        for r, row in enumerate(section.rows):
            yield row.label, target, [(s, r, c) for c in range(width)]


Bounds = dict[Cell, tuple[float, float]]


def bounds(sums: list[Sum], shown: dict[Cell, int], small: set[Cell], withheld: set[Cell], limit: int) -> Bounds:
    """The least and most each cell can be, as a reader works it out from ``shown`` counts, ``small`` ones (1 to
    ``limit - 1``), ``withheld`` ones (at least ``limit``) and the sums, each applied until none narrows further."""
    known: Bounds = {cell: (n, n) for cell, n in shown.items()}
    known |= {cell: (1, limit - 1) for cell in small}
    known |= {cell: (limit, math.inf) for cell in withheld}
    narrowed = True
    while narrowed:
        narrowed = False
        for each in sums:
            terms = [(cell, 1) for cell in each.parts] + ([(each.total, -1)] if each.total is not None else [])
            rest = 0 if each.total is not None else each.value  # the signed terms add up to this
            for cell, sign in terms:
                others = [_signed(known[other], way) for other, way in terms if other != cell]
                least = rest - sum(high for _low, high in others)
                most = rest - sum(low for low, _high in others)
                low, high = _signed((least, most), sign)
                new = (max(known[cell][0], low), min(known[cell][1], high))
                if new != known[cell]:
                    known[cell] = new
                    narrowed = True
    return known


def _signed(span: tuple[float, float], sign: int) -> tuple[float, float]:
    """The span of ``sign * x`` for ``x`` in ``span``."""
    return span if sign > 0 else (-span[1], -span[0])


def withheld_cells(report: Report, limit: int) -> set[Cell]:
    """The counts to withhold as ``[c]`` so that no small count, nor any figure withheld, can be pinned down:
    while any can, one more figure of at least ``limit`` in a sum that pins one is withheld (the one that the
    fewest other figures add up to, then the smallest, so that totals stay shown where a part can go instead),
    and the sums are worked through again."""
    cells = counts(report)
    small = {cell for cell, n in cells.items() if 0 < n < limit}
    relations = sums(report)
    totals = Counter(each.total for each in relations if each.total is not None)
    withheld: set[Cell] = set()
    exposed: set[Cell] = set()  # pinned, with no figure of ``limit`` or more left around them to withhold
    while True:
        shown = {cell: n for cell, n in cells.items() if cell not in small | withheld}
        known = bounds(relations, shown, small, withheld, limit)
        pinned = sorted(cell for cell in small | withheld if known[cell][0] == known[cell][1] and cell not in exposed)
        if not pinned:
            return withheld
        around = [each for each in relations if any(cell in each.parts or cell == each.total for cell in pinned)]
        choices = [
            (totals[cell], cells[cell], cell)
            for each in around
            for cell in (*each.parts, each.total)
            if cell is not None and cell in shown and cells[cell] >= limit
        ]
        if choices:
            withheld.add(min(choices)[2])
        else:
            exposed.add(pinned[0])


def _text(value: Value, limit: int | None) -> str:
    if isinstance(value, Median):
        if value.cases == 0 or value.value is None:
            return NO_DATA
        if limit is not None and value.cases < limit:
            return WITHHELD
        return f"{value.value:g}"
    if limit is not None and 0 < value < limit:
        return f"<{limit}"
    return str(value)


def _heading(report: Report, suppress_below: int | None) -> list[str]:
    lines = [f"Period: {uk_date(report.start)} to {uk_date(report.end)}"]
    if report.services:
        lines.append(f"Services combined: {'; '.join(report.services)}")
    if report.area:
        lines.append(f"Area: {report.area}")
    if report.advocate:
        lines.append(f"Advocate: {report.advocate}")
    lines.append(f"Made: {report.made_at:%d %b %Y %H:%M}")
    if suppress_below is None:
        lines.append("Exact counts, for the service's own use: not for sharing.")
    else:
        lines.append(
            f"Counts from 1 to {suppress_below - 1} are shown as <{suppress_below}; {WITHHELD} marks a figure "
            f"withheld (a count of {suppress_below} or more, or a median of fewer cases) so that no such count can be "
            "worked out from the others."
        )
    return lines


def render(report: Report, form: str, suppress_below: int | None) -> str:
    """The report in ``form`` (md, csv or html)."""
    sections = shown(report, suppress_below)
    heading = _heading(report, suppress_below)
    return {"md": _markdown, "csv": _csv, "html": _html}[form](sections, heading)


def write_report(path: Path, report: Report, form: str, suppress_below: int | None, *, replace: bool = False) -> Path:
    """Save the report in ``form`` to ``path`` (an existing file only if ``replace``: see
    :func:`~advocate_tui.storage.files.write_file`)."""
    return write_file(path, render(report, form, suppress_below).encode("utf-8"), replace=replace)


def _markdown(sections: list[ShownSection], heading: list[str]) -> str:
    def cell(text: str) -> str:
        """Text typed by people, safe in a table cell (no column breaks, no HTML)."""
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;")

    lines = [f"# {TITLE}", "", *(f"{line}  " for line in heading)]
    for section in sections:
        lines += [
            "",
            f"## {section.title}",
            "",
            "| | " + " | ".join(section.columns) + " |",
            "|---|" + "---:|" * len(section.columns),
        ]
        lines += [f"| {cell(label)} | " + " | ".join(values) + " |" for label, values in section.rows]
    return "\n".join(lines) + "\n"


def _csv(sections: list[ShownSection], heading: list[str]) -> str:
    def safe(text: str) -> str:
        """Text a spreadsheet will not run as a formula."""
        return "'" + text if text[:1] in ("=", "+", "-", "@") and len(text) > 1 else text

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["section", "item", "column", "value"])
    writer.writerows(["Report", safe(line), "", ""] for line in heading)
    for section in sections:
        for label, values in section.rows:
            writer.writerows(
                [section.title, safe(label), column, value] for column, value in zip(section.columns, values)
            )
    return out.getvalue()


def _html(sections: list[ShownSection], heading: list[str]) -> str:
    e = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{e(TITLE)}</title>",
        "<style>body{font-family:sans-serif;max-width:50em;margin:2em auto}table{border-collapse:collapse;margin-bottom:1.5em}"
        "th,td{border:1px solid #999;padding:.2em .6em}td{text-align:right}th[scope=row]{text-align:left;font-weight:normal}"
        "figure.chart{margin:0 0 2em}figure.chart svg{max-width:100%;height:auto}"
        "figcaption{font-size:.8em;color:#444}</style>",
        "</head>",
        "<body>",
        f"<h1>{e(TITLE)}</h1>",
        *(f"<p>{e(line)}</p>" for line in heading),
    ]
    for section in sections:
        parts += [
            f"<h2>{e(section.title)}</h2>",
            "<table>",
            "<thead><tr><th></th>" + "".join(f'<th scope="col">{e(c)}</th>' for c in section.columns) + "</tr></thead>",
            "<tbody>",
        ]
        parts += [
            f'<tr><th scope="row">{e(label)}</th>' + "".join(f"<td>{e(v)}</td>" for v in values) + "</tr>"
            for label, values in section.rows
        ]
        parts += ["</tbody>", "</table>"]
        if section.chart:
            from advocate_tui.output.report_charts import figure

            parts.append(figure(section))
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"
