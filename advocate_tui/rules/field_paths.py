"""Naming one editable field of a case as ``case show --json`` shows it: ``risk_level``, ``client.address``,
``perpetrators[0].name``, ``agency_contacts[1].phone``.

The fields are those of the forms' tables (:mod:`advocate_tui.rules.fields`); what a case has no form
for (its reference, ids, versions, dates the program keeps, what it works out) cannot be named.
"""

import difflib
import re
from dataclasses import dataclass

from advocate_tui.rules.errors import InvalidInputError
from advocate_tui.rules.fields import CASE_FIELDS, CLIENT_FIELDS, CONTACT_FIELDS, PERPETRATOR_FIELDS, FieldSpec

#: The case's own fields that are set by what the program does, not edited: closing a case and its
#: exit questions (answered when it closes).
CLOSURE_FIELDS = frozenset(
    {
        "outcome",
        "feels_safe_at_closure",
        "quality_of_life_at_closure",
        "risk_at_closure",
        "risk_reduced",
        "reported_to_police",
        "support_needs_met",
    }
)

#: Each part of a case that can be edited, by the key the case's JSON gives it ("" for the case's own fields),
#: with the fields it has. A part that is a list is addressed with an index, ``perpetrators[0]``.
PARTS: dict[str, dict[str, FieldSpec]] = {
    "": {name: spec for name, spec in CASE_FIELDS.items() if name not in CLOSURE_FIELDS},
    "client": CLIENT_FIELDS,
    "perpetrators": PERPETRATOR_FIELDS,
    "agency_contacts": CONTACT_FIELDS,
}
LISTS = frozenset({"perpetrators", "agency_contacts"})

#: Fields whose values are never shown back once set: where the client can be found or reached.
CONFIDENTIAL = frozenset(
    {"client.address", "client.phone", "client.email", "client.safe_call_times", "client.dependants_note"}
)

_PATH = re.compile(r"(?:(?P<part>[a-z_]+)(?:\[(?P<index>\d+)\])?\.)?(?P<field>[a-z_]+)")


@dataclass(frozen=True)
class FieldPath:
    """One field: the part of the case it is on, the index within a list part, and the field's name."""

    part: str
    index: int | None
    field: str

    @property
    def record(self) -> str:
        """The record, as the case's JSON names it: "" (the case), ``client``, ``perpetrators[0]``."""
        return self.part if self.index is None else f"{self.part}[{self.index}]"

    @property
    def spec(self) -> FieldSpec:
        return PARTS[self.part][self.field]

    @property
    def confidential(self) -> bool:
        return str(self) in CONFIDENTIAL

    def __str__(self) -> str:
        return f"{self.record}.{self.field}" if self.part else self.field


def fields_of(part: str, index: int | None = None) -> list[FieldPath]:
    """Every editable field of one record of the case."""
    return [FieldPath(part, index, field) for field in PARTS[part]]


def every_field(counts: dict[str, int]) -> list[FieldPath]:
    """Every editable field of a case whose list parts have ``counts`` records (``{"perpetrators": 2, …}``)."""
    found: list[FieldPath] = []
    for part in PARTS:
        if part in LISTS:
            for index in range(counts.get(part, 0)):
                found += fields_of(part, index)
        else:
            found += fields_of(part)
    return found


def field_path(text: str, counts: dict[str, int]) -> FieldPath:
    """The editable field ``text`` names on a case with ``counts`` records in each list part; anything else
    is refused in one sentence that suggests the nearest names."""
    name = text.strip()
    match = _PATH.fullmatch(name)
    if match is not None:
        part, index, field = match["part"] or "", match["index"], match["field"]
        if part in LISTS and index is not None and field in PARTS[part]:
            count = counts.get(part, 0)
            if int(index) >= count:
                raise InvalidInputError(
                    f"The case has no {part}[{index}] (it has {count}, numbered from 0): check the number."
                )
            return FieldPath(part, int(index), field)
        if part not in LISTS and index is None and field in PARTS.get(part, {}):
            return FieldPath(part, None, field)
    known = [str(path) for path in every_field({part: max(counts.get(part, 0), 1) for part in LISTS})]
    near = difflib.get_close_matches(name, known, n=3, cutoff=0.6)
    hint = f": did you mean {' or '.join(near)}?" if near else "."
    raise InvalidInputError(f"'{name}' is not a field of a case that can be edited{hint}", topic="case-fields")
