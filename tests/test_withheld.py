"""A withheld address never reaches a third party: not in the template context, not in free text,
not in any format of any built-in document for someone other than the client; and nothing else is
withheld with it. Overrides and released passages are recorded with their reasons."""

import html
import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from letter_cases import relationship_for
from sqlmodel import select
from test_letters import run, text_of
from withheld_corpus import (
    ADDRESS,
    ADDRESS_SPELLINGS,
    CONTACT_SPELLINGS,
    EMAIL,
    PHONE,
    SURVIVORS,
    TOWN_COURT,
    TOWN_COURT_LISTED,
    corpus_case,
)

from advocate_tui.output.letters.context import MissingDataError
from advocate_tui.output.letters.documents import Draft, draft, save
from advocate_tui.output.letters.formats import FORMATS
from advocate_tui.output.letters.templates import available
from advocate_tui.rules.address_screen import Screen, address_targets
from advocate_tui.rules.errors import InvalidInputError
from advocate_tui.rules.vocab import Audience
from advocate_tui.services.casework import Casework
from advocate_tui.services.withholding import Overrides
from advocate_tui.storage.models import DocumentRelease

THIRD_PARTY = sorted(name for name, t in available().items() if t.audience is not Audience.CLIENT)


def _digits(number: str) -> str:
    return r"[\s().-]*".join(re.sub(r"\D", "", number)[1:])


#: What must never be read in a document for a third party, in any spelling.
LEAKS = {
    "street": r"secret\s*(?:lane|ln)",
    "town": r"hiddenville",
    "locality": r"lower[\s-]*hidden",
    "postcode": r"(?<![a-z0-9])n\s*s\s*9(?![0-9])",
    "inward code": r"(?<![a-z0-9])8\s*x\s*y",
    "house number": r"(?<![\w/])42a(?!\w)",
    "flat and number": r"3\s*/\s*42",
    "flat": r"(?:flat|apartment|unit)\s*3\b",
    "phone": _digits(PHONE),
    "email": re.escape(EMAIL),
}


def leaks(text: str) -> list[str]:
    return [what for what, pattern in LEAKS.items() if re.search(pattern, text, re.IGNORECASE)]


def readings(letter: Draft) -> dict[str, str]:
    """The document in each format as a person reads it, and the Word file's raw XML (body, headers, footers)."""
    read = {}
    for fmt in FORMATS:
        data = letter.file(fmt)
        read[fmt] = " ".join(html.unescape(text_of(data, fmt)).replace("\\", "").split())
        if fmt == "docx":
            with zipfile.ZipFile(io.BytesIO(data)) as parts:
                xml = [
                    parts.read(n).decode() for n in parts.namelist() if re.match(r"word/(document|header|footer)", n)
                ]
            read["docx-xml"] = " ".join(html.unescape(re.sub(r"<[^>]+>", "", "".join(xml))).split())
    return read


def test_the_corpus_is_large_enough() -> None:
    assert len(ADDRESS_SPELLINGS) >= 30 and len(SURVIVORS) >= 15
    assert len(set(ADDRESS_SPELLINGS)) == len(ADDRESS_SPELLINGS)


@pytest.mark.parametrize("spelling", ADDRESS_SPELLINGS)
def test_every_spelling_of_the_address_is_withheld(spelling: str) -> None:
    screened = Screen(address_targets(ADDRESS)).apply(f"He said he knows {spelling} now.")
    assert "[address withheld]" in screened.text
    assert leaks(screened.text) == []
    assert screened.passages == ("He said he knows [address withheld] now.",)
    assert screened.found == (" ".join(spelling.split()),)


@pytest.mark.parametrize("passage", SURVIVORS)
def test_what_is_not_the_address_comes_through(passage: str) -> None:
    assert Screen(address_targets(ADDRESS)).apply(passage).text == passage


