"""The Risk pane of a case: the latest checklist with its score over time, the referral criteria of
the case's route (the MARAC for a domestic case, the stalking panel otherwise) and the
next review on the left; the checklist's items on the right, answered with ``y`` / ``n`` / ``d``.
:class:`RiskTab` puts it in the case workspace.

Reads and writes run on worker threads (:class:`~advocate_tui.screens.base.CasePane`). Nothing is
written until the whole checklist is answered and saved; after a save (or a change of the
professional-judgement flag) the pane posts :class:`RiskPane.Changed` so the case workspace can read the case again (its
risk level changes).
"""

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Input, Static

from advocate_tui.rules import clock
from advocate_tui.rules.dates import uk_date
from advocate_tui.rules.risk import Checklist, GivenAnswer
from advocate_tui.rules.vocab import Answer, RiskLevel
from advocate_tui.screens.base import CasePane
from advocate_tui.screens.modals.confirm import ConfirmScreen
from advocate_tui.screens.tabs.case_tab import CaseTab
from advocate_tui.screens.theme import Tones, risk_text
from advocate_tui.screens.widgets.one_line import OneLineInput
from advocate_tui.screens.widgets.table import Col, RecordTable, Row, plain
from advocate_tui.services.casework import Casework
from advocate_tui.services.risk import RiskOverview
from advocate_tui.storage.models import Case, RiskAssessment

HISTORY_SHOWN = 6
ANSWERING_ONLY = {"give", "note", "save"}
BROWSING_ONLY = {"answer", "switch", "judgement"}
#: The question above the line typed on, which wraps whatever the width (its placeholder says how to finish).
PROMPTS = {
    "source": "Where this answer came from, if not the client:",
    "comment": "A comment on this answer:",
    "judgement": "Why a referral to the {route} is needed on professional judgement (empty removes the flag):",
}
#: What is lost when the prompt is closed with text typed in it, by what the prompt asks for.
PROMPT_WORK = {
    "source": "The source being typed is not saved.",
    "comment": "The comment being typed is not saved.",
    "judgement": "The reason for the referral judgement being typed is not saved.",
}


@dataclass
class _Pending:
    """One item's answer while the checklist is being answered."""

    answer: str | None = None
    source: str | None = None
    comment: str | None = None


class RiskItems(RecordTable):
    HELP_TITLE = "Risk checklist"
    COLUMNS = (Col("#", width=4), Col("Item", min_width=24), Col("Answer", width=12), Col("", width=2))
    EMPTY = "Each item and its answer are listed here once you start answering."


