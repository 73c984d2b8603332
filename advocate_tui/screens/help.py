"""Every key for the screen in use, including those of tabs and lists not focused, as remapped by the config file."""

from collections.abc import Mapping

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static

from advocate_tui.screens.widgets.table import Col, KeyFooter, RecordTable, Row

MOVING_AROUND = [
    ("↑ ↓ PgUp PgDn", "Move in lists and tables; Home and End jump to the ends"),
    ("tab shift+tab", "Next or previous field in a form"),
    ("space", "Tick a box or choose in a list in a form"),
    ("ctrl+q", "Quit, from anywhere (asks first if anything typed is not saved)"),
]


def key_display(app: App, binding: Binding, keymap: Mapping[str, str]) -> str:
    """The key(s) for ``binding`` as the user has them, remapped by the config file's [keys]."""
    keys = keymap.get(binding.id, binding.key) if binding.id else binding.key
    return " ".join(app.get_key_display(binding.with_key(key.strip())) for key in keys.split(","))


def binding_rows(screen: Screen, keymap: Mapping[str, str]) -> list[Row]:
    """Rows for every binding with an id on ``screen``, its widgets and the app, grouped by where it applies."""
    sections: dict[str, list[Row]] = {}
    seen: set[str] = set()
    for node in [*screen.walk_children(with_self=True), screen.app]:
        title = getattr(node, "HELP_TITLE", None)
        if not title:
            continue
        # The node's bindings as remapped, a Textual private: tests/tui/test_textual_privates.py checks it.
        for bindings in node._bindings.key_to_bindings.values():
            for binding in bindings:
                if binding.id is None or binding.id in seen:
                    continue
                seen.add(binding.id)
                sections.setdefault(title, []).append(
                    Row(
                        binding.id,
                        (
                            Text("  " + key_display(screen.app, binding, keymap), style="bold"),
                            binding.description,
                            Text(binding.tooltip, style="dim"),
                            Text(binding.id, style="dim"),
                        ),
                    )
                )
    rows: list[Row] = []
    for title, entries in sections.items():
        rows.append(Row(f"heading:{title}", (Text(title, style="bold underline"),), heading=True))
        rows += entries
    rows.append(Row("heading:moving", (Text("Moving around", style="bold underline"),), heading=True))
    rows += [
        Row(f"moving:{n}", (Text("  " + keys, style="bold"), "", Text(what, style="dim")))
        for n, (keys, what) in enumerate(MOVING_AROUND)
    ]
    return rows


class KeysTable(RecordTable):
    COLUMNS = (
        Col("Key", width=15),
        Col("Action", width=17),
        Col("What it does", min_width=10),
        Col("Id, for [keys]", width=24),
    )


class HelpScreen(ModalScreen[None]):
    """The keys for the screen underneath; escape (or ?) closes it."""

    HELP_TITLE = "Keys"
    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close", id="help.close", tooltip="Close this list")]

    def __init__(self, screen: Screen, keymap: Mapping[str, str]) -> None:
        super().__init__()
        self.rows = binding_rows(screen, keymap)
        self.described = {row.key: row for row in self.rows if not row.heading}
        self.where = getattr(screen, "HELP_TITLE", "this screen")

    def compose(self) -> ComposeResult:
        with Vertical(id="help") as box:
            box.border_title = f"Keys — {self.where}"
            yield Static(
                'To change a key, give its id in the [keys] table of the config file, e.g. caseload.filter = "f".',
                id="help-intro",
                markup=False,
            )
            yield KeysTable(id="keys-table")
            yield Static(id="help-detail", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(KeysTable)
        table.show_rows(self.rows)
        table.focus()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """The highlighted key's whole description and its whole id, which a narrow terminal crops in the table."""
        row = self.described.get(event.row_key.value or "")
        action, what = (str(row.cells[1]), str(row.cells[2])) if row else ("", "")
        detail = f"{action}: {what}" if action else what
        if row is not None and len(row.cells) > 3:
            detail += f'\nTo change its key: {row.cells[3]} = "…" under [keys] in the config file.'
        self.query_one("#help-detail", Static).update(detail)
