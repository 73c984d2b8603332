"""The Documents pane of a case: pick a template, preview and edit the letter, save it, and see
every document made for the case; on the Documents tab, ``x`` makes the evidence pack for a crime reference.

For anyone but the client, the passages of the record that lost part of the confidential address or
safe contacts are listed under the letter before it is saved; with a reason given, ``r`` shows the
highlighted one as recorded, and the checkboxes include the address, safe phone or safe email.

In a short terminal the pane goes compact (no borders, no template description), and ``ctrl+f`` shows the
letter, its checkboxes and Save on the whole screen (``ctrl+f`` or ``escape`` again to come back).

Rendering and saving run on worker threads (:class:`~advocate_tui.screens.base.CasePane`); nothing
is written until Save. A letter that lacks data shows the sentence naming the field instead of a
preview, and cannot be saved.
"""

from collections.abc import Callable

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import (
    Button,
    Checkbox,
    ContentSwitcher,
    Input,
    Label,
    Markdown,
    OptionList,
    Select,
    Static,
    TextArea,
)
from textual.widgets.option_list import Option

from advocate_tui.output.letters.documents import FORMATS, Draft, draft, save
from advocate_tui.output.letters.templates import LetterTemplate, catalogue
from advocate_tui.rules import clock
from advocate_tui.screens.base import CasePane
from advocate_tui.screens.forms.evidence import pack_form
from advocate_tui.screens.modals.confirm import ConfirmScreen
from advocate_tui.screens.tabs.case_tab import CaseTab
from advocate_tui.services.casework import Casework
from advocate_tui.services.evidence_pack import CrimeChoice, Packed
from advocate_tui.services.withholding import Overrides, counted
from advocate_tui.storage.models import Case, Document

#: What an override may include, with its checkbox's label.
INCLUDE_LABELS = {
    "address": "Include the confidential address",
    "phone": "the safe phone",
    "email": "the safe email",
}
FORMAT_LABELS = {
    "docx": "Word (.docx)",
    "pdf": "PDF (.pdf)",
    "md": "Markdown (.md)",
    "txt": "Plain text (.txt)",
    "html": "Web page (.html)",
}


#: Below this many lines the pane is compact: no borders on its lists and fields, no template description
#: (the checkboxes, one a line, always are).
SHORT_HEIGHT = 30


class LetterColumn(Vertical):
    """The letter, what is withheld from it, its format and Save: what ``ctrl+f`` shows on the whole screen."""

    ALLOW_MAXIMIZE = True


