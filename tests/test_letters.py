"""Letters from the built-in templates: every template, every format, full and sparse cases, the
confidential address, missing data, and the record of each document made."""

import hashlib
import html
import io
import os
import re
import stat
import sys
from datetime import datetime
from pathlib import Path

import docx
import pytest
from letter_cases import SECRET_ADDRESS, SECRET_PARTS, full_case, relationship_for, sparse_case, sparse_casework
from typer.testing import CliRunner

from advocate_tui.cli.main import app
from advocate_tui.output.letters.context import MissingDataError
from advocate_tui.output.letters.documents import draft, save
from advocate_tui.output.letters.formats import FORMATS, convert
from advocate_tui.output.letters.templates import BUILTIN_DIR, available
from advocate_tui.rules.errors import InvalidInputError
from advocate_tui.services.casework import Casework
from advocate_tui.services.withholding import Overrides
from advocate_tui.storage.config import load_settings

BUILTINS = sorted(available())
FORBIDDEN = ("None", "{{", "{%", "Undefined")


def text_of(data: bytes, fmt: str) -> str:
    """What a person reads in the file: for Word, the headers, paragraphs and table cells."""
    if fmt != "docx":
        return data.decode("utf-8")
    document = docx.Document(io.BytesIO(data))
    first = document.sections[0]
    parts = [p.text for part in (first.first_page_header, first.header) for p in part.paragraphs]
    parts += [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def assert_clean(text: str, where: str) -> None:
    for bad in FORBIDDEN:
        assert bad not in text, f"{where} contains {bad!r}"


def test_there_are_fourteen_builtin_templates() -> None:
    assert len(BUILTINS) == 14
    assert all(t.path.parent == BUILTIN_DIR for t in available().values())


@pytest.mark.parametrize("name", BUILTINS)
def test_every_template_renders_a_full_case_in_every_format(casework: Casework, name: str) -> None:
    ref = full_case(casework, relationship_for(name))
    letter = draft(casework, ref, name)
    assert_clean(letter.markdown, f"{name}.md")
    for fmt in FORMATS:
        data = convert(letter.markdown, fmt, title=letter.template.title, furniture=letter.furniture)
        assert_clean(text_of(data, fmt), f"{name}.{fmt}")
    headings = [line.lstrip("#").strip() for line in letter.markdown.splitlines() if line.startswith("#")]
    document = docx.Document(io.BytesIO(convert(letter.markdown, "docx", title=letter.template.title)))
    assert [p.text for p in document.paragraphs if p.style.name.startswith("Heading")] == headings


@pytest.mark.parametrize("name", BUILTINS)
def test_every_template_renders_a_sparse_case_in_every_format(casework: Casework, tmp_path: Path, name: str) -> None:
    sparse = sparse_casework(casework, tmp_path)
    template = available()[name]
    ref = sparse_case(sparse, template.needs, relationship_for(name))
    letter = draft(sparse, ref, name)
    for fmt in FORMATS:
        data = convert(letter.markdown, fmt, title=template.title, furniture=letter.furniture)
        assert_clean(text_of(data, fmt), f"sparse {name}.{fmt}")


@pytest.mark.parametrize("name", [n for n in BUILTINS if available()[n].needs])
def test_each_need_left_out_names_the_field(casework: Casework, tmp_path: Path, name: str) -> None:
    sparse = sparse_casework(casework, tmp_path)
    needs = available()[name].needs
    for missing in needs:
        ref = sparse_case(sparse, tuple(n for n in needs if n != missing), relationship_for(name))
        with pytest.raises(MissingDataError, match=ref):
            draft(sparse, ref, name)


def test_docx_has_the_letterhead_headings_and_chronology_table(sqlite_casework: Casework, tmp_path: Path) -> None:
    ref = full_case(sqlite_casework)
    letter = draft(sqlite_casework, ref, "spo-request")
    document = docx.Document(
        io.BytesIO(convert(letter.markdown, "docx", title=letter.template.title, furniture=letter.furniture))
    )
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [
        "The person the order would be made against",
        "What the court must be satisfied of",
        "1. Alex Notreal has carried out acts associated with stalking",
        "2. Alex Notreal poses a risk associated with stalking to Jo",
        "3. An order is necessary to protect Jo from that risk",
        "Chronology",
        "Terms we ask the police to seek",
        "Interim order",
        "Contacting Jo safely",
        "Next steps",
    ]
    assert document.sections[0].first_page_header.paragraphs[1].text.startswith(load_settings().organisation.name)
    chronology = document.tables[1]
    assert [c.text for c in chronology.rows[0].cells] == [
        "Date and time",
        "What happened",
        "Behaviour",
        "Where",
        "Evidence kept",
        "Police reference",
    ]
    assert [row.cells[0].text for row in chronology.rows[1:]] == [
        "1 Nov 2026 21:30",
        "about 10 Nov 2026 18:00",
        "15 Nov 2026 09:00",
    ]
    assert chronology.rows[1].cells[5].text == "NS-INC-001"
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert "Name: Alex Notreal" in bullets
    assert any(run.bold for p in document.paragraphs for run in p.runs if run.text == "high")


INCLUDE = re.compile(r'{%-? include "([^"]+)"')


def test_every_document_for_someone_else_withholds_a_confidential_address(sqlite_casework: Casework) -> None:
    refs = {
        relationship: full_case(sqlite_casework, relationship)
        for relationship in (None, "ex-partner", "friend-acquaintance")
    }
    for name, template in available().items():
        letter = draft(sqlite_casework, refs[relationship_for(name)], name)
        outputs = [
            text_of(convert(letter.markdown, fmt, title=template.title, furniture=letter.furniture), fmt)
            for fmt in FORMATS
        ]
        for text in outputs:
            if template.audience == "client":
                continue
            for part in SECRET_PARTS:
                assert part not in text, f"{name} shows {part}"
        source = template.path.read_text(encoding="utf-8")
        source += "".join((BUILTIN_DIR / part).read_text(encoding="utf-8") for part in INCLUDE.findall(source))
        if template.audience != "client" and "client.address" in source and "client.address_withheld" not in source:
            assert "[address withheld]" in letter.markdown, name
    court_letter = draft(sqlite_casework, refs[None], "court-date-letter").markdown
    assert "12 Hidden Fiction Lane\\\nHiddenville\\\nNorthshire\\\nNS9 9ZZ" in court_letter


def test_including_the_address_needs_a_reason_and_is_recorded(sqlite_casework: Casework) -> None:
    ref = full_case(sqlite_casework)
    with pytest.raises(InvalidInputError, match="needs a reason"):
        Overrides.asked(address="  ")
    letter = draft(sqlite_casework, ref, "home-security-referral", Overrides.asked(address="Fitter must attend"))
    assert "12 Hidden Fiction Lane, Hiddenville, Northshire, NS9 9ZZ" in letter.markdown
    document = save(sqlite_casework, letter, "md")
    assert (document.address_override, document.address_override_reason) == (True, "Fitter must attend")
    client_letter = draft(sqlite_casework, ref, "court-date-letter", Overrides.asked(address="not needed"))
    assert client_letter.address_override_reason is None


def test_text_from_the_case_cannot_become_markup(sqlite_casework: Casework) -> None:
    ref = sqlite_casework.cases.create_case(
        "Jo Example", relationship="stranger", perpetrator_name="# Not | a heading"
    ).reference
    sqlite_casework.log.add_incident(ref, "1. Sent **this** | and that", datetime(2026, 11, 20, 9))
    letter = draft(sqlite_casework, ref, "incident-chronology")
    page = convert(letter.markdown, "html", title="t").decode()
    assert "<h1>Not" not in page and "<strong>this</strong>" not in page
    assert "# Not | a heading" in page and "1. Sent **this** | and that" in page
    assert page.count("<th>") == 4 + 6  # the behaviour summary and the chronology, no extra columns


HOSTILE = (
    "<b>loud</b> <script>alert(1)</script> [click](http://example.invalid) ![x](y.png) *star* _under_ &amp; <!-- c -->"
)


@pytest.mark.parametrize("fmt", FORMATS)
def test_markup_from_the_case_stays_text_in_every_format(sqlite_casework: Casework, fmt: str) -> None:
    """A Markdown viewer shows the .md file's case text as typed (no tags, links, emphasis or
    entities), and the other formats show it as typed too, with no escaping characters left."""
    from markdown_it import MarkdownIt

    ref = sqlite_casework.cases.create_case("Jo Example", relationship="stranger", perpetrator_name="# Al").reference
    sqlite_casework.log.add_incident(ref, HOSTILE, datetime(2026, 11, 20, 9), location="<i>Park</i> [gate]")
    letter = draft(sqlite_casework, ref, "incident-chronology")
    data = convert(letter.markdown, fmt, title="t", furniture=letter.furniture)
    if fmt == "md":  # as a viewer that allows HTML (GitHub, most editors) would show it
        shown = MarkdownIt("commonmark", {"html": True}).render(data.decode())
        for made in ("<b>", "<script", "<a ", "<img", "<em>", "<i>", "<!--", "<h1>Al"):
            assert made not in shown
        assert HOSTILE.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") in shown
        assert "&lt;i&gt;Park&lt;/i&gt; [gate]" in shown
    elif fmt == "html":
        assert "<script" not in data.decode() and html.escape(HOSTILE) in data.decode()
    else:
        assert HOSTILE in text_of(data, fmt).replace("\n", " ") and "\\" not in text_of(data, fmt)


# -- the command line ---------------------------------------------------------------------------


def run(database_url: str, *args: str) -> "CliRunner.invoke":
    return CliRunner().invoke(app, ["--db", database_url, *args])


def documents_folder() -> Path:
    from advocate_tui.storage.config import documents_dir

    return documents_dir()


def test_letter_saves_the_file_and_records_it(sqlite_casework: Casework, sqlite_url: str) -> None:
    ref = full_case(sqlite_casework)
    result = run(sqlite_url, "letter", ref, "spo-request")
    assert result.exit_code == 0, result.output
    path = documents_folder() / f"{ref}_spo-request_2026-11-23.docx"
    assert f"Saved {path}" in result.output.splitlines()
    assert path.stat().st_mode & 0o777 == 0o600
    [document] = sqlite_casework.documents.list_documents(ref)
    assert (document.template, document.audience, document.format, document.path) == (
        "spo-request",
        "police",
        "docx",
        str(path),
    )
    assert document.content_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert document.created_by == "test-advocate" and not document.address_override

    again = run(sqlite_url, "letter", ref, "spo-request")
    assert again.exit_code == 0
    assert (documents_folder() / f"{ref}_spo-request_2026-11-23_2.docx").exists()
    assert path.exists()


@pytest.mark.parametrize("fmt", FORMATS)
def test_letter_in_each_format(sqlite_casework: Casework, sqlite_url: str, tmp_path: Path, fmt: str) -> None:
    ref = full_case(sqlite_casework)
    out = tmp_path / f"chronology.{fmt}"
    result = run(sqlite_url, "letter", ref, "incident-chronology", "--out", str(out))
    assert result.exit_code == 0, result.output
    text = text_of(out.read_bytes(), fmt)
    assert "Forty calls from a withheld number." in text
    assert sqlite_casework.documents.list_documents(ref)[0].format == fmt


def test_missing_officer_is_one_sentence_and_writes_nothing(sqlite_casework: Casework, sqlite_url: str) -> None:
    ref = sqlite_casework.cases.create_case(
        "Jo Example", relationship="ex-partner", perpetrator_name="Alex Notreal"
    ).reference
    sqlite_casework.log.add_incident(ref, "Calls.", datetime(2026, 11, 20, 9))
    result = run(sqlite_url, "letter", ref, "spo-request")
    assert result.exit_code == 1
    assert result.output == (
        f"Error: The officer in the case is not set on {ref}: add it under Overview → Referral and police.\n"
    )
    assert not documents_folder().exists() or not any(documents_folder().iterdir())
    assert sqlite_casework.documents.list_documents(ref) == []


def test_several_missing_things_are_named_together(sqlite_casework: Casework, sqlite_url: str) -> None:
    ref = sqlite_casework.cases.create_case("Jo Example").reference
    result = run(sqlite_url, "letter", ref, "spo-request")
    assert result.exit_code == 1
    message = result.output
    assert message.startswith("Error: This letter needs 3 things not yet recorded:")
    for part in (
        "The officer in the case is not set",
        "The perpetrator's name is not set",
        "The incident log is empty",
    ):
        assert part in message
    assert message.count("\n") == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "rtf"], "'rtf' is not a document format: use one of docx, pdf, md, txt, html."),
        (["--out", "x.md", "--format", "txt"], "--out ends in .md but --format is txt: make them agree."),
        (
            ["--out", "/no/such/folder/x.md"],
            "The folder /no/such/folder does not exist: create it or choose another --out.",
        ),
    ],
)
def test_bad_output_options_write_nothing(
    sqlite_casework: Casework, sqlite_url: str, args: list[str], message: str
) -> None:
    ref = full_case(sqlite_casework)
    result = run(sqlite_url, "letter", ref, "incident-chronology", *args)
    assert (result.exit_code, result.output) == (1, f"Error: {message}\n")
    assert sqlite_casework.documents.list_documents(ref) == []


