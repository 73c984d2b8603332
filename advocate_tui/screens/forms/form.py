"""Forms: labelled fields that check what is typed as it is typed, in a dialog that saves in the background.

Each field cleans its input with the service layer's own rules (:class:`~advocate_tui.services.FieldSpec`),
so the form and the service never disagree; dates are echoed back as they will be saved.
Leaving a form with unsaved changes asks first.
"""

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, ClassVar, Literal, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, SelectionList, Static, TextArea
from textual.widgets.select import NoSelection

from advocate_tui.rules.dates import describe, parse_day
from advocate_tui.rules.errors import InvalidInputError
from advocate_tui.rules.fields import FieldSpec
from advocate_tui.rules.outcomes import DECLINED, DECLINED_SCORE
from advocate_tui.rules.vocab import Vocabulary
from advocate_tui.screens.base import DatabaseWork
from advocate_tui.screens.hints import sentence
from advocate_tui.screens.modals.confirm import ConfirmScreen, ask_to_replace
from advocate_tui.screens.widgets.one_line import JOINED, OneLineInput
from advocate_tui.screens.widgets.table import KeyFooter

T = TypeVar("T")

#: The answer a client who chose not to answer a 1-5 question gets (blank is "not asked").
DECLINED_CHOICE = ("Declined to answer", DECLINED)
#: The answers to "how safe do you feel?", asked at intake and again at closure for the funder's report.
SAFETY_SCALE = [
    ("1 — not at all safe", "1"),
    ("2", "2"),
    ("3", "3"),
    ("4", "4"),
    ("5 — completely safe", "5"),
    DECLINED_CHOICE,
]
#: The answers to "how is your quality of life?", asked at intake and again at closure.
QUALITY_SCALE = [("1 — very poor", "1"), ("2", "2"), ("3", "3"), ("4", "4"), ("5 — very good", "5"), DECLINED_CHOICE]


def scale_choice(answer: int | None) -> str | None:
    """A stored 1-5 answer as its choice in :data:`SAFETY_SCALE` or :data:`QUALITY_SCALE`."""
    if answer is None:
        return None
    return DECLINED if answer == DECLINED_SCORE else str(answer)


class FormField(Widget):
    """A label, an input control, and a line under it for a hint, the parsed value or a problem."""

    def __init__(
        self,
        name: str,
        label: str,
        initial: Any,
        *,
        spec: FieldSpec | None = None,
        hint: str = "",
        required: bool = False,
    ) -> None:
        super().__init__(classes="form-field")
        self.field_name = name
        self.label = label
        self.initial = initial
        self.spec = spec
        self.hint = hint
        self.required = required

    def compose(self) -> ComposeResult:
        yield Label(self.label + (" *" if self.required else ""), classes="field-label")
        with Vertical(classes="field-body"):
            yield self.make_control()
            yield Static(self.hint, classes="field-message" + ("" if self.hint else " -empty"), markup=False)

    def make_control(self) -> Widget:
        raise NotImplementedError

    @property
    def control(self) -> Widget:
        return self.query_one(".field-body").children[0]

    @property
    def raw(self) -> Any:
        """What the control holds now."""
        raise NotImplementedError

    @property
    def changed(self) -> bool:
        return self.raw != self.initial

    @property
    def value(self) -> Any:
        """The value to save; raises InvalidInputError with a sentence when it is not acceptable."""
        return self.clean(self.raw)

    def clean(self, raw: Any) -> Any:
        if self.required and raw in (None, "", ()):
            what = f"The {self.spec.label}" if self.spec else f"“{self.label}”"
            raise InvalidInputError(f"{what} is empty: fill it in.")
        return self.spec.clean(raw, self.spec.label) if self.spec else raw

    @property
    def _what(self) -> str:
        return self.spec.label if self.spec else self.label.lower()

    def echo(self, value: Any) -> str:
        """What to say under the field when the input is acceptable."""
        return self.hint

    def check(self) -> bool:
        """Show whether the input is acceptable; True when it is."""
        try:
            value = self.value
        except InvalidInputError as exc:
            self._say(sentence(exc), problem=True)
            return False
        self._say(self.echo(value), problem=False)
        return True

    def _say(self, message: str, *, problem: bool) -> None:
        self.set_class(problem, "-invalid")
        line = self.query_one(".field-message", Static)
        line.set_class(not message, "-empty")
        line.update(message)

    def on_input_changed(self, event: Input.Changed) -> None:
        self._changed(event)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._changed(event)

    def on_select_changed(self, event: Select.Changed) -> None:
        self._changed(event)

    def _changed(self, event: Any) -> None:
        event.stop()
        if self.changed or self.has_class("-invalid"):
            self.check()


