"""Widgets shared by the screens: tables that fit their width, and a footer that wraps."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.cache import LRUCache
from textual.containers import HorizontalGroup
from textual.coordinate import Coordinate
from textual.message import Message
from textual.renderables.styled import Styled
from textual.widgets import DataTable, Footer
from textual.widgets._footer import FooterKey  # private: tests/tui/test_textual_privates.py checks it
from textual.widgets.data_table import RowKey

Cell = Text | str


def plain(value: object) -> Text:
    """User text for a table cell or label, never read as markup."""
    return Text("" if value is None else str(value), end="")


@dataclass(frozen=True)
class Col:
    """A table column: a fixed width (counting the gap after it) or, with width 0, a share of the rest.

    When the table is too narrow for the full widths and the flexible columns' ``min_width``, fixed
    columns with a ``narrow`` width take it one at a time, the lowest ``priority`` first (the rightmost
    of equals), until the flexible columns have their room (or all have; then the flexible ones share
    what is left). ``share`` weighs a flexible column against the other flexible ones. ``short`` is the
    label shown whole when ``label`` would be cut.
    """

    label: str
    width: int = 0
    min_width: int = 8
    narrow: int = 0
    priority: int = 0
    share: int = 1
    style: str = "bold"
    short: str = ""

    def label_for(self, width: int) -> str:
        """The label for a column ``width`` wide (counting the gap after it)."""
        return self.short if self.short and len(self.label) > width - 1 else self.label


@dataclass(frozen=True)
class Row:
    """A table row; a heading row groups the rows under it and the cursor passes over it."""

    key: str
    cells: Sequence[Cell]
    heading: bool = False


class RowMessage(Message):
    """A key pressed on a table's row, for the tab or screen that owns the table to act on."""

    def __init__(self, key: str | None) -> None:
        super().__init__()
        #: The row's key (None when the cursor is on no record).
        self.key = key


