"""The top of the case workspace: who, how risky, orders and hearings, the risk review, and every warning."""

from collections.abc import Iterable
from datetime import date

from rich.text import Text
from textual.widgets import Static

from advocate_tui.rules import clock
from advocate_tui.rules.dates import uk_date
from advocate_tui.rules.patterns import Alert
from advocate_tui.rules.repeats import Match
from advocate_tui.rules.vocab import CaseStatus, HearingKind, OrderKind, RiskBasisKind
from advocate_tui.screens.theme import Tones, risk_text
from advocate_tui.screens.widgets.display import moment_short
from advocate_tui.screens.widgets.table import plain
from advocate_tui.services.case_view import case_alerts, next_hearing, orders_in_force
from advocate_tui.services.risk import RiskOverview
from advocate_tui.storage.models import Case


class CaseHeader(Static):
    """Reference, name, risk, orders in force, next hearing, risk review, referral criteria met and warnings; always on screen.

    Facts and warnings are laid out whole, as many to a line as fit, so none is broken across two lines.
    """

    def __init__(self, content: str, *, id: str | None = None) -> None:
        super().__init__(content, id=id)
        self.title: list[Text] = []
        self.facts: list[Text] = []
        self.warnings: list[Text] = []

    def show(self, case: Case, risk: RiskOverview, alerts: list[Alert], tones: Tones) -> None:
        today = clock.today()
        client = case.client
        self.title = [
            Text.assemble(
                (case.reference, tones.heading), "  ", plain(client.display_name if client else "(no client)")
            ),
            Text.assemble(
                risk_text(case.risk_level, tones),
                " risk ",
                (f"({RiskBasisKind(case.risk_basis).short})", tones.muted),
            ),
            Text(f"{CaseStatus(case.status).label} · {'domestic' if case.domestic else 'non-domestic'}", tones.muted),
        ]
        self.facts = [*court_facts(case, today, tones), review_text(risk, today, tones)]
        if case.re_referral_of:
            self.facts.append(Text(f"Re-referral of {case.re_referral_of}", style=tones.caution))
        if risk.serial:
            self.facts.append(Text(serial_text(risk.serial), style=tones.alert))
        if risk.route_summary:
            self.facts.append(Text(risk.route_summary, style=tones.alert))
        self.warnings = [Text(f"⚠ {warning}", style=tones.caution) for warning in case_alerts(case, today)]
        self.warnings += [Text.assemble(("⚠ ", tones.alert), plain(alert.text)) for alert in alerts]
        self._draw()

    def on_resize(self) -> None:
        if self.facts:
            self._draw()

    def _draw(self) -> None:
        width = self.content_size.width
        lines = [
            *packed(self.title, width, "  "),
            *packed(self.facts, width, "  ·  "),
            *packed(self.warnings, width, "  "),
        ]
        self.update(Text("\n").join(lines))


def packed(parts: list[Text], width: int, gap: str) -> list[Text]:
    """The non-empty ``parts`` as lines of at most ``width`` cells: each goes on the first line with room for
    it (after ``gap``), else on a new line of its own."""
    lines: list[Text] = []
    for part in filter(None, parts):
        room = next((n for n, line in enumerate(lines) if line.cell_len + len(gap) + part.cell_len <= width), None)
        if room is None:
            lines.append(part)
        else:
            lines[room] = Text.assemble(lines[room], gap, part)
    return lines


def serial_text(serial: Iterable[Match]) -> str:
    """'Possible serial perpetrator: also on STK-2026-0009, STK-2026-0011'."""
    return f"Possible serial perpetrator: also on {', '.join(m.reference for m in serial)}"


def court_facts(case: Case, today: date, tones: Tones) -> list[Text]:
    """'Orders in force: …' and 'Next hearing: …'."""
    orders = orders_in_force(case.orders, today)
    order_text = ", ".join(
        OrderKind(o.kind).label + (f" to {o.expires_on:%d %b %Y}" if o.expires_on else "") for o in orders
    )
    hearing = next_hearing(case.hearings, clock.now())
    hearing_text = f"{moment_short(hearing.starts_at)} {HearingKind(hearing.kind).label}" if hearing else "none booked"
    return [
        Text.assemble("Orders in force: ", (order_text or "none", tones.good if orders else tones.muted)),
        Text.assemble("Next hearing: ", (hearing_text, tones.accent if hearing else tones.muted)),
    ]


def review_text(risk: RiskOverview, today: date, tones: Tones) -> Text:
    """When the risk checklist is next due and why (empty for a closed case); overdue once the day has passed."""
    review = risk.review
    if review is None:
        return Text()
    if review.due_on < today:
        when = Text(f"Risk review OVERDUE since {uk_date(review.due_on)}", style=tones.alert)
    elif review.due_on == today:
        when = Text("Risk review due today", style=tones.caution)
    else:
        when = Text(f"Risk review {uk_date(review.due_on)}")
    return Text.assemble(when, (f" ({review.reason})", tones.muted))
