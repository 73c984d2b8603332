"""Choosing which kinds of row the agenda shows: a checklist of every kind, the shown ones ticked."""

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import SelectionList, Static

from advocate_tui.rules.vocab import AgendaKind


class AgendaKindsScreen(ModalScreen[frozenset[AgendaKind]]):
    """Tick the kinds to show (space); enter keeps the choice and dismisses with the kinds left unticked,
    escape leaves it as it was."""

    HELP_TITLE = "What the agenda shows"
    BINDINGS = [
        Binding(
            "enter,ctrl+s", "keep", "Show these", id="agenda_kinds.keep", priority=True, tooltip="Show the kinds ticked"
        ),
        Binding(
            "escape", "dismiss_unchanged", "Cancel", id="agenda_kinds.cancel", tooltip="Leave the agenda as it was"
        ),
    ]

    def __init__(self, hidden: frozenset[AgendaKind]) -> None:
        super().__init__()
        self.hidden = hidden

    def compose(self) -> ComposeResult:
        with Vertical(id="agenda-kinds"):
            yield Static("Show on the agenda: space ticks, enter keeps", id="agenda-kinds-title")
            yield SelectionList[AgendaKind](*((kind.label, kind, kind not in self.hidden) for kind in AgendaKind))

    def action_keep(self) -> None:
        shown = set(self.query_one(SelectionList).selected)
        self.dismiss(frozenset(kind for kind in AgendaKind if kind not in shown))

    def action_dismiss_unchanged(self) -> None:
        self.dismiss(self.hidden)
