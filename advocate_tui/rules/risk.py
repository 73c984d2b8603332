"""Risk checklists as data: their definitions, scores, bands and review dates (referral criteria: :mod:`.routes`).

A checklist is a TOML file (see ``advocate_tui/data/risk_checklist.toml``): an ``id``, a ``title``,
its ``[[item]]`` topics and whether its score bands the case's risk level. The built-in files hold
paraphrased topics only; a service with a licence for official wording puts its own file with the
same ``id`` in :func:`advocate_tui.storage.config.user_checklists_dir`, and that file replaces the built-in.

Nothing here touches the database: :class:`advocate_tui.services.casework.Casework` gathers the facts.
"""

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol, TypeGuard

from advocate_tui.rules import clock
from advocate_tui.rules.dates import uk_date
from advocate_tui.rules.errors import InvalidInputError
from advocate_tui.rules.vocab import Answer, RiskBasisKind, RiskLevel

_KEY = re.compile(r"[a-z0-9][a-z0-9-]*")
KEY_LIMIT = 48
ID_LIMIT = 32
LABEL_LIMIT = 200
SOURCE_LIMIT = 128


@dataclass(frozen=True)
class RiskThresholds:
    """The lines the risk checklist and the funder's reports draw; every one is configurable."""

    medium_from: int = 10
    high_from: int = 14
    review_weeks: int = 8
    suppress_below: int = 5


class Assessment(Protocol):
    """What the rules read of a recorded risk checklist (the stored model has these fields)."""

    score: int
    assessed_on: date
    created_at: datetime


class BandedAssessment(Assessment, Protocol):
    """A recorded checklist that sets a risk level."""

    band: str | None


@dataclass(frozen=True)
class Item:
    key: str
    label: str


@dataclass(frozen=True)
class Checklist:
    """One risk checklist: its items in order, and when it is offered."""

    id: str
    title: str
    short: str
    items: tuple[Item, ...]
    banded: bool
    offer_incidents: int | None = None
    offer_after_yes: tuple[tuple[str, str], ...] = ()
    where: str = "built in"

    def label(self, key: str) -> str:
        return next((item.label for item in self.items if item.key == key), key)


@dataclass(frozen=True)
class GivenAnswer:
    """What the assessor said for one item: the answer, who said so if not the client, a comment."""

    answer: str
    source: str | None = None
    comment: str | None = None


# -- definitions ------------------------------------------------------------------------


