"""What a document for someone other than the client may say of the client's address and safe contacts.

The client's address, safe phone number and safe email address are each confidential by default
(a flag on the client). For a document whose audience is not the client, a confidential one is left
out of what the template is given at all (:meth:`Withholding.client_details`), so no template can
print, loop over or slice it; and every other text from the case that reaches the document
(incidents, court names, orders, the perpetrator's details, contacts, plan items…) is screened by
:mod:`advocate_tui.rules.address_screen`, each hit replaced by a marker and listed as a
:class:`WithheldPassage` for the advocate. Only a recorded override puts one back: a reason to include
the address, phone or email, or a passage released with a reason (a court named after the client's town).
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from advocate_tui.rules.address_screen import (
    ADDRESS_WITHHELD,
    Screen,
    address_parts,
    address_targets,
    email_target,
    phone_target,
)
from advocate_tui.rules.errors import InvalidInputError
from advocate_tui.rules.vocab import Audience
from advocate_tui.storage.models import Client

#: Records not taken from the case (the advocate and the service, from the config file): never screened.
NOT_FROM_THE_CASE = frozenset({"advocate", "organisation"})
#: The client's fields this module sets itself (withheld, or shown by an override).
OWN_FIELDS = frozenset({"address", "address_lines", "address_withheld", "phone", "email"})


def _reason(value: str | None, what: str) -> str | None:
    if value is None:
        return None
    reason = " ".join(value.split())
    if not reason:
        raise InvalidInputError(f"Including {what} needs a reason: say why it must be in this document.")
    return reason


@dataclass(frozen=True)
class Overrides:
    """What the advocate asked to show although it is withheld by default, each with the reason."""

    address: str | None = None
    phone: str | None = None
    email: str | None = None
    released: tuple[str, ...] = ()  # passages, as listed in the withheld passages
    release_reason: str | None = None

    @classmethod
    def asked(
        cls,
        *,
        address: str | None = None,
        phone: str | None = None,
        email: str | None = None,
        released: Sequence[str] = (),
        release_reason: str | None = None,
    ) -> "Overrides":
        """Checked overrides: each reason given must say something, and a release needs one."""
        passages = tuple(dict.fromkeys(" ".join(p.split()) for p in released if p.strip()))
        if passages and release_reason is None:
            raise InvalidInputError("Releasing a withheld passage needs a reason: say why it must be shown.")
        return cls(
            _reason(address, "a confidential address"),
            _reason(phone, "the client's safe phone number"),
            _reason(email, "the client's safe email address"),
            passages,
            _reason(release_reason, "a withheld passage") if passages else None,
        )


@dataclass(frozen=True)
class WithheldPassage:
    """A sentence of the record that lost something in a document: where it is, as written, and what."""

    where: str
    passage: str
    found: tuple[str, ...]

    def __str__(self) -> str:
        return f'{self.where}: "{self.passage}"'


def _day(value: Any) -> str:
    return f"{value.day} {value:%b %Y}"


#: How the advocate is told where a passage is, from the record's values.
_WHERE = {
    "incident": lambda v: f"incident of {v['when']}",
    "hearing": lambda v: f"court date of {_day(v['starts_at'])}",
    "order": lambda v: f"order ({v['kind'].lower()})",
    "plan_item": lambda v: f"safety plan ({v['category'].lower()})",
    "contact": lambda v: f"agency contact ({v['kind'].lower()})",
    "behaviour": lambda v: "behaviours",
}


@dataclass
class Withholding:
    """The withholding for one document: what is left out, and every passage screened."""

    client: Client
    audience: Audience
    overrides: Overrides = Overrides()
    passages: list[WithheldPassage] = field(default_factory=list)
    spared: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        c, o, confidential = self.client, self.overrides, self.confidential
        self.address_withheld = "address" in confidential and o.address is None
        self.phone_withheld = "phone" in confidential and o.phone is None
        self.email_withheld = "email" in confidential and o.email is None
        self.screen = Screen(
            (address_targets(c.address) if self.address_withheld else [])
            + (phone_target(c.phone) if self.phone_withheld else [])
            + (email_target(c.email) if self.email_withheld else [])
        )

    def address_lines(self) -> list[str]:
        """The address as the template is given it: its lines, or the marker alone when withheld."""
        return [ADDRESS_WITHHELD] if self.address_withheld else address_parts(self.client.address or "")

    def screened(self, kind: str, values: dict[str, Any]) -> dict[str, Any]:
        """A record's values with every text from the case screened (the passages noted)."""
        if not self.screen or kind in NOT_FROM_THE_CASE:
            return values
        where = _WHERE.get(kind, lambda v: kind.replace("_", " "))(values)
        return {
            name: value
            if kind == "client" and name in OWN_FIELDS
            else self._text(f"{where} ({name.replace('_', ' ')})", value)
            for name, value in values.items()
        }

    def _text(self, where: str, value: Any) -> Any:
        if isinstance(value, list):
            return [self._text(where, item) for item in value]
        if not isinstance(value, str):
            return value
        screened = self.screen.apply(value, self.overrides.released)
        self.spared.update(screened.spared)
        if screened.found:
            self.passages += [WithheldPassage(where, p, screened.found) for p in screened.passages]
        return screened.text

    def unused_releases(self) -> list[str]:
        """Passages asked to be released that held nothing withheld (mistyped, or no longer so)."""
        return [p for p in self.overrides.released if p not in self.spared]

    @property
    def confidential(self) -> tuple[str, ...]:
        """What is confidential for this document's audience ("address", "phone", "email"),
        withheld or included by an override."""
        c = self.client
        if self.audience is Audience.CLIENT:
            return ()
        flags = (
            ("address", c.address_confidential),
            ("phone", c.phone_confidential and bool(c.phone)),
            ("email", c.email_confidential and bool(c.email)),
        )
        return tuple(item for item, confidential in flags if confidential)

    @property
    def recorded(self) -> list[tuple[str, str | None, str]]:
        """The overrides that changed the document, as (item, passage, reason) to record with it."""
        o = self.overrides
        items: list[tuple[str, str | None, str]] = []
        if o.phone and "phone" in self.confidential:
            items.append(("phone", None, o.phone))
        if o.email and "email" in self.confidential:
            items.append(("email", None, o.email))
        if o.release_reason:
            items += [("passage", p, o.release_reason) for p in o.released if p in self.spared]
        return items

    @property
    def address_override_reason(self) -> str | None:
        """The reason to include the address, when it would otherwise have been withheld."""
        return self.overrides.address if "address" in self.confidential else None


def counted(passages: Sequence[WithheldPassage]) -> str:
    """E.g. '3 passages were withheld'."""
    return f"{len(passages)} passage{' was' if len(passages) == 1 else 's were'} withheld"


def summary(passages: Sequence[WithheldPassage]) -> str:
    """E.g. '3 passages were withheld: incident of 2 Nov 2026 21:30 (description), …'."""
    return f"{counted(passages)}: {', '.join(dict.fromkeys(p.where for p in passages))}."
