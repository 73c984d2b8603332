"""The agenda: what needs attention across the caseload, by when (overdue and today, the next 7 days, later)
and within a day by case; a case's safety-plan items due together are one row that space opens. Every row opens
its case (a consultation's follow-up, which has none, opens the consultations); f chooses the kinds shown, m
shows only the advocate's own cases once a team shares the database (both kept in config.toml); x saves it as
a calendar."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static

from advocate_tui.rules import clock
from advocate_tui.rules.vocab import AgendaKind
from advocate_tui.screens.app_protocol import host
from advocate_tui.screens.base import DataScreen
from advocate_tui.screens.forms.calendar import calendar_form
from advocate_tui.screens.modals.agenda_kinds import AgendaKindsScreen
from advocate_tui.screens.theme import Tones
from advocate_tui.screens.widgets.table import Col, KeyFooter, RecordTable, Row, plain
from advocate_tui.services.rows import AgendaEntry
from advocate_tui.storage.config import load_settings, remember

#: How far ahead "the next days" reach; what is due after that is "later".
SOON_DAYS = 7
#: The order of kinds within a day and case.
KIND_ORDER = {kind: n for n, kind in enumerate(AgendaKind)}
#: The word that says what a row is, where its own text does not.
SAYS_WHAT = {AgendaKind.PLAN_ITEMS: "Safety plan: ", AgendaKind.FOLLOW_UPS: "Follow-up: "}
#: A case's safety-plan items in one group that are shown as one row (until opened with space).
COLLAPSE_FROM = 2


@dataclass(frozen=True)
class AgendaView:
    """What the advocate chose to see: kinds hidden, and only their own cases."""

    hidden: frozenset[AgendaKind] = frozenset()
    mine: bool = False


class AgendaTable(RecordTable):
    HELP_TITLE = "Agenda"
    COLUMNS = (
        Col("When", width=17),
        Col("Case", width=14),
        Col("Client", width=22, narrow=13),
        Col("What", min_width=30),
    )
    BINDINGS = [
        Binding(
            "enter",
            "open",
            "Open case",
            id="agenda.open",
            tooltip="Open the case of the row under the cursor (or, for a consultation's follow-up, the consultations)",
        ),
        Binding(
            "space",
            "fold",
            "Show items",
            id="agenda.toggle",
            tooltip="Show (or fold again) each of a case's safety-plan items counted in the row under the cursor",
        ),
        Binding(
            "right_square_bracket",
            "section(1)",
            "Next section",
            id="agenda.next_section",
            tooltip="Jump to the next section",
        ),
        Binding(
            "left_square_bracket",
            "section(-1)",
            "Previous section",
            id="agenda.previous_section",
            tooltip="Jump to the previous section",
        ),
    ]

    class OpenCase(Message):
        """Open the case ``reference`` (that of the row under the cursor)."""

        def __init__(self, reference: str) -> None:
            super().__init__()
            self.reference = reference

    class Toggle(Message):
        """Show or fold the safety-plan items of the row ``key``."""

        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def action_open(self) -> None:
        if self.current_key:
            self.post_message(self.OpenCase(self.current_key.rsplit(":", 1)[1]))

    def action_fold(self) -> None:
        key = self.current_key
        if key and key.startswith(("plans:", "plan:")):
            self.post_message(self.Toggle(key))

    def action_section(self, step: int) -> None:
        """Move to the first entry of the next (or previous) section that has any."""
        starts = [
            n + 1
            for n, row in enumerate(self.records)
            if row.heading and n + 1 < len(self.records) and not self.records[n + 1].heading
        ]
        later = [n for n in starts if (n - self.cursor_row) * step > 0]
        if later:
            self.move_cursor(row=later[0] if step > 0 else later[-1])


class AgendaScreen(DataScreen):
    """Court dates soon, orders expiring, quiet cases, plan items due, escalation alerts, risk reviews due."""

    HELP_TITLE = "Agenda"
    BINDINGS = [
        Binding("escape", "back", "Back", id="agenda.back", tooltip="Go back to the previous screen"),
        Binding(
            "f",
            "kinds",
            "Kinds",
            id="agenda.kinds",
            tooltip="Choose the kinds of row shown (court dates, plan items, alerts…); kept for the next time",
        ),
        Binding(
            "m",
            "mine",
            "Mine",
            id="agenda.mine",
            tooltip="Show only your own cases, or every case again (once the cases have more than one advocate)",
        ),
        Binding(
            "x",
            "export",
            "Export calendar",
            id="agenda.export",
            tooltip="Save the dated items as an iCalendar (.ics) file for a phone: references only, no names",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[AgendaEntry] | None = None
        self.team = False
        settings = load_settings()
        self.view = AgendaView(settings.agenda_hidden, settings.agenda_mine)
        #: The keys of the folded rows opened with space.
        self.opened: set[str] = set()

    def compose(self) -> ComposeResult:
        yield Static("Agenda — reading…", id="agenda-title")
        yield Static("", id="agenda-nothing")
        yield AgendaTable(id="agenda-table")
        yield KeyFooter()

    def reload(self) -> None:
        agenda = self.casework.agenda
        mine = self.view.mine

        def read() -> tuple[list[AgendaEntry], bool]:
            team = agenda.team()
            entries = agenda.agenda()
            return (agenda.mine(entries) if mine and team else entries), team

        self.load_in_background(read, self._loaded)

    def _loaded(self, result: tuple[list[AgendaEntry], bool]) -> None:
        self.entries, self.team = result
        self.refresh_bindings()
        self.redraw()
        self.query_one(AgendaTable).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "mine" and not self.team:
            return False  # offered once the cases have more than one advocate
        return super().check_action(action, parameters)

    def redraw(self) -> None:
        if self.entries is None:
            return
        today = clock.today()
        shown = [e for e in self.entries if e.kind not in self.view.hidden]
        choice = []
        if self.view.mine and self.team:
            choice.append("your cases")
        if self.view.hidden:
            choice.append(f"{len(self.view.hidden)} kind{'s' * (len(self.view.hidden) != 1)} hidden (f)")
        self.query_one("#agenda-title", Static).update(
            Text.assemble(
                ("Agenda", self.tones.heading),
                f" for {today:%A %d %B %Y}  ·  ",
                f"{len(shown)} thing{'s' if len(shown) != 1 else ''} to look at",
                *([(f"  ·  {', '.join(choice)}", "dim")] if choice else []),
            )
        )
        found = {e.kind for e in self.entries}
        empty = [_lower(kind.label) for kind in AgendaKind if kind not in found and kind not in self.view.hidden]
        self.query_one("#agenda-nothing", Static).update(
            Text(f"Nothing due: {', '.join(empty)}.", style="dim") if empty else ""
        )
        self.query_one("#agenda-nothing", Static).display = bool(empty)
        self.query_one(AgendaTable).show_rows(agenda_rows(shown, today, self.tones, self.opened))

    @on(AgendaTable.OpenCase)
    def _open_case(self, event: AgendaTable.OpenCase) -> None:
        if event.reference:
            host(self).open_case(event.reference)
        else:  # a consultation's follow-up: it belongs to no case
            host(self).action_show_consultations()

    @on(AgendaTable.Toggle)
    def _toggle(self, event: AgendaTable.Toggle) -> None:
        group = event.key.split(":")[1]
        reference = event.key.rsplit(":", 1)[1]
        folded = f"plans:{group}:{reference}"
        self.opened ^= {folded}
        self.redraw()
        table = self.query_one(AgendaTable)
        table.move_cursor(row=[row.key for row in table.records].index(folded))

    def action_back(self) -> None:
        self.dismiss()

    def action_kinds(self) -> None:
        def chosen(hidden: frozenset[AgendaKind] | None) -> None:
            if hidden is not None and hidden != self.view.hidden:
                self._choose(AgendaView(hidden, self.view.mine))

        self.app.push_screen(AgendaKindsScreen(self.view.hidden), chosen)

    def action_mine(self) -> None:
        self._choose(AgendaView(self.view.hidden, not self.view.mine))
        self.reload()

    def _choose(self, view: AgendaView) -> None:
        """Show ``view`` and keep it in config.toml for the next time."""
        self.view = view
        self.redraw()
        choice: dict[str, str | bool | list[str]] = {
            "hide": [kind.value for kind in AgendaKind if kind in view.hidden],
            "mine": view.mine,
        }
        self.save_in_background(partial(remember, "agenda", choice), lambda _: None)

    def action_export(self) -> None:
        from advocate_tui.storage.config import documents_dir  # the settings are read once, at start-up

        def saved(result: tuple[Path, int] | None) -> None:
            if result is not None:
                path, count = result
                self.notify(
                    f"Saved {count} event{'s' if count != 1 else ''} to {path}",
                    title="Calendar exported",
                    timeout=8,
                    markup=False,
                )

        self.app.push_screen(calendar_form(self.casework, documents_dir()), saved)


#: The agenda's groups by when, in order: a key, and its heading.
GROUPS = {"now": "Overdue and today", "soon": f"The next {SOON_DAYS} days", "later": "Later"}


def _group(entry: AgendaEntry, today: date) -> str:
    if entry.overdue or entry.when <= today:
        return "now"
    return "soon" if entry.when <= today + timedelta(days=SOON_DAYS) else "later"


def agenda_rows(entries: list[AgendaEntry], today: date, tones: Tones, opened: set[str]) -> list[Row]:
    """The rows of ``entries``: a heading for each group by when that has any, then its rows by day, case and
    kind; a case's safety-plan items in a group are one row (``plans:<group>:<reference>``) unless ``opened``
    holds its key."""
    by_group: dict[str, list[AgendaEntry]] = defaultdict(list)
    for entry in entries:
        by_group[_group(entry, today)].append(entry)
    rows: list[Row] = []
    for group, heading in GROUPS.items():
        in_group = sorted(by_group[group], key=lambda e: (e.when, e.reference, KIND_ORDER[e.kind], e.what))
        if not in_group:
            continue
        count = f"  ({len(in_group)})"
        rows.append(Row(f"heading:{group}", (Text.assemble((heading, tones.heading), (count, "dim")),), heading=True))
        plans: dict[str, list[AgendaEntry]] = defaultdict(list)
        for entry in in_group:
            if entry.kind is AgendaKind.PLAN_ITEMS:
                plans[entry.reference].append(entry)
        for entry in in_group:
            items = plans[entry.reference] if entry.kind is AgendaKind.PLAN_ITEMS else []
            if len(items) < COLLAPSE_FROM:
                rows.append(_row(f"{entry.key}:{entry.reference}", entry, today, tones))
            elif entry is items[0]:
                folded = f"plans:{group}:{entry.reference}"
                rows.append(_folded(folded, items, today, tones, folded in opened))
                if folded in opened:
                    rows += [
                        _row(f"plan:{group}:{item.key}:{item.reference}", item, today, tones, indent="  · ")
                        for item in items
                    ]
    return rows


def _row(key: str, entry: AgendaEntry, today: date, tones: Tones, indent: str = "") -> Row:
    what = f"{indent}{'' if indent else SAYS_WHAT.get(entry.kind, '')}{entry.what}"
    return Row(key, (_when(entry, today, tones), entry.reference, plain(entry.name), plain(what)))


def _folded(key: str, items: list[AgendaEntry], today: date, tones: Tones, opened: bool) -> Row:
    first = items[0]
    mark = "▾" if opened else "▸"
    titles = ", ".join(item.what for item in items)
    what = f"{mark} {len(items)} safety-plan items due: {titles}"
    return Row(key, (_when(first, today, tones), first.reference, plain(first.name), plain(what)))


def _lower(label: str) -> str:
    """A label inside a sentence: its first letter small ("Court dates" as "court dates"; "CPS" stays)."""
    return label[0].lower() + label[1:]


def _when(entry: AgendaEntry, today: date, tones: Tones) -> Text:
    if entry.kind is AgendaKind.QUIET_CASES:
        return Text("  no contact", style=tones.caution)
    if entry.kind is AgendaKind.ALERTS:
        return Text(f"  since {entry.when:%d %b}", style=tones.alert)
    if entry.overdue:
        return Text(f"  OVERDUE {entry.when:%d %b}", style=tones.alert)
    if entry.when == today:
        return Text("  today", style=tones.caution)
    return Text(f"  {entry.when:%a %d %b}")
