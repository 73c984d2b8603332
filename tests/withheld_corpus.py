"""A fictional client whose address, safe phone and safe email are confidential, and a record that
mentions them in every way an advocate might write them, beside passages that must come through."""

from datetime import datetime, timedelta

from advocate_tui.services.casework import Casework

ADDRESS = "Flat 3, 42a Secret Lane\nLower Hidden\nHiddenville\nNorthshire\nNS9 8XY"
PHONE = "07700 900123"
EMAIL = "jo.example@example.org"

#: How the address, or a part of it, turns up in notes and logs (each must be withheld).
ADDRESS_SPELLINGS = (
    "42 Secret Lane",
    "42, Secret Lane",
    "42a Secret Lane",
    "42A Secret Lane",
    "42a, Secret Ln",
    "No. 42 Secret Lane",
    "Secret Lane",
    "secret lane",
    "SECRET LANE",
    "Secret Ln.",
    "Secret  Lane",
    "Flat 3",
    "flat 3",
    "Apartment 3",
    "Unit 3",
    "Flat 3, 42a Secret Lane",
    "3/42",
    "3 / 42",
    "3/42a Secret Lane",
    "42a",
    "42A",
    "Hiddenville",
    "HIDDENVILLE",
    "hiddenville",
    "Lower Hidden",
    "lower-hidden",
    "NS9 8XY",
    "NS98XY",
    "ns9 8xy",
    "ns98xy",
    "NS9  8XY",
    "N S 9 8 X Y",
    "NS9",
    "42 Secret Lane, Hiddenville, NS9 8XY",
    "Secret Lane Hiddenville",
)
CONTACT_SPELLINGS = (
    "07700 900123",
    "07700900123",
    "077 009 00123",
    "+44 7700 900123",
    "+44 (0)7700 900 123",
    "0044 7700 900123",
    "jo.example@example.org",
    "JO.EXAMPLE@EXAMPLE.ORG",
)
#: Passages that hold nothing of the client's address or contacts: each must come through unchanged.
SURVIVORS = (
    "Sent 42 messages in one night",
    "on 2 November 2026",
    "crime reference NS/12345/26",
    "a silver car, registration NS12 ABC",
    "waited on Secret Road",
    "parked on High Street",
    "Flat 7 above the bakery",
    "room 42 of the library",
    "his flat at 4 Sample Street",
    "called from 01632 960999",
    "emailed from alex.notreal@example.net",
    "a breach under s42A",
    "about 3/4 of the way home",
    "a hidden camera",
    "Northshire Police attended",
    "at 09:42 a.m.",
    "Northshire Magistrates' Court",
)
#: A court named after the client's town: withheld and listed, so the advocate can release it.
TOWN_COURT = "Hiddenville Magistrates' Court"
#: How it is listed to the advocate (and released): as it reads with the town withheld.
TOWN_COURT_LISTED = "[address withheld] Magistrates' Court"


def corpus_case(casework: Casework, relationship: str | None = None) -> str:
    """A case with each spelling in an incident of its own, and more in every other free-text field."""
    case = casework.cases.create_case(
        "Jo Example",
        relationship=relationship or "ex-partner",
        perpetrator_name="Alex Notreal",
        crime_reference="NS/12345/26",
    )
    ref = case.reference
    casework.cases.update_case(case.id, case.version, oic_name="DC Priya Sample", oic_contact="Hiddenville station")
    client = case.client
    casework.parties.update_client(
        client.id,
        client.version,
        address=ADDRESS,
        phone=PHONE,
        email=EMAIL,
        safe_call_times="after 6pm, not at Flat 3",
        dependants_note="Two children at Hiddenville Primary",
        consent_refer=True,
        consent_share_police=True,
    )
    perpetrator = casework.cases.get_case(ref).perpetrators[0]
    casework.parties.update_perpetrator(
        perpetrator.id,
        perpetrator.version,
        description="Knows she moved to Hiddenville",
        vehicles="a silver car, registration NS12 ABC, seen on Secret Lane",
        address="his flat at 4 Sample Street",
    )
    start = datetime(2026, 9, 1, 20, 0)
    spellings = ADDRESS_SPELLINGS + CONTACT_SPELLINGS
    for number, spelling in enumerate(spellings):
        casework.log.add_incident(
            ref,
            f"Entry {number}: he said he knows {spelling} now.",
            start + timedelta(days=number),
            ["messages"],
            location=f"near {spelling}",
        )
    casework.log.add_incident(
        ref,
        ". ".join(SURVIVORS) + ".",
        start + timedelta(days=len(spellings)),
        ["messages", "loitering"],
        location="parked on High Street",
        police_reference="NS-INC-042",
    )
    order = casework.court.add_order(
        ref,
        "bail-conditions",
        "granted",
        granted_on="2026-10-02",
        court=TOWN_COURT,
        conditions="Not to enter Secret Lane or Hiddenville",
    )
    assert order.id is not None
    casework.court.add_hearing(
        ref, datetime(2026, 12, 3, 10, 0), TOWN_COURT, "trial", notes="Client will wait at 42a Secret Lane"
    )
    casework.court.add_hearing(ref, datetime(2027, 1, 14, 14, 0), "Northshire Magistrates' Court", "sentencing")
    casework.parties.add_contact(ref, kind="housing", organisation="Hiddenville Housing Office", person="Mo Housing")
    casework.parties.add_contact(ref, kind="other", organisation="Northshire Sanctuary Scheme")
    item = casework.cases.get_case(ref).plan_items[0]
    casework.plan.update_plan_item(item.id, item.version, notes="Alarm fitted at 42a Secret Lane")
    # a MARAC referral needs a criterion met; the judgement's reason is free text that reaches it too
    casework.risk.set_referral_judgement(ref, "He now waits at 42 Secret Lane most evenings")
    return ref