def test_out_never_replaces_a_file(sqlite_casework: Casework, sqlite_url: str, tmp_path: Path) -> None:
    ref = full_case(sqlite_casework)
    out = tmp_path / "letter.txt"
    out.write_text("keep me", encoding="utf-8")
    result = run(sqlite_url, "letter", ref, "incident-chronology", "--out", str(out))
    assert (result.exit_code, result.output) == (
        1,
        f"Error: {out} already exists: choose another name (nothing was written).\n",
    )
    assert out.read_text(encoding="utf-8") == "keep me"
    assert sqlite_casework.documents.list_documents(ref) == []
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".advocate-")) == []


@pytest.mark.skipif(sys.platform == "win32", reason="named pipes are made with os.mkfifo")
def test_out_is_never_a_pipe_or_device(sqlite_casework: Casework, sqlite_url: str, tmp_path: Path) -> None:
    ref = full_case(sqlite_casework)
    pipe = tmp_path / "pipe.txt"  # stands for a device such as /dev/full
    os.mkfifo(pipe)
    result = run(sqlite_url, "letter", ref, "incident-chronology", "--out", str(pipe))
    assert (result.exit_code, result.output) == (
        1,
        f"Error: {pipe} is not an ordinary file (it is a named pipe): give the name of a file to write.\n",
    )
    assert stat.S_ISFIFO(pipe.lstat().st_mode)
    assert sqlite_casework.documents.list_documents(ref) == []