class DocumentsPane(CasePane):
    """Templates and documents made on the left; the letter, its format and Save on the right."""

    HELP_TITLE = "Documents"
    #: Every rule starts from DocumentsPane itself, or from the narrow case workspace it is in.
    SCOPED_CSS = False
    DEFAULT_CSS = """
    DocumentsPane { height: 1fr; }
    DocumentsPane #doc-side { width: 42; border-right: solid $panel; }
    DocumentsPane .doc-heading { padding: 0 1; text-style: bold; }
    DocumentsPane #doc-templates { height: 2fr; }
    DocumentsPane #doc-about { height: auto; max-height: 8; padding: 0 1; color: $text-muted; }
    DocumentsPane #doc-made { height: 1fr; }
    DocumentsPane #doc-view { height: 1fr; }
    DocumentsPane #doc-preview-scroll, DocumentsPane #doc-editor { height: 1fr; }
    DocumentsPane #doc-problem { display: none; padding: 1 2; color: $error; text-style: bold; }
    DocumentsPane #doc-problem.shown { display: block; }
    DocumentsPane #doc-withheld { display: none; height: auto; max-height: 7; }
    DocumentsPane #doc-withheld.shown { display: block; }
    DocumentsPane #doc-address { display: none; height: auto; }
    DocumentsPane #doc-address.shown { display: block; }
    DocumentsPane #doc-address Checkbox { display: none; }
    DocumentsPane #doc-address Checkbox.shown { display: block; }
    DocumentsPane #doc-actions { height: auto; }
    DocumentsPane #doc-format { width: 28; }
    DocumentsPane #doc-state { height: auto; padding: 0 1; color: $text-muted; }
    /* Narrow terminals: the letter keeps the room; the template's description is left out (its preview
       says who it is for). */
    CaseWorkspace.-narrow DocumentsPane {
        #doc-side { width: 28; }
        #doc-about { display: none; }
        #doc-format { width: 20; }
    }
    /* Short terminals: lists without borders (their fields are made compact on resizing), no description,
       and fewer withheld passages at a time, so that the letter keeps some lines. */
    DocumentsPane.-short {
        OptionList { border: none; }
        #doc-about { display: none; }
        #doc-withheld { max-height: 4; }
        #doc-problem { padding: 0 1; }
    }
    """
    BINDINGS = [
        Binding("e", "edit", "Edit text", id="documents.edit", tooltip="Edit the letter's text before saving"),
        Binding("v", "preview", "Preview", id="documents.preview", tooltip="Show the letter as it will look"),
        Binding("ctrl+s", "save", "Save", id="documents.save", tooltip="Save the letter and record it on the case"),
        Binding(
            "ctrl+f",
            "full_screen",
            "Full screen",
            id="documents.full_screen",
            tooltip="Show the letter, its checkboxes and Save on the whole screen (ctrl+f or escape to come back)",
        ),
        Binding(
            "r",
            "release",
            "Release passage",
            id="documents.release",
            tooltip="Show the highlighted withheld passage as recorded (the reason is kept with the document)",
        ),
    ]

    def __init__(self, casework: Casework, reference: str, *, id: str | None = None) -> None:
        super().__init__(casework, reference, id=id)
        self.templates: dict[str, LetterTemplate] = {}
        self.draft: Draft | None = None
        #: The template the letter shown was made from, and its text as made or last saved (any other text
        #: in the editor is work not saved).
        self.template_shown: str | None = None
        self.kept = ""
        self.released: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="doc-side"):
            yield Label("Templates", classes="doc-heading")
            yield OptionList(id="doc-templates")
            yield Static(id="doc-about")
            yield Label("Made for this case", classes="doc-heading")
            yield OptionList(id="doc-made")
        with LetterColumn(id="doc-main"):
            yield Static(id="doc-problem")
            with ContentSwitcher(initial="doc-preview-scroll", id="doc-view"):
                with VerticalScroll(id="doc-preview-scroll"):
                    yield Markdown(id="doc-preview")
                yield TextArea(id="doc-editor", soft_wrap=True, tab_behavior="focus")
            yield OptionList(id="doc-withheld")
            with Vertical(id="doc-address"):
                for item, label in INCLUDE_LABELS.items():
                    yield Checkbox(label, id=f"doc-include-{item}", compact=True)
                yield Input(placeholder="Why it must be shown (recorded)", id="doc-reason")
            with Horizontal(id="doc-actions"):
                yield Select(
                    [(label, fmt) for fmt, label in FORMAT_LABELS.items() if fmt in FORMATS],
                    value="docx",
                    allow_blank=False,
                    id="doc-format",
                )
                yield Button("Save", id="doc-save", variant="primary", disabled=True)
            yield Static(id="doc-state")

    def on_mount(self) -> None:
        self.load_in_background(
            lambda: (*catalogue(), self.casework.documents.list_documents(self.reference)), self._show_lists
        )

    def on_resize(self, event: events.Resize) -> None:
        short = event.size.height < SHORT_HEIGHT
        self.set_class(short, "-short")
        self.query_one("#doc-format", Select).compact = short
        self.query_one("#doc-save", Button).compact = short
        self.query_one("#doc-reason", Input).compact = short

    def _show_lists(self, loaded: tuple[dict[str, LetterTemplate], list[str], list[Document]]) -> None:
        self.templates, problems, made = loaded
        for problem in problems:
            self.notify(problem, title="Template not usable", severity="warning", markup=False, timeout=10)
        choices = self.query_one("#doc-templates", OptionList)
        choices.set_options(Option(Text(t.title), id=name) for name, t in self.templates.items())
        self._show_made(made)
        if self.templates:
            choices.highlighted = 0

    def _show_made(self, made: list[Document]) -> None:
        options = [Option(document_text(d), id=str(d.id)) for d in made]
        self.query_one("#doc-made", OptionList).set_options(
            options or [Option(Text("Nothing yet.", style="dim"), disabled=True)]
        )

    # -- choosing and rendering ---------------------------------------------------

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id != "doc-templates" or event.option.id in {None, self.template_shown}:
            return
        chosen, shown, choices = event.option.id, self.template_shown, event.option_list
        lost = self.unsaved_work()
        if lost is None:
            self._choose(chosen)
            return

        def answered(go: bool | None) -> None:
            if go:
                self._choose(chosen)
            else:  # back to the letter being edited (the highlight coming back to it changes nothing)
                choices.highlighted = next(i for i, option in enumerate(choices.options) if option.id == shown)

        self.app.push_screen(
            ConfirmScreen(f"{lost} Show “{self.templates[chosen].title}” instead and lose it?", yes="Show it"),
            answered,
        )

    def _choose(self, name: str) -> None:
        """Show the letter of template ``name``, with nothing released nor included."""
        self.template_shown = name
        template = self.templates[name]
        self.query_one("#doc-about", Static).update(
            Text.assemble(
                (f"For: {template.audience.label}", "bold"),
                f"  ({template.origin})\n",
                template.description,
            )
        )
        for item in INCLUDE_LABELS:
            self.query_one(f"#doc-include-{item}", Checkbox).value = False
        self.query_one("#doc-reason", Input).value = ""
        self.released = []
        self.render_letter()

    def render_letter(self) -> None:
        """Render the template chosen on a worker (a newer choice supersedes it)."""
        if self.template_shown is None:
            return
        template = self.templates[self.template_shown]
        reason = self.query_one("#doc-reason", Input).value
        included = {
            item: reason if self.query_one(f"#doc-include-{item}", Checkbox).value else None for item in INCLUDE_LABELS
        }
        released = tuple(self.released)
        self.query_one("#doc-state", Static).update("Preparing…")
        self.load_in_background(
            lambda: draft(
                self.casework,
                self.reference,
                template,
                Overrides.asked(**included, released=released, release_reason=reason if released else None),
            ),
            self._show_draft,
            self._show_problem,
        )

    def _show_draft(self, letter: Draft) -> None:
        self.draft = letter
        self.kept = letter.markdown
        self.query_one("#doc-problem", Static).remove_class("shown")
        self.query_one("#doc-preview", Markdown).update(letter.markdown)
        self.query_one("#doc-editor", TextArea).load_text(letter.markdown)
        for item in INCLUDE_LABELS:
            self.query_one(f"#doc-include-{item}").set_class(item in letter.confidential, "shown")
        self.query_one("#doc-address").set_class(bool(letter.confidential), "shown")
        withheld = self.query_one("#doc-withheld", OptionList)
        withheld.set_options(Option(Text(str(p))) for p in letter.withheld)
        withheld.set_class(bool(letter.withheld), "shown")
        self.query_one("#doc-save", Button).disabled = False
        self.query_one("#doc-view", ContentSwitcher).current = "doc-preview-scroll"
        if letter.withheld:
            note = f"{counted(letter.withheld)} (listed above; r shows the highlighted one, with a reason). "
        else:
            note = "Address withheld. " if letter.address_withheld else ""
        self.query_one("#doc-state", Static).update(f"{note}Press e to edit the text.")

    def _show_problem(self, message: str) -> None:
        self.draft = None
        problem = self.query_one("#doc-problem", Static)
        problem.update(Text(message))
        problem.add_class("shown")
        self.query_one("#doc-preview", Markdown).update("")
        self.query_one("#doc-editor", TextArea).load_text("")
        self.query_one("#doc-save", Button).disabled = True
        self.query_one("#doc-state", Static).update("Nothing can be saved until that is fixed.")

    def action_release(self) -> None:
        """Show the highlighted withheld passage as recorded, for the reason given."""
        highlighted = self.query_one("#doc-withheld", OptionList).highlighted
        if self.draft is None or highlighted is None or highlighted >= len(self.draft.withheld):
            return
        if not self.query_one("#doc-reason", Input).value.strip():
            self.query_one("#doc-reason", Input).focus()
            self.notify("Say why the passage must be shown first (the reason is recorded).", timeout=6)
            return
        passage = self.draft.withheld[highlighted].passage

        def release() -> None:
            self.released.append(passage)
            self.render_letter()

        self._remake(release)

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        if event.value and not self.query_one("#doc-reason", Input).value.strip():
            self.query_one("#doc-reason", Input).focus()
            return
        box = event.checkbox

        def undo() -> None:
            with box.prevent(Checkbox.Changed):
                box.value = not event.value

        self._remake(self.render_letter, undo)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "doc-reason" and (
            self.released or any(self.query_one(f"#doc-include-{item}", Checkbox).value for item in INCLUDE_LABELS)
        ):
            self._remake(self.render_letter)

    def _remake(self, remake: Callable[[], None], undo: Callable[[], None] | None = None) -> None:
        """Make the letter again for what was asked (``remake``); edits to its text would go, so that is asked
        first, and ``undo`` puts back what was asked when the answer is no."""
        if self.draft is None or self.query_one("#doc-editor", TextArea).text == self.kept:
            remake()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                remake()
            elif undo is not None:
                undo()

        self.app.push_screen(
            ConfirmScreen(
                "The letter's text is edited: making it again for this change loses the edits. Make it again?",
                yes="Make it again",
            ),
            answered,
        )

    # -- editing and saving -------------------------------------------------------

    def action_edit(self) -> None:
        if self.draft is not None:
            self.query_one("#doc-view", ContentSwitcher).current = "doc-editor"
            self.query_one("#doc-editor", TextArea).focus()

    def action_preview(self) -> None:
        if self.draft is not None:
            self.query_one("#doc-preview", Markdown).update(self.query_one("#doc-editor", TextArea).text)
            self.query_one("#doc-view", ContentSwitcher).current = "doc-preview-scroll"

    def action_full_screen(self) -> None:
        """The letter on the whole screen, or back in the pane."""
        column = self.query_one(LetterColumn)
        if self.screen.maximized is column:
            self.screen.minimize()
            return
        self.screen.maximize(column, container=False)
        view = self.query_one("#doc-view", ContentSwitcher)
        if not column.has_focus_within and view.visible_content is not None:
            view.visible_content.focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "doc-save":
            self.action_save()

    def action_save(self) -> None:
        letter = self.draft
        if letter is None:
            return
        fmt = str(self.query_one("#doc-format", Select).value)
        text = self.query_one("#doc-editor", TextArea).text
        self.query_one("#doc-save", Button).disabled = True

        def job() -> tuple[Document, list[Document]]:
            return save(self.casework, letter, fmt, markdown=text), self.casework.documents.list_documents(
                self.reference
            )

        self.save_in_background(job, lambda result: self._saved(result, text), self._not_saved)

    def _saved(self, result: tuple[Document, list[Document]], text: str) -> None:
        document, made = result
        self.kept = text
        self._show_made(made)
        self.query_one("#doc-save", Button).disabled = False
        self.notify(f"Saved {document.path}", title="Document saved", markup=False, timeout=8)

    def _not_saved(self, message: str) -> None:
        self.query_one("#doc-save", Button).disabled = self.draft is None
        self.report_problem(message)

    def unsaved_work(self) -> str | None:
        """The letter's text when edited since it was made or saved, or a reason typed to show what is withheld
        (see :mod:`~advocate_tui.screens.unsaved`)."""
        edited = self.draft is not None and self.query_one("#doc-editor", TextArea).text != self.kept
        if edited:
            return "The letter being edited is not saved."
        if self.query_one("#doc-reason", Input).value.strip():
            return "The reason typed for showing what is withheld is not saved with a letter yet."
        return None

    def refresh_letter(self) -> None:
        """The case changed: render again, unless the person has edited the text."""
        editor = self.query_one("#doc-editor", TextArea)
        if self.draft is None or editor.text == self.draft.markdown:
            self.render_letter()


