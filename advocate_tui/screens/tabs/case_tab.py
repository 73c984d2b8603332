"""The base of the case workspace's tabs."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from textual.containers import Vertical
from textual.widget import Widget

from advocate_tui.screens.base import DatabaseWork
from advocate_tui.services.risk import RiskOverview
from advocate_tui.storage.models import Case

if TYPE_CHECKING:
    from advocate_tui.screens.forms.form import FormScreen


class CaseTab(DatabaseWork, Vertical):
    """One tab of the case workspace: it draws the case it is given, and its keys act on that case.

    The workspace hands each tab the case (``case``, and its ``risk``) whenever it reads it, and asks it
    to :meth:`show` the case once what the tab draws is there. A subclass sets ``TITLE`` and ``ID`` (and
    ``SHORT``, a shorter title for narrow terminals, when ``TITLE`` is long) and implements :meth:`show`;
    to add a tab to the workspace, add its class to :data:`advocate_tui.screens.workspace.TABS`.
    """

    TITLE: ClassVar[str]
    SHORT: ClassVar[str] = ""
    ID: ClassVar[str]
    #: Whether the tab shows the incident log, read after the rest of a case (see
    #: :meth:`~advocate_tui.services.cases.Cases.case_summary`): the tab is drawn once it is there.
    NEEDS_INCIDENTS: ClassVar[bool] = False

    def __init__(self, reference: str) -> None:
        super().__init__()
        self.reference = reference
        #: The case as last read by the workspace (without its incident log at first), and its risk.
        self.case: Case | None = None
        self.risk: RiskOverview | None = None

    @property
    def HELP_TITLE(self) -> str:  # noqa: N802 -- read by the help screen as on every other node
        return f"{self.TITLE} tab"

    def show(self, case: Case) -> None:
        """Draw ``case`` (freshly read, with everything on it loaded)."""
        raise NotImplementedError

    def unsaved_work(self) -> str | None:
        """What leaving the case now would lose, as a sentence, or None when nothing would be."""
        return None

    def focus_main(self) -> None:
        """Put the focus on the tab's main list."""
        target = next((w for w in self.query(Widget) if w.focusable), None)
        if target is not None:
            target.focus()

    def open_form(self, form: "FormScreen[Any]", saved: str, then: Callable[[Any], None] | None = None) -> None:
        """Show ``form``; once it saves, call ``then`` with what it saved and say ``saved`` (the workspace
        reads the case again as it comes back into view)."""

        def closed(result: Any) -> None:
            if result is not None:
                if then is not None:
                    then(result)
                self.notify(saved, timeout=4, markup=False)

        self.app.push_screen(form, closed)
