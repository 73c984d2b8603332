"""The fixed vocabularies of casework: each is a StrEnum whose values are stored in the database.

Values are short, lowercase and hyphenated so they are easy to type on the command line;
``label()`` gives the wording shown to people.
"""

from enum import StrEnum
from functools import cached_property
from typing import Self

_HYPHENATED = ("non-molestation", "ex-partner")
_ACRONYMS = {"spo": "SPO", "gp": "GP", "dapo": "DAPO", "dapn": "DAPN", "gps": "GPS", "cps": "CPS"}


class Vocabulary(StrEnum):
    """A StrEnum with a human label and a forgiving lookup."""

    @cached_property
    def label(self) -> str:
        """Made once a member: tables of thousands of incidents and notes print labels in every row."""
        words = self.value.split("-")
        text = " ".join(_ACRONYMS.get(w, w) for w in words)
        for joined in _HYPHENATED:
            text = text.replace(joined.replace("-", " "), joined)
        return text[0].upper() + text[1:]

    @classmethod
    def parse(cls, text: str, what: str) -> Self:
        """Return the member named by ``text`` (any case, spaces or hyphens) or raise ValueError."""
        key = text.strip().lower().replace(" ", "-").replace("_", "-")
        for member in cls:
            if member.value == key:
                return member
        choices = ", ".join(m.value for m in cls)
        raise ValueError(f"'{text}' is not a known {what}: use one of {choices}.")

    @classmethod
    def values(cls) -> list[str]:
        return [m.value for m in cls]


class CaseStatus(Vocabulary):
    REFERRED = "referred"
    CONTACTED = "contacted"
    ASSESSMENT = "assessment"
    ONGOING = "ongoing-support"
    CLOSED = "closed"
    DECLINED = "declined-support"
    DROPPED_OUT = "dropped-out"


#: Statuses of a case that is no longer being worked.
ENDED_STATUSES = frozenset({CaseStatus.CLOSED, CaseStatus.DECLINED, CaseStatus.DROPPED_OUT})


class ReferralSource(Vocabulary):
    POLICE = "police"
    SELF = "self"
    VICTIM_SUPPORT = "victim-support"
    OTHER_AGENCY = "other-agency"
    OTHER = "other"


class RiskLevel(Vocabulary):
    STANDARD = "standard"
    MEDIUM = "medium"
    HIGH = "high"


class RiskBasisKind(Vocabulary):
    """What a case's risk level rests on: the latest risk checklist, the advocate's professional judgement
    (with its reason, who and when), nothing yet (a new case), or a level set by hand before the basis was
    recorded (cases from before the basis was kept)."""

    CHECKLIST = "checklist"
    JUDGEMENT = "judgement"
    NOT_ASSESSED = "not-assessed"
    UNRECORDED = "unrecorded"

    @property
    def label(self) -> str:
        return _BASIS_LABELS[self.value]

    @property
    def short(self) -> str:
        """A word or two for beside the level, e.g. in the case header: 'by checklist', 'no basis recorded'."""
        return _BASIS_SHORT[self.value]


_BASIS_SHORT = {
    "checklist": "by checklist",
    "judgement": "by judgement",
    "not-assessed": "not assessed",
    "unrecorded": "no basis recorded",
}
_BASIS_LABELS = {
    "checklist": "Risk checklist",
    "judgement": "Professional judgement",
    "not-assessed": "Not assessed yet",
    "unrecorded": "Set by hand, no basis recorded",
}


class ClosureReason(Vocabulary):
    SUPPORT_COMPLETE = "support-complete"
    DECLINED = "declined-support"
    NO_CONTACT = "unable-to-contact"
    MOVED_AWAY = "moved-away"
    TRANSFERRED = "transferred"
    DROPPED_OUT = "dropped-out"
    OTHER = "other"


#: The status a case takes when closed for each reason.
CLOSURE_STATUS = {
    ClosureReason.DECLINED: CaseStatus.DECLINED,
    ClosureReason.DROPPED_OUT: CaseStatus.DROPPED_OUT,
}


