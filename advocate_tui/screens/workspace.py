"""The case workspace: a header that is always visible, and one tab per part of the case."""

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static, TabbedContent, TabPane, Tabs

from advocate_tui import clock
from advocate_tui.models import Case
from advocate_tui.screens.base import DataScreen
from advocate_tui.screens.case_tab import CaseTab
from advocate_tui.screens.court_tab import CourtTab
from advocate_tui.screens.documents import DocumentsTab
from advocate_tui.screens.display import moment_short
from advocate_tui.screens.form import FormScreen
from advocate_tui.screens.incidents_tab import IncidentsTab
from advocate_tui.screens.notes_tab import NotesTab
from advocate_tui.screens.overview_tab import OverviewTab
from advocate_tui.screens.plan_tab import PlanTab
from advocate_tui.services import case_alerts, next_hearing, orders_in_force
from advocate_tui.theme import Tones, risk_text
from advocate_tui.vocab import CaseStatus, HearingKind, OrderKind
from advocate_tui.widgets import KeyFooter, plain

#: The workspace's tabs, in order; each is reachable by its number key.
TABS: list[type[CaseTab]] = [OverviewTab, PlanTab, IncidentsTab, CourtTab, NotesTab, DocumentsTab]

_TAB_KEYS = Binding.Group("Tab", compact=True)


class CaseHeader(Static):
    """Reference, name, risk, orders in force, next hearing and any alert; always on screen."""

    def show(self, case: Case, tones: Tones) -> None:
        today = clock.today()
        client = case.client
        line = Text.assemble(
            (case.reference, tones.heading), "  ", plain(client.display_name if client else "(no client)"),
            "  ", risk_text(case.risk_level, tones), " risk  ",
            (f"{CaseStatus(case.status).label} · {'domestic' if case.domestic else 'non-domestic'}", tones.muted),
        )
        orders = orders_in_force(case.orders, today)
        order_text = ", ".join(
            OrderKind(o.kind).label + (f" to {o.expires_on:%d %b %Y}" if o.expires_on else "") for o in orders
        )
        hearing = next_hearing(case.hearings, clock.now())
        hearing_text = f"{moment_short(hearing.starts_at)} {HearingKind(hearing.kind).label}" if hearing else "none booked"
        line.append_text(Text.assemble(
            "\nOrders in force: ", (order_text or "none", tones.good if orders else tones.muted),
            "  ·  Next hearing: ", (hearing_text, tones.accent if hearing else tones.muted),
        ))
        alerts = case_alerts(case, today)
        if alerts:
            line.append_text(Text("\n" + "  ".join(f"⚠ {alert}" for alert in alerts), style=tones.caution))
        self.update(line)


class CaseWorkspace(DataScreen):
    """Everything on one case. Number keys (or tab) switch tabs; escape goes back."""

    HELP_TITLE = "Case"
    BINDINGS = [
        Binding("escape", "close", "Back", id="case.back", tooltip="Leave the case and go back"),
        *(
            Binding(str(number), f"show_tab({number})", tab.TITLE, id=f"case.tab_{number}", group=_TAB_KEYS,
                    tooltip=f"Show the {tab.TITLE} tab")
            for number, tab in enumerate(TABS, start=1)
        ),
        Binding("tab", "next_tab", "Next tab", id="case.next_tab", show=False, tooltip="Show the next tab"),
        Binding("shift+tab", "previous_tab", "Previous tab", id="case.previous_tab", show=False,
                tooltip="Show the previous tab"),
    ]

    def __init__(self, reference: str) -> None:
        super().__init__()
        self.reference = reference
        self.case: Case | None = None

    def compose(self) -> ComposeResult:
        yield CaseHeader(f"{self.reference}  (reading…)", id="case-header")
        with TabbedContent(id="case-tabs"):
            for number, tab in enumerate(TABS, start=1):
                with TabPane(f"{number} {tab.TITLE}", id=tab.ID):
                    yield tab()
        yield KeyFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(Tabs).can_focus = False
        self.sub_title = self.reference

    def reload(self) -> None:
        self.load_in_background(lambda: self.casework.get_case(self.reference), self._show, self._cannot_read)

    def _show(self, case: Case) -> None:
        self.case = case
        self.redraw()

    def redraw(self) -> None:
        if self.case is None:
            return
        self.query_one(CaseHeader).show(self.case, self.tones)
        for tab in self.query(CaseTab):
            tab.show(self.case)
        if self.focused is None:
            self._active_tab().focus_main()

    def _cannot_read(self, message: str) -> None:
        self.report_problem(message)
        if self.case is None:
            self.dismiss()

    # -- tabs ---------------------------------------------------------------------

    def _active_tab(self) -> CaseTab:
        tabs = self.query_one(TabbedContent)
        return tabs.get_pane(tabs.active).query_one(CaseTab)

    def action_show_tab(self, number: int) -> None:
        self.query_one(TabbedContent).active = TABS[number - 1].ID

    def _step_tab(self, step: int) -> None:
        ids = [tab.ID for tab in TABS]
        tabs = self.query_one(TabbedContent)
        tabs.active = ids[(ids.index(tabs.active) + step) % len(ids)]

    def action_next_tab(self) -> None:
        self._step_tab(1)

    def action_previous_tab(self) -> None:
        self._step_tab(-1)

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        event.pane.query_one(CaseTab).focus_main()

    def action_close(self) -> None:
        self.dismiss()

    # -- changes made from the tabs -------------------------------------------------

    def open_form(self, form: FormScreen[Any], saved: str) -> None:
        def closed(result: Any) -> None:
            if result is not None:
                self.notify(saved, timeout=4, markup=False)

        self.app.push_screen(form, closed)

    def write(self, job: Callable[[], Any], saved: str, then: Callable[[Any], None] | None = None) -> None:
        def done(result: Any) -> None:
            if then is not None:
                then(result)
            self.notify(saved, timeout=3, markup=False)
            self.reload()

        self.save_in_background(job, done)
