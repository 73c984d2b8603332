"""The information-sharing record of each case, and its do-not-disclose list.

Every disclosure of the client's data outside the service is recorded on the case: to whom, what,
why, the Article 6 lawful basis and the condition for special-category and criminal-offence data, by
whom and when. A disclosure whose basis is not settled (made without recorded consent, or migrated from
the older single "basis") is flagged for review until someone confirms or changes its basis. Saving a document for anyone but the client records one by
itself; others (a MARAC referral by secure email…) are added by hand. Before a document is made,
the people it would go to (its audience, the case's agency contacts of that kind, the officer for a
police document) are checked against the case's do-not-disclose list, and the document is refused
if one of them is on it.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from advocate_tui.rules import clock
from advocate_tui.rules.errors import InvalidInputError, NotFoundError
from advocate_tui.rules.fields import vocab
from advocate_tui.rules.saved import saved_id
from advocate_tui.rules.vocab import AgencyKind, Audience, LawfulBasis, SharingCondition
from advocate_tui.services.context import ServiceContext
from advocate_tui.services.lookup import find_case
from advocate_tui.storage.models import AgencyContact, Case, Client, Disclosure, Document, DoNotDisclose

#: The agency contacts a document for each audience is addressed to.
AUDIENCE_CONTACTS: dict[Audience, frozenset[AgencyKind]] = {
    Audience.CLIENT: frozenset(),
    Audience.POLICE: frozenset({AgencyKind.POLICE, AgencyKind.COORDINATOR}),
    Audience.CPS: frozenset(),
    Audience.COURT: frozenset(),
    Audience.HOUSING: frozenset({AgencyKind.HOUSING}),
    Audience.OTHER_AGENCY: frozenset(
        {AgencyKind.SOLICITOR, AgencyKind.GP, AgencyKind.SCHOOL, AgencyKind.COUNSELLING, AgencyKind.OTHER}
    ),
}
NAME_LIMIT = 256


@dataclass(frozen=True)
class SharingRecord:
    reference: str
    disclosures: tuple[Disclosure, ...]
    withheld: tuple[DoNotDisclose, ...]


def recipients(case: Case, contacts: Iterable[AgencyContact], audience: Audience) -> list[str]:
    """Who a document for ``audience`` goes to, by name."""
    names = [audience.label]
    for contact in contacts:
        if AgencyKind(contact.kind) in AUDIENCE_CONTACTS[audience]:
            names += [name for name in (contact.person, contact.organisation) if name]
    if audience is Audience.POLICE and case.oic_name:
        names.append(case.oic_name)
    return names


def _normal(text: str) -> str:
    return " ".join(text.casefold().split())


def blocked(withheld: Iterable[DoNotDisclose], names: Sequence[str]) -> tuple[DoNotDisclose, str] | None:
    """The first do-not-disclose entry found in ``names`` (its text within a name), with that name."""
    for entry in withheld:
        for name in names:
            if _normal(entry.name) in _normal(name):
                return entry, name
    return None


def _withheld(session: Session, case_id: int) -> list[DoNotDisclose]:
    return list(
        session.exec(select(DoNotDisclose).where(DoNotDisclose.case_id == case_id).order_by(col(DoNotDisclose.name)))
    )


#: How a release reads in the sharing record, by its item.
RELEASED = {"phone": "The safe phone number was included", "email": "The safe email address was included"}


def withheld_or_shown(
    client: Client | None, document: Document, releases: Sequence[tuple[str, str | None, str]]
) -> str:
    """What of the client's confidential details the document held, and why, for the sharing record."""
    said = []
    if client is not None and client.address and client.address_confidential:
        said.append(
            f"The confidential address was included, because: {document.address_override_reason}."
            if document.address_override
            else "The confidential address was left out."
        )
    for item, passage, reason in releases:
        what = RELEASED.get(item) or f'A withheld passage was shown ("{passage}")'
        said.append(f"{what}, because: {reason}.")
    return " ".join(said)


