"""The claims a letter makes about a case, each worked out once from the record.

A template only chooses its wording from these facts. Each comes from the function the rest of the
program shows it with: the risk basis, the route and its criteria from :meth:`Risk.risk_overview` (the case
header and ``advocate risk --show``), the urgency from the escalation alerts (the header and the
agenda), consent, pronouns and the home from :mod:`advocate_tui.rules.claims`.
"""

from dataclasses import dataclass
from datetime import date

from advocate_tui.rules.claims import ConsentAnswer, Pronouns, at_home, consent_answer, pronouns_of
from advocate_tui.rules.patterns import Alert
from advocate_tui.rules.risk import RiskBasis, RiskThresholds
from advocate_tui.rules.routes import Criterion, Route
from advocate_tui.services.alerts import Alerts
from advocate_tui.services.risk import Risk
from advocate_tui.storage.models import Case


@dataclass(frozen=True)
class CaseClaims:
    """What may be said of one case, as the record stands.

    ``route`` is the case's multi-agency route (the MARAC when a perpetrator is a partner, ex-partner or
    family member) with its ``criteria`` as the Risk tab shows them; ``at_home`` holds the ids of the incidents placed at the client's home; ``urgent`` the escalation alerts the log raises now; ``thresholds`` the configured lines the criteria use.
    """

    reference: str
    risk: RiskBasis
    route: Route
    criteria: tuple[Criterion, ...]
    referred_on: date | None
    referral_consent: ConsentAnswer
    police_consent: ConsentAnswer
    pronouns: Pronouns
    at_home: frozenset[int]
    urgent: tuple[Alert, ...]
    thresholds: RiskThresholds

    def criterion(self, key: str) -> Criterion:
        return next(c for c in self.criteria if c.key == key)


class Claims:
    """The facts letters state about a case."""

    def __init__(self, risk: Risk, alerts: Alerts) -> None:
        self.risk = risk
        self.alerts = alerts

    def of_case(self, case: Case) -> CaseClaims:
        """The claims for ``case`` (read with its client and incidents)."""
        client = case.client
        assert client is not None  # every case is opened with its client (Cases.create_case)
        overview = self.risk.risk_overview(case.reference)
        return CaseClaims(
            reference=case.reference,
            risk=overview.basis,
            route=overview.route,
            criteria=overview.criteria,
            referred_on=case.marac_referral_date,
            referral_consent=consent_answer(client.consent_refer, client.consent_refer_on),
            police_consent=consent_answer(client.consent_share_police, client.consent_share_police_on),
            pronouns=pronouns_of(client.pronouns, client.display_name),
            at_home=frozenset(i.id for i in case.incidents if i.id is not None and at_home(i.kinds)),
            urgent=tuple(self.alerts.raised(case.reference)),
            thresholds=self.risk.thresholds,
        )
