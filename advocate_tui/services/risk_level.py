"""How a case's risk level is set by hand: on professional judgement, always with its reason, by whom and when.

A risk checklist sets the level itself (:meth:`advocate_tui.services.risk.Risk.record_assessment`); every
other way of setting it (a new case, the case form, ``risk --level``) goes through :func:`judged_level`, so
no level is ever set without a basis.
"""

from typing import Any

from advocate_tui.rules import clock
from advocate_tui.rules.errors import InvalidInputError
from advocate_tui.rules.fields import optional_text, vocab
from advocate_tui.rules.risk import LevelSet
from advocate_tui.rules.vocab import RiskBasisKind, RiskLevel
from advocate_tui.storage.models import Case

#: The case's fields a judgement sets together: the level and its reason.
JUDGED = ("risk_level", "risk_reason")
#: How the reason is named to the person typing it.
REASON = "reason for the risk level"


def judged_level(level: Any | None, reason: Any | None, user: str) -> dict[str, Any]:
    """The case's columns for a level set (or, with ``level`` None, kept) on professional judgement for ``reason``."""
    chosen = None if level is None else vocab(RiskLevel)(level, "risk level")
    why = optional_text()(reason, REASON)
    if why is None:
        raise InvalidInputError(
            "A risk level set by hand needs the reason for your professional judgement: write why, "
            "or complete a risk checklist, which sets the level itself.",
            topic="risk-reason",
        )
    values = {
        "risk_basis": RiskBasisKind.JUDGEMENT.value,
        "risk_reason": why,
        "risk_set_by": user,
        "risk_set_on": clock.today(),
    }
    return values if chosen is None else {"risk_level": chosen, **values}


def level_set_of(case: Case) -> LevelSet:
    """How ``case``'s level was last set, as it keeps it."""
    return LevelSet(RiskBasisKind(case.risk_basis), case.risk_reason, case.risk_set_by, case.risk_set_on)
