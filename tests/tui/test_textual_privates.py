"""The Textual internals the screens rely on, checked against the Textual installed.

RecordTable (screens/widgets/table.py) overrides two DataTable internals and reads others, KeyFooter
builds the footer's own FooterKey widgets, the help screen and RecordTable read a node's bindings, and
the privacy lock writes to the terminal through the app's driver. None of it is public: when a Textual
release renames or reshapes any of it, these tests fail and say which, where the application would
otherwise draw tables wrongly or quietly lose a speed-up. Each use in the package names this file.
"""

import inspect
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from conftest import text_of
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingsMap
from textual.containers import HorizontalGroup
from textual.driver import Driver
from textual.reactive import Reactive
from textual.widgets import DataTable, Footer, Static

from advocate_tui.screens.widgets.table import Col, KeyFooter, RecordTable, Row

SIZE = (40, 12)
ROWS = [
    Row("jo", ("Joanne Example", "Called twice this week about the car")),
    Row("priya", ("Priya Madeup", "Home visit")),
    Row("alex", ("Alex Notreal", "New referral")),
]
#: More keys than fit on one line of the footer, 40 cells wide, and the key to them all.
FOOTER_KEYS = [Binding(key, f"ring('{key}')", f"Ring {key}", id=f"test.{key}", tooltip="Ring") for key in "abcdef"] + [
    Binding("question_mark", "help", "Keys", id="test.help", tooltip="Every key")
]


def parameters(function: Callable[..., Any]) -> list[str]:
    return list(inspect.signature(function).parameters)


class Names(RecordTable):
    COLUMNS = (Col("Name", width=12), Col("What"))
    BINDINGS = [Binding("enter", "pick", "Pick", id="test.pick", tooltip="Pick the row")]

    def __init__(self) -> None:
        super().__init__(id="names")
        self.picked: list[str | None] = []

    def action_pick(self) -> None:
        self.picked.append(self.current_key)


class TableApp(App[None]):
    """A RecordTable over three rows, with a footer of more keys than fit on one line."""

    BINDINGS = FOOTER_KEYS

    def compose(self) -> ComposeResult:
        yield Names()
        yield Static(id="rung")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(Names).show_rows(ROWS)

    def action_ring(self, key: str) -> None:
        self.query_one("#rung", Static).update(key)


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How often DataTable calls each of RecordTable's overrides (each still runs as before)."""
    counted: Counter[str] = Counter()
    for name in ("_render_cell", "_update_dimensions"):
        override = getattr(RecordTable, name)

        def spy(self: RecordTable, *args: Any, _name: str = name, _override: Any = override, **kwargs: Any) -> Any:
            counted[_name] += 1
            return _override(self, *args, **kwargs)

        monkeypatch.setattr(RecordTable, name, spy)
    return counted


# -- what RecordTable overrides and reads ------------------------------------------------------------


@pytest.mark.parametrize("name", ["_render_cell", "_update_dimensions"])
def test_each_datatable_private_that_record_table_overrides_keeps_its_parameters(name: str) -> None:
    base = getattr(DataTable, name, None)
    assert base is not None, f"DataTable.{name} is gone: RecordTable.{name} (screens/widgets/table.py) overrides it"
    assert parameters(base) == parameters(getattr(RecordTable, name)), (
        f"DataTable.{name}{inspect.signature(base)} changed: RecordTable.{name} (screens/widgets/table.py) overrides it"
    )


def test_the_datatable_privates_record_table_calls_keep_their_parameters() -> None:
    assert parameters(DataTable._get_row_renderables) == ["self", "row_index"]
    assert parameters(DataTable._get_styles_to_render_cell) == [
        "self",
        "is_header_cell",
        "is_row_label_cell",
        "is_fixed_style_cell",
        "hover",
        "cursor",
        "show_cursor",
        "show_hover_cursor",
        "has_css_foreground_priority",
        "has_css_background_priority",
    ], "RecordTable._render_cell passes these positionally"