def test_unknown_template_suggests_a_name(sqlite_casework: Casework, sqlite_url: str) -> None:
    ref = full_case(sqlite_casework)
    result = run(sqlite_url, "letter", ref, "spo-requst")
    assert (
        result.output
        == "Error: There is no template called 'spo-requst'. Did you mean spo-request? See `advocate templates list`.\n"
    )


def test_include_address_on_the_command_line(sqlite_casework: Casework, sqlite_url: str, tmp_path: Path) -> None:
    ref = full_case(sqlite_casework)
    out = tmp_path / "referral.md"
    result = run(
        sqlite_url,
        "letter",
        ref,
        "home-security-referral",
        "--out",
        str(out),
        "--include-address",
        "The fitter needs it",
    )
    assert result.exit_code == 0, result.output
    assert "It includes the client's confidential address" in result.output
    assert SECRET_ADDRESS.splitlines()[0] in out.read_text(encoding="utf-8")
    assert sqlite_casework.documents.list_documents(ref)[0].address_override_reason == "The fitter needs it"


def test_organisation_settings_make_the_letterhead(
    sqlite_casework: Casework, sqlite_url: str, tmp_path: Path, isolated_home: Path
) -> None:
    config = isolated_home / "config" / "advocate-tui" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    folder = tmp_path / "letters"
    config.write_text(
        '[advocate]\nname = "Sam Carter"\nphone = "01632 960123"\nsignature = ["Sam Carter", "ISA"]\n'
        '[organisation]\nname = "Northshire Stalking Advocacy"\naddress = ["PO Box 1", "Northshire"]\n'
        'phone = "01632 960000"\n'
        f'[documents]\nfolder = "{folder}"\n',
        encoding="utf-8",
    )
    load_settings.cache_clear()
    ref = full_case(sqlite_casework)
    result = run(sqlite_url, "letter", ref, "counselling-referral", "--format", "txt")
    assert result.exit_code == 0, result.output
    [saved] = folder.iterdir()
    text = saved.read_text(encoding="utf-8")
    assert text.startswith("Northshire Stalking Advocacy\nPO Box 1\nNorthshire\nTel 01632 960000\n")
    assert re.search(r"Sam Carter\nISA\nTel 01632 960123\nNorthshire Stalking Advocacy\n$", text)
    shown = CliRunner().invoke(app, ["config"]).output
    assert f"Documents:   {folder}" in shown
    assert "Letterhead:  Northshire Stalking Advocacy, PO Box 1, Northshire, Tel 01632 960000" in shown