def parse_checklist(text: str, where: str) -> Checklist:
    """Read one definition file; any mistake is one sentence naming the file and the item."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInputError(f"The checklist {where} is not valid TOML ({exc}): fix it.") from None
    checklist_id = _word(data.get("id"), f'The checklist {where} needs an id, e.g. id = "risk"', ID_LIMIT)
    title = _line(data.get("title"), f"The checklist {where} needs a title")
    raw_items = data.get("item")
    if not isinstance(raw_items, list) or not raw_items or not all(isinstance(i, dict) for i in raw_items):
        raise InvalidInputError(f"The checklist {where} must list its items as [[item]] tables with a key and a label.")
    items: list[Item] = []
    for number, raw in enumerate(raw_items, start=1):
        key = _word(raw.get("key"), f'Item {number} of {where} needs a key such as "injury"', KEY_LIMIT)
        if any(item.key == key for item in items):
            raise InvalidInputError(f"Item {number} of {where} repeats the key '{key}': keys must differ.")
        items.append(Item(key, _line(raw.get("label"), f"Item {number} ({key}) of {where} needs a label")))
    banded = data.get("banded", False)
    if not isinstance(banded, bool):
        raise InvalidInputError(f"In the checklist {where}, banded must be true or false.")
    offer = data.get("offer", {})
    incidents = offer.get("incidents") if isinstance(offer, dict) else None
    after_yes = offer.get("after_yes", []) if isinstance(offer, dict) else None
    if (incidents is not None and (type(incidents) is not int or incidents < 1)) or not _references(after_yes):
        raise InvalidInputError(
            f'In the checklist {where}, [offer] takes incidents = a whole number and after_yes = ["checklist.item", …].'
        )
    return Checklist(
        id=checklist_id,
        title=title,
        short=_line(data.get("short", title), f"The checklist {where} needs a short name"),
        items=tuple(items),
        banded=banded,
        offer_incidents=incidents,
        offer_after_yes=tuple(_checklist_item(ref) for ref in after_yes),
        where=where,
    )


def _word(value: object, problem: str, limit: int) -> str:
    if not isinstance(value, str) or not _KEY.fullmatch(value) or len(value) > limit:
        raise InvalidInputError(f"{problem} (lower-case letters, digits and hyphens, at most {limit}).")
    return value


def _line(value: object, problem: str) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > LABEL_LIMIT:
        raise InvalidInputError(f"{problem}: one line of text in quotes, at most {LABEL_LIMIT} characters.")
    return " ".join(value.split())


def _references(value: object) -> TypeGuard[list[str]]:
    return isinstance(value, list) and all(isinstance(v, str) and v.count(".") == 1 for v in value)


def _checklist_item(reference: str) -> tuple[str, str]:
    """``"checklist.item"`` as (checklist, item)."""
    checklist, _, item = reference.partition(".")
    return checklist, item


def check_fits(checklist: Checklist, thresholds: RiskThresholds) -> None:
    if checklist.banded and thresholds.high_from > len(checklist.items):
        raise InvalidInputError(
            f"[risk] high_from is {thresholds.high_from} but the checklist {checklist.where} has only "
            f"{len(checklist.items)} items: lower high_from or use a longer checklist."
        )


# -- scoring ----------------------------------------------------------------------------


def band(score: int, thresholds: RiskThresholds) -> RiskLevel:
    """Standard, medium from ``medium_from`` Yes answers, high from ``high_from``."""
    if score >= thresholds.high_from:
        return RiskLevel.HIGH
    if score >= thresholds.medium_from:
        return RiskLevel.MEDIUM
    return RiskLevel.STANDARD


def clean_answers(
    checklist: Checklist, given: Mapping[str, GivenAnswer | str]
) -> list[tuple[Item, Answer, str | None, str | None]]:
    """Every item's answer, source and comment in checklist order; unknown or missing items are refused."""
    unknown = sorted(set(given) - {item.key for item in checklist.items})
    if unknown:
        raise InvalidInputError(f"The {checklist.short} has no item '{unknown[0]}': check the item keys.")
    cleaned = []
    for number, item in enumerate(checklist.items, start=1):
        raw = given.get(item.key)
        if raw is None:
            raise InvalidInputError(f"Item {number} ({item.label}) has no answer: answer every item y, n or d.")
        answer = GivenAnswer(raw) if isinstance(raw, str) else raw
        what = f"item {number} ({item.label})"
        try:
            value = Answer.parse(answer.answer, what)
        except ValueError as exc:
            raise InvalidInputError(str(exc)) from None
        source = " ".join((answer.source or "").split()) or None
        if source is not None and len(source) > SOURCE_LIMIT:
            raise InvalidInputError(f"The source for {what} is too long (at most {SOURCE_LIMIT} characters).")
        cleaned.append((item, value, source, (answer.comment or "").strip() or None))
    return cleaned


def parse_answer_line(line: str, what: str) -> GivenAnswer:
    """``y``, ``n`` or ``d``, then an optional comment, then optionally ``@`` and the source:
    ``y texts every night @police``."""
    answer, _space, rest = line.strip().partition(" ")
    try:
        value = Answer.parse(answer, what)
    except ValueError as exc:
        raise InvalidInputError(str(exc)) from None
    comment, at, source = f" {rest}".rpartition(" @")
    if not at:
        comment, source = rest, ""
    return GivenAnswer(value.value, source.strip() or None, comment.strip() or None)


def score(answers: Iterable[Answer | str]) -> int:
    """The number of Yes answers."""
    return sum(1 for answer in answers if answer == Answer.YES)


# -- reviews and offers -----------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewDue:
    due_on: date
    reason: str


@dataclass(frozen=True)
class IncidentFacts:
    """What the risk view needs to know of one incident."""

    occurred_at: datetime
    recorded_at: datetime
    reported_to_police: bool
    police_reported_on: date | None
    serious: bool


