"""The demo's fictional people: each client and perpetrator distinct, but for a few made on purpose to be the same.

Distinct means repeat detection (:mod:`advocate_tui.rules.repeats`) finds no match: no two people share a first
name and a date of birth, and phone numbers and vehicle registrations are never given twice. On purpose, one
case in :data:`RE_REFERRAL_EVERY` is an earlier client referred again (now and then married since, or with a
new phone), and one in :data:`SHARED_EVERY` has a perpetrator already on an earlier case.
"""

import random
from dataclasses import dataclass
from datetime import date
from string import ascii_uppercase

FIRST_NAMES = [
    "Alex",
    "Sam",
    "Jo",
    "Priya",
    "Morgan",
    "Chris",
    "Robin",
    "Amira",
    "Kai",
    "Niamh",
    "Tomasz",
    "Leah",
    "Dev",
    "Rowan",
    "Imani",
    "Casey",
    "Bea",
    "Owen",
    "Lin",
    "Farah",
]
SURNAMES = ["Example", "Sample", "Specimen", "Madeup", "Notreal", "Fictus", "Pretend", "Imaginary", "Demo", "Testcase"]
#: Numbers Ofcom keeps for drama, 1,000 after each of these: no real line answers them.
PHONE_RANGES = [
    "07700 900",
    "0113 496 0",
    "0114 496 0",
    "0115 496 0",
    "0116 496 0",
    "0117 496 0",
    "0118 496 0",
    "0121 496 0",
    "0131 496 0",
    "0141 496 0",
    "0151 496 0",
    "0161 496 0",
    "020 7946 0",
    "0191 498 0",
    "01632 960",
]
CARS = ["Silver Ford Focus", "Black Vauxhall Corsa", "White van", "Blue Nissan Micra", "Red Mini"]
#: One case in this many is a client referred again, the first of them the 20th case (so the 40 cases of a small
#: demo have one); one in SHARED_EVERY has a perpetrator seen before, the first the 30th.
RE_REFERRAL_EVERY = 40
SHARED_EVERY = 50


def _due(number: int, every: int, first: int) -> bool:
    return number >= first and (number - first) % every == 0


@dataclass
class Client:
    first: str
    surname: str
    born: date
    phone: str | None
    reference: str  # the latest case of this client

    @property
    def name(self) -> str:
        return f"{self.first} {self.surname}"


@dataclass(frozen=True)
class Perpetrator:
    name: str | None
    born: date | None
    vehicles: str | None


def plate(number: int) -> str:
    """A registration in the current form that no vehicle has: "ZZ" is no area's code."""
    letters = "".join(ascii_uppercase[number // 26**n % 26] for n in (2, 1, 0))
    return f"ZZ{number // 26**3 % 100:02d} {letters}"


class People:
    """Hands out the demo's clients and perpetrators, case by case (oldest case first)."""

    def __init__(self, rng: random.Random) -> None:
        self.random = rng
        #: The first names and dates of birth given, to clients and to perpetrators (never compared with each other).
        self.clients_taken: set[tuple[str, date]] = set()
        self.perpetrators_taken: set[tuple[str, date]] = set()
        self.clients: list[Client] = []
        self.named: list[Perpetrator] = []
        self.by_vehicle: list[Perpetrator] = []  # perpetrators known only by a vehicle
        self.phones = 0
        self.plates = 0

    def _born(self, taken: set[tuple[str, date]], first: str, earliest: int, latest: int) -> date:
        """A date of birth no one else in ``taken`` with this first name has."""
        r = self.random
        while True:
            born = date(r.randint(earliest, latest), r.randint(1, 12), r.randint(1, 28))
            if (first, born) not in taken:
                taken.add((first, born))
                return born

    def _phone(self) -> str | None:
        """The next unused number (none once every one is given)."""
        number, self.phones = self.phones, self.phones + 1
        return f"{PHONE_RANGES[number // 1000]}{number % 1000:03d}" if number < 1000 * len(PHONE_RANGES) else None

    def client(self, number: int, reference: str) -> tuple[Client, str | None]:
        """The client of the ``number``-th case: new, or an earlier one referred again (with the earlier reference)."""
        r = self.random
        if self.clients and _due(number, RE_REFERRAL_EVERY, 20):
            known = r.choice(self.clients)
            earlier, known.reference = known.reference, reference
            if r.random() < 0.3:  # married since
                known.surname = r.choice([s for s in SURNAMES if s != known.surname])
            if r.random() < 0.3:
                known.phone = self._phone()
            return known, earlier
        first = r.choice(FIRST_NAMES)
        known = Client(
            first, r.choice(SURNAMES), self._born(self.clients_taken, first, 1955, 2005), self._phone(), reference
        )
        self.clients.append(known)
        return known, None

    def perpetrator(self, number: int, named: bool) -> Perpetrator:
        """The perpetrator of the ``number``-th case: known by name (and date of birth) or, a stranger, at most by
        a vehicle; now and then one already on an earlier case."""
        r = self.random
        seen = self.named if named else self.by_vehicle
        if seen and _due(number, SHARED_EVERY, 30):
            return r.choice(seen)
        vehicles = None
        if r.random() < 0.3:
            vehicles, self.plates = f"{r.choice(CARS)} {plate(self.plates)}", self.plates + 1
        if not named:
            stranger = Perpetrator(None, None, vehicles)
            if vehicles:
                self.by_vehicle.append(stranger)
            return stranger
        first = r.choice(FIRST_NAMES)
        known = Perpetrator(
            f"{first} {r.choice(SURNAMES)}", self._born(self.perpetrators_taken, first, 1950, 2000), vehicles
        )
        self.named.append(known)
        return known
