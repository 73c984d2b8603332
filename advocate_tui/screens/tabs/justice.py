"""The Justice tab: each crime reference's journey, the police's updates and the decisions made on it, and
the Victims' Code (enhanced rights, the rights explained to the client)."""

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Label, Static

from advocate_tui.rules import clock
from advocate_tui.rules.dates import uk_date
from advocate_tui.rules.vocab import (
    CourtOutcome,
    CpsDecision,
    DecisionKind,
    InvestigationStatus,
    Offence,
    ReviewBody,
    VictimRight,
)
from advocate_tui.screens.forms.justice import crime_form, decision_form, police_update_form, standing_form
from advocate_tui.screens.tabs.case_tab import CaseTab
from advocate_tui.screens.widgets.table import ActingTable, Col, Row, plain
from advocate_tui.services.rows import JourneyRow
from advocate_tui.services.victims import VictimsCodeView
from advocate_tui.storage.models import Case


class JusticeTable(ActingTable):
    """A list in the Justice tab."""


class CrimeTable(JusticeTable):
    HELP_TITLE = "Crime references"
    COLUMNS = (
        Col("Crime no.", width=16),
        Col("Investigation", min_width=18),  # "No further action" whole at 80 columns
        Col("CPS", width=19, narrow=12, priority=1),
        Col("Court", width=22, narrow=12),
        Col("Officer", width=18, narrow=10),
    )
    EMPTY = "No crime references. Press a to add one."
    BINDINGS = [
        Binding("a", "act('add')", "Add crime ref.", id="justice.add_crime", tooltip="Record a crime reference"),
        Binding(
            "enter,e",
            "act('edit')",
            "Edit",
            id="justice.edit_crime",
            tooltip="Move the journey on: status, charge, CPS decision, court outcome, restraining order",
        ),
        Binding(
            "u", "act('update')", "Police update", id="justice.police_update", tooltip="Log an update from the police"
        ),
        Binding(
            "d",
            "act('decision')",
            "Decision",
            id="justice.decision",
            tooltip="Record a police or CPS decision, and see whether the client can ask for a review",
        ),
    ]


class EventTable(JusticeTable):
    HELP_TITLE = "Police updates and decisions"
    COLUMNS = (Col("When", width=13), Col("Crime no.", width=16), Col("What"))
    EMPTY = "No updates or decisions yet. Press u or d on a crime reference."
    BINDINGS = [
        Binding(
            "enter,e",
            "act('edit')",
            "Edit decision",
            id="justice.edit_decision",
            tooltip="Record the day a review was asked for, or correct the decision (updates are never edited)",
        ),
    ]


class RightsTable(JusticeTable):
    HELP_TITLE = "Victims' Code rights"
    COLUMNS = (Col("", width=2), Col("Right"), Col("Explained", width=13))
    BINDINGS = [
        Binding(
            "space",
            "act('explain')",
            "Explained today",
            id="justice.explain_right",
            tooltip="Record that the highlighted right was explained to the client today",
        ),
        Binding(
            "j",
            "act('judge')",
            "Enhanced rights",
            id="justice.judge_enhanced",
            tooltip="Record whether the client is eligible for enhanced rights, why, and who decided",
        ),
    ]