def log_document(
    session: Session,
    case: Case,
    document: Document,
    user: str,
    releases: Sequence[tuple[str, str | None, str]] = (),
) -> Disclosure | None:
    """Record the sharing that a saved document for someone other than the client is (in its transaction),
    saying whether the confidential address was in it and what else was shown, with the reasons."""
    audience = Audience(document.audience)
    if audience is Audience.CLIENT:
        return None
    client = session.exec(select(Client).where(Client.case_id == case.id)).first()
    why = " ".join(
        filter(
            None,
            (f"Document made from the {document.template} template.", withheld_or_shown(client, document, releases)),
        )
    )
    what = f"{document.title} ({document.format})"
    return log_sharing(session, case, audience, what, why, user, shared_at=document.created_at, document=document)


def log_sharing(
    session: Session,
    case: Case,
    audience: Audience,
    what: str,
    why: str,
    user: str,
    *,
    shared_at: datetime | None = None,
    document: Document | None = None,
) -> Disclosure:
    """Record (in its transaction) a sharing with ``audience`` that the program made: to the people it goes
    to, on the client's consent where it is recorded, else flagged for the lawful basis to be checked."""
    contacts = session.exec(select(AgencyContact).where(AgencyContact.case_id == case.id)).all()
    client = session.exec(select(Client).where(Client.case_id == case.id)).first()
    consented = client is not None and (
        client.consent_share_police if audience is Audience.POLICE else client.consent_refer
    )
    disclosure = Disclosure(
        case_id=saved_id(case),
        shared_at=shared_at or clock.utcnow(),
        recipient=", ".join(recipients(case, contacts, audience))[:NAME_LIMIT],
        what=what,
        shared_by=user,
        document_id=document.id if document is not None else None,
        basis=LawfulBasis.CONSENT.value if consented else None,
        condition=SharingCondition.EXPLICIT_CONSENT.value if consented else None,
        basis_to_review=not consented,
        why=why if consented else f"{why} No consent to share is recorded: record the lawful basis.",
    )
    session.add(disclosure)
    return disclosure


def basis_text(disclosure: Disclosure) -> str:
    """A disclosure's Article 6 basis and condition as people read them, e.g. "Legitimate interests;
    safeguarding of children and of individuals at risk (to review)"."""
    basis = LawfulBasis(disclosure.basis).label if disclosure.basis else "Article 6 basis not recorded"
    condition = SharingCondition(disclosure.condition).label.lower() if disclosure.condition else "no condition"
    return f"{basis}; {condition}{' (to review)' if disclosure.basis_to_review else ''}"


def log_another_format(session: Session, first: Document, document: Document) -> None:
    """The same document saved in another format: its disclosure (if any) names both formats, and
    no second one is recorded."""
    disclosure = session.exec(select(Disclosure).where(Disclosure.document_id == first.id)).first()
    if disclosure is not None:
        disclosure.what = f"{disclosure.what.removesuffix(')')}, {document.format})"
        session.add(disclosure)


def _text(value: str | None, label: str, limit: int | None = None) -> str:
    text = " ".join((value or "").split())
    if not text:
        raise InvalidInputError(f"The {label} is empty: say it.")
    if limit is not None and len(text) > limit:
        raise InvalidInputError(f"The {label} is too long ({len(text)} characters; at most {limit}).")
    return text


def _bases(basis: str, condition: str | None) -> dict[str, Any]:
    """The Article 6 basis and the condition (None or "none": no special-category or offence data), settled."""
    chosen = None if condition is None or condition.strip().lower() in ("", "none") else condition
    return {
        "basis": vocab(LawfulBasis)(basis, "Article 6 lawful basis"),
        "condition": None if chosen is None else vocab(SharingCondition)(chosen, "condition for sensitive data"),
        "basis_to_review": False,
    }


def _shared_at(when: date | datetime | None) -> datetime:
    if when is None:
        return clock.utcnow()
    if isinstance(when, datetime):
        moment = clock.local(when)
    else:
        moment = clock.local(datetime.combine(when, datetime.min.time()).replace(hour=12))
    if moment > clock.now():
        raise InvalidInputError("A disclosure cannot be in the future: give the day it was made.")
    return moment


