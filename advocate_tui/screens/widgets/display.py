"""Short wordings for tight columns: dates, order kinds, days ago, yes/no."""

from datetime import date, datetime

from advocate_tui.rules import clock
from advocate_tui.rules.vocab import OrderKind

ORDER_SHORT = {
    OrderKind.SPO: "SPO",
    OrderKind.INTERIM_SPO: "iSPO",
    OrderKind.RO_CONVICTION: "RO",
    OrderKind.RO_ACQUITTAL: "RO(acq)",
    OrderKind.NON_MOLESTATION: "NMO",
    OrderKind.OCCUPATION: "Occ.",
    OrderKind.DAPO: "DAPO",
    OrderKind.DAPN: "DAPN",
    OrderKind.BAIL: "Bail",
    OrderKind.OTHER: "Other",
}
_SHORT_BY_LABEL = {kind.label: short for kind, short in ORDER_SHORT.items()}


def short_orders(labels: str) -> str:
    """'Stalking Protection Order, Non-molestation order' style lists (as CaseRow gives) abbreviated."""
    return " ".join(_SHORT_BY_LABEL.get(label, label) for label in labels.split(", ") if label)


def day_short(day: date | datetime | None, today: date) -> str:
    """'03 Dec' within about ten months of today, else 'Dec 2028'."""
    if day is None:
        return ""
    if isinstance(day, datetime):
        day = clock.local(day).date()
    return f"{day:%d %b}" if abs((day - today).days) < 300 else f"{day:%b %Y}"


def moment_short(moment: datetime) -> str:
    """'Thu 03 Dec 10:00' in local time."""
    return f"{clock.local(moment):%a %d %b %H:%M}"


def moment_long(moment: datetime, approximate: bool = False) -> str:
    """'Thu 03 Dec 2026 10:00', with '(approx.)' when the time is not known exactly."""
    return f"{clock.local(moment):%a %d %b %Y %H:%M}" + (" (approx.)" if approximate else "")


def yes_no(flag: bool, on: date | None = None) -> str:
    return ("Yes" + (f", {on:%d %b %Y}" if on else "")) if flag else "No"


def days_ago(days: int) -> str:
    """'today', 'yesterday', '19 days ago'."""
    return {0: "today", 1: "yesterday"}.get(days, f"{days} days ago")