class JusticeTab(CaseTab):
    TITLE = "Justice"
    SHORT = "Police"
    ID = "justice"

    def __init__(self, reference: str) -> None:
        super().__init__(reference)
        self.journeys: list[JourneyRow] = []
        self.victims: VictimsCodeView | None = None

    def compose(self) -> ComposeResult:
        yield Label("Crime references", classes="section-title")
        yield CrimeTable(id="crime-table")
        yield Label("Police updates and decisions", classes="section-title")
        yield EventTable(id="justice-events")
        yield Label("Victims' Code", classes="section-title")
        yield Static("", id="victims-standing", markup=False)
        yield RightsTable(id="rights-table")

    def show(self, case: Case) -> None:
        reference = case.reference
        casework = self.casework
        self.load_in_background(
            lambda: (casework.justice.journeys(reference), casework.victims.view(reference)), self._draw
        )

    def _draw(self, loaded: tuple[list[JourneyRow], VictimsCodeView]) -> None:
        self.journeys, self.victims = loaded
        self.query_one(CrimeTable).show_rows([crime_row(j) for j in self.journeys])
        self.query_one(EventTable).show_rows(event_rows(self.journeys, self.tones.caution))
        standing = self.victims.standing
        self.query_one("#victims-standing", Static).update(
            "Enhanced rights: not yet judged (press j in the list below)."
            if standing is None
            else f"Enhanced rights: {'eligible' if standing.enhanced else 'not eligible'} — {standing.reason} "
            f"(judged by {standing.decided_by}, {uk_date(standing.decided_on)})."
        )
        explained = self.victims.explained
        self.query_one(RightsTable).show_rows(
            [
                Row(
                    f"right:{right.value}",
                    (
                        "✓" if right in explained else "",
                        right.label,
                        uk_date(explained[right].explained_on) if right in explained else "",
                    ),
                )
                for right in VictimRight
            ]
        )

    def _journey(self, key: str | None) -> JourneyRow | None:
        return next((j for j in self.journeys if key == f"crime:{j.report.id}"), None)

    @on(JusticeTable.Act)
    def act(self, event: JusticeTable.Act) -> None:
        event.stop()
        case, casework, reference = self.case, self.casework, self.reference
        if case is None:
            return
        journey = self._journey(event.key)
        if event.what == "add":
            self.open_form(crime_form(casework, reference), "Crime reference added.")
        elif event.what == "edit" and journey is not None:
            self.open_form(crime_form(casework, reference, journey.report, case.orders), "Crime reference saved.")
        elif event.what == "update" and journey is not None:
            self.open_form(
                police_update_form(casework, reference, journey.report.crime_number), "Police update logged."
            )
        elif event.what == "decision" and journey is not None:
            self.open_form(decision_form(casework, reference, journey.report.crime_number), "Decision recorded.")
        elif event.what == "edit" and event.key is not None and event.key.startswith("decision:"):
            review = next(
                (r for j in self.journeys for r in j.reviews if event.key == f"decision:{r.decision.id}"), None
            )
            if review is not None:
                self.open_form(
                    decision_form(casework, reference, review.crime_number, review.decision), "Decision saved."
                )
        elif event.what == "explain" and event.key is not None:
            right = event.key.removeprefix("right:")
            self.save_in_background(
                lambda: casework.victims.explain(reference, [right]), lambda _saved: self.show(case)
            )
        elif event.what == "judge" and self.victims is not None:
            self.open_form(standing_form(casework, reference, self.victims.standing), "Enhanced rights recorded.")


def crime_row(journey: JourneyRow) -> Row:
    """A crime reference: where the investigation stands (with the offence charged), the CPS, the court."""
    report = journey.report
    status = InvestigationStatus(report.status).label
    if report.offence:
        status += f": {Offence(report.offence).label}"
    court = CourtOutcome(report.court_outcome).label if report.court_outcome else ""
    if journey.restraining_order is not None:
        court += " + RO"
    return Row(
        f"crime:{report.id}",
        (
            plain(report.crime_number),
            status,
            CpsDecision(report.cps_decision).label if report.cps_decision else "",
            court,
            plain(report.oic_name),
        ),
    )


def event_rows(journeys: list[JourneyRow], caution: Style) -> list[Row]:
    """Updates and decisions, newest first; a decision the client can still ask to have reviewed says by when."""
    today = clock.today()
    dated = []
    for journey in journeys:
        number = journey.report.crime_number
        for update in journey.updates:
            told = f" Client told: {update.client_told}" if update.client_told else ""
            dated.append(
                (
                    update.given_on,
                    Row(
                        f"update:{update.id}",
                        (uk_date(update.given_on), plain(number), plain(f"{update.given_by}: {update.said}{told}")),
                    ),
                )
            )
        for review in journey.reviews:
            d = review.decision
            what = Text(f"{ReviewBody(d.body).label} decision: {DecisionKind(d.kind).label.lower()}. ")
            if d.review_requested_on:
                what.append(f"Review asked for {uk_date(d.review_requested_on)}.")
            elif review.deadline is not None and review.deadline >= today:
                what.append(f"Review can be asked for until {uk_date(review.deadline)}.", style=caution)
            else:
                what.append(
                    review.why
                    if not review.qualifies
                    else f"The time to ask for a review ended {uk_date(review.deadline)}."
                )
            dated.append((d.decided_on, Row(f"decision:{d.id}", (uk_date(d.decided_on), plain(number), what))))
    return [row for _day, row in sorted(dated, key=lambda pair: pair[0], reverse=True)]