class RecordTable(DataTable):
    """A row-cursor table whose columns fit its width, with heading rows and a message when empty.

    Cells are cropped with an ellipsis; refilling keeps the cursor on the same record.
    """

    COLUMNS: ClassVar[tuple[Col, ...]] = ()
    EMPTY: ClassVar[str] = "Nothing here yet."
    #: Moving past the last (or first) row moves focus to the next (or previous) widget.
    PASS_FOCUS_AT_EDGES: ClassVar[bool] = False
    #: The cursor starts on the last row (for lists that grow at the end, such as a log).
    START_AT_END: ClassVar[bool] = False
    #: Whether the column labels are shown.
    SHOW_HEADER: ClassVar[bool] = True

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, cursor_type="row", cell_padding=0, zebra_stripes=False)
        self.records: list[Row] = []
        self.columns_shown: tuple[Col, ...] = self.COLUMNS
        self._keys: list[str] = []
        self._headings: set[int] = set()
        self._fitted_width = 0
        self._filled = False
        #: Whether rows have been given yet: until then an empty table says nothing (its data is being read).
        self._given = False
        #: A record to put the cursor on once it is shown (one just added).
        self._wanted: str | None = None
        #: Cells drawn, by text, width and highlight (see :meth:`_render_cell`).
        self._drawn_cells: LRUCache[tuple, list[list[Segment]]] = LRUCache(4000)

    @property
    def current_key(self) -> str | None:
        """The key of the row under the cursor, if it is a record (not a heading or the empty message)."""
        row = self.cursor_row
        if not self.records or not 0 <= row < len(self._keys) or row in self._headings:
            return None
        return self._keys[row]

    def show_rows(self, rows: Sequence[Row], columns: Sequence[Col] | None = None) -> None:
        """Replace the rows (and optionally the column labels), keeping the cursor on the same key."""
        self.records = list(rows)
        self._given = True
        if columns is not None:
            self.columns_shown = tuple(columns)
        self._fill()

    def select_when_shown(self, key: str) -> None:
        """Put the cursor on the record ``key`` when rows including it are next shown."""
        self._wanted = key

    class WidthChanged(Message):
        """The table was refitted to a new width (cells that depend on :attr:`narrow` may need rebuilding)."""

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._fitted_width:
            self._fill()
            self.post_message(self.WidthChanged())

    @property
    def usable_width(self) -> int:
        """The width for the columns: the table's, less room for the scrollbar when the rows overflow
        (whether or not the scrollbar is showing yet, so that refilling fits the columns the same)."""
        width = self.content_region.width or self.size.width
        return width - (self.styles.scrollbar_size_vertical if len(self.records) > self.size.height - 1 else 0)

    def _widths(self, total: int) -> list[int]:
        columns = self.columns_shown
        fixed = [c.width for c in columns]
        wanted = sum(c.min_width for c in columns if not c.width)
        for n in sorted((n for n, c in enumerate(columns) if c.narrow), key=lambda n: (columns[n].priority, -n)):
            if sum(fixed) + wanted <= total:
                break
            fixed[n] = columns[n].narrow
        shares = sum(c.share for c, width in zip(columns, fixed) if not width) or 1
        spare = max(0, total - sum(fixed))
        # Short of room even so, the flexible columns share what is left rather than push the last ones off.
        fits = sum(fixed) + wanted <= total
        return [width or max(c.min_width if fits else 1, spare * c.share // shares) for c, width in zip(columns, fixed)]

    def _fill(self) -> None:
        if not self.size.width:
            return
        self._fitted_width = self.size.width
        keep_key, keep_row = self.current_key, self.cursor_row
        usable = self.usable_width
        self.clear(columns=True)
        self._keys = [row.key for row in self.records]
        self._headings = {n for n, row in enumerate(self.records) if row.heading}
        if not self.records:
            self.show_header = False
            self.show_cursor = False
            self.add_column(Text(""), width=max(1, usable), key="message")
            message = Text(self.EMPTY if self._given else "", style="dim italic")
            # The message wraps to the table's width rather than being cut.
            self.add_row(message, key="", height=len(message.wrap(self.app.console, max(1, usable))))
            return
        self.show_header = self.SHOW_HEADER
        self.show_cursor = True
        widths = self._widths(usable)
        for n, (column, fitted) in enumerate(zip(self.columns_shown, widths)):
            self.add_column(
                _crop(Text(column.label_for(fitted), style=column.style), fitted - 1), width=fitted, key=str(n)
            )
        self._add_rows(widths)
        if self._wanted in self._keys:
            target, self._wanted = self._keys.index(self._wanted), None
        elif keep_key in self._keys:
            target = self._keys.index(keep_key)
        elif not self._filled and self.START_AT_END:
            target = len(self._keys) - 1
        else:
            target = min(keep_row, len(self._keys) - 1)
        self._filled = True
        self.move_cursor(row=max(0, target), animate=False)

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> list[list[Segment]]:
        """A body cell's lines, drawn once for its text, width and highlight, whatever row it is in.

        DataTable draws every visible cell again after each change to its rows (each keystroke in the
        caseload's filter brings back rows drawn a moment before, elsewhere). Here a cell is drawn
        without the row and column a click reads from its style, and they are added afterwards.
        (Overrides a DataTable internal; headings, and cells that are not one line of text, are drawn
        by DataTable as before.)"""
        # Overrides a DataTable private and reads others: tests/tui/test_textual_privates.py fails when they change.
        if row_index < 0 or column_index < 0:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        cell = self._get_row_renderables(row_index)[1][column_index]
        row_key = self._row_locations.get_key(row_index)
        if not isinstance(cell, Text) or row_key is None or self.rows[row_key].height != 1:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        key = (
            cell.plain,
            tuple(cell.spans),
            cell.style,
            cell.justify,
            cell.overflow,
            width,
            base_style,
            cursor,
            hover,
            self.show_cursor,
            self._show_hover_cursor,
            self._pseudo_class_state,
        )
        lines = self._drawn_cells.get(key)
        if lines is None:
            component_style, post_style = self._get_styles_to_render_cell(
                False,
                False,
                False,
                hover,
                cursor,
                self.show_cursor,
                self._show_hover_cursor,
                self.cursor_foreground_priority == "css",
                self.cursor_background_priority == "css",
            )
            options = self.app.console_options.update_dimensions(width, 1).update(no_wrap=True)
            lines = self.app.console.render_lines(
                Styled(
                    Padding(cell, (0, self.cell_padding)), pre_style=base_style + component_style, post_style=post_style
                ),
                options,
            )
            self._drawn_cells[key] = lines
        where = Style.from_meta({"row": row_index, "column": column_index})
        return [
            [Segment(text, style + where if style else where, control) for text, style, control in line]
            for line in lines
        ]

    def notify_style_update(self) -> None:
        self._drawn_cells.clear()
        super().notify_style_update()

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        """Leave new rows unmeasured: every column here has a set width and every row one line, so
        DataTable's measuring of each cell of each row (a quarter of a caseload filter keystroke) would
        change nothing. (A DataTable internal: should it be renamed, rows are simply measured again.)"""
        # Overrides a DataTable private: tests/tui/test_textual_privates.py fails when it changes.
        super()._update_dimensions(())

    def _add_rows(self, widths: list[int]) -> None:
        for row in self.records:
            if row.heading and len(row.cells) == 1:
                cells = _spread(row.cells[0], widths)
            else:
                cells = [_crop(cell, width - 1) for cell, width in zip(row.cells, widths)]
                cells += [Text("")] * (len(widths) - len(cells))
            self.add_row(*cells, key=row.key)

    async def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """A click on the highlighted row does what enter does on it (open the case, show the record…)."""
        event.stop()
        # The node's bindings as remapped, a Textual private: tests/tui/test_textual_privates.py checks it.
        enter = [b for b in self._bindings.key_to_bindings.get("enter", []) if b.action != "select_cursor"]
        if enter:
            await self.run_action(enter[0].action)

    def validate_cursor_coordinate(self, value: Coordinate) -> Coordinate:
        value = super().validate_cursor_coordinate(value)
        if not self._headings or len(self._headings) >= self.row_count:
            return value
        step = 1 if value.row >= self.cursor_coordinate.row else -1
        for direction in (step, -step):
            row = value.row
            while row in self._headings:
                row += direction
            if 0 <= row < self.row_count:
                return Coordinate(row, value.column)
        return value

    def action_cursor_down(self) -> None:
        if self.PASS_FOCUS_AT_EDGES and self.cursor_row >= self.row_count - 1:
            self.screen.focus_next()
        else:
            super().action_cursor_down()

    def action_cursor_up(self) -> None:
        first = min(set(range(self.row_count)) - self._headings, default=0)
        if self.PASS_FOCUS_AT_EDGES and self.cursor_row <= first:
            self.screen.focus_previous()
        else:
            super().action_cursor_up()


class ActingTable(RecordTable):
    """A list whose keys (``act('what')`` bindings) ask the tab holding it to act on the highlighted row."""

    PASS_FOCUS_AT_EDGES = True

    class Act(Message):
        """Do ``what`` to the record ``key`` (None: the highlighted row is not a record)."""

        def __init__(self, what: str, key: str | None) -> None:
            super().__init__()
            self.what = what
            self.key = key

    def action_act(self, what: str) -> None:
        self.post_message(self.Act(what, self.current_key))


def _spread(cell: Cell, widths: list[int]) -> list[Text]:
    """One cell's text laid across every column, so a heading can be as wide as the table."""
    text = _crop(cell, sum(widths) - 1).copy()
    text.pad_right(sum(widths) - text.cell_len)
    offsets, edge = [], 0
    for width in widths[:-1]:
        edge += width
        offsets.append(edge)
    return list(text.divide(offsets))


def _crop(cell: Cell, width: int) -> Text:
    text = cell if isinstance(cell, Text) else plain(cell)
    if text.cell_len > width:
        text = text.copy()
        text.truncate(max(1, width), overflow="ellipsis")
    return text


@dataclass
class _FooterEntry:
    key: str
    display: str
    description: str
    action: str
    enabled: bool
    tooltip: str

    @property
    def width(self) -> int:
        """The cells it takes in the compact footer: the key, a space, the description and a gap."""
        return len(self.display) + len(self.description) + 2


#: The footer always offers the list of every key.
ALWAYS_SHOWN = "help"


def fitting(entries: list[_FooterEntry], width: int) -> list[_FooterEntry]:
    """The entries that fit in ``width`` cells, in their order, always with the one for every key."""
    room = width - sum(entry.width for entry in entries if entry.action == ALWAYS_SHOWN)
    kept = []
    for entry in entries:
        if entry.action == ALWAYS_SHOWN:
            kept.append(entry)
        elif entry.width <= room:
            kept.append(entry)
            room -= entry.width
    return kept


class KeyFooter(Footer):
    """The footer on one line, as Posting and Harlequin keep it: the keys for the moment in the order the
    screen gives them, as many as fit, always ending with ``?`` (every key, in the help screen).

    Bindings in a group are shown once, e.g. "1-5 Tab".
    """

    DEFAULT_CSS = """
    KeyFooter {
        height: 1;
        HorizontalGroup { height: 1; }
    }
    """

    def __init__(self) -> None:
        super().__init__(compact=True, show_command_palette=False)
        self._laid_out_width = 0
        self._composed: tuple[int, list[_FooterEntry]] | None = None

    def _layout(self) -> tuple[int, list[_FooterEntry]] | None:
        """What a compose would show now: the width and the keys (None before the bindings are known)."""
        # Footer's private flag: tests/tui/test_textual_privates.py checks it.
        return (self.size.width or self.app.size.width, self._entries()) if self._bindings_ready else None

    async def recompose(self) -> None:
        """Compose again only when the keys shown or the width changed: bindings are refreshed on every
        change of focus, and composing the keys again cost more than drawing the rest of a screen."""
        if self.is_attached and self._layout() != self._composed:
            await super().recompose()

    def compose(self) -> ComposeResult:
        self._composed = self._layout()
        if self._composed is None:
            return
        self._laid_out_width, entries = self._composed
        yield HorizontalGroup(
            *(
                FooterKey(
                    entry.key,
                    entry.display,
                    entry.description,
                    entry.action,
                    disabled=not entry.enabled,
                    tooltip=entry.tooltip,
                ).data_bind(compact=Footer.compact)
                for entry in fitting(entries, self._laid_out_width)
            )
        )

    def _entries(self) -> list[_FooterEntry]:
        entries: list[_FooterEntry] = []
        grouped: dict[Binding.Group, tuple[_FooterEntry, list[str]]] = {}
        actions: set[str] = set()
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if not binding.show or binding.action in actions:
                continue
            actions.add(binding.action)
            display = self.app.get_key_display(binding)
            if binding.group in grouped:
                grouped[binding.group][1].append(display)
                continue
            description = binding.group.description if binding.group else binding.description
            entry = _FooterEntry(
                binding.key, display, description, binding.action, active.enabled, active.tooltip or description
            )
            entries.append(entry)
            if binding.group:
                grouped[binding.group] = (entry, [display])
        for entry, displays in grouped.values():
            entry.display = f"{displays[0]}-{displays[-1]}" if len(displays) > 2 else "".join(displays)
        return entries

    def on_resize(self, event: events.Resize) -> None:
        if self._bindings_ready and event.size.width != self._laid_out_width:
            self.call_after_refresh(self.recompose)