class TextField(FormField):
    """One line of text."""

    def __init__(
        self, name: str, label: str, initial: str | None = None, *, placeholder: str = "", **options: Any
    ) -> None:
        super().__init__(name, label, initial or "", **options)
        self.placeholder = placeholder

    def make_control(self) -> Widget:
        return OneLineInput(self.initial, placeholder=self.placeholder, compact=True)

    def on_one_line_input_joined(self, event: OneLineInput.Joined) -> None:
        event.stop()
        if self.check():
            self._say(JOINED, problem=False)

    @property
    def control(self) -> Input:
        return self.query_one(Input)

    @property
    def raw(self) -> str:
        return self.control.value


#: Examples of a day as each kind of date field takes it: a day gone by, one to come, a date of birth.
DAY_EXAMPLES = {
    "past": "e.g. 3 Dec, yesterday, 2026-12-03",
    "future": "e.g. 3 Dec, next Friday, 2026-12-03",
    "birth": "e.g. 14 Mar 1988, 14/03/1988",
}


class DayField(TextField):
    """A calendar day typed the everyday way ("3 Dec", "next friday", "2026-12-03"), echoed back."""

    def __init__(
        self,
        name: str,
        label: str,
        initial: date | None = None,
        *,
        prefer: Literal["past", "future", "birth"] = "past",
        **options: Any,
    ) -> None:
        options.setdefault("placeholder", DAY_EXAMPLES[prefer])
        super().__init__(name, label, initial.strftime("%d %b %Y") if initial else "", **options)
        self.prefer: Literal["past", "future"] = "future" if prefer == "future" else "past"

    def clean(self, raw: Any) -> date | None:
        day = parse_day(raw, prefer=self.prefer, what=self._what) if raw.strip() else None
        return super().clean(day)

    def echo(self, value: date | None) -> str:
        return f"→ {value:%A %d %B %Y}" if value else self.hint


class MomentField(TextField):
    """A date and time typed the everyday way ("yesterday 21:30"), parsed by ``parse``, echoed back."""

    def __init__(
        self, name: str, label: str, parse: Callable[[str], tuple[datetime, bool]], initial: str = "", **options: Any
    ) -> None:
        options.setdefault("placeholder", "e.g. today 14:00, yesterday 21:30, 3 Dec 10:00")
        super().__init__(name, label, initial, **options)
        self.parse = parse
        self.has_time = False

    def clean(self, raw: Any) -> datetime | None:
        if not raw.strip():
            return super().clean(None)
        moment, self.has_time = self.parse(raw)
        return moment

    def echo(self, value: datetime | None) -> str:
        return f"→ {describe(value, self.has_time)}" if value else self.hint


class LongTextField(FormField):
    """Several lines of text."""

    def __init__(self, name: str, label: str, initial: str | None = None, *, lines: int = 3, **options: Any) -> None:
        super().__init__(name, label, initial or "", **options)
        self.lines = lines

    def make_control(self) -> Widget:
        area = TextArea(self.initial, soft_wrap=True, compact=True, tab_behavior="focus", classes="long-text")
        area.styles.height = self.lines
        return area

    @property
    def control(self) -> TextArea:
        return self.query_one(TextArea)

    @property
    def raw(self) -> str:
        return self.control.text


#: What a blank choice reads as: a fact not recorded, or a question not asked (the client's answers).
NOT_RECORDED = "(not recorded)"
NOT_ASKED = "(not asked)"


class ChoiceField(FormField):
    """One of a fixed list; optional choices may be left blank."""

    def __init__(
        self,
        name: str,
        label: str,
        choices: Iterable[tuple[str, str]],
        initial: str | None = None,
        *,
        blank: str = NOT_RECORDED,
        **options: Any,
    ) -> None:
        self.choices = list(choices)
        self.blank = blank
        if initial is None and options.get("required"):
            initial = self.choices[0][1]
        super().__init__(name, label, initial, **options)

    @classmethod
    def of(
        cls,
        name: str,
        label: str,
        vocabulary: type[Vocabulary],
        initial: str | None = None,
        *,
        leave_out: Iterable[str] = (),
        **options: Any,
    ) -> "ChoiceField":
        choices = [(m.label, m.value) for m in vocabulary if m.value not in set(leave_out)]
        return cls(name, label, choices, initial, **options)

    def make_control(self) -> Widget:
        return Select(
            ((label, value) for label, value in self.choices),
            value=self.initial or Select.NULL,
            allow_blank=not self.required,
            compact=True,
            prompt=self.blank,
        )

    @property
    def control(self) -> Select[str]:
        return self.query_one(Select)

    @property
    def raw(self) -> str | None:
        value = self.control.value
        return None if isinstance(value, NoSelection) else value

    def clean(self, raw: Any) -> Any:
        if raw is None and not self.required:
            return None
        return super().clean(raw)


class FlagField(FormField):
    """Yes or no."""

    def __init__(self, name: str, label: str, initial: bool = False, **options: Any) -> None:
        super().__init__(name, label, bool(initial), **options)

    def make_control(self) -> Widget:
        return Checkbox("Yes", self.initial, compact=True)

    @property
    def control(self) -> Checkbox:
        return self.query_one(Checkbox)

    @property
    def raw(self) -> bool:
        return self.control.value