class RiskPane(CasePane):
    """A case's risk: assessments, the route's referral criteria and review date, and answering a checklist."""

    HELP_TITLE = "Risk"
    #: Every rule starts from RiskPane itself, or from the narrow case workspace it is in.
    SCOPED_CSS = False
    DEFAULT_CSS = """
    RiskPane { height: 1fr; }
    RiskPane #risk-side { width: 52; border-right: solid $panel; padding: 0 1; }
    RiskPane #risk-main { width: 1fr; }
    RiskPane #risk-heading { height: auto; padding: 0 1; }
    RiskPane #risk-items { height: 1fr; }
    RiskPane #risk-detail { height: 2; padding: 0 1; color: $text-muted; }
    RiskPane #risk-question { display: none; height: auto; padding: 0 1; text-style: bold; }
    RiskPane #risk-prompt { display: none; }
    RiskPane #risk-question.shown, RiskPane #risk-prompt.shown { display: block; }
    /* Narrow terminals: the risk summary shares the width, and gives it all to the checklist while answering. */
    CaseWorkspace.-narrow RiskPane {
        #risk-side { width: 1fr; }
        &.-answering #risk-side { display: none; }
    }
    """
    BINDINGS = [
        Binding(
            "a",
            "answer",
            "Answer checklist",
            id="risk.answer",
            tooltip="Start a new assessment of the checklist shown: answer each item y, n or d",
        ),
        Binding(
            "c",
            "switch",
            "Other checklist",
            id="risk.switch",
            tooltip="Show the next checklist (the risk checklist, the stalking supplement…)",
        ),
        Binding(
            "m",
            "judgement",
            "Referral judgement",
            id="risk.judgement",
            tooltip="Flag, or unflag, a referral (MARAC or the stalking panel) on professional judgement, with the reason",
        ),
        Binding("y", "give('yes')", "Yes", id="risk.yes", tooltip="Answer the item under the cursor Yes"),
        Binding("n", "give('no')", "No", id="risk.no", tooltip="Answer the item under the cursor No"),
        Binding(
            "d",
            "give('dont-know')",
            "Don't know",
            id="risk.dont_know",
            tooltip="Answer the item under the cursor Don't know",
        ),
        Binding(
            "o",
            "note('source')",
            "Source",
            id="risk.source",
            tooltip="Say where the answer came from, when not from the client",
        ),
        Binding("t", "note('comment')", "Comment", id="risk.comment", tooltip="Add a comment to the answer"),
        Binding("ctrl+s", "save", "Save", id="risk.save", tooltip="Save the assessment once every item is answered"),
        Binding(
            "escape", "cancel", "Stop", id="risk.cancel", tooltip="Close the prompt, or stop answering without saving"
        ),
    ]

    class Changed(Message):
        """An assessment was saved or the MARAC flag changed: the case (its risk level) should be read again."""

    def __init__(self, casework: Casework, reference: str, *, id: str | None = None) -> None:
        super().__init__(casework, reference, id=id)
        self.overview: RiskOverview | None = None
        self.shown: str | None = None
        self.pending: dict[str, _Pending] | None = None
        self.prompt_for: str | None = None
        #: What the prompt held when it opened (typing something else is work to keep).
        self.prompt_was = ""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="risk-side"):
            yield Static("Reading…", id="risk-summary")
            yield Static(id="risk-route")
            yield Static(id="risk-review")
        with Vertical(id="risk-main"):
            yield Static(id="risk-heading")
            yield RiskItems(id="risk-items")
            yield Static(id="risk-detail")
            yield Static(id="risk-question")
            yield OneLineInput(placeholder="Enter keeps it, Esc cancels", id="risk-prompt")

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Read the case's risk again (in the background)."""
        self.load_in_background(lambda: self.casework.risk.risk_overview(self.reference), self.show_overview)

    def show_overview(self, overview: RiskOverview) -> None:
        """Draw ``overview`` (freshly read), keeping any answers being given."""
        self.overview = overview
        if self.shown not in {c.id for c in overview.checklists}:
            self.shown = next((c.id for c in overview.checklists if c.banded), overview.checklists[0].id)
        self.redraw()

    # -- drawing --------------------------------------------------------------------

    @property
    def checklist(self) -> Checklist | None:
        return self.overview.checklist(self.shown) if self.overview and self.shown else None

    def redraw(self) -> None:
        overview, checklist = self.overview, self.checklist
        if overview is None or checklist is None:
            return
        tones = self.tones
        self.query_one("#risk-summary", Static).update(summary_text(overview, tones))
        self.query_one("#risk-route", Static).update(route_text(overview, tones))
        self.query_one("#risk-review", Static).update(review_text(overview, tones))
        latest = overview.latest(checklist.id)
        self.query_one("#risk-heading", Static).update(self._heading(checklist, latest, tones))
        self.query_one(RiskItems).show_rows(self._rows(checklist, tones))
        self.set_class(self.pending is not None, "-answering")
        self._show_detail()
        self.refresh_bindings()

    def _given(self) -> dict[str, _Pending]:
        """The answers on screen: those being given, or the latest assessment's."""
        if self.pending is not None:
            return self.pending
        latest = self.overview.latest(self.shown) if self.overview and self.shown else None
        return {a.item: _Pending(a.answer, a.source, a.comment) for a in latest.answers} if latest else {}

    def _show_detail(self) -> None:
        """The source and comment of the item under the cursor."""
        key = self.query_one(RiskItems).current_key
        answer = self._given().get(key, _Pending()) if key else _Pending()
        self.query_one("#risk-detail", Static).update(
            Text.assemble(
                "Source: ",
                plain(answer.source or "the client"),
                "\nComment: ",
                plain(answer.comment or "none"),
                serial_context(self.overview, self.shown, key, self.tones),
            )
            if key
            else ""
        )

    def on_data_table_row_highlighted(self, _event: RiskItems.RowHighlighted) -> None:
        self._show_detail()

    def _heading(self, checklist: Checklist, latest: RiskAssessment | None, tones: Tones) -> Text:
        if self.pending is not None:
            given = [p.answer for p in self.pending.values() if p.answer]
            return Text.assemble(
                ("Answering: ", tones.accent),
                (checklist.title, tones.heading),
                f"\n{len(given)} of {len(checklist.items)} answered, "
                f"{sum(1 for a in given if a == Answer.YES)} Yes so far.  "
                "y yes · n no · d don't know · o source · t comment · ctrl+s save",
            )
        if latest is None:
            return Text.assemble((checklist.title, tones.heading), "\nNot answered yet: press a to answer it.")
        level = f", {RiskLevel(latest.band).label.lower()} risk" if latest.band else ""
        return Text.assemble(
            (checklist.title, tones.heading),
            f"\nLatest: {latest.score} Yes{level}, {uk_date(latest.assessed_on)} by ",
            plain(latest.assessor),
        )

    def _rows(self, checklist: Checklist, tones: Tones) -> list[Row]:
        given = self._given()
        if not given:
            return []
        rows = []
        for number, item in enumerate(checklist.items, start=1):
            answer = given.get(item.key, _Pending())
            noted = "✎" if answer.source or answer.comment else ""
            rows.append(Row(item.key, (str(number), plain(item.label), answer_text(answer.answer, tones), noted)))
        return rows

    # -- keys -----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ANSWERING_ONLY:
            return self.pending is not None and self.prompt_for is None
        if action in BROWSING_ONLY:
            return self.pending is None and self.overview is not None and self.prompt_for is None
        if action == "cancel":
            return self.pending is not None or self.prompt_for is not None
        return True

    def action_switch(self) -> None:
        if self.overview is None:
            return
        ids = [c.id for c in self.overview.checklists]
        self.shown = ids[(ids.index(self.shown) + 1) % len(ids)] if self.shown in ids else ids[0]
        self.redraw()

    def action_answer(self) -> None:
        if self.checklist is None:
            return
        self.pending = {item.key: _Pending() for item in self.checklist.items}
        self.redraw()
        table = self.query_one(RiskItems)
        table.move_cursor(row=0)
        table.focus()

    def action_give(self, answer: str) -> None:
        table = self.query_one(RiskItems)
        key = table.current_key
        if self.pending is None or key is None:
            return
        self.pending[key].answer = answer
        row = table.cursor_row
        self.redraw()
        table.move_cursor(row=min(row + 1, table.row_count - 1))

    def action_note(self, field: str) -> None:
        key = self.query_one(RiskItems).current_key
        if self.pending is not None and key is not None:
            self._ask(field, getattr(self.pending[key], field) or "")

    def action_judgement(self) -> None:
        if self.overview is not None:
            self._ask("judgement", self.overview.judgement_reason or "", route=self.overview.route.name)

    def _ask(self, field: str, value: str, **names: str) -> None:
        self.prompt_for = field
        question = self.query_one("#risk-question", Static)
        question.update(Text(PROMPTS[field].format(**names)))
        question.add_class("shown")
        prompt = self.query_one("#risk-prompt", Input)
        prompt.value = self.prompt_was = value
        prompt.add_class("shown")
        prompt.focus()
        self.refresh_bindings()

    def _close_prompt(self) -> None:
        self.prompt_for = None
        self.query_one("#risk-question").remove_class("shown")
        self.query_one("#risk-prompt", Input).remove_class("shown")
        self.query_one(RiskItems).focus()
        self.refresh_bindings()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        field, text = self.prompt_for, event.value.strip() or None
        key = self.query_one(RiskItems).current_key
        self._close_prompt()
        if field == "judgement":
            self.save_in_background(
                lambda: self.casework.risk.set_referral_judgement(self.reference, text),
                lambda _case: self._saved(
                    "Professional judgement for a referral " + ("flagged." if text else "removed.")
                ),
            )
        elif field is not None and self.pending is not None and key is not None:
            setattr(self.pending[key], field, text)
            self.redraw()

    def action_save(self) -> None:
        if self.pending is None or self.checklist is None:
            return
        checklist = self.checklist
        answers = {key: GivenAnswer(p.answer, p.source, p.comment) for key, p in self.pending.items() if p.answer}
        self.save_in_background(
            lambda: self.casework.risk.record_assessment(self.reference, checklist.id, answers),
            lambda saved: self._saved(saved_text(checklist, saved)),
        )

    def _saved(self, message: str) -> None:
        self.pending = None
        self.notify(message, timeout=5, markup=False)
        self.post_message(self.Changed())
        self.reload()

    @property
    def has_answers(self) -> bool:
        """Whether answers are being given that are not saved yet."""
        return self.pending is not None and any(p.answer or p.source or p.comment for p in self.pending.values())

    def unsaved_work(self) -> str | None:
        """The answers being given, and what is typed in the prompt, while not saved (see
        :mod:`~advocate_tui.screens.unsaved`)."""
        lost = ["The risk checklist being answered is not saved."] if self.has_answers else []
        if self.prompt_for is not None and self.query_one("#risk-prompt", Input).value != self.prompt_was:
            lost.append(PROMPT_WORK[self.prompt_for])
        return " ".join(lost) or None

    def action_cancel(self) -> None:
        if self.prompt_for is not None:
            self._close_prompt()
            return
        if self.pending is None:
            return
        if not self.has_answers:
            self._stop(True)
            return
        self.app.push_screen(
            ConfirmScreen("Stop answering? The answers given so far are not saved.", yes="Stop", no="Keep answering"),
            self._stop,
        )

    def _stop(self, stop: bool | None) -> None:
        if stop:
            self.pending = None
            self.redraw()


