"""Repeat detection's rules: which pairs of records may be one person, and which are not (all fictional)."""

from datetime import date

import pytest

from advocate_tui.rules.repeats import (
    Person,
    aliases,
    earlier_client,
    other_cases,
    phone_key,
    registrations,
    same_client,
    same_perpetrator,
)

BORN = date(1990, 5, 17)
OTHER_DAY = date(1991, 2, 3)

#: (new client's name, date of birth, phone), (earlier client's ...), why they match, or None for no match.
CLIENT_PAIRS = [
    # true matches
    (("Jo Example", BORN, None), ("Jo Example", BORN, None), "date of birth and name"),
    (("jo  EXAMPLE", BORN, None), ("Jo Example", BORN, None), "date of birth and name"),
    (("Zoë Notreal", BORN, None), ("Zoe Notreal", BORN, None), "date of birth and name"),
    (("Mary-Jane Sample", BORN, None), ("Mary Jane Sample", BORN, None), "date of birth and name"),
    (("Maryjane Sample", BORN, None), ("Mary-Jane Sample", BORN, None), "date of birth and name"),
    (("John Fictus", BORN, None), ("Jon Fictus", BORN, None), "date of birth and name"),
    (("Catherine Madeup", BORN, None), ("Katherine Madeup", BORN, None), "date of birth and name"),
    (("Stephen Pretend", BORN, None), ("Steven Pretend", BORN, None), "date of birth and name"),
    (("Leah Example-Smith", BORN, None), ("Leah Example", BORN, None), "date of birth and name"),  # married name
    (("Priya Notreal", BORN, None), ("Priya Sample", BORN, None), "date of birth and name"),  # married name
    (("Sam Demo", None, "+44 7700 900123"), ("Alex Specimen", None, "07700900123"), "phone number"),
    (("Sam Demo", None, "07700 900 123"), ("Sam Demo", None, "0044 (0)7700-900123"), "phone number"),
    (
        ("Jon Fictus", BORN, "07700 900123"),
        ("John Fictus", BORN, "+447700900123"),
        "date of birth and name and phone number",
    ),
    # not matches
    (("Jo Example", BORN, None), ("Jo Example", OTHER_DAY, None), None),  # same common name, another person
    (("Jo Example", BORN, None), ("Jo Example", None, None), None),  # no date of birth to tell them apart
    (("Jo Example", None, None), ("Jo Example", None, None), None),
    (("Robin Sample", BORN, None), ("Rowan Sample", BORN, None), None),  # twins: other first names
    (("Dev Fictus", BORN, None), ("Dave Fictus", BORN, None), None),  # sounds alike, not alike enough
    (("Sam Demo", None, "07700 900123"), ("Sam Demo", None, "07700 900124"), None),
    (("Sam Demo", None, "101"), ("Sam Demo", None, "101"), None),  # not a line of one's own
]


@pytest.mark.parametrize(("new", "earlier", "why"), CLIENT_PAIRS, ids=lambda v: str(v))
def test_clients_match_only_on_date_of_birth_and_name_or_phone(
    new: tuple[str, date | None, str | None], earlier: tuple[str, date | None, str | None], why: str | None
) -> None:
    def person(reference: str, name: str, born: date | None, phone: str | None) -> Person:
        return Person(reference, [name], born, phone)

    assert same_client(person("STK-2027-0002", *new), person("STK-2026-0001", *earlier)) == why
    assert (same_client(person("STK-2027-0002", *earlier), person("STK-2026-0001", *new)) is None) == (why is None)


#: (one perpetrator's name, aliases, date of birth, vehicles), (another's ...), why they match, or None.
PERPETRATOR_PAIRS = [
    (("Gary Imaginary", None, BORN, None), ("Garry Imaginary", None, BORN, None), "name and date of birth"),
    (
        ("Gary Imaginary", None, BORN, None),
        ("Lee Testcase", "G Imaginary; Gary Testcase", BORN, None),
        "name and date of birth",
    ),
    ((None, None, None, "Silver Ford Focus AB12 CDE"), (None, None, None, "ab12cde, blue van"), "vehicle AB12CDE"),
    ((None, None, None, "Red Mini A123 BCD"), ("Kai Demo", None, None, "mini a123bcd"), "vehicle A123BCD"),
    (("Gary Imaginary", None, BORN, None), ("Gary Imaginary", None, OTHER_DAY, None), None),
    (("Gary Imaginary", None, None, None), ("Gary Imaginary", None, None, None), None),
    ((None, None, None, "Silver Ford Focus AB12 CDE"), (None, None, None, "Silver Ford Focus AB12 CDF"), None),
]


@pytest.mark.parametrize(("one", "other", "why"), PERPETRATOR_PAIRS, ids=lambda v: str(v))
def test_perpetrators_match_on_name_with_date_of_birth_or_vehicle(
    one: tuple[str | None, str | None, date | None, str | None],
    other: tuple[str | None, str | None, date | None, str | None],
    why: str | None,
) -> None:
    def person(
        reference: str, name: str | None, known_as: str | None, born: date | None, vehicles: str | None
    ) -> Person:
        return Person(reference, aliases(name, known_as), born, vehicles=vehicles)

    assert same_perpetrator(person("STK-2026-0001", *one), person("STK-2026-0009", *other)) == why


def test_phone_numbers_and_registrations_have_one_form() -> None:
    assert phone_key("+44 (0) 7700 900123") == phone_key("07700-900-123") == "07700900123"
    assert phone_key("ext 4000") is None
    assert registrations("Blue Corsa ab12 cde, also seen in XY51ABC; Focus 2") == {"AB12CDE", "XY51ABC"}


def test_the_latest_earlier_case_is_named_and_a_case_never_matches_itself() -> None:
    new = Person("STK-2027-0010", ["Jon Fictus"], BORN)
    earlier = [Person(f"STK-2026-000{n}", ["John Fictus"], BORN) for n in (1, 2)]
    match = earlier_client(new, earlier)
    assert match is not None and match.reference == "STK-2026-0002"
    ours = Person("STK-2026-0001", ["Gary Imaginary"], BORN)
    assert (
        other_cases([ours], [ours, Person("STK-2026-0005", ["Gary Imaginary"], BORN)])[0].reference == "STK-2026-0005"
    )
    assert len(other_cases([ours], [ours])) == 0