class Relationship(Vocabulary):
    CURRENT_PARTNER = "current-partner"
    EX_PARTNER = "ex-partner"
    FAMILY = "family-member"
    ACQUAINTANCE = "friend-acquaintance"
    COLLEAGUE = "colleague"
    NEIGHBOUR = "neighbour"
    STRANGER = "stranger"
    ONLINE_ONLY = "online-only"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        """The relationship as a table or form shows it: 'Friend or acquaintance', not 'Friend acquaintance'."""
        return "Friend or acquaintance" if self is Relationship.ACQUAINTANCE else super().label


#: Relationships that make a case "domestic" for reporting.
DOMESTIC_RELATIONSHIPS = frozenset({Relationship.CURRENT_PARTNER, Relationship.EX_PARTNER, Relationship.FAMILY})


class Behaviour(Vocabulary):
    FOLLOWING = "following"
    LOITERING = "loitering"
    TURNING_UP_HOME = "turning-up-home"
    TURNING_UP_WORK = "turning-up-work"
    WATCHING = "watching"
    TRACKING_GPS = "tracking-gps"
    CALLS = "calls"
    MESSAGES = "messages"
    LETTERS_GIFTS = "letters-gifts"
    SOCIAL_MEDIA = "social-media"
    HACKING = "hacking"
    THIRD_PARTY = "third-party-contact"
    PROPERTY_DAMAGE = "property-damage"
    THREATS = "threats"
    VIOLENCE = "violence"
    ORDER_BREACH = "order-breach"
    OTHER = "other"

    @property
    def label(self) -> str:
        """The behaviour as a table or form shows it: 'Letters or gifts', 'Tracking by GPS'."""
        return _BEHAVIOUR_LABELS.get(self.value) or super().label

    @property
    def words(self) -> str:
        """The behaviour as it reads in a sentence of a letter: 'letters or gifts', 'tracking by GPS'."""
        return _BEHAVIOUR_WORDS[self.value]


#: Labels the words of a value do not make by themselves ("Letters gifts" would not read as English).
_BEHAVIOUR_LABELS = {
    "turning-up-home": "Turning up at home",
    "turning-up-work": "Turning up at work",
    "tracking-gps": "Tracking by GPS",
    "letters-gifts": "Letters or gifts",
    "third-party-contact": "Contact through others",
    "order-breach": "Breach of an order",
}


_BEHAVIOUR_WORDS = {
    "following": "following",
    "loitering": "loitering",
    "turning-up-home": "turning up at the home",
    "turning-up-work": "turning up at work or place of study",
    "watching": "watching",
    "tracking-gps": "tracking by GPS",
    "calls": "phone calls",
    "messages": "messages",
    "letters-gifts": "letters or gifts",
    "social-media": "contact through social media",
    "hacking": "getting into accounts or devices",
    "third-party-contact": "contact through other people",
    "property-damage": "damage to property",
    "threats": "threats",
    "violence": "violence",
    "order-breach": "breaching an order or bail conditions",
    "other": "other behaviour",
}


class NoteKind(Vocabulary):
    CALL = "call"
    VISIT = "visit"
    TEXT = "text"
    EMAIL = "email"
    MEETING = "meeting"
    OTHER = "other"


class PlanCategory(Vocabulary):
    HOME_SECURITY = "home-security"
    HOUSING = "housing"
    COUNSELLING = "counselling"
    LEGAL_ORDERS = "legal-orders"
    REPORTING = "reporting-evidence"
    DIGITAL = "digital-safety"
    PERSONAL = "personal-safety"
    CHILDREN = "children-family"
    WORK = "work-education"

    @property
    def label(self) -> str:
        """The category as a heading reads: 'Children and family', not 'Children family'."""
        return _PLAN_CATEGORY_LABELS.get(self.value) or super().label


#: Labels the words of a value do not make by themselves.
_PLAN_CATEGORY_LABELS = {
    "reporting-evidence": "Reporting and evidence",
    "children-family": "Children and family",
    "work-education": "Work and education",
}


