"""A :class:`~advocate_tui.services.reports.Report` as people read it: Markdown, CSV or HTML.

Every format prints the same cells from :func:`shown`. For the funder, a count from 1 to
``suppress_below - 1`` is shown as ``<5`` and, where cells add up to a published total, one more
cell is withheld as ``[c]`` so the small one cannot be worked out by subtraction; a median of fewer
than ``suppress_below`` cases is withheld too. The advocate's own view shows exact figures.
"""

import csv
import html
import io
from dataclasses import dataclass
from pathlib import Path

from advocate_tui.rules.dates import uk_date
from advocate_tui.services.reports import Median, Report, Section, Value
from advocate_tui.storage.files import write_file

FORMATS = ("md", "csv", "html")
WITHHELD = "[c]"
NO_DATA = "-"
TITLE = "Stalking advocacy: report for the Police and Crime Commissioner"


@dataclass(frozen=True)
class ShownSection:
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[str, ...]], ...]
    chart: str | None = None  # drawn in the HTML report too (see report_charts)


def shown(report: Report, suppress_below: int | None) -> list[ShownSection]:
    """Every cell as text: exact when ``suppress_below`` is None, else with small numbers suppressed."""
    return [
        ShownSection(s.title, s.columns, tuple(zip((r.label for r in s.rows), _cells(s, suppress_below))), s.chart)
        for s in report.sections
    ]


def _cells(section: Section, limit: int | None) -> list[tuple[str, ...]]:
    grid = [[_text(value, limit) for value in row.values] for row in section.rows]
    if limit is None or section.adds_up is None:
        return [tuple(row) for row in grid]
    width = len(section.columns)
    cells = [(r, c) for r in range(len(grid)) for c in range(width)]
    groups = []
    if section.adds_up in ("columns", "both"):
        groups += [[(r, c) for r, c in cells if c == col] for col in range(width)]
    if section.adds_up in ("rows", "both"):
        groups += [[(r, c) for r, c in cells if r == row] for row in range(len(grid))]
    for group in groups:
        if any(grid[r][c] == WITHHELD for r, c in group):
            continue  # already protected (a cell withheld for a crossing group)
        counts = {cell: section.rows[cell[0]].values[cell[1]] for cell in group}
        small = [cell for cell, n in counts.items() if isinstance(n, int) and 0 < n < limit]
        others = sorted((n, cell) for cell, n in counts.items() if isinstance(n, int) and n >= limit)
        if len(small) == 1 and others:
            row, column = others[0][1]
            grid[row][column] = WITHHELD
    return [tuple(row) for row in grid]


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
            "withheld so that such a count cannot be worked out from a total."
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