async def test_datatable_draws_cells_through_the_override_and_a_click_still_finds_its_row(calls: Counter[str]) -> None:
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.query_one(Names)
        assert calls["_render_cell"], "DataTable no longer draws its cells through _render_cell"
        assert len(table._drawn_cells) >= len(ROWS), "RecordTable._render_cell no longer draws the body cells itself"
        # The attributes _render_cell reads, as it reads them.
        assert table._row_locations.get_key(0) is not None
        assert isinstance(table._show_hover_cursor, bool)
        assert table._pseudo_class_state == table.get_pseudo_class_state()
        # A click reads the row from the style of the cell drawn there, which the override sets.
        await pilot.click(Names, offset=(3, 3))
        assert table.current_key == "alex"


async def test_datatable_measures_new_rows_through_the_override(calls: Counter[str]) -> None:
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert calls["_update_dimensions"], "DataTable no longer measures new rows through _update_dimensions"
        table = app.query_one(Names)
        assert [column.width for column in table.ordered_columns] == [12, 26], "the columns keep the widths given"


async def test_a_click_on_the_highlighted_row_runs_its_enter_binding_read_from_the_node_bindings() -> None:
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.query_one(Names)
        assert isinstance(table._bindings, BindingsMap)
        assert [b.action for b in table._bindings.key_to_bindings["enter"]][-1] == "pick"
        await pilot.click(Names, offset=(3, 2))
        assert table.picked == []
        await pilot.click(Names, offset=(3, 2))
        assert table.picked == ["priya"]


# -- what KeyFooter builds on -------------------------------------------------------------------------


def test_the_footer_key_widget_keeps_its_parameters_and_the_footer_its_reactives() -> None:
    from textual.widgets._footer import FooterKey

    assert parameters(FooterKey.__init__)[:5] == ["self", "key", "key_display", "description", "action"], (
        "KeyFooter.compose passes these positionally"
    )
    assert {"disabled", "tooltip"} <= set(parameters(FooterKey.__init__))
    assert isinstance(FooterKey.compact, Reactive) and isinstance(Footer.compact, Reactive), "KeyFooter binds compact"
    assert isinstance(Footer._bindings_ready, Reactive), "KeyFooter reads whether the footer knows the bindings yet"


async def test_the_footer_keeps_to_one_line_with_the_keys_that_fit_and_the_key_to_them_all() -> None:
    from textual.widgets._footer import FooterKey

    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        footer = app.query_one(KeyFooter)
        assert footer._bindings_ready
        lines = footer.query(HorizontalGroup)
        assert [len(line.query(FooterKey)) for line in lines] == [4], "KeyFooter no longer lays out FooterKeys"
        assert [key.description for key in footer.query(FooterKey)] == ["Pick", "Ring a", "Ring b", "Keys"]
        assert footer.size.height == 1
        await pilot.press("e")  # a key not shown still works
        assert text_of(app.query_one("#rung", Static)) == "e"


# -- what the privacy lock writes through -------------------------------------------------------------


async def test_the_app_keeps_its_driver_where_the_privacy_lock_writes_to_the_terminal() -> None:
    app = TableApp()
    async with app.run_test(size=SIZE):
        assert isinstance(app._driver, Driver) and callable(app._driver.write)


def test_a_node_class_merges_its_bindings_before_it_is_mounted() -> None:
    """The [keys] check (screens/keymap.py) reads each class's bindings, inherited ones included, unmounted."""

    class Parent(Static):
        BINDINGS = [Binding("a", "one", "One", id="test.one")]

    class Child(Parent):
        BINDINGS = [Binding("b", "two", "Two", id="test.two")]

    merged = Child._merge_bindings()
    assert isinstance(merged, BindingsMap)
    assert {b.id for same_key in merged.key_to_bindings.values() for b in same_key} >= {"test.one", "test.two"}
