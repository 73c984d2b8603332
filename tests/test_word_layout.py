"""Word letters that look like UK letters: A4, UK margins, the letterhead on the first page only,
marking, reference and "Page x of y" on every page, chronology tables that read well, and the
service's own Word letterhead. Read back with python-docx; where LibreOffice is installed, every
built-in template is also turned into PDF and its pages checked."""

import io
import re
import shutil
import struct
import subprocess
import zlib
from datetime import datetime, timedelta
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Cm
from letter_cases import full_case, relationship_for
from typer.testing import CliRunner

from advocate_tui.cli.main import app
from advocate_tui.output.letters import pdf
from advocate_tui.output.letters.documents import draft
from advocate_tui.output.letters.templates import available
from advocate_tui.rules.errors import ConfigError
from advocate_tui.services.casework import Casework
from advocate_tui.storage.config import load_settings

BUILTINS = sorted(available())
MARKING = "OFFICIAL-SENSITIVE"
KINDS = ["calls", "loitering", "letters-gifts", "turning-up-work", "messages"]


def chronology_case(casework: Casework, incidents: int = 27, relationship: str | None = None) -> str:
    """The full case with ``incidents`` in its log, each described at an everyday length."""
    ref = full_case(casework, relationship)
    start = datetime(2026, 6, 1, 8, 15)
    for number in range(incidents - 3):
        casework.log.add_incident(
            ref,
            f"Incident {number + 1}: he waited by the bus stop on the way to work, followed her to the "
            "station and sent six messages saying he would be there again tomorrow.",
            start + timedelta(days=5 * number, hours=number % 9),
            [KINDS[number % len(KINDS)]],
            location="Bus stop, Market Street",
            police_reference=f"NS-INC-{100 + number}" if number % 2 else None,
            evidence_what="Screenshots of the messages" if number % 3 == 0 else None,
        )
    return ref


def word(casework: Casework, ref: str, template: str) -> docx.document.Document:
    letter = draft(casework, ref, template)
    return docx.Document(io.BytesIO(letter.file("docx")))


def texts(part) -> str:
    """The text of a header or footer as Word shows it before filling in fields (each shows 1)."""
    return "\n".join("".join(t.text or "" for t in p._p.iter(qn("w:t"))) for p in part.paragraphs)


def fields(part) -> list[str]:
    return [f.get(qn("w:instr")).strip() for f in part._element.iter(qn("w:fldSimple"))]


@pytest.mark.parametrize("name", BUILTINS)
def test_every_page_is_a4_with_uk_margins_and_carries_reference_marking_and_page_numbers(
    sqlite_casework: Casework, name: str
) -> None:
    ref = full_case(sqlite_casework, relationship_for(name))
    document = word(sqlite_casework, ref, name)
    marked = available()[name].audience.value != "client"
    for section in document.sections:
        short, long_ = sorted((section.page_width, section.page_height))
        assert (round(short.cm, 1), round(long_.cm, 1)) == (21.0, 29.7)
        assert [round(m.cm, 2) for m in (section.left_margin, section.right_margin)] == [2.5, 2.5]
        assert [round(m.cm, 2) for m in (section.top_margin, section.bottom_margin)] == [2.5, 2.5]
    first = document.sections[0]
    assert first.different_first_page_header_footer
    for footer in (first.first_page_footer, first.footer):
        line = texts(footer)
        assert f"Ref {ref}" in line and re.search(r"Page 1 of 1$", line)
        assert fields(footer) == ["PAGE", "NUMPAGES"]
        assert (MARKING in line) is marked
    for header in (first.first_page_header, first.header):
        assert (MARKING in texts(header)) is marked
    organisation = load_settings().organisation.name
    assert (organisation in texts(first.first_page_header)) is available()[name].letterhead
    assert organisation not in texts(first.header)  # the letterhead is on the first page only
    for later in document.sections[1:]:  # a landscape section has no first page of its own
        assert not later.different_first_page_header_footer
        assert later.header.is_linked_to_previous and later.footer.is_linked_to_previous