def document_text(document: Document) -> Text:
    """One line of the documents made: when, format, who, and title; the path beneath."""
    text = Text.assemble(
        (f"{clock.local(document.created_at):%d %b %Y %H:%M}", "bold"),
        f"  {document.format}  ",
        (document.created_by, "dim"),
        "\n",
        document.title,
    )
    if document.address_override:
        text.append("\nIncludes the confidential address", style="bold")
    text.append(f"\n{document.path}", style="dim")
    return text


class DocumentsTab(CaseTab):
    """The pane as a tab of the case workspace, and the evidence pack for the police (``x``)."""

    TITLE = "Documents"
    SHORT = "Docs"
    ID = "documents"
    BINDINGS = [
        Binding(
            "x",
            "evidence_pack",
            "Evidence pack",
            id="documents.evidence_pack",
            tooltip="Make the evidence pack for a crime reference: its incidents' chronology, their exhibits' files "
            "and a manifest of their SHA-256, for the police",
        ),
    ]

    def compose(self) -> ComposeResult:
        yield DocumentsPane(self.casework, self.reference)

    def show(self, case: Case) -> None:
        self.query_one(DocumentsPane).refresh_letter()

    def action_evidence_pack(self) -> None:
        self.ask_in_background(lambda: self.casework.evidence_packs.crime_references(self.reference), self._choose)

    def _choose(self, crimes: list[CrimeChoice]) -> None:
        if not crimes:
            self.notify(
                f"{self.reference} has no crime reference: add one on the Justice tab, or give the police reference "
                "on the incidents reported.",
                severity="warning",
                timeout=8,
                markup=False,
            )
            return

        def made(packed: Packed | None) -> None:
            if packed is not None:
                self.notify("\n".join(packed.lines()), title="Evidence pack made", timeout=20, markup=False)

        self.app.push_screen(pack_form(self.casework, self.reference, crimes), made)

    def unsaved_work(self) -> str | None:
        return self.query_one(DocumentsPane).unsaved_work()