def test_the_safety_plan_leaflet_explains_the_silent_solution_for_mobiles_and_landlines(
    sqlite_casework: Casework,
) -> None:
    ref = sqlite_casework.cases.create_case("Jo Example", relationship="stranger").reference
    text = " ".join(draft(sqlite_casework, ref, "safety-plan-summary").markdown.split())
    assert "when the operator asks, cough, tap the phone or make any sound you can" in text
    assert "a recorded message asks you to press **55**. Press it when you hear that message" in text
    assert "Pressing 55 does not tell them where you are" in text
    assert "**On a landline:** 55 does not apply. Stay on the line" in text


def test_the_chronology_says_which_incidents_were_corrected_and_by_whom(sqlite_casework: Casework) -> None:
    ref = sqlite_casework.cases.create_case("Jo Example", relationship="stranger").reference
    kept = sqlite_casework.log.add_incident(ref, "Rang twice.", datetime(2026, 11, 19, 9))
    wrong = sqlite_casework.log.add_incident(ref, "Folowed to work.", datetime(2026, 11, 20, 9))
    sqlite_casework.log.correct_incident(wrong.id, wrong.version, {"description": "Followed to work."}, "Typo")
    text = draft(sqlite_casework, ref, "incident-chronology").markdown
    first, second = text.split("\n### ")[1:3]
    assert kept.description in first and "Corrected" not in first
    assert "Followed to work." in second and "Folowed" not in second
    assert (
        "- Corrected by Test Advocate on Monday 23 November 2026 at 10:00; the wording it replaced is kept in our records"
        in second
    )