def test_a_chronology_table_sits_in_a_landscape_section_with_columns_sized_to_their_content(
    sqlite_casework: Casework,
) -> None:
    ref = chronology_case(sqlite_casework)
    document = word(sqlite_casework, ref, "incident-chronology")
    portrait, landscape, back = document.sections
    assert portrait.orientation == WD_ORIENT.PORTRAIT and back.orientation == WD_ORIENT.PORTRAIT
    assert landscape.orientation == WD_ORIENT.LANDSCAPE
    assert round(landscape.page_width.cm, 1) == 29.7
    summary, chronology = document.tables
    assert chronology.rows[0].cells[0].text == "Date and time" and len(chronology.rows) == 28
    # the landscape section holds the chronology with its heading, nothing else
    body = list(document.element.body)
    breaks = [i for i, element in enumerate(body) if element.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None]
    heading = next(p for p in document.paragraphs if p.text == "Chronology")
    assert body[breaks[0] + 1 : breaks[1]] == [heading._p, chronology._tbl]
    widths = [column.width.cm for column in chronology.columns]
    usable = (landscape.page_width - landscape.left_margin - landscape.right_margin) / 360000
    assert sum(widths) == pytest.approx(usable, abs=0.05)
    date, what, *_ = widths
    assert what == max(widths) and what > 2 * date
    assert date >= 2.0  # "November" does not break inside the word
    for row in chronology.rows:
        assert [round(cell.width.cm, 2) for cell in row.cells] == [round(w, 2) for w in widths]
    assert chronology._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    for table in document.tables:
        rows = table._tbl.tr_lst
        assert [row.trPr.find(qn("w:tblHeader")) is not None for row in rows] == [True] + [False] * (len(rows) - 1)
        assert all(row.trPr.find(qn("w:cantSplit")) is not None for row in rows)
    assert summary.columns[0].width.cm < 16.01  # a narrow table stays on the portrait page


def test_a_narrow_table_keeps_the_portrait_page_and_shares_its_width(sqlite_casework: Casework) -> None:
    ref = full_case(sqlite_casework)
    document = word(sqlite_casework, ref, "restraining-order-request")
    assert all(section.orientation == WD_ORIENT.PORTRAIT for section in document.sections)
    for table in document.tables:
        assert sum(column.width.cm for column in table.columns) == pytest.approx(16.0, abs=0.05)


# -- the service's own Word letterhead ----------------------------------------------------------


