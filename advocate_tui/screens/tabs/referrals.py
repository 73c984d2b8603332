"""The Referrals tab: each referral of the case to its multi-agency route (the MARAC or the stalking panel),
oldest first, with its meeting, outcome and the criteria met when it was made; below, the actions the
meetings agreed with their owners, due dates and whether they are done."""

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Label, Static

from advocate_tui.rules import clock
from advocate_tui.rules.dates import uk_date
from advocate_tui.screens.forms.referrals import action_form, meeting_form, outcome_form, referral_form
from advocate_tui.screens.tabs.case_tab import CaseTab
from advocate_tui.screens.theme import Tones
from advocate_tui.screens.widgets.table import ActingTable, Col, Row, plain
from advocate_tui.services.referrals import ReferralRow
from advocate_tui.storage.models import Case


class ReferralsTable(ActingTable):
    """A list in the Referrals tab."""


class ReferralTable(ReferralsTable):
    HELP_TITLE = "Referrals"
    COLUMNS = (
        Col("#", width=3),
        Col("Route", width=14),
        Col("Referred", width=12),
        Col("Repeat", width=7),
        Col("Meeting", width=12),
        Col("Outcome"),
    )
    EMPTY = "No referrals. Press r to refer the case to its route."
    BINDINGS = [
        Binding("r", "act('refer')", "Refer", id="referrals.refer", tooltip="Refer the case to its multi-agency route"),
        Binding(
            "m", "act('meeting')", "Meeting", id="referrals.meeting", tooltip="Set the meeting date of this referral"
        ),
        Binding(
            "a", "act('action')", "Add action", id="referrals.action", tooltip="Record an action the meeting agreed"
        ),
        Binding("o", "act('outcome')", "Outcome", id="referrals.outcome", tooltip="Record what came of this referral"),
    ]


class ActionTable(ReferralsTable):
    HELP_TITLE = "Referral actions"
    COLUMNS = (
        Col("Ref.", width=5),
        Col("Agency", width=14),
        Col("Action"),
        Col("Owner", width=14),
        Col("Due", width=12),
        Col("Done", width=12),
    )
    EMPTY = "No actions yet. Press a on a referral to record one."
    BINDINGS = [
        Binding("space", "act('done')", "Done today", id="referrals.done", tooltip="Mark the action done today"),
    ]


class ReferralsTab(CaseTab):
    TITLE = "Referrals"
    ID = "referrals"

    def __init__(self, reference: str) -> None:
        super().__init__(reference)
        self.rows: list[ReferralRow] = []

    def compose(self) -> ComposeResult:
        yield Label("Referrals to the multi-agency route", classes="section-title")
        yield ReferralTable(id="referral-table")
        yield Static("", id="referral-detail")
        yield Label("Actions agreed", classes="section-title")
        yield ActionTable(id="referral-actions")

    def show(self, case: Case) -> None:
        reference = case.reference
        self.load_in_background(lambda: self.casework.referrals.history(reference), self._draw)

    def _draw(self, rows: list[ReferralRow]) -> None:
        self.rows = rows
        self.query_one(ReferralTable).show_rows([referral_row(r) for r in rows])
        self.query_one(ActionTable).show_rows(action_rows(rows, self.tones))
        self._detail()

    def _row(self, key: str | None) -> ReferralRow | None:
        return next((r for r in self.rows if key == f"referral:{r.number}"), None)

    def on_data_table_row_highlighted(self, _event: ReferralTable.RowHighlighted) -> None:
        self._detail()

    def _detail(self) -> None:
        """The criteria, judgement and consent of the highlighted referral (or the last one)."""
        row = self._row(self.query_one(ReferralTable).current_key) or (self.rows[-1] if self.rows else None)
        self.query_one("#referral-detail", Static).update(
            Text("")
            if row is None
            else Text.assemble(
                (f"Referral {row.number} criteria: ", self.tones.heading),
                plain(row.criteria_text),
                "\nConsent: ",
                plain(row.consent),
                *(
                    ("\nProfessional judgement: ", plain(row.referral.judgement_reason))
                    if row.referral.judgement_reason
                    else ()
                ),
            )
        )

    @on(ReferralsTable.Act)
    def act(self, event: ReferralsTable.Act) -> None:
        event.stop()
        case, casework, reference = self.case, self.casework, self.reference
        if case is None:
            return
        row = self._row(event.key)
        if event.what == "refer":
            route = self.risk.route.name if self.risk is not None else "multi-agency route"
            consented = case.client is not None and case.client.consent_refer
            self.open_form(referral_form(casework, reference, route, consented), "Referral recorded.", self._again)
        elif event.what == "meeting" and row is not None:
            self.open_form(meeting_form(casework, reference, row), "Meeting date saved.", self._again)
        elif event.what == "action" and row is not None:
            self.open_form(action_form(casework, reference, row), "Action recorded.", self._again)
        elif event.what == "outcome" and row is not None:
            self.open_form(outcome_form(casework, reference, row), "Outcome saved.", self._again)
        elif event.what == "done" and event.key is not None:
            number, action = (int(part) for part in event.key.removeprefix("action:").split(":"))
            self.save_in_background(
                lambda: casework.referrals.mark_done(reference, number, action), lambda _saved: self.show(case)
            )

    def _again(self, _saved: object) -> None:
        if self.case is not None:
            self.show(self.case)


def referral_row(row: ReferralRow) -> Row:
    r = row.referral
    return Row(
        f"referral:{row.number}",
        (
            str(row.number),
            plain(row.route.name),
            uk_date(r.referred_on),
            "repeat" if r.repeat else "",
            uk_date(r.meeting_on) if r.meeting_on else "",
            plain(r.outcome or ""),
        ),
    )


def action_rows(rows: list[ReferralRow], tones: Tones) -> list[Row]:
    """Every action of every referral; one not done by its due date is marked overdue."""
    today = clock.today()
    found = []
    for row in rows:
        for number, action in enumerate(row.actions, start=1):
            due = Text(uk_date(action.due_on) if action.due_on else "")
            if action.due_on and action.done_on is None and action.due_on < today:
                due.stylize(tones.alert)
            found.append(
                Row(
                    f"action:{row.number}:{number}",
                    (
                        str(row.number),
                        plain(action.agency),
                        plain(action.action),
                        plain(action.owner or ""),
                        due,
                        uk_date(action.done_on) if action.done_on else "",
                    ),
                )
            )
    return found
