"""What the screens use of the application they run in, typed, and the accessor that gives it."""

from typing import TYPE_CHECKING, Protocol, cast

if TYPE_CHECKING:
    from textual.app import App

    from advocate_tui.services.casework import Casework


class AdvocateHost(Protocol):
    """The application as the screens see it: :class:`~advocate_tui.app.AdvocateApp` (or, in tests of one
    pane or screen, any App holding a ``casework``)."""

    #: The casework over the open database (None until it is open; screens are made only after that).
    casework: "Casework | None"

    def open_case(self, reference: str) -> None:
        """Show the case ``reference`` (going back to it if it is open already)."""

    def action_show_consultations(self) -> None:
        """Show the professional consultations (going back to them if they are open already)."""


class InApp(Protocol):
    """A node, or a command palette provider: anything that knows its application."""

    @property
    def app(self) -> "App[object]": ...


def host(node: InApp) -> AdvocateHost:
    """The application ``node`` runs in, typed as what the screens use of it."""
    return cast(AdvocateHost, node.app)
