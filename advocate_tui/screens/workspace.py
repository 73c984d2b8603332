"""The case workspace: a header that is always visible, and one tab per part of the case."""

from collections.abc import Callable
from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import var
from textual.widgets import TabbedContent, TabPane, Tabs

from advocate_tui.rules.patterns import Alert
from advocate_tui.screens.base import DataScreen
from advocate_tui.screens.modals.confirm import ConfirmScreen
from advocate_tui.screens.tabs.case_tab import CaseTab
from advocate_tui.screens.tabs.court import CourtTab
from advocate_tui.screens.tabs.documents import DocumentsTab
from advocate_tui.screens.tabs.incidents import IncidentsTab
from advocate_tui.screens.tabs.justice import JusticeTab
from advocate_tui.screens.tabs.notes import NotesTab
from advocate_tui.screens.tabs.overview import OverviewTab
from advocate_tui.screens.tabs.plan import PlanTab
from advocate_tui.screens.tabs.referrals import ReferralsTab
from advocate_tui.screens.tabs.risk import RiskPane, RiskTab
from advocate_tui.screens.unsaved import ask_before_losing, joined
from advocate_tui.screens.widgets.case_header import CaseHeader
from advocate_tui.screens.widgets.table import KeyFooter
from advocate_tui.services.risk import RiskOverview
from advocate_tui.storage.models import Case

#: The workspace's tabs, in order; each is reachable by its number key.
TABS: list[type[CaseTab]] = [
    OverviewTab,
    PlanTab,
    IncidentsTab,
    CourtTab,
    NotesTab,
    DocumentsTab,
    RiskTab,
    JusticeTab,
    ReferralsTab,
]

_TAB_KEYS = Binding.Group("Tab", compact=True)


def tab_labels(width: int) -> list[str]:
    """The tabs' titles, numbered, on one line of ``width`` cells: a tab's short title in place of its
    full one where needed, those that save the most first, so that a wider terminal keeps more in full."""
    titles = [tab.TITLE for tab in TABS]
    saving = sorted(range(len(TABS)), key=lambda n: len(TABS[n].SHORT or TABS[n].TITLE) - len(TABS[n].TITLE))
    for n in saving:
        # Each tab is its label with a space either side.
        if sum(len(f"{number} {title}") + 2 for number, title in enumerate(titles, start=1)) <= width:
            break
        titles[n] = TABS[n].SHORT or TABS[n].TITLE
    return [f"{number} {title}" for number, title in enumerate(titles, start=1)]


