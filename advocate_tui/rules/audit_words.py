"""The audit trail in the application's words: what an entry (or a run of alike entries) says happened.

An entry names a table, a record id and the columns set or changed (see
:mod:`advocate_tui.storage.audit`); this module says the same in English, from one mapping of tables
to nouns and of columns to the labels the forms and the command line use (:mod:`advocate_tui.rules.fields`).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol, TypeVar

from advocate_tui.rules.claims import times
from advocate_tui.rules.fields import (
    CASE_FIELDS,
    CLIENT_FIELDS,
    CONTACT_FIELDS,
    CRIME_FIELDS,
    DECISION_FIELDS,
    HEARING_FIELDS,
    INCIDENT_FIELDS,
    ORDER_FIELDS,
    PERPETRATOR_FIELDS,
    PLAN_FIELDS,
    POLICE_UPDATE_FIELDS,
    STANDING_FIELDS,
    FieldSpec,
)

#: Alike entries (same person, case, action, record kind and fields) this close together are one visit.
VISIT = timedelta(minutes=30)


@dataclass(frozen=True)
class Noun:
    """A kind of record: with its article (``one``), and in the plural (``many``); None when there is only one."""

    one: str
    many: str | None = None


NOUNS: dict[str, Noun] = {
    "case_file": Noun("the case"),
    "client": Noun("the client's details"),
    "case_behaviour": Noun("a behaviour named at intake", "behaviours named at intake"),
    "perpetrator": Noun("a perpetrator", "perpetrators"),
    "vehicle_registration": Noun("a perpetrator's vehicle registration", "perpetrators' vehicle registrations"),
    "incident": Noun("an incident", "incidents"),
    "incident_behaviour": Noun("a behaviour on an incident", "behaviours on incidents"),
    "incident_revision": Noun("a correction of an incident", "corrections of incidents"),
    "note": Noun("a note", "notes"),
    "plan_item": Noun("a safety plan item", "safety plan items"),
    "court_event": Noun("a court date", "court dates"),
    "protective_order": Noun("a protective order", "protective orders"),
    "agency_contact": Noun("an agency contact", "agency contacts"),
    "document": Noun("a letter", "letters"),
    "document_release": Noun("a withheld detail shown in a letter", "withheld details shown in letters"),
    "risk_assessment": Noun("a risk checklist", "risk checklists"),
    "risk_answer": Noun("an item of the risk checklist", "items of the risk checklist"),
    "alert_acknowledgement": Noun("an escalation alert", "escalation alerts"),
    "case_statistic": Noun("the case's figures for reports"),
    "statistic_event": Noun("a figure for reports", "figures for reports"),
    "audit_entry": Noun("the audit trail"),
    "disclosure": Noun("a record of information shared", "records of information shared"),
    "do_not_disclose": Noun("a do-not-disclose entry", "do-not-disclose entries"),
    "kept_copy": Noun("a kept copy", "kept copies"),
    "crime_report": Noun("a crime reference", "crime references"),
    "police_update": Noun("a police update", "police updates"),
    "review_decision": Noun("a police or CPS decision", "police or CPS decisions"),
    "victims_code_standing": Noun("the Victims' Code judgement"),
    "right_explained": Noun("a Victims' Code right explained", "Victims' Code rights explained"),
    "referral": Noun("a referral", "referrals"),
    "referral_action": Noun("a referral action", "referral actions"),
    "consultation": Noun("a consultation", "consultations"),
    "evidence_file": Noun("an evidence file", "evidence files"),
    "evidence_chunk": Noun("part of an evidence file", "parts of evidence files"),
}

#: What the person did, by the trail's action.
VERBS = {
    "create": "Added",
    "update": "Changed",
    "delete": "Removed",
    "view": "Viewed",
    "generate": "Made",
    "export": "Exported",
    "erase": "Erased",
    "accept": "Accepted",
}

#: Where an action on a kind of record has its own verb.
OWN_VERBS = {
    ("create", "incident"): "Logged",
    ("create", "risk_answer"): "Answered",
    ("create", "alert_acknowledgement"): "Acknowledged",
    ("create", "right_explained"): "Recorded",
    ("erase", "case_file"): "Erased the client's data from",
}

#: The labels of a record's fields, as its form and the command line name them.
LABELS: dict[str, Mapping[str, FieldSpec]] = {
    "case_file": CASE_FIELDS,
    "client": CLIENT_FIELDS,
    "perpetrator": PERPETRATOR_FIELDS,
    "agency_contact": CONTACT_FIELDS,
    "protective_order": ORDER_FIELDS,
    "court_event": HEARING_FIELDS,
    "incident": INCIDENT_FIELDS,
    "plan_item": PLAN_FIELDS,
    "crime_report": CRIME_FIELDS,
    "police_update": POLICE_UPDATE_FIELDS,
    "review_decision": DECISION_FIELDS,
    "victims_code_standing": STANDING_FIELDS,
}

#: Fields no form names, in words (every other field is its column name in words).
FIELD_WORDS = {
    "marac_judgement_reason": "referral judgement reason",
    "marac_referral_date": "referral date to MARAC",
    "risk_basis": "basis of the risk level",
    "risk_set_by": "who set the risk level",
    "risk_set_on": "date the risk level was set",
    "domestic": "domestic abuse flag",
    "closed_on": "date closed",
    "closure_reason": "reason for closing",
    "completed_at": "date done",
}

#: Words of column names written as the service writes them.
ABBREVIATIONS = {"marac": "MARAC", "cps": "CPS", "oic": "officer in the case", "sha256": "SHA-256", "id": "number"}


def field_words(entity: str, field: str) -> str:
    """A column of ``entity`` as a form names it, else in words: 'marac_judgement_reason' → 'referral judgement
    reason'."""
    spec = LABELS.get(entity, {}).get(field)
    if spec is not None:
        return spec.label
    if field in FIELD_WORDS:
        return FIELD_WORDS[field]
    return " ".join(ABBREVIATIONS.get(word, word) for word in field.split("_"))