class ManyField(FormField):
    """Any number of a fixed list, ticked with space."""

    def __init__(
        self, name: str, label: str, vocabulary: type[Vocabulary], initial: Iterable[str] = (), **options: Any
    ) -> None:
        super().__init__(name, label, tuple(sorted(initial)), **options)
        self.vocabulary = vocabulary

    def make_control(self) -> Widget:
        return SelectionList[str](
            *((m.label, m.value, m.value in self.initial) for m in self.vocabulary), compact=True, classes="many"
        )

    @property
    def control(self) -> SelectionList[str]:
        return self.query_one(SelectionList)

    @property
    def raw(self) -> tuple[str, ...]:
        return tuple(sorted(self.control.selected))

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged) -> None:
        self._changed(event)


def spec_fields(specs: dict[str, FieldSpec]) -> Callable[..., dict[str, Any]]:
    """``spec=`` and ``label=`` for a field named as in a service FieldSpec table (``label`` replaces the spec's)."""

    def options(name: str, label: str | None = None) -> dict[str, Any]:
        spec = specs[name]
        return {"spec": spec, "label": label or spec.label[0].upper() + spec.label[1:]}

    return options


class FormScreen(DatabaseWork, ModalScreen[T | None]):
    """A dialog of fields; ctrl+s checks every field then saves on a worker, escape leaves (asking first).

    A form that writes a file gives ``writes``: the file its values name. If that file exists the form
    asks before replacing it, and ``save`` finds in ``values["replace"]`` whether it may. A form whose
    values may not mean what the person intended gives ``ask``: the question to answer yes to before
    saving them, or None to save at once.
    """

    HELP_TITLE: ClassVar[str] = "Form"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="form.save", tooltip="Check every field and save"),
        Binding(
            "escape",
            "cancel",
            "Cancel",
            id="form.cancel",
            tooltip="Close the form; if anything was changed, asks before throwing it away",
        ),
    ]

    def __init__(
        self,
        title: str,
        fields: Sequence[FormField],
        save: Callable[[dict[str, Any]], T],
        *,
        only_changes: bool = False,
        start_at: str | None = None,
        intro: str = "",
        writes: Callable[[dict[str, Any]], Path] | None = None,
        ask: Callable[[dict[str, Any]], str | None] | None = None,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.fields = list(fields)
        self.save = save
        self.only_changes = only_changes
        self.start_at = start_at
        self.intro = intro
        self.writes = writes
        self.ask = ask
        self.saving = False

    def compose(self) -> ComposeResult:
        with Vertical(id="form") as form:
            form.border_title = self.title_text
            if self.intro:
                yield Static(self.intro, id="form-intro", markup=False)
            with VerticalScroll(id="form-fields"):
                yield from self.fields
            yield Static("", id="form-problem", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.call_after_refresh(self._focus_start)

    def _focus_start(self) -> None:
        named = [f for f in self.fields if f.field_name == self.start_at]
        start = (named or self.fields)[0]
        start.control.focus()
        start.scroll_visible(animate=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    @property
    def dirty(self) -> bool:
        return any(f.changed for f in self.fields)

    def unsaved_work(self) -> str | None:
        """See :mod:`~advocate_tui.screens.unsaved`."""
        return f"“{self.title_text}” has changes not saved." if self.dirty else None

    def action_save(self) -> None:
        if self.saving:
            return
        problems = [f for f in self.fields if not f.check()]
        if problems:
            problems[0].control.focus()
            problems[0].scroll_visible()
            self._problem(
                f"Check {'this field' if len(problems) == 1 else f'the {len(problems)} marked fields'}: "
                "nothing has been saved yet."
            )
            return
        values = {f.field_name: f.value for f in self.fields if f.changed or not self.only_changes}
        if not values:
            self.notify("Nothing was changed.", timeout=3)
            self.dismiss(None)
            return
        question = self.ask(values) if self.ask is not None else None
        if question is None:
            self._write(values)
            return

        def answered(save: bool | None) -> None:
            if save:
                self._write(values)

        self.app.push_screen(ConfirmScreen(question, yes="Save", no="Go back"), answered)

    def _write(self, values: dict[str, Any]) -> None:
        if self.writes is None:
            self._submit(values)
        else:
            ask_to_replace(self, [self.writes(values)], lambda replace: self._submit({**values, "replace": replace}))

    def _submit(self, values: dict[str, Any]) -> None:
        self.saving = True
        self._problem("Saving…", problem=False)
        self.save_in_background(lambda: self.save(values), self.dismiss, self._not_saved)

    def _not_saved(self, message: str) -> None:
        self.saving = False
        self._problem(message)

    def _problem(self, message: str, *, problem: bool = True) -> None:
        line = self.query_one("#form-problem", Static)
        line.set_class(problem, "-problem")
        line.update(message)

    def action_cancel(self) -> None:
        if not self.dirty:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen(
                f"Leave “{self.title_text}” without saving? Your changes will be lost.",
                yes="Discard changes",
                no="Keep editing",
            ),
            answered,
        )
