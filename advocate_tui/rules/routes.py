"""Multi-agency routes: where a high-risk case is referred, and the criteria each route computes.

A domestic case (a partner, ex-partner or family member) goes to the MARAC; a non-domestic one to
the service's stalking-specific route (a multi-agency stalking panel, clinic or intervention
programme: local names vary). Each route's name, referral text and thresholds come from the config
file (``[routes.marac]`` and ``[routes.panel]``); the defaults below follow SafeLives' framing.

Nothing here touches the database: :class:`advocate_tui.services.risk.Risk` gathers the facts.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from advocate_tui.rules import clock
from advocate_tui.rules.dates import uk_date
from advocate_tui.rules.errors import InvalidInputError
from advocate_tui.rules.risk import Assessment, IncidentFacts, months_before

MARAC = "marac"
PANEL = "panel"
ROUTE_KEYS = (MARAC, PANEL)


@dataclass(frozen=True)
class Route:
    """One multi-agency route and the thresholds of its criteria."""

    key: str
    name: str
    referral_text: str
    domestic: bool
    score_from: int | None = None  # checklist Yes answers for visible high risk; None: the high band
    incidents: int = 3  # potential escalation: this many incidents...
    months: int = 12  # ...within this many months
    police_only: bool = False  # count only incidents reported to the police
    repeat_months: int = 12  # a new incident this long after the last referral makes a repeat

    @property
    def template(self) -> str:
        """The name of the route's referral summary template."""
        return f"{self.key}-referral"

    @property
    def cases(self) -> str:
        return "domestic" if self.domestic else "non-domestic"


DEFAULT_MARAC = Route(
    MARAC,
    "MARAC",
    "A multi-agency risk assessment conference for high-risk domestic abuse: the agencies share what "
    "they know and agree actions to keep the client safe.",
    domestic=True,
)
DEFAULT_PANEL = Route(
    PANEL,
    "Multi-agency stalking panel",
    "A meeting of the police, probation, health and advocacy services that reviews high-risk stalking "
    "cases, shares what each agency knows and agrees actions to stop the stalking and keep the client safe.",
    domestic=False,
)


@dataclass(frozen=True)
class Routes:
    """The service's routes: the MARAC for domestic cases, the stalking panel for the others."""

    marac: Route = DEFAULT_MARAC
    panel: Route = DEFAULT_PANEL

    def for_case(self, domestic: bool) -> Route:
        return self.marac if domestic else self.panel

    def by_key(self, key: str) -> Route:
        return self.marac if key == MARAC else self.panel


def check_template(template_route: str | None, template_title: str, route: Route, routes: Routes) -> None:
    """A referral summary belongs to one route: the other route's cases are refused it, naming the right one."""
    if template_route is None or template_route == route.key:
        return
    other = routes.by_key(template_route)
    raise InvalidInputError(
        f"The {template_title} is for {other.cases} cases ({other.name}) and this case is {route.cases}: "
        f"use the {route.template} template for the {route.name} instead."
    )


#: Each route's four criteria, by key, as a referral records them (their labels are kept with it).
CRITERIA = {
    "visible-high-risk": "Visible high risk",
    "potential-escalation": "Potential escalation",
    "professional-judgement": "Professional judgement",
    "repeat-referral": "Repeat referral",
}


@dataclass(frozen=True)
class Criterion:
    """One referral criterion of a route and whether the case meets it today, with its evidence."""

    key: str
    label: str
    met: bool
    detail: str
    count: int | None = None  # the number it rests on: Yes answers, incidents counted, incidents since referral


def months_after(day: date, months: int) -> date:
    """The same day ``months`` calendar months later (the month's last day when it is shorter)."""
    return months_before(day, -months)


def is_repeat(referred_on: date | None, incident_days: Iterable[date], repeat_months: int) -> bool:
    """A repeat referral: a new incident after the last referral and within ``repeat_months`` of its date."""
    if referred_on is None:
        return False
    until = months_after(referred_on, repeat_months)
    return any(referred_on < day <= until for day in incident_days)


def criteria(
    route: Route,
    *,
    latest: Assessment | None,
    incidents: Iterable[IncidentFacts],
    judgement_reason: str | None,
    referred_on: date | None,
    today: date,
    high_from: int,
) -> list[Criterion]:
    """The route's four criteria: visible high risk, potential escalation, professional judgement, repeat referral."""
    score_from = route.score_from or high_from
    window = months_before(today, route.months)
    incidents = list(incidents)
    counted = [
        (i.police_reported_on or clock.local(i.occurred_at).date()) if route.police_only else _day(i)
        for i in incidents
        if i.reported_to_police or not route.police_only
    ]
    recent = sum(1 for day in counted if day > window)
    since = [_day(i) for i in incidents if referred_on is not None and _day(i) > referred_on]
    what = "reported to police" if route.police_only else "identified"
    visible = (
        "no risk checklist yet"
        if latest is None
        else f"{latest.score} Yes on {uk_date(latest.assessed_on)} (at least {score_from})"
    )
    if referred_on is None:
        repeat = "not referred before"
    else:
        repeat = (
            f"referred {uk_date(referred_on)}; {len(since)} incident{'s' * (len(since) != 1)} since "
            f"(a repeat if one is within {route.repeat_months} months)"
        )
    return [
        Criterion(
            "visible-high-risk",
            CRITERIA["visible-high-risk"],
            latest is not None and latest.score >= score_from,
            visible,
            None if latest is None else latest.score,
        ),
        Criterion(
            "potential-escalation",
            CRITERIA["potential-escalation"],
            recent >= route.incidents,
            f"{recent} incident{'s' * (recent != 1)} {what} in {route.months} months ({route.incidents} or more)",
            recent,
        ),
        Criterion(
            "professional-judgement",
            CRITERIA["professional-judgement"],
            judgement_reason is not None,
            judgement_reason or "not flagged",
        ),
        Criterion(
            "repeat-referral",
            CRITERIA["repeat-referral"],
            is_repeat(referred_on, since, route.repeat_months),
            repeat,
            len(since),
        ),
    ]


def _day(incident: IncidentFacts) -> date:
    return clock.local(incident.occurred_at).date()
