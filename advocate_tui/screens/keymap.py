"""The ``[keys]`` remaps of the config file, checked: a remap that cannot work is left out, with one sentence why.

A remap cannot work when its binding id is unknown, when a key it names is not one Textual reads from a
keyboard (``"banana"`` would show as 🍌 in the footer and never be pressed), or when its key is already another
binding's where it applies (the same screen, list or tab, or everywhere).
"""

import importlib
import pkgutil
import unicodedata
from collections.abc import Iterator, Mapping

from textual.binding import Binding
from textual.dom import DOMNode
from textual.keys import Keys, key_to_character

import advocate_tui.screens

MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
NAMED_KEYS = frozenset(key.value for key in Keys)


def readable_key(key: str) -> bool:
    """Whether ``key`` (e.g. "f2", "ctrl+s", "n", "question_mark") is a key a keyboard can send."""
    *modifiers, base = key.strip().split("+")
    if not base or any(m not in MODIFIERS for m in modifiers):
        return False
    if base in NAMED_KEYS:
        return True
    character = base if len(base) == 1 else key_to_character(base)
    # A name of a character no keyboard has a key for (an emoji, a CJK ideograph) is not a key.
    return character is not None and character.isprintable() and unicodedata.category(character)[0] != "S"


def _node_classes(app_class: type[DOMNode]) -> Iterator[type[DOMNode]]:
    """The application and every screen, list and tab class of the program (all screen modules imported)."""
    for module in pkgutil.walk_packages(advocate_tui.screens.__path__, "advocate_tui.screens."):
        importlib.import_module(module.name)
    pending: list[type[DOMNode]] = [DOMNode]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("advocate_tui."):
            yield cls
    yield app_class


def _own_bindings(cls: type[DOMNode]) -> list[Binding]:
    # A Textual private: tests/tui/test_textual_privates.py checks it.
    return [b for same_key in cls._merge_bindings().key_to_bindings.values() for b in same_key if b.id]


def checked_keymap(keymap: Mapping[str, str], app_class: type[DOMNode]) -> tuple[dict[str, str], list[str]]:
    """The remaps of ``keymap`` that can work, and a sentence for each one left out (the default key stays)."""
    everywhere = _own_bindings(app_class)
    groups = [_own_bindings(cls) for cls in _node_classes(app_class)]
    known = {b.id for group in groups for b in group}
    kept: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, keys in keymap.items():
        wanted = [k.strip() for k in keys.split(",") if k.strip()]
        bad = [k for k in wanted if not readable_key(k)]
        if binding_id not in known:
            problems.append(f"[keys] \"{binding_id}\" is not a key's id, so it was ignored: '?' lists the ids.")
        elif bad or not wanted:
            problems.append(
                f'[keys] "{binding_id}" = "{keys}": \'{(bad or [keys])[0]}\' is not a key name '
                '(e.g. "f2", "ctrl+s", "n"), so its usual key stays.'
            )
        else:
            clash = _clash(
                binding_id, wanted, keymap, [g for g in groups if any(b.id == binding_id for b in g)], everywhere
            )
            if clash:
                problems.append(
                    f'[keys] "{binding_id}" = "{keys}": \'{clash[0]}\' is already the key for {clash[1]}, '
                    "so its usual key stays."
                )
            else:
                kept[binding_id] = keys
    return kept, problems


def _clash(
    binding_id: str,
    wanted: list[str],
    keymap: Mapping[str, str],
    groups: list[list[Binding]],
    everywhere: list[Binding],
) -> tuple[str, str] | None:
    """The first of ``wanted`` keys another binding where ``binding_id`` applies has (as remapped), and its action."""
    for group in groups:
        for other in {b.id: b for b in [*group, *everywhere]}.values():
            if other.id == binding_id:
                continue
            theirs = {k.strip() for k in keymap.get(other.id or "", other.key).split(",")}
            for key in wanted:
                if key in theirs:
                    return key, f'"{other.description or other.id}" ({other.id})'
    return None