class RiskTab(CaseTab):
    """The pane as a tab of the case workspace, drawn from the risk the workspace reads with the case."""

    TITLE = "Risk"
    ID = "risk"

    def compose(self) -> ComposeResult:
        yield RiskPane(self.casework, self.reference)

    def show(self, case: Case) -> None:
        if self.risk is not None:
            self.query_one(RiskPane).show_overview(self.risk)

    def focus_main(self) -> None:
        self.query_one(RiskItems).focus()

    def unsaved_work(self) -> str | None:
        return self.query_one(RiskPane).unsaved_work()


# -- text for the side panel -------------------------------------------------------------------


#: The stalking checklist's question on stalking before: beside it, the other cases the perpetrator may be on.
STALKED_BEFORE = ("stalking", "stalked-before")


def serial_context(overview: RiskOverview | None, checklist_id: str | None, key: str, tones: Tones) -> Text:
    """For the question on stalking before, the other cases the perpetrator may also be on (else nothing)."""
    if overview is None or not overview.serial or (checklist_id, key) != STALKED_BEFORE:
        return Text()
    others = "; ".join(f"{match.reference} ({match.why})" for match in overview.serial)
    return Text(f"\nOn record: the perpetrator may also be on {others}", style=tones.alert)


def answer_text(answer: str | None, tones: Tones) -> Text:
    if answer is None:
        return Text("·", style="dim")
    value = Answer(answer)
    return Text(value.label, style=tones.caution if value is Answer.YES else "dim" if value is Answer.NO else "")


