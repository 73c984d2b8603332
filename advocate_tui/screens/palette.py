"""The command palette's case search: type part of a reference or a name to open that case."""

from collections.abc import Iterable
from functools import partial

from textual.command import Hit, Hits, Provider
from textual.content import Content
from textual.style import Style
from textual.worker import WorkerFailed

from advocate_tui.rules.vocab import CaseStatus, RiskLevel
from advocate_tui.screens.app_protocol import host
from advocate_tui.services.rows import CaseRow


def case_title(row: CaseRow) -> str:
    """What the palette shows and matches for a case: reference and names."""
    names = row.display_name if row.display_name == row.name else f"{row.display_name} ({row.name})"
    return f"{row.reference}  {names}"


class CaseCommands(Provider):
    """Open cases as palette commands, matched fuzzily on reference and name."""

    async def startup(self) -> None:
        casework = host(self).casework
        self.rows: list[CaseRow] = []
        if casework is None:
            return
        worker = self.app.run_worker(casework.cases.list_cases, thread=True, group="palette", exit_on_error=False)
        try:
            self.rows = await worker.wait()
        except WorkerFailed:
            self.rows = []

    async def search(self, query: str) -> Hits:
        app = host(self)
        matcher = self.matcher(query)
        for row in self.rows:
            title = case_title(row)
            score, offsets = matcher.fuzzy_search.match(matcher.query, title)
            if score > 0:
                yield Hit(
                    score,
                    highlight(title, offsets, matcher.match_style),
                    partial(app.open_case, row.reference),
                    text=title,
                    help=f"{RiskLevel(row.risk_level).label} risk · {CaseStatus(row.status).label}",
                )


def highlight(text: str, offsets: Iterable[int], style: Style) -> Content:
    """``text`` (never read as markup) with the matched characters styled."""
    content = Content(text)
    for offset in offsets:
        content = content.stylize(style, offset, offset + 1)
    return content
