"""Work typed but not saved yet, and asking before it is lost.

Whatever holds what the person typed (a form, the letter being edited, a risk checklist being answered, a
prompt being typed in) answers :meth:`HoldsWork.unsaved_work` with a sentence saying what would be lost,
or None. Quitting, leaving a case and going to another screen or case from the command palette consult
every screen they would close or hide through :func:`ask_before_losing`.
"""

from collections.abc import Callable, Iterable
from typing import Any, Protocol, runtime_checkable

from textual.app import App

from advocate_tui.screens.modals.confirm import ConfirmScreen


@runtime_checkable
class HoldsWork(Protocol):
    """A screen, tab or pane that can hold typed work not saved yet."""

    def unsaved_work(self) -> str | None:
        """What closing it now would lose, as a sentence, or None when nothing would be."""


def unsaved_in(holders: Iterable[object]) -> list[str]:
    """The sentences of those of ``holders`` that hold unsaved work."""
    return [sentence for holder in holders if isinstance(holder, HoldsWork) and (sentence := holder.unsaved_work())]


def joined(holders: Iterable[object]) -> str | None:
    """The unsaved work of ``holders`` as one text, or None when there is none."""
    return " ".join(unsaved_in(holders)) or None


def ask_before_losing(
    app: App[Any], holders: Iterable[object], question: str, proceed: Callable[[], Any], *, yes: str, no: str = "Stay"
) -> None:
    """``proceed()`` at once when none of ``holders`` holds unsaved work; otherwise say what it is, ask
    ``question``, and ``proceed()`` only on yes."""
    lost = unsaved_in(holders)
    if not lost:
        proceed()
        return

    def answered(go: bool | None) -> None:
        if go:
            proceed()

    app.push_screen(ConfirmScreen(" ".join([*lost, question]), yes=yes, no=no), answered)
