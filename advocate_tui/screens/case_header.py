"""The top of the case workspace: who, how risky, orders and hearings, the risk review, and every warning."""

from datetime import date

from rich.text import Text
from textual.widgets import Static

from advocate_tui import clock
from advocate_tui.dates import uk_date
from advocate_tui.models import Case
from advocate_tui.patterns import Alert
from advocate_tui.risk import RiskOverview
from advocate_tui.screens.display import moment_short
from advocate_tui.services import case_alerts, next_hearing, orders_in_force
from advocate_tui.theme import Tones, risk_text
from advocate_tui.vocab import CaseStatus, HearingKind, OrderKind
from advocate_tui.widgets import plain


class CaseHeader(Static):
    """Reference, name, risk, orders in force, next hearing, risk review, MARAC and warnings; always on screen."""

    def show(self, case: Case, risk: RiskOverview, alerts: list[Alert], tones: Tones) -> None:
        today = clock.today()
        client = case.client
        text = Text.assemble(
            (case.reference, tones.heading), "  ", plain(client.display_name if client else "(no client)"),
            "  ", risk_text(case.risk_level, tones), " risk  ",
            (f"{CaseStatus(case.status).label} · {'domestic' if case.domestic else 'non-domestic'}", tones.muted),
            "\n", court_line(case, today, tones),
        )
        risk_line = review_text(risk, today, tones)
        if risk.marac_summary:
            risk_line.append_text(Text.assemble("  ·  " if risk_line else "", (risk.marac_summary, tones.alert)))
        if risk_line:
            text.append_text(Text("\n").append_text(risk_line))
        warnings = [Text(f"⚠ {warning}", style=tones.caution) for warning in case_alerts(case, today)]
        warnings += [Text.assemble(("⚠ ", tones.alert), plain(alert.text)) for alert in alerts]
        if warnings:
            text.append_text(Text("\n").append_text(Text("  ").join(warnings)))
        self.update(text)


def court_line(case: Case, today: date, tones: Tones) -> Text:
    """'Orders in force: … · Next hearing: …'."""
    orders = orders_in_force(case.orders, today)
    order_text = ", ".join(
        OrderKind(o.kind).label + (f" to {o.expires_on:%d %b %Y}" if o.expires_on else "") for o in orders
    )
    hearing = next_hearing(case.hearings, clock.now())
    hearing_text = f"{moment_short(hearing.starts_at)} {HearingKind(hearing.kind).label}" if hearing else "none booked"
    return Text.assemble(
        "Orders in force: ", (order_text or "none", tones.good if orders else tones.muted),
        "  ·  Next hearing: ", (hearing_text, tones.accent if hearing else tones.muted),
    )


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