@pytest.mark.parametrize("name", THIRD_PARTY)
def test_no_document_for_a_third_party_holds_any_part_of_the_address_or_safe_contacts(
    sqlite_casework: Casework, name: str
) -> None:
    ref = corpus_case(sqlite_casework, relationship_for(name))
    letter = draft(sqlite_casework, ref, name)
    for fmt, text in readings(letter).items():
        assert leaks(text) == [], f"{name} as {fmt}"
    assert letter.withheld_summary is not None
    assert letter.withheld_summary.startswith(f"{len(letter.withheld)} passages were withheld: ")
    assert (
        "incident of 1 Sep 2026 20:00 (description), incident of 1 Sep 2026 20:00 (location)" in letter.withheld_summary
    )
    printed = "Entry 0: he said he knows [address withheld] now." in letter.markdown
    if printed:  # the templates that print the incident log print the passages around the address whole
        for fmt, text in readings(letter).items():
            for passage in SURVIVORS:
                assert passage in text, f"{name} as {fmt} lost {passage!r}"
            assert "he said he knows [phone number withheld] now" in text
            assert "he said he knows [email withheld] now" in text


def test_the_incident_log_goes_whole_to_the_police(sqlite_casework: Casework) -> None:
    ref = corpus_case(sqlite_casework)
    for name in ("spo-request", "incident-chronology"):
        markdown = draft(sqlite_casework, ref, name).markdown
        for number, _ in enumerate(ADDRESS_SPELLINGS + CONTACT_SPELLINGS):
            assert f"Entry {number}: he said he knows [" in markdown, name
        assert "Sent 42 messages in one night" in markdown


def test_the_client_sees_their_own_address(sqlite_casework: Casework) -> None:
    ref = corpus_case(sqlite_casework)
    letter = draft(sqlite_casework, ref, "court-date-letter")
    assert "Flat 3\\\n42a Secret Lane\\\nLower Hidden\\\nHiddenville" in letter.markdown
    assert letter.withheld == ()


USER_TEMPLATE = """+++
title = "Trying to rebuild the address"
description = "A template a user might write."
audience = "police"
+++
{% for c in client.address %}{{ c }}{% endfor %}
{{ client.address | replace(' ', '_') }} {{ client.address | truncate(25) }} {{ client.address[:25] }}
{{ client.address_lines | join('|') }} {{ client.address_lines | list | reverse | join }}
{% for line in client.address_lines %}{% for c in line %}{{ c }}.{% endfor %}{% endfor %}
{{ perpetrator.vehicles | upper }} {{ perpetrator.description[::-1] | reverse }}
{% for i in incidents %}{{ i.location | replace(' ', '') }}{{ i.description.split(' ') | join('_') }}{% endfor %}
{% if client.phone %}{{ client.phone }}{% endif %}{% if client.email %}{{ client.email }}{% endif %}
"""


def test_a_user_template_cannot_rebuild_what_is_not_there(sqlite_casework: Casework, tmp_path: Path) -> None:
    ref = corpus_case(sqlite_casework)
    template = tmp_path / "rebuild.md.j2"
    template.write_text(USER_TEMPLATE, encoding="utf-8")
    markdown = draft(sqlite_casework, ref, str(template)).markdown
    spaceless = re.sub(r"[\s_.|]", "", markdown.replace("\\", ""))
    assert leaks(markdown) == [] and leaks(spaceless) == []
    assert leaks(spaceless[::-1]) == []


def test_a_template_that_needs_the_safe_phone_is_refused_until_a_reason_is_given(
    sqlite_casework: Casework, tmp_path: Path
) -> None:
    ref = corpus_case(sqlite_casework)
    template = tmp_path / "call.md.j2"
    template.write_text(
        '+++\ntitle = "Call"\ndescription = "d"\naudience = "police"\nneeds = ["client.phone"]\n+++\n'
        "Call {{ client.phone }}.\n",
        encoding="utf-8",
    )
    with pytest.raises(MissingDataError) as refused:
        draft(sqlite_casework, ref, str(template))
    assert str(refused.value) == (
        f"The client's safe phone number is confidential on {ref}: give a reason to include it under "
        "Documents (the reason is recorded with the document)."
    )
    letter = draft(sqlite_casework, ref, str(template), Overrides.asked(phone="The officer must call her back"))
    assert f"Call {PHONE}." in letter.markdown
    assert letter.releases == (("phone", None, "The officer must call her back"),)