class PlanStatus(Vocabulary):
    TODO = "to-do"
    IN_PROGRESS = "in-progress"
    DONE = "done"
    NOT_APPLICABLE = "not-applicable"
    DECLINED = "declined"


#: The order ``space`` walks a plan item's status through.
PLAN_STATUS_CYCLE = [
    PlanStatus.TODO,
    PlanStatus.IN_PROGRESS,
    PlanStatus.DONE,
    PlanStatus.NOT_APPLICABLE,
    PlanStatus.DECLINED,
]

#: Plan statuses that count as settled in "done/total" progress figures.
PLAN_SETTLED = frozenset({PlanStatus.DONE})
#: Plan statuses left out of the total (the item does not apply).
PLAN_EXCLUDED = frozenset({PlanStatus.NOT_APPLICABLE, PlanStatus.DECLINED})


class HearingKind(Vocabulary):
    SPO = "spo-hearing"
    INTERIM_SPO = "interim-spo-hearing"
    NON_MOLESTATION = "non-molestation-hearing"
    RETURN_DATE = "return-date"
    PLEA = "plea"
    TRIAL = "trial"
    SENTENCING = "sentencing"
    FAMILY_COURT = "family-court"
    BAIL = "bail-hearing"
    OTHER = "other"


class OrderKind(Vocabulary):
    SPO = "spo"
    INTERIM_SPO = "interim-spo"
    RO_CONVICTION = "restraining-order-conviction"
    RO_ACQUITTAL = "restraining-order-acquittal"
    NON_MOLESTATION = "non-molestation"
    OCCUPATION = "occupation"
    DAPO = "dapo"
    DAPN = "dapn"
    BAIL = "bail-conditions"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _ORDER_LABELS.get(self.value, super().label)


_ORDER_LABELS = {
    "restraining-order-conviction": "Restraining order (conviction)",
    "restraining-order-acquittal": "Restraining order (acquittal)",
    "non-molestation": "Non-molestation order",
    "occupation": "Occupation order",
}


class OrderStatus(Vocabulary):
    CONSIDERED = "being-considered"
    REQUESTED = "requested"
    APPLIED = "applied"
    GRANTED = "granted"
    REFUSED = "refused"
    VARIED = "varied"
    DISCHARGED = "discharged"
    EXPIRED = "expired"


#: Order statuses under which the order protects the client.
ORDER_IN_FORCE = frozenset({OrderStatus.GRANTED, OrderStatus.VARIED})


class AgencyKind(Vocabulary):
    POLICE = "police"
    COORDINATOR = "coordinator"  # the police force's stalking coordinator
    HOUSING = "housing"
    SOLICITOR = "solicitor"
    GP = "gp"
    SCHOOL = "school"
    COUNSELLING = "counselling"
    OTHER = "other"

    @property
    def label(self) -> str:
        return "Police stalking coordinator" if self is AgencyKind.COORDINATOR else super().label


class Audience(Vocabulary):
    """Who a letter or draft is for; every audience but the client gets "[address withheld]"."""

    CLIENT = "client"
    POLICE = "police"
    CPS = "cps"
    COURT = "court"
    HOUSING = "housing"
    OTHER_AGENCY = "other-agency"


class HearingResult(Vocabulary):
    """What came of a hearing, for the funder's criminal-justice and court figures."""

    ADJOURNED = "adjourned"
    ORDER_MADE = "order-made"
    ORDER_REFUSED = "order-refused"
    GUILTY_PLEA = "guilty-plea"
    NOT_GUILTY_PLEA = "not-guilty-plea"
    CONVICTED = "convicted"
    ACQUITTED = "acquitted"
    SENTENCED = "sentenced"
    DISCONTINUED = "discontinued"
    OTHER = "other"