def pixel() -> bytes:
    """A one-pixel PNG: a logo."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x80\x40\xc0"))
        + chunk(b"IEND", b"")
    )


def make_letterhead(folder: Path) -> Path:
    """A charity's letterhead as Word makes one: logo and address in the header, charity number in
    the footer, its own body font and a style of its own, and Letter paper."""
    document = docx.Document()
    section = document.sections[0]
    logo = folder / "logo.png"
    logo.write_bytes(pixel())
    header = section.header.paragraphs[0]
    header.add_run().add_picture(str(logo), width=Cm(2))
    header.add_run("Fictional Lanes Advocacy Trust, 1 Example Row, Exampleton EX1 1XX")
    section.footer.paragraphs[0].text = "Registered charity 0000000"
    document.styles["Normal"].font.name = "Georgia"
    document.styles.add_style("Trust Note", 1)
    path = folder / "letterhead.docx"
    document.save(str(path))
    return path


def use_letterhead(isolated_home: Path, value: str) -> None:
    config = isolated_home / "config" / "advocate-tui" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(f'[documents]\nletterhead = "{value}"\n', encoding="utf-8")
    load_settings.cache_clear()


def test_letters_start_from_the_services_word_letterhead(
    sqlite_casework: Casework, tmp_path: Path, isolated_home: Path
) -> None:
    use_letterhead(isolated_home, str(make_letterhead(tmp_path)))
    ref = chronology_case(sqlite_casework, 6)
    document = word(sqlite_casework, ref, "spo-request")
    first = document.sections[0]
    assert first.different_first_page_header_footer
    assert "Fictional Lanes Advocacy Trust" in texts(first.first_page_header)
    assert first.first_page_header.part.related_parts  # the logo came with it
    assert "Fictional Lanes Advocacy Trust" not in texts(first.header)
    assert texts(first.header) == MARKING
    for footer in (first.first_page_footer, first.footer):
        assert texts(footer).startswith("Registered charity 0000000\n")
        assert f"{MARKING} · Ref {ref} · Page 1 of 1" in texts(footer)
        assert fields(footer) == ["PAGE", "NUMPAGES"]
    assert document.styles["Normal"].font.name == "Georgia"
    assert "Trust Note" in [style.name for style in document.styles]
    assert load_settings().organisation.name not in "\n".join(p.text for p in document.paragraphs[:3])
    bullets = [p for p in document.paragraphs if p.style.name == "List Bullet"]
    assert bullets and bullets[0].style.element.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is not None
    numbering = document.part.numbering_part.element
    [num_id] = [n.get(qn("w:val")) for n in bullets[0].style.element.iter(qn("w:numId"))]
    assert num_id in [n.get(qn("w:numId")) for n in numbering.iterchildren(qn("w:num"))]


def test_a_letterhead_that_is_not_a_file_is_one_sentence(tmp_path: Path, isolated_home: Path) -> None:
    with pytest.raises(ConfigError, match=r"documents\.letterhead names .*nowhere\.docx, which is not a file\.$"):
        use_letterhead(isolated_home, str(tmp_path / "nowhere.docx"))
        load_settings()


def test_a_letterhead_that_is_not_a_word_file_is_refused_and_nothing_is_saved(
    sqlite_casework: Casework, sqlite_url: str, tmp_path: Path, isolated_home: Path
) -> None:
    fake = tmp_path / "letterhead.docx"
    fake.write_text("not a Word file", encoding="utf-8")
    use_letterhead(isolated_home, str(fake))
    ref = full_case(sqlite_casework)
    out = tmp_path / "out"
    out.mkdir()
    result = CliRunner().invoke(app, ["--db", sqlite_url, "letter", ref, "spo-request", "--out", str(out)])
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: The Word letterhead {fake} cannot be used: it must be a Word document (.docx) that can be "
        "read; save it from Word as .docx or name another in the config file.\n",
    )
    assert list(out.iterdir()) == [] and sqlite_casework.documents.list_documents(ref) == []


# -- file names and PDF -------------------------------------------------------------------------


def letter_cli(url: str, ref: str, *args: str) -> "CliRunner.invoke":
    return CliRunner().invoke(app, ["--db", url, "letter", ref, "court-date-letter", *args])


@pytest.mark.parametrize(
    ("name", "args", "message"),
    [
        (
            "y.doc",
            [],
            "A file name ending in .doc names no document format: end it in .docx, .pdf, .md, .txt or .html.",
        ),
        ("y.pdf", ["--format", "docx"], "--out ends in .pdf but --format is docx: make them agree."),
        ("y.docx.bak", ["--format", "docx"], "--out ends in .bak but --format is docx: make them agree."),
    ],
)
def test_a_file_name_must_end_in_its_format(
    sqlite_casework: Casework, sqlite_url: str, tmp_path: Path, name: str, args: list[str], message: str
) -> None:
    ref = full_case(sqlite_casework)
    result = letter_cli(sqlite_url, ref, "--out", str(tmp_path / name), *args)
    assert (result.exit_code, result.output) == (1, f"Error: {message}\n")
    assert not (tmp_path / name).exists() and sqlite_casework.documents.list_documents(ref) == []


def test_a_file_name_without_an_ending_gets_the_formats(
    sqlite_casework: Casework, sqlite_url: str, tmp_path: Path
) -> None:
    ref = full_case(sqlite_casework)
    result = letter_cli(sqlite_url, ref, "--out", str(tmp_path / "letter"), "--format", "txt")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "letter.txt").read_text(encoding="utf-8").startswith(load_settings().organisation.name)


def test_pdf_without_libreoffice_is_refused_in_one_sentence(
    sqlite_casework: Casework, sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf, "soffice", lambda: None)
    ref = full_case(sqlite_casework)
    result = letter_cli(sqlite_url, ref, "--out", str(tmp_path / "y.pdf"))
    assert (result.exit_code, result.output) == (
        1,
        "Error: Saving as PDF needs LibreOffice, which is not installed here: install it, or save as Word (docx).\n",
    )
    assert list(tmp_path.glob("y*")) == [] and sqlite_casework.documents.list_documents(ref) == []


needs_libreoffice = pytest.mark.skipif(
    pdf.soffice() is None or shutil.which("pdfinfo") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice and poppler-utils are not installed",
)


def pdf_pages(data: bytes, folder: Path) -> tuple[str, list[str]]:
    """pdfinfo's page size line, and the text of each page."""
    path = folder / "letter.pdf"
    path.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    size = re.search(r"^Page size:\s+(.*)$", info, re.MULTILINE)
    assert size is not None
    return size.group(1), text.split("\f")[:-1]


@needs_libreoffice
def test_pdf_is_made_by_libreoffice(sqlite_casework: Casework, sqlite_url: str, tmp_path: Path) -> None:
    ref = full_case(sqlite_casework)
    result = letter_cli(sqlite_url, ref, "--out", str(tmp_path / "y.pdf"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "y.pdf").read_bytes().startswith(b"%PDF-")
    assert sqlite_casework.documents.list_documents(ref)[0].format == "pdf"


@needs_libreoffice
@pytest.mark.parametrize("name", BUILTINS)
def test_every_builtin_template_prints_on_a4_with_page_numbers(
    sqlite_casework: Casework, tmp_path: Path, name: str
) -> None:
    ref = chronology_case(sqlite_casework, relationship=relationship_for(name))
    size, pages = pdf_pages(draft(sqlite_casework, ref, name).file("pdf"), tmp_path)
    assert "(A4)" in size
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        assert f"Ref {ref}" in page
        assert (MARKING in page) is (available()[name].audience.value != "client")


@needs_libreoffice
def test_a_27_incident_chronology_takes_fewer_pages(sqlite_casework: Casework, tmp_path: Path) -> None:
    ref = chronology_case(sqlite_casework, 27)
    _, pages = pdf_pages(draft(sqlite_casework, ref, "incident-chronology").file("pdf"), tmp_path)
    chronology = [page for page in pages if "Date and time" in page]  # the header row heads each page
    assert len(chronology) <= 4 and len(pages) <= 9  # were 14 Letter pages, the table's header row once
