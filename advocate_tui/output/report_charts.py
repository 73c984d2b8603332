"""The HTML report's charts: the sections the service marks for drawing, as SVG made by pygal.

Drawn from the cells as the report shows them, so a count suppressed for the funder (``<5``, ``[c]``) is
left out of the chart rather than drawn as its value. Each chart has a title, axis labels and a text
alternative (the figures in words); the SVG is inline and loads nothing, so the report opens offline.
pygal is imported only here, and only when an HTML report is made.
"""

import html
import math
import re
import sys
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from advocate_tui.output.report_formats import ShownSection

#: Colours a commissioner can tell apart, also in greyscale print (Okabe-Ito).
COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
KINDS = {"bar": "Bar chart", "line": "Line chart", "funnel": "Bar chart"}
LEFT_OUT = "counts withheld for small numbers are left out"


def figure(section: "ShownSection") -> str:
    """The section's chart as an HTML figure (empty when the section has nothing to draw)."""
    if section.chart is None or not section.rows or not section.columns:
        return ""
    series = [(label, [_count(cell) for cell in values]) for label, values in section.rows]
    svg = _svg(section, series)
    alternative = _in_words(section)
    return (
        f'<figure class="chart" role="img" aria-label="{html.escape(alternative)}">'
        f"{svg}<figcaption>{html.escape(alternative)}</figcaption></figure>"
    )


def _count(cell: str) -> int | None:
    return int(cell) if cell.isdigit() else None


def _pygal() -> ModuleType:
    """pygal, without the import hook it adds for its map plugins (not used here): the hook has no
    ``find_spec``, so every later look-up of entry points in the process (SQLAlchemy's dialects) warns."""
    import pygal

    sys.meta_path[:] = [finder for finder in sys.meta_path if not isinstance(finder, pygal.PluginImportFixer)]
    return pygal


def _svg(section: "ShownSection", series: list[tuple[str, list[int | None]]]) -> str:
    pygal = _pygal()
    from pygal.style import Style

    style = Style(
        background="white",
        plot_background="white",
        font_family="sans-serif",
        colors=COLOURS,
        title_font_size=16,
        label_font_size=12,
        major_label_font_size=12,
        legend_font_size=12,
    )
    highest = max((n for _label, values in series for n in values if n is not None), default=0)
    step = _step(highest)
    options: dict[str, Any] = {
        "title": section.title,
        "style": style,
        "width": 720,
        "height": 340,
        "js": [],  # no tooltip script fetched from the web: the report is read offline
        "disable_xml_declaration": True,
        "legend_at_bottom": True,
        "y_labels": list(range(0, highest + step + 1, step)),
        "allow_interruptions": True,
        "no_data_text": "No figures to draw",
        "truncate_legend": -1,
        "truncate_label": -1,  # "Dec 2025-Feb 2026" whole under its bars
        "margin_right": 48,  # room for the last quarter's label, centred under the line's last point
    }
    if section.chart == "funnel":
        # a horizontal bar chart draws its first label at the bottom: reversed, the first stage is on top
        chart = pygal.HorizontalBar(x_title=section.columns[0], show_legend=False, print_values=True, **options)
        chart.x_labels = [label for label, _values in reversed(series)]
        chart.add(section.columns[0], [values[0] for _label, values in reversed(series)])
        return _without_script(chart.render(is_unicode=True))
    drawn = pygal.Line if section.chart == "line" else pygal.Bar
    chart = drawn(x_title="Quarter", y_title=_measure(section), **options)
    chart.x_labels = list(section.columns)
    for label, values in series:
        chart.add(label, values)
    return _without_script(chart.render(is_unicode=True))


def _without_script(svg: str) -> str:
    """The SVG without the configuration script pygal always writes (for its tooltips, not fetched here):
    a report is figures, and a page with no script opens the same under any browser's settings."""
    return re.sub(r"<script\b.*?</script>", "", svg, flags=re.S)


def _step(highest: int) -> int:
    """A round step for about five whole-number gridlines up to ``highest``: 1, 2, 5, 10, 20, 50…"""
    scale = 10 ** max(0, math.floor(math.log10(max(highest, 1) / 5)))
    return next(scale * m for m in (1, 2, 5, 10) if scale * m * 5 >= highest)


def _measure(section: "ShownSection") -> str:
    """What the chart's values count: the title's words before "per quarter"."""
    return section.title.partition(" per quarter")[0]


def _in_words(section: "ShownSection") -> str:
    """The chart's text alternative: what it shows, and every figure drawn."""
    if section.chart == "funnel":
        figures = "; ".join(f"{label} {values[0]}" for label, values in section.rows)
    else:
        figures = "; ".join(
            f"{label}: " + ", ".join(f"{quarter} {cell}" for quarter, cell in zip(section.columns, values))
            for label, values in section.rows
        )
    return f"{KINDS[section.chart or 'bar']} of {section.title.lower()} ({LEFT_OUT}). {figures}."
