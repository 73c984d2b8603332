"""Every key binding can be remapped (it has an id) and explained (it has a tooltip), and ids do not repeat."""

import importlib
import inspect
import pkgutil

from textual.binding import Binding
from textual.dom import DOMNode

import advocate_tui.screens
from advocate_tui import app


def our_nodes() -> list[type[DOMNode]]:
    modules = [app] + [
        importlib.import_module(f"advocate_tui.screens.{m.name}")
        for m in pkgutil.iter_modules(advocate_tui.screens.__path__)
    ]
    return sorted(
        {
            cls
            for module in modules
            for _, cls in inspect.getmembers(module, inspect.isclass)
            if issubclass(cls, DOMNode) and cls.__module__.startswith("advocate_tui")
        },
        key=str,
    )


def test_every_binding_has_an_id_and_a_tooltip() -> None:
    bindings = [(cls, b) for cls in our_nodes() for b in cls.__dict__.get("BINDINGS", [])]
    assert len(bindings) > 40
    for cls, binding in bindings:
        assert isinstance(binding, Binding), f"{cls.__name__}: {binding!r} is not a Binding"
        assert binding.id, f"{cls.__name__}: the {binding.key} binding has no id"
        assert binding.tooltip, f"{cls.__name__}: {binding.id} has no tooltip"
        assert binding.description, f"{cls.__name__}: {binding.id} has no description for the footer"


def test_binding_ids_are_unique() -> None:
    owners: dict[str, str] = {}
    for cls in our_nodes():
        for binding in cls.__dict__.get("BINDINGS", []):
            assert binding.id not in owners, f"{binding.id} is used by {owners.get(binding.id)} and {cls.__name__}"
            owners[binding.id] = cls.__name__