class Sharing:
    """The information-sharing record and do-not-disclose list of each case."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def check_document(self, case: Case, audience: Audience) -> None:
        """Refuse a document for ``audience`` if someone it goes to is on the case's do-not-disclose list."""
        if audience is Audience.CLIENT:
            return
        with self.ctx.reading() as session:
            found = blocked(_withheld(session, saved_id(case)), recipients(case, case.contacts, audience))
        if found is not None:
            entry, name = found
            why = f" ({entry.reason})" if entry.reason else ""
            raise InvalidInputError(
                f"{case.reference} must not be disclosed to {entry.name}{why}, and a document for {audience.label.lower()} "
                f"would go to {name}: it was not made. Check the agency contacts, or choose another template."
            )

    def add_disclosure(
        self,
        reference: str,
        *,
        recipient: str,
        what: str,
        why: str,
        basis: str,
        condition: str | None = None,
        when: date | datetime | None = None,
    ) -> Disclosure:
        """Record by hand a sharing of the client's data (e.g. "MARAC, by secure email")."""
        values: dict[str, Any] = {
            "recipient": _text(recipient, "recipient", NAME_LIMIT),
            "what": _text(what, "description of what was shared"),
            "why": _text(why, "reason for sharing"),
            **_bases(basis, condition),
            "shared_at": _shared_at(when),
        }
        with self.ctx.writing() as session:
            case = find_case(session, reference)
            disclosure = Disclosure(case_id=saved_id(case), shared_by=self.ctx.user, **values)
            session.add(disclosure)
        return disclosure

    def confirm_basis(self, reference: str, disclosure_id: int, basis: str, condition: str | None) -> Disclosure:
        """Confirm or change a disclosure's Article 6 basis and condition, which takes it off review."""
        values = _bases(basis, condition)
        with self.ctx.writing() as session:
            case = find_case(session, reference)
            disclosure = session.get(Disclosure, disclosure_id)
            if disclosure is None or disclosure.case_id != case.id:
                raise NotFoundError(f"{case.reference} has no disclosure {disclosure_id}: check its number.")
            for name, value in values.items():
                setattr(disclosure, name, value)
            disclosure.updated_at = clock.utcnow()
            session.add(disclosure)
        return disclosure

    def withhold(self, reference: str, name: str, reason: str | None = None) -> DoNotDisclose:
        """Put a person or organisation on the case's do-not-disclose list."""
        cleaned = _text(name, "name of the person or organisation", NAME_LIMIT)
        with self.ctx.writing() as session:
            case = find_case(session, reference)
            if any(_normal(entry.name) == _normal(cleaned) for entry in _withheld(session, saved_id(case))):
                raise InvalidInputError(f"{cleaned} is already on the do-not-disclose list of {case.reference}.")
            entry = DoNotDisclose(
                case_id=saved_id(case),
                name=cleaned,
                reason=" ".join((reason or "").split()) or None,
                added_by=self.ctx.user,
            )
            session.add(entry)
        return entry

    def allow(self, reference: str, name: str) -> DoNotDisclose:
        """Take a name off the case's do-not-disclose list."""
        with self.ctx.writing() as session:
            case = find_case(session, reference)
            entry = next((e for e in _withheld(session, saved_id(case)) if _normal(e.name) == _normal(name)), None)
            if entry is None:
                raise NotFoundError(f"{name.strip()} is not on the do-not-disclose list of {case.reference}.")
            session.delete(entry)
        return entry

    def sharing_record(self, reference: str) -> SharingRecord:
        with self.ctx.reading() as session:
            case = find_case(session, reference)
            disclosures = session.exec(
                select(Disclosure)
                .where(Disclosure.case_id == case.id)
                .order_by(col(Disclosure.shared_at), col(Disclosure.id))
            ).all()
            return SharingRecord(case.reference, tuple(disclosures), tuple(_withheld(session, saved_id(case))))