def listed(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def noun_of(entity: str) -> Noun:
    return NOUNS.get(entity) or Noun(f"a {entity.replace('_', ' ')} record", f"{entity.replace('_', ' ')} records")


def described(action: str, entity: str, fields: Sequence[str] = (), detail: str | None = None, count: int = 1) -> str:
    """What ``count`` alike entries say happened, as a sentence without a full stop: 'Viewed the case twice',
    'Answered 12 items of the risk checklist', 'Changed the referral judgement reason'."""
    noun = noun_of(entity)
    verb = OWN_VERBS.get((action, entity)) or VERBS.get(action) or action.capitalize()
    if action == "update" and fields:
        labels = listed([field_words(entity, f) for f in fields])
        whose = "" if entity in {"case_file", "client"} else f" of {noun.many if count > 1 else noun.one}"
        words = f"{verb} the {labels}{whose}"
        return words if count == 1 or noun.many else f"{words} {times(count)}"
    if count == 1:
        words = f"{verb} {noun.one}"
    elif noun.many:
        words = f"{verb} {count} {noun.many}"
    else:
        words = f"{verb} {noun.one} {times(count)}"
    return f"{words} ({detail})" if detail and action in {"export", "accept"} else words


class Entry(Protocol):
    """What grouping needs of an audit entry."""

    @property
    def actor(self) -> str: ...
    @property
    def action(self) -> str: ...
    @property
    def entity(self) -> str: ...
    @property
    def case_reference(self) -> str | None: ...
    @property
    def fields(self) -> str | None: ...
    @property
    def detail(self) -> str | None: ...
    @property
    def created_at(self) -> datetime: ...


E = TypeVar("E", bound=Entry)


def alike(entry: Entry) -> tuple[object, ...]:
    """What alike entries share: a new record's fields differ with what was filled in, so they are left out."""
    fields = entry.fields if entry.action == "update" else None
    return (entry.actor, entry.case_reference, entry.action, entry.entity, fields, entry.detail)


def visits(entries: Sequence[E]) -> list[list[E]]:
    """``entries`` (oldest first) in runs of alike entries, each no more than :data:`VISIT` after the one before."""
    runs: list[list[E]] = []
    for entry in entries:
        last = runs[-1][-1] if runs else None
        if last is not None and alike(last) == alike(entry) and entry.created_at - last.created_at <= VISIT:
            runs[-1].append(entry)
        else:
            runs.append([entry])
    return runs


def run_words(run: Sequence[Entry]) -> str:
    """What a run of alike entries (see :func:`visits`) says happened."""
    first = run[0]
    fields = [f.strip() for f in (first.fields or "").split(",") if f.strip()] if first.action == "update" else []
    return described(first.action, first.entity, fields, first.detail, len(run))
