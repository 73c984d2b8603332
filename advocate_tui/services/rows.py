"""Read models: plain rows the services return for lists, safe to use after their session has closed."""

from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property

from advocate_tui.rules import clock
from advocate_tui.rules.vocab import AgendaKind
from advocate_tui.storage.models import CrimeReport, PoliceUpdate, ProtectiveOrder, ReviewDecision


@dataclass(frozen=True)
class CaseRow:
    """One line of the caseload."""

    id: int
    reference: str
    name: str
    preferred_name: str | None
    risk_level: str
    status: str
    domestic: bool
    crime_reference: str | None
    area: str | None
    referral_date: date
    next_hearing: datetime | None
    last_contact: datetime | None
    plan_done: int
    plan_total: int
    orders_in_force: str
    perpetrator_names: str

    @property
    def display_name(self) -> str:
        return self.preferred_name or self.name

    def days_since_contact(self, today: date) -> int:
        """Days since the last note, or since referral when there is none."""
        last = clock.local(self.last_contact).date() if self.last_contact else self.referral_date
        return (today - last).days

    @cached_property
    def _haystack(self) -> str:
        """What :meth:`matches` searches, made once: the caseload filter tries every row at each keystroke."""
        return " ".join(
            filter(None, (self.reference, self.name, self.preferred_name, self.perpetrator_names, self.crime_reference))
        ).casefold()

    def matches(self, needle: str) -> bool:
        """Case-insensitive match on reference, client names, perpetrator names and crime reference."""
        needle = needle.strip().casefold()
        return not needle or needle in self._haystack


@dataclass(frozen=True)
class AgendaEntry:
    """One row of the agenda: what is due, and the case it belongs to (none for a consultation's follow-up).
    ``key`` names the record it comes from for as long as that lives (``plan-12``, ``hearing-3``): a calendar
    event's identity, and the row's."""

    kind: AgendaKind
    when: date
    reference: str
    name: str
    what: str
    key: str
    overdue: bool = False


@dataclass(frozen=True)
class DemoSummary:
    cases: int
    first_reference: str
    last_reference: str


@dataclass(frozen=True)
class AddedNote:
    """A note just added (a row, not a model: see :meth:`CaseLog.add_note`)."""

    id: int
    reference: str
    kind: str
    noted_at: datetime


@dataclass(frozen=True)
class ReviewRow:
    """A police or CPS decision, whether the victim may ask for it to be reviewed, and by when."""

    decision: ReviewDecision
    crime_number: str
    qualifies: bool
    why: str
    deadline: date | None  # the last day to ask, for a decision that qualifies


@dataclass(frozen=True)
class JourneyRow:
    """One crime reference's journey with the police updates on it (newest first) and its decisions."""

    report: CrimeReport
    updates: list[PoliceUpdate]
    reviews: list[ReviewRow]
    restraining_order: ProtectiveOrder | None