class Answer(Vocabulary):
    """An answer to one risk-checklist item; ``y``, ``n`` and ``d`` are accepted when typed."""

    YES = "yes"
    NO = "no"
    DONT_KNOW = "dont-know"

    @property
    def label(self) -> str:
        return {"yes": "Yes", "no": "No", "dont-know": "Don't know"}[self.value]

    @classmethod
    def parse(cls, text: str, what: str) -> Self:
        key = text.strip().lower().replace("'", "")
        short = {"y": "yes", "n": "no", "d": "dont-know", "dk": "dont-know", "dont know": "dont-know"}
        try:
            return super().parse(short.get(key, key), what)
        except ValueError:
            raise ValueError(f"'{text}' is not an answer to {what}: type y (yes), n (no) or d (don't know).") from None


class LawfulBasis(Vocabulary):
    """The UK GDPR Article 6 basis on which a client's data was shared outside the service."""

    CONSENT = "consent"
    CONTRACT = "contract"
    LEGAL_OBLIGATION = "legal-obligation"
    VITAL_INTERESTS = "vital-interests"
    PUBLIC_TASK = "public-task"
    LEGITIMATE_INTERESTS = "legitimate-interests"


class SharingCondition(Vocabulary):
    """The condition that allows sharing special-category (Article 9) or criminal-offence (Article 10) data:
    explicit consent, or a DPA 2018 Schedule 1 condition (in our own words). None recorded: no such data shared."""

    EXPLICIT_CONSENT = "explicit-consent"
    SAFEGUARDING = "safeguarding"
    UNLAWFUL_ACTS = "preventing-unlawful-acts"
    LEGAL_CLAIMS = "legal-claims"
    COUNSELLING = "counselling"

    @property
    def label(self) -> str:
        return _CONDITION_LABELS[self.value]


_CONDITION_LABELS = {
    "explicit-consent": "Explicit consent of the client",
    "safeguarding": "Safeguarding of children and of individuals at risk",
    "preventing-unlawful-acts": "Preventing or detecting unlawful acts",
    "legal-claims": "Legal claims and judicial acts",
    "counselling": "Counselling, advice or support",
}


# -- the criminal-justice journey and the Victims' Code (see advocate_tui.rules.justice) ---------------------------


class ReportedHow(Vocabulary):
    """How a crime was reported to the police."""

    PHONE_999 = "999"
    PHONE_101 = "101"
    ONLINE = "online"
    IN_PERSON = "in-person"
    THROUGH_ADVOCATE = "through-advocate"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {"999": "999 call", "101": "101 call"}.get(self.value, super().label)


class InvestigationStatus(Vocabulary):
    """Where the police investigation of a crime reference stands."""

    REPORTED = "reported"
    INVESTIGATING = "under-investigation"
    NO_FURTHER_ACTION = "no-further-action"
    RELEASED = "released-under-investigation"
    BAIL = "bail-with-conditions"
    CHARGED = "charged"


class Offence(Vocabulary):
    """What a suspect is charged with."""

    HARASSMENT = "harassment-s2"
    STALKING = "stalking-s2a"
    FEAR_OF_VIOLENCE = "fear-of-violence-s4"
    STALKING_FEAR = "stalking-fear-s4a"
    MALICIOUS_COMMUNICATIONS = "malicious-communications"
    ORDER_BREACH = "breach-of-order"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _OFFENCE_LABELS[self.value]


_OFFENCE_LABELS = {
    "harassment-s2": "Harassment (PHA 1997 s2)",
    "stalking-s2a": "Stalking (PHA 1997 s2A)",
    "fear-of-violence-s4": "Putting people in fear of violence (PHA 1997 s4)",
    "stalking-fear-s4a": "Stalking with fear of violence or serious alarm or distress (PHA 1997 s4A)",
    "malicious-communications": "Malicious communications",
    "breach-of-order": "Breach of an order",
    "other": "Other offence",
}


class CpsDecision(Vocabulary):
    """What the Crown Prosecution Service decided."""

    AWAITING = "awaiting-decision"
    CHARGE = "charge-authorised"
    NO_PROSECUTION = "no-prosecution"
    FURTHER_EVIDENCE = "further-evidence-needed"
    DISCONTINUED = "discontinued"


