"""The base of the case workspace's tabs."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual.containers import Vertical
from textual.widget import Widget

from advocate_tui.storage.models import Case

if TYPE_CHECKING:
    from advocate_tui.screens.forms.form import FormScreen
    from advocate_tui.screens.workspace import CaseWorkspace


class CaseTab(Vertical):
    """One tab of the case workspace: it draws the case it is given, and its keys act on that case.

    A subclass sets ``TITLE`` and ``ID`` (and ``SHORT``, a shorter title for narrow terminals, when
    ``TITLE`` is long) and implements :meth:`show`; to add a tab to the workspace, add its class to
    :data:`advocate_tui.screens.workspace.TABS`.
    """

    TITLE: ClassVar[str]
    SHORT: ClassVar[str] = ""
    ID: ClassVar[str]
    #: Whether the tab shows the incident log, read after the rest of a case (see
    #: :meth:`~advocate_tui.services.casework.Casework.case_summary`): the tab is drawn once it is there.
    NEEDS_INCIDENTS: ClassVar[bool] = False

    @property
    def HELP_TITLE(self) -> str:  # noqa: N802 -- read by the help screen as on every other node
        return f"{self.TITLE} tab"

    @property
    def workspace(self) -> "CaseWorkspace":
        return cast("CaseWorkspace", self.screen)

    @property
    def case(self) -> Case | None:
        return self.workspace.case

    def show(self, case: Case) -> None:
        """Draw ``case`` (freshly read, with everything on it loaded)."""
        raise NotImplementedError

    @property
    def unsaved(self) -> str | None:
        """What leaving the case now would lose, as a sentence, or None when nothing would be."""
        return None

    def focus_main(self) -> None:
        """Put the focus on the tab's main list."""
        target = next((w for w in self.query(Widget) if w.focusable), None)
        if target is not None:
            target.focus()

    def open_form(self, form: "FormScreen[Any]", saved: str, then: Callable[[Any], None] | None = None) -> None:
        """Show ``form``; once it saves, call ``then`` with what it saved, say ``saved`` and read the case again."""
        self.workspace.open_form(form, saved, then)

    def write(self, job: Callable[[], Any], saved: str, then: Callable[[Any], None] | None = None) -> None:
        """Run a change on a worker; once done, call ``then`` with the result, say ``saved`` and reload."""
        self.workspace.write(job, saved, then)