def saved_text(checklist: Checklist, saved: RiskAssessment) -> str:
    level = f", {RiskLevel(saved.band).label.lower()} risk" if saved.band else ""
    return f"{checklist.short} saved: {saved.score} Yes{level}."


def summary_text(overview: RiskOverview, tones: Tones) -> Text:
    """The risk level, then each checklist's latest score and its scores over time as bars."""
    text = Text.assemble(
        ("Risk level ", tones.heading), risk_text(overview.risk_level, tones), "\n  ", plain(overview.basis.why), "\n"
    )
    for checklist in overview.checklists:
        history = overview.history(checklist.id)
        offer = overview.offers.get(checklist.id)
        text.append(f"\n{checklist.short}", style=tones.heading)
        if offer and not history:
            text.append(f"\n  Offered: {offer}.", style=tones.caution)
        if not history:
            text.append("\n  Not answered yet.", style="dim")
        for assessment in history[-HISTORY_SHOWN:]:
            level = RiskLevel(assessment.band) if assessment.band else None
            style = (
                tones.alert if level is RiskLevel.HIGH else tones.caution if level is RiskLevel.MEDIUM else tones.accent
            )
            band = level.label.lower() if level is not None else ""
            text.append(f"\n  {assessment.assessed_on:%d %b %Y} ")
            text.append("█" * assessment.score, style=style)
            text.append(f" {assessment.score} {band}".rstrip())
        text.append("\n")
    return text


def route_text(overview: RiskOverview, tones: Tones) -> Text:
    text = Text.assemble(
        plain(f"{overview.route.name} referral criteria"),
        (f" · {overview.route.cases} case", "dim"),
        style=tones.heading,
    )
    for criterion in overview.criteria:
        text.append("\n")
        text.append("MET  " if criterion.met else "  -  ", style=tones.alert if criterion.met else "dim")
        text.append(criterion.label, style="bold" if criterion.met else "")
        text.append_text(Text.assemble("\n     ", plain(criterion.detail), style="dim"))
    return text


def review_text(overview: RiskOverview, tones: Tones) -> Text:
    review = overview.review
    if review is None:
        return Text("\nNo review: the case is closed.", style="dim")
    today = clock.today()
    if review.due_on <= today:
        when = "today" if review.due_on == today else f"OVERDUE since {uk_date(review.due_on)}"
        return Text.assemble("\n", ("Review due ", tones.alert), (when, tones.alert), f"\n  {review.reason}")
    return Text.assemble("\n", ("Next review ", tones.heading), uk_date(review.due_on), f"\n  {review.reason}")
