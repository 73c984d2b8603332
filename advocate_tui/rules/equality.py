"""Equality monitoring: the questions a commissioner's return asks about who the service reaches.

The categories come from one data file (``advocate_tui/data/equality.toml``, which a service may replace
with its own ``equality.toml`` beside its config file). Every question can also be answered "prefer not
to say"; an answer never given is "not asked" (stored as nothing). The age band is worked out from the
date of birth when that is known, so its bands are fixed here rather than in the file.
"""

import tomllib
from dataclasses import dataclass
from typing import Any

from advocate_tui.rules.errors import InvalidInputError

PREFER_NOT = "prefer-not-to-say"
PREFER_NOT_LABEL = "Prefer not to say"
NOT_ASKED = "Not asked"
AGE_BANDS = ("under 18", "18-24", "25-34", "35-44", "45-54", "55-64", "65 and over")
#: The first age of each band after the first.
AGE_LIMITS = (18, 25, 35, 45, 55, 65)
#: The client's fields the file gives categories for, in the order forms and reports show them.
QUESTIONS = ("sex", "gender_identity", "ethnicity", "disability", "sexual_orientation", "religion")
#: Every equality field of the client, the age band first.
FIELDS = ("age_band", *QUESTIONS)
#: Stored values are at most this long (the columns' width).
KEY_LIMIT = 48


@dataclass(frozen=True)
class Question:
    """One characteristic: its field, its title, and its categories as (stored key, label) in order."""

    field: str
    title: str
    categories: tuple[tuple[str, str], ...]

    @property
    def choices(self) -> tuple[tuple[str, str], ...]:
        """The categories, then "prefer not to say"."""
        return (*self.categories, (PREFER_NOT, PREFER_NOT_LABEL))

    def clean(self, value: Any) -> str | None:
        """A category's key from its key or label (any case); blank is "not asked"."""
        text = str(value).strip() if value is not None else ""
        if not text:
            return None
        wanted = text.casefold().replace("_", "-")
        for key, label in self.choices:
            if wanted in (key.casefold(), label.casefold()):
                return key
        keys = ", ".join(key for key, _label in self.choices)
        raise InvalidInputError(f"'{text}' is not a category of {self.title.lower()}: use one of {keys}.")

    def label(self, value: str | None) -> str:
        """How an answer reads: its category's label, "Not asked" for none, an unknown key as stored."""
        if value is None:
            return NOT_ASKED
        return dict(self.choices).get(value, value)


AGE_BAND = Question("age_band", "Age band", tuple((band, band) for band in AGE_BANDS))


@dataclass(frozen=True)
class Equality:
    """The equality questions in force, by the client's field each fills."""

    questions: tuple[Question, ...]

    def question(self, field: str) -> Question:
        return AGE_BAND if field == AGE_BAND.field else next(q for q in self.questions if q.field == field)

    def clean(self, changes: dict[str, Any]) -> dict[str, Any]:
        """``changes`` with each equality answer in it checked against its categories."""
        return {name: self.question(name).clean(value) if name in FIELDS else value for name, value in changes.items()}


def parse_equality(text: str, where: str) -> Equality:
    """Read an equality file: a table per question (``[ethnicity]``) with a ``title`` and, under
    ``[ethnicity.categories]``, each category's stored key and label. Any mistake is one sentence."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInputError(f"The equality file {where} is not valid TOML ({exc}): fix it.") from None
    questions = []
    for field in QUESTIONS:
        table = data.get(field)
        categories = table.get("categories") if isinstance(table, dict) else None
        title = table.get("title") if isinstance(table, dict) else None
        if not isinstance(title, str) or not title.strip() or not isinstance(categories, dict) or not categories:
            raise InvalidInputError(
                f"The equality file {where} needs a [{field}] table with a title and its [{field}.categories]."
            )
        for key, label in categories.items():
            if not isinstance(label, str) or not label.strip() or len(key) > KEY_LIMIT or key == PREFER_NOT:
                raise InvalidInputError(
                    f"In the equality file {where}, the category '{key}' of [{field}] needs a label, and a key of at "
                    f"most {KEY_LIMIT} characters other than {PREFER_NOT}."
                )
        questions.append(
            Question(field, title.strip(), tuple((key, label.strip()) for key, label in categories.items()))
        )
    return Equality(tuple(questions))