class CaseWorkspace(DataScreen):
    """Everything on one case. Number keys (or tab) switch tabs; escape goes back."""

    HELP_TITLE = "Case"
    #: Below 100 columns the screen has the class -narrow, which tabs' styles may use.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    BINDINGS = [
        Binding("escape", "close", "Back", id="case.back", tooltip="Leave the case and go back"),
        *(
            Binding(
                str(number),
                f"show_tab({number})",
                tab.TITLE,
                id=f"case.tab_{number}",
                group=_TAB_KEYS,
                tooltip=f"Show the {tab.TITLE} tab",
            )
            for number, tab in enumerate(TABS, start=1)
        ),
        Binding("tab", "next_tab", "Next tab", id="case.next_tab", show=False, tooltip="Show the next tab"),
        Binding(
            "shift+tab",
            "previous_tab",
            "Previous tab",
            id="case.previous_tab",
            show=False,
            tooltip="Show the previous tab",
        ),
        Binding(
            "k",
            "acknowledge",
            "Acknowledge alerts",
            id="case.acknowledge_alerts",
            tooltip="Mark the escalation alerts at the top as seen (a new incident raises them again)",
        ),
        Binding(
            "i",
            "sharing",
            "Sharing",
            id="case.sharing",
            show=False,
            tooltip="What was shared outside the service, with whom and why, and the do-not-disclose list",
        ),
    ]

    #: The case as last read (set each time it is read, which draws the header and the tabs again).
    case = var[Case | None](None, init=False, always_update=True, bindings=True)

    def __init__(self, reference: str) -> None:
        super().__init__()
        self.reference = reference
        #: Whether :attr:`case` has its incident log (see :meth:`reload`).
        self.complete = False
        self.risk: RiskOverview | None = None
        self.alerts: list[Alert] = []

    def compose(self) -> ComposeResult:
        yield CaseHeader(f"{self.reference}  (reading…)", id="case-header")
        with TabbedContent(id="case-tabs"):
            for number, tab in enumerate(TABS, start=1):
                with TabPane(f"{number} {tab.TITLE}", id=tab.ID):
                    if number == 1:
                        yield tab(self.reference)
        yield KeyFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(Tabs).can_focus = False
        self.sub_title = self.reference

    def reload(self) -> None:
        if self.case is None:  # opening: the case without its incident log first, so that a big one shows at once
            self.load_in_background(
                lambda: self._read(self.casework.cases.case_summary), self._show_summary, self._cannot_read
            )
        else:
            self._read_all()

    def _read_all(self) -> None:
        self.load_in_background(lambda: self._read(self.casework.cases.get_case), self._show, self._cannot_read)

    def _read(self, read_case: Callable[[str], Case]) -> tuple[Case, RiskOverview, list[Alert]]:
        reference = self.reference
        return read_case(reference), self.casework.risk.risk_overview(reference), self.casework.alerts.alerts(reference)

    def _show_summary(self, loaded: tuple[Case, RiskOverview, list[Alert]]) -> None:
        self._show(loaded, complete=False)
        self.call_after_refresh(self._read_log)

    def _read_log(self) -> None:
        """The whole case, its incident log included, once the rest is on screen (its risk and alerts were just read)."""
        reference = self.reference
        self.load_in_background(lambda: self.casework.cases.get_case(reference), self._show_log, self._cannot_read)

    def _show_log(self, case: Case) -> None:
        self.complete = True
        self.case = case

    def _show(self, loaded: tuple[Case, RiskOverview, list[Alert]], complete: bool = True) -> None:
        case, self.risk, self.alerts = loaded
        self.complete = complete
        self.case = case

    def watch_case(self) -> None:
        self.redraw()

    def _show_tab(self, tab: CaseTab) -> None:
        """Hand ``tab`` the case as read, and have it drawn once what it shows is there."""
        tab.case, tab.risk = self.case, self.risk
        if self.case is not None and self.risk is not None and (self.complete or not tab.NEEDS_INCIDENTS):
            tab.show(self.case)

    def redraw(self) -> None:
        if self.case is None or self.risk is None:
            return
        self.query_one(CaseHeader).show(self.case, self.risk, self.alerts, self.tones)
        for tab in self.query(CaseTab):
            self._show_tab(tab)
        active = self._active_tab()
        if self.focused is None and active is not None:
            active.focus_main()

    def _cannot_read(self, message: str) -> None:
        self.report_problem(message)
        if self.case is None:
            self.dismiss()

    # -- tabs ---------------------------------------------------------------------

    def _active_tab(self) -> CaseTab | None:
        tabs = self.query_one(TabbedContent)
        return tabs.get_pane(tabs.active).query(CaseTab).first() if tabs.active else None

    def on_resize(self, event: events.Resize) -> None:
        """Shorter tab titles when the full ones do not fit on one line."""
        tabs = self.query_one(TabbedContent)
        for tab, label in zip(TABS, tab_labels(event.size.width)):
            tabs.get_tab(tab.ID).label = label

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

    async def _made(self, pane: TabPane) -> CaseTab:
        """The tab in ``pane``, made the first time it is shown: a case opens with only its first tab
        made, as setting up a tab's widgets cost as much as drawing its records."""
        made = pane.query(CaseTab)
        if made:
            return made.first()
        tab = next(tab for tab in TABS if tab.ID == pane.id)(self.reference)
        await pane.mount(tab)
        self._show_tab(tab)
        return tab

    async def make_all(self) -> None:
        for pane in self.query(TabPane):
            await self._made(pane)

    async def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        (await self._made(event.pane)).focus_main()

    def unsaved_work(self) -> str | None:
        lost = joined(self.query(CaseTab))
        return f"On {self.reference}: {lost}" if lost else None

    def action_close(self) -> None:
        ask_before_losing(self.app, self.query(CaseTab), "Leave the case without saving?", self.dismiss, yes="Leave")

    def action_sharing(self) -> None:
        from advocate_tui.screens.sharing import SharingScreen

        self.app.push_screen(SharingScreen(self.reference))

    # -- escalation alerts ----------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "acknowledge":
            return bool(self.alerts)
        return True

    def action_acknowledge(self) -> None:
        """Ask, then record that the alerts shown were seen (those shown only: not any raised meanwhile)."""
        keys = [alert.key for alert in self.alerts]
        question = (
            "Mark the escalation alert at the top as seen? It shows again if a new incident raises it."
            if len(keys) == 1
            else f"Mark the {len(keys)} escalation alerts at the top as seen? They show again if a new incident "
            "raises them."
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self.write(
                    lambda: self.casework.alerts.acknowledge_alerts(self.reference, keys),
                    f"{len(keys)} escalation alert{'s' if len(keys) != 1 else ''} acknowledged.",
                )

        self.app.push_screen(ConfirmScreen(question, yes="Acknowledge", no="Not yet"), answered)

    # -- changes made here and in the tabs --------------------------------------------

    @on(PlanTab.Cycled)
    def _plan_item_cycled(self, event: PlanTab.Cycled) -> None:
        event.stop()
        case = self.case
        if case is not None:
            case.plan_items = [event.item if i.id == event.item.id else i for i in case.plan_items]
            self.mutate_reactive(CaseWorkspace.case)

    @on(RiskPane.Changed)
    def _risk_changed(self, event: RiskPane.Changed) -> None:
        event.stop()
        self.reload()

    def write(self, job: Callable[[], Any], saved: str) -> None:
        """Run a change on a worker; once done, say ``saved`` and read the case again."""

        def done(_result: Any) -> None:
            self.notify(saved, timeout=3, markup=False)
            self.reload()

        self.save_in_background(job, done)