def test_an_included_phone_is_recorded_with_its_reason(sqlite_casework: Casework) -> None:
    ref = corpus_case(sqlite_casework)
    assert PHONE not in draft(sqlite_casework, ref, "spo-request").markdown
    letter = draft(sqlite_casework, ref, "spo-request", Overrides.asked(phone="The OIC must reach her"))
    assert f"Use only this number: {PHONE}" in letter.markdown
    assert "he said he knows 07700900123 now" in letter.markdown  # no longer withheld in the log either
    document = save(sqlite_casework, letter, "md")
    with sqlite_casework.db.reader() as session:
        [release] = session.exec(select(DocumentRelease).where(DocumentRelease.document_id == document.id)).all()
    assert (release.item, release.passage, release.reason) == ("phone", None, "The OIC must reach her")


def test_releasing_a_passage_shows_it_and_records_why(sqlite_casework: Casework) -> None:
    ref = corpus_case(sqlite_casework)
    withheld = draft(sqlite_casework, ref, "incident-chronology")
    court = [p for p in withheld.withheld if p.where == "court date of 3 Dec 2026 (court)"]
    assert [(p.passage, p.found) for p in court] == [(TOWN_COURT_LISTED, ("Hiddenville",))]
    assert "[address withheld] Magistrates' Court" in draft(sqlite_casework, ref, "restraining-order-request").markdown

    with pytest.raises(InvalidInputError, match="needs a reason"):
        Overrides.asked(released=[TOWN_COURT_LISTED])
    released = draft(
        sqlite_casework,
        ref,
        "restraining-order-request",
        Overrides.asked(released=[TOWN_COURT_LISTED], release_reason="The court's name is public"),
    )
    assert "Hiddenville Magistrates' Court" in released.markdown
    assert not any(p.passage == TOWN_COURT_LISTED for p in released.withheld)
    assert leaks(released.markdown.replace(TOWN_COURT, "")) == []
    document = save(sqlite_casework, released, "md")
    with sqlite_casework.db.reader() as session:
        [release] = session.exec(select(DocumentRelease).where(DocumentRelease.document_id == document.id)).all()
    assert (release.item, release.passage, release.reason) == (
        "passage",
        TOWN_COURT_LISTED,
        "The court's name is public",
    )


def test_a_release_that_matches_nothing_withheld_is_refused(sqlite_casework: Casework) -> None:
    ref = corpus_case(sqlite_casework)
    with pytest.raises(InvalidInputError) as refused:
        draft(sqlite_casework, ref, "spo-request", Overrides.asked(released=["Hidenville court"], release_reason="x"))
    assert str(refused.value) == (
        'Nothing withheld is in "Hidenville court": give a passage exactly as the list of withheld passages shows it.'
    )


def test_the_letter_command_lists_what_was_withheld_before_saving(
    sqlite_casework: Casework, sqlite_url: str, tmp_path: Path
) -> None:
    ref = corpus_case(sqlite_casework)
    out = tmp_path / "spo.docx"
    result = run(sqlite_url, "letter", ref, "spo-request", "--out", str(out))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert re.fullmatch(r"\d+ passages were withheld: .*, incident of 1 Sep 2026 20:00 \(description\), .*\.", lines[0])
    listed = f'  court date of 3 Dec 2026 (court): "{TOWN_COURT_LISTED}"'
    assert lines.index(f"Saved {out}") > lines.index(listed)
    assert leaks(result.output) == []  # the list shows the passages as they now read
    with zipfile.ZipFile(out) as parts:
        assert leaks(re.sub(r"<[^>]+>", "", parts.read("word/document.xml").decode())) == []