def months_before(day: date, months: int) -> date:
    """The same day ``months`` calendar months earlier (the month's last day when it is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class LevelSet:
    """How the case's level was last set, as the case keeps it: by a checklist, on professional judgement
    (with its reason, by whom and on what day), not yet, or by hand before the basis was kept."""

    kind: RiskBasisKind = RiskBasisKind.NOT_ASSESSED
    reason: str | None = None
    by: str | None = None
    on: date | None = None


@dataclass(frozen=True)
class RiskBasis:
    """What a case's risk level rests on: how it was set, and the latest checklist that sets a level (its
    title, score, date and band) whatever set the level; ``judgement`` is a referral flagged on
    professional judgement, if any."""

    level: RiskLevel
    set: LevelSet = LevelSet()
    checklist: str | None = None
    score: int | None = None
    assessed_on: date | None = None
    band: RiskLevel | None = None
    judgement: str | None = None

    @property
    def assessed(self) -> bool:
        """Whether the level is the one the latest checklist gave."""
        return self.set.kind is RiskBasisKind.CHECKLIST

    @property
    def summary(self) -> str:
        """E.g. 'high: Risk checklist of 2 Nov 2026, 15 Yes'."""
        return f"{self.level.label.lower()}: {self.why}"

    @property
    def why(self) -> str:
        """What the level rests on, e.g. 'Risk checklist of 2 Nov 2026, 15 Yes' or 'professional judgement (Sam,
        2 Nov 2026): threats to kill; the Risk checklist of 1 Nov 2026 gave medium, 11 Yes'."""
        if self.assessed:
            return f"{self.checklist} of {uk_date(self.assessed_on)}, {self.score} Yes"
        kind = self.set.kind
        if kind is RiskBasisKind.JUDGEMENT:
            said = f"professional judgement ({self.set.by}, {uk_date(self.set.on)}): {self.set.reason}"
        else:
            said = kind.label.lower()
        if self.band is None:
            return f"{said}; no risk checklist done"
        return f"{said}; the {self.checklist} of {uk_date(self.assessed_on)} gave {self.band.label.lower()}, {self.score} Yes"


def risk_basis(
    level: str,
    level_set: LevelSet,
    latest: BandedAssessment | None,
    checklist_title: str | None,
    judgement: str | None,
) -> RiskBasis:
    """The basis of ``level``: ``latest`` is the newest assessment that sets a level (with a band)."""
    if latest is None or latest.band is None:
        return RiskBasis(RiskLevel(level), level_set, judgement=judgement)
    return RiskBasis(
        RiskLevel(level),
        level_set,
        checklist_title,
        latest.score,
        latest.assessed_on,
        RiskLevel(latest.band),
        judgement,
    )


def review_due(
    *,
    latest: Assessment | None,
    serious_recorded: Iterable[datetime],
    referral_date: date,
    thresholds: RiskThresholds,
) -> ReviewDue:
    """When the risk checklist is next due: ``review_weeks`` after the last, or at once after a serious incident."""
    if latest is None:
        return ReviewDue(referral_date, "no risk checklist yet")
    due = ReviewDue(
        latest.assessed_on + timedelta(weeks=thresholds.review_weeks),
        f"{thresholds.review_weeks} weeks after {uk_date(latest.assessed_on)}",
    )
    later = [moment for moment in serious_recorded if moment > latest.created_at]
    if later:
        first = clock.local(min(later)).date()
        if first < due.due_on:
            return ReviewDue(first, f"serious incident logged {uk_date(first)}")
    return due


def offer_reason(
    checklist: Checklist,
    incident_count: int,
    latest_answers: Mapping[tuple[str, str], str],
    checklists: Mapping[str, Checklist],
) -> str | None:
    """Why ``checklist`` is offered for the case now, or ``None``."""
    if checklist.offer_incidents is not None and incident_count >= checklist.offer_incidents:
        return f"{incident_count} incidents logged"
    for checklist_id, key in checklist.offer_after_yes:
        if latest_answers.get((checklist_id, key)) == Answer.YES:
            source = checklists.get(checklist_id)
            return f"'{source.label(key) if source else key}' answered Yes"
    return None
