"""Outcome measures asked at intake and at exit: what each answer may be and how it reads.

Every measure is asked, never assumed. Nothing stored means the question was not asked (so cases closed
before a question existed read "not asked"); a client's choice not to answer is stored as "declined".
The 1-5 scales keep their answer as a number, with :data:`DECLINED_SCORE` for declined.
"""

from typing import Any

from advocate_tui.rules.errors import InvalidInputError
from advocate_tui.rules.vocab import Behaviour, RiskLevel, Vocabulary

DECLINED = "declined"
NOT_ASKED = "not asked"
DECLINED_SCORE = 0
SCALE = range(1, 6)
#: The closing risk review was offered and not done.
REVIEW_SKIPPED = "skipped"

#: What each 1-5 scale asks, for messages: the words at its ends.
SCALES = {
    "feels_safe": ("not at all safe", "completely safe"),
    "quality_of_life": ("very poor", "very good"),
}


class BehaviourOutcome(Vocabulary):
    """What became of one kind of behaviour seen at intake, asked at exit."""

    STOPPED = "stopped"
    REDUCED = "reduced"
    SAME = "same"
    INCREASED = "increased"
    DECLINED = "declined"

    @property
    def label(self) -> str:
        return "Stayed the same" if self is BehaviourOutcome.SAME else super().label


class IntakeAnswer(Vocabulary):
    """Whether the client said which behaviours they had faced, at intake."""

    ANSWERED = "answered"
    DECLINED = "declined"


def score_cleaner(scale: str) -> Any:
    """A cleaner for a 1-5 answer on ``scale`` (a key of :data:`SCALES`), or "declined"."""
    low, high = SCALES[scale]

    def clean(value: Any, label: str) -> int | None:
        if type(value) is int and value == DECLINED_SCORE:  # already cleaned (a form's value, saved)
            return DECLINED_SCORE
        text = str(value).strip().lower() if value is not None else ""
        if not text:
            return None
        if text == DECLINED:
            return DECLINED_SCORE
        if not text.isdigit() or int(text) not in SCALE:
            raise InvalidInputError(
                f"The {label} must be a whole number from 1 ({low}) to 5 ({high}), or declined, not '{value}'."
            )
        return int(text)

    return clean


def risk_at_exit(value: Any, label: str) -> str | None:
    """The risk level a closing review found, or "skipped" when the review was offered and not done."""
    text = str(value).strip().lower() if value is not None else ""
    if not text:
        return None
    if text == REVIEW_SKIPPED:
        return REVIEW_SKIPPED
    try:
        return RiskLevel.parse(text, label).value
    except ValueError:
        levels = ", ".join(RiskLevel.values())
        raise InvalidInputError(f"The {label} must be one of {levels} or {REVIEW_SKIPPED}, not '{value}'.") from None


def intake_behaviours(value: Any, label: str) -> tuple[str | None, list[str]]:
    """The behaviours the client named at intake: ("answered", kinds), ("declined", []) or (None, []) for
    none given (not asked). ``value`` is a list of kinds, comma-separated kinds, or "declined"."""
    given = value.split(",") if isinstance(value, str) else list(value or ())
    words = [str(word).strip() for word in given if str(word).strip()]
    if not words:
        return None, []
    if [word.lower() for word in words] == [DECLINED]:
        return IntakeAnswer.DECLINED.value, []
    kinds = set()
    for word in words:
        try:
            kinds.add(Behaviour.parse(word, label).value)
        except ValueError:
            known = ", ".join(Behaviour.values())
            raise InvalidInputError(f"'{word}' is not a known {label}: use one of {known}, or declined.") from None
    return IntakeAnswer.ANSWERED.value, sorted(kinds)


def behaviour_outcomes(value: Any, label: str, seen: list[str]) -> dict[str, str]:
    """What became of each behaviour ``seen`` at intake, from ``{kind: outcome}`` or text
    ``"calls=stopped, following=reduced"``; "declined" alone answers declined for all of them."""
    pairs: list[tuple[Any, Any]]
    if isinstance(value, dict):
        pairs = list(value.items())
    else:
        text = str(value or "").strip()
        if text.lower() == DECLINED:
            return dict.fromkeys(seen, BehaviourOutcome.DECLINED.value)
        pairs = [part.partition("=")[::2] for part in text.split(",") if part.strip()]
    outcomes: dict[str, str] = {}
    for kind_text, outcome_text in pairs:
        try:
            kind = Behaviour.parse(str(kind_text), "behaviour").value
        except ValueError as exc:
            raise InvalidInputError(str(exc)) from None
        if kind not in seen:
            named = ", ".join(seen) if seen else "none"
            raise InvalidInputError(
                f"'{kind}' was not among the behaviours recorded at intake ({named}): give an outcome for those."
            )
        if not str(outcome_text).strip():
            continue
        try:
            outcomes[kind] = BehaviourOutcome.parse(str(outcome_text), label).value
        except ValueError as exc:
            raise InvalidInputError(str(exc)) from None
    return outcomes


def describe_score(value: int | None) -> str:
    """A 1-5 answer as it reads: "3 of 5", "declined" or "not asked"."""
    if value is None:
        return NOT_ASKED
    return DECLINED if value == DECLINED_SCORE else f"{value} of 5"


def describe_risk_at_exit(value: str | None) -> str:
    if value is None:
        return NOT_ASKED
    return "review skipped" if value == REVIEW_SKIPPED else RiskLevel(value).label.lower()