def test_the_letter_command_releases_a_passage_with_a_reason(
    sqlite_casework: Casework, sqlite_url: str, tmp_path: Path
) -> None:
    ref = corpus_case(sqlite_casework)
    out = tmp_path / "ro.md"
    no_reason = run(
        sqlite_url, "letter", ref, "restraining-order-request", "--out", str(out), "--release", TOWN_COURT_LISTED
    )
    assert (no_reason.exit_code, no_reason.output) == (
        1,
        "Error: Releasing a withheld passage needs a reason: say why it must be shown.\n",
    )
    assert not out.exists()
    result = run(
        sqlite_url,
        "letter",
        ref,
        "restraining-order-request",
        "--out",
        str(out),
        "--release",
        TOWN_COURT_LISTED,
        "--reason",
        "The court's name is public",
        "--include-email",
        "She asked to be emailed",
    )
    assert result.exit_code == 0, result.output
    assert f'It shows the passage "{TOWN_COURT_LISTED}"; your reason is recorded with it.' in result.output
    assert "It shows the client's safe email address; your reason is recorded with it." in result.output
    assert TOWN_COURT in out.read_text(encoding="utf-8")
    audit = run(sqlite_url, "audit", "show", ref, "--raw").output
    assert audit.count("document_release") == 2


def test_the_passages_of_the_report_no_longer_reach_the_police(sqlite_casework: Casework) -> None:
    """Issue 12: these went into the SPO request as written."""
    ref = sqlite_casework.cases.create_case(
        "Jo Example", relationship="ex-partner", perpetrator_name="Alex Notreal"
    ).reference
    case = sqlite_casework.cases.get_case(ref)
    sqlite_casework.cases.update_case(case.id, case.version, oic_name="DC Priya Sample")
    client = case.client
    sqlite_casework.parties.update_client(client.id, client.version, address="42 Secret Lane, Hiddenville, NS9 8XY")
    for day, text in enumerate(
        (
            "Seen near NS98XY and at 42, Secret Lane",
            "Drove past Secret Lane twice",
            "I know where you live: Hiddenville",
        ),
        start=1,
    ):
        sqlite_casework.log.add_incident(ref, text, datetime(2026, 11, day, 9, 0))
    letter = draft(sqlite_casework, ref, "spo-request")
    assert "Seen near [address withheld] and at [address withheld]" in letter.markdown
    assert "Drove past [address withheld] twice" in letter.markdown
    assert "I know where you live: [address withheld]" in letter.markdown
    assert letter.withheld_summary == (
        "3 passages were withheld: incident of 1 Nov 2026 09:00 (description), "
        "incident of 2 Nov 2026 09:00 (description), incident of 3 Nov 2026 09:00 (description)."
    )


@pytest.mark.parametrize(
    ("overrides", "said"),
    [
        (Overrides(), "The confidential address was left out."),
        (
            Overrides.asked(address="The court must serve the order at the home"),
            "The confidential address was included, because: The court must serve the order at the home.",
        ),
        (
            Overrides.asked(phone="The OIC must reach her"),
            "The confidential address was left out. The safe phone number was included, because: "
            "The OIC must reach her.",
        ),
    ],
    ids=["withheld", "address-included", "phone-included"],
)
def test_the_sharing_record_says_what_of_the_confidential_details_went_and_why(
    sqlite_casework: Casework, overrides: Overrides, said: str
) -> None:
    ref = corpus_case(sqlite_casework)
    letter = draft(sqlite_casework, ref, "spo-request", overrides)
    save(sqlite_casework, letter, "md")
    save(sqlite_casework, letter, "txt")  # the same document in another format: still one entry
    [entry] = sqlite_casework.sharing.sharing_record(ref).disclosures
    assert entry.why.endswith(said)
    assert entry.what.endswith("(md, txt)")


def test_the_demo_courts_are_named_whole_in_letters_about_demo_clients() -> None:
    """The demo's addresses name a town as well as the county, so the courts (named after the county) stay whole."""
    from advocate_tui.rules.address_screen import Screen, address_targets
    from advocate_tui.services.demo import STREETS, demo_address
    from advocate_tui.services.demo_court import COURTS

    for street in STREETS:
        screen = Screen(address_targets(demo_address(12, street)))
        for court in COURTS:
            assert screen.apply(f"The hearing is at {court}.").found == (), (street, court)
        assert screen.apply(f"She lives at 12 {street}.").found  # the street itself is still withheld