class CourtOutcome(Vocabulary):
    """How the prosecution ended in court."""

    GUILTY_PLEA = "guilty-plea"
    CONVICTED = "convicted-after-trial"
    ACQUITTED = "acquitted"
    DISMISSED = "dismissed"
    DISCONTINUED = "discontinued"


class ReviewBody(Vocabulary):
    """Who made a decision the victim may ask to have reviewed."""

    POLICE = "police"
    CPS = "cps"


class DecisionKind(Vocabulary):
    """A decision that ends or narrows a case against a suspect (see :func:`advocate_tui.rules.justice.review_scheme`)."""

    NOT_CHARGED = "not-to-charge"
    WITHDRAWN_COMPLAINT = "complaint-withdrawn"
    OUT_OF_COURT = "out-of-court-disposal"
    NOT_PROSECUTED = "not-to-prosecute"
    PROSECUTION_STOPPED = "prosecution-stopped"
    OTHER = "other"


class VictimRight(Vocabulary):
    """The rights of the Victims' Code, in our own words, for the checklist of rights explained to the client."""

    UNDERSTOOD = "to-understand-and-be-understood"
    CRIME_RECORDED = "crime-recorded"
    INFORMATION_AT_REPORT = "information-when-reporting"
    SUPPORT_REFERRAL = "referral-to-support"
    COMPENSATION = "information-on-compensation"
    INVESTIGATION_NEWS = "told-about-investigation"
    PERSONAL_STATEMENT = "victim-personal-statement"
    TRIAL_NEWS = "told-about-trial"
    OUTCOME_NEWS = "told-about-outcome"
    EXPENSES = "expenses-and-property"
    OFFENDER_NEWS = "told-about-offender"
    COMPLAINT = "to-complain"

    @property
    def label(self) -> str:
        return _RIGHT_LABELS[self.value]


_RIGHT_LABELS = {
    "to-understand-and-be-understood": "To understand and to be understood (interpreter if needed)",
    "crime-recorded": "To have the crime recorded without delay",
    "information-when-reporting": "To be given information when reporting the crime",
    "referral-to-support": "To be referred to support services",
    "information-on-compensation": "To be told about compensation",
    "told-about-investigation": "To be told about the investigation and prosecution (and the right to ask for a review)",
    "victim-personal-statement": "To make a Victim Personal Statement",
    "told-about-trial": "To be told about the trial and their part as a witness",
    "told-about-outcome": "To be told the outcome and about any appeal",
    "expenses-and-property": "To have expenses paid and property returned",
    "told-about-offender": "To be told about the offender after a conviction",
    "to-complain": "To complain if these rights are not met",
}


class EvidenceProducer(Vocabulary):
    """Who produces an evidence file to the police: their initials begin its exhibit reference."""

    ADVOCATE = "advocate"
    CLIENT = "client"


class AgendaKind(Vocabulary):
    """What an agenda row is about, in the order the agenda shows a day's rows; the advocate hides kinds by these
    values (``[agenda] hide`` in config.toml)."""

    ALERTS = "alerts"
    HEARINGS = "hearings"
    ORDERS = "orders"
    REVIEWS = "reviews"
    RISK_REVIEWS = "risk-reviews"
    REFERRALS = "referrals"
    FOLLOW_UPS = "follow-ups"
    QUIET_CASES = "quiet-cases"
    PLAN_ITEMS = "plan-items"

    @property
    def label(self) -> str:  # worded, not derived from the value
        return _AGENDA_KIND_LABELS[self]


_AGENDA_KIND_LABELS = {
    AgendaKind.ALERTS: "Escalation alerts",
    AgendaKind.HEARINGS: "Court dates",
    AgendaKind.ORDERS: "Orders expiring",
    AgendaKind.REVIEWS: "Reviews of police or CPS decisions",
    AgendaKind.RISK_REVIEWS: "Risk reviews",
    AgendaKind.REFERRALS: "Referral meetings and actions",
    AgendaKind.FOLLOW_UPS: "Consultation follow-ups",
    AgendaKind.QUIET_CASES: "Cases with no contact",
    AgendaKind.PLAN_ITEMS: "Safety-plan items",
}
