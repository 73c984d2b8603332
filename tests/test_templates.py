"""Templates of the service's own: listing, showing, overriding built-ins, and ``templates check``."""

from pathlib import Path

import pytest
from letter_cases import full_case
from typer.testing import CliRunner

from advocate_tui.cli.main import app
from advocate_tui.output.letters.documents import draft
from advocate_tui.output.letters.formats import Furniture, convert, parse, to_text
from advocate_tui.output.letters.templates import BUILTIN_DIR
from advocate_tui.services.casework import Casework
from advocate_tui.storage.config import user_templates_dir

OWN_SPO = """+++
title = "Our own SPO request"
description = "The service's wording."
audience = "police"
needs = ["perpetrator.name"]
+++
# Please apply for an SPO

{{ client.display_name }} needs protection from {{ perpetrator.name }}.
"""


def cli(*args: str) -> "CliRunner.invoke":
    return CliRunner().invoke(app, list(args))


def own_template(name: str, text: str) -> Path:
    folder = user_templates_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.md.j2"
    path.write_text(text, encoding="utf-8")
    return path


def test_list_shows_every_template_with_audience_and_origin() -> None:
    result = cli("templates", "list")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split() == ["NAME", "FOR", "FROM", "TITLE"]
    assert len(lines) == 15
    assert any(line.startswith("spo-request ") and "Police" in line and "built-in" in line for line in lines)


def test_a_user_template_overrides_the_builtin(sqlite_casework: Casework, sqlite_url: str) -> None:
    own_template("spo-request", OWN_SPO)
    listed = cli("templates", "list").output
    assert "yours, replaces the built-in  Our own SPO request" in listed
    ref = full_case(sqlite_casework)
    result = cli("--db", sqlite_url, "letter", ref, "spo-request", "--format", "md")
    assert result.exit_code == 0, result.output
    [saved] = [Path(line.removeprefix("Saved ")) for line in result.output.splitlines() if line.startswith("Saved ")]
    assert "Jo needs protection from Alex Notreal." in saved.read_text(encoding="utf-8")
    assert sqlite_casework.documents.list_documents(ref)[0].title == "Our own SPO request"


def test_a_user_part_replaces_the_builtin_letter_frame(sqlite_casework: Casework) -> None:
    own_template("_signature", "With thanks from {{ organisation.name }}\n")
    ref = full_case(sqlite_casework)
    assert draft(sqlite_casework, ref, "counselling-referral").markdown.endswith(
        "With thanks from Stalking Advocacy Service\n"
    )


def test_show_prints_the_description_needs_and_source() -> None:
    result = cli("templates", "show", "spo-request")
    assert result.exit_code == 0
    assert result.output.startswith("spo-request: Request to the police to apply for a Stalking Protection Order\n")
    assert "Needs:  case.oic_name, perpetrator.name, incidents" in result.output
    assert f"File:   {BUILTIN_DIR / 'spo-request.md.j2'} (built-in)" in result.output
    assert '{% extends "_letter.md.j2" %}' in result.output


def test_the_builtins_pass_the_check() -> None:
    result = cli("templates", "check")
    assert result.exit_code == 0, result.output
    assert result.output == f"{len(list(BUILTIN_DIR.glob('*.md.j2')))} template files checked: no problems.\n"


def test_check_reports_an_unclosed_tag_at_the_line_it_opens() -> None:
    opening = len(OWN_SPO.splitlines()) + 1
    path = own_template("broken", OWN_SPO + "{% if client.phone %}\nCall {{ client.phone }}\n\nThanks.\n")
    result = cli("templates", "check", str(path))
    assert (result.exit_code, result.output) == (
        1,
        f"{path}:{opening}: this {{% if %}} is never closed: add {{% endif %}} where it ends\nError: "
        "1 template file checked: 1 problem.\n",
    )


@pytest.mark.parametrize(
    "text", ["Call {{ client.phone \nsoon\n\nThanks.\n", "Call {{ client.phone \nat {{ today }}.\n"]
)
def test_check_reports_an_unclosed_print_at_the_line_it_opens(text: str) -> None:
    opening = len(OWN_SPO.splitlines()) + 1
    path = own_template("broken", OWN_SPO + text)
    result = cli("templates", "check", str(path))
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == f"{path}:{opening}: this {{{{ is never closed with }}}}"


def test_check_takes_a_template_by_name() -> None:
    own_template("broken", OWN_SPO + "{% for i in incidents %}\n")
    result = cli("templates", "check", "broken")
    assert result.exit_code == 1 and "this {% for %} is never closed: add {% endfor %}" in result.output


def test_check_reports_unknown_names_and_fields_with_lines() -> None:
    path = own_template(
        "typos",
        OWN_SPO + "{{ case.oic_nme }}\n{% for i in incidents %}{{ i.descripton }}{% endfor %}\n{{ clinet.name }}\n",
    )
    result = cli("templates", "check")
    assert result.exit_code == 1
    assert result.output.splitlines()[:3] == [
        f"{path}:10: case has no field 'oic_nme' (did you mean 'oic_name'?)",
        f"{path}:11: incident has no field 'descripton' (did you mean 'description'?)",
        f"{path}:12: 'clinet' is not a name templates can use (did you mean 'client'?)",
    ]


def test_check_reports_bad_front_matter_and_missing_parts() -> None:
    text = (
        OWN_SPO.replace('audience = "police"', 'audience = "neighbours"').replace(
            '["perpetrator.name"]', '["perpetrator.nam"]'
        )
        + '{% include "_nowhere.md.j2" %}\n'
    )
    path = own_template("front", text)
    result = cli("templates", "check", str(path.parent))
    lines = result.output.splitlines()
    assert lines[0].startswith(f"{path}:4: 'neighbours' is not a known audience: use one of client, police")
    assert lines[1].startswith(f"{path}:10: the template '_nowhere.md.j2' is not in ")


def test_a_broken_template_cannot_make_a_letter(sqlite_casework: Casework, sqlite_url: str) -> None:
    own_template("runtime", OWN_SPO + "{{ incidents[0].when | date }}\n")
    ref = full_case(sqlite_casework)
    result = cli("--db", sqlite_url, "letter", ref, "runtime")
    assert result.exit_code == 1
    assert result.output.startswith("Error: The template runtime cannot be used (")
    assert "runtime.md.j2:10:" in result.output
    assert result.output.endswith("run `advocate templates check runtime`.\n")
    assert sqlite_casework.documents.list_documents(ref) == []


def test_fields_lists_the_names_templates_can_use() -> None:
    result = cli("templates", "fields")
    assert result.exit_code == 0
    assert "oic_name                 The officer in the case." in result.output
    assert "  prose                    A list as 'a, b and c'; prose(\"or\") gives 'a, b or c'." in result.output


def test_unknown_check_path_is_one_sentence(tmp_path: Path) -> None:
    result = cli("templates", "check", str(tmp_path / "nope.md.j2"))
    assert (result.exit_code, result.output) == (1, f"Error: There is no file or folder {tmp_path / 'nope.md.j2'}.\n")


# -- the Markdown subset ------------------------------------------------------------------------

SAMPLE = """# Title

A paragraph with **bold** and a break\\
on the next line.

- one
- two
  - nested

1. first
2. second

| A | B |
| --- | --- |
| x \\| y | z |

---

After the page break.
"""


def test_the_markdown_subset_in_plain_text() -> None:
    assert to_text(parse(SAMPLE)) == (
        "Title\n=====\n\nA paragraph with bold and a break\non the next line.\n\n"
        "- one\n- two\n   - nested\n\n1. first\n2. second\n\n"
        "A     | B\n------+----\nx | y | z\n\n" + "-" * 78 + "\n\nAfter the page break.\n"
    )


def test_the_markdown_subset_in_html_and_word() -> None:
    html = convert(SAMPLE, "html", title="Sample <1>", furniture=Furniture(letterhead=("Service", "PO Box 1"))).decode()
    assert "<title>Sample &lt;1&gt;</title>" in html
    assert '<header class="letterhead"><strong>Service</strong><br>PO Box 1</header>' in html
    assert "<td>x | y</td>" in html and "<hr>" in html
    import io

    import docx

    document = docx.Document(io.BytesIO(convert(SAMPLE, "docx", title="Sample")))
    assert [(p.style.name, p.text) for p in document.paragraphs if p.text][:7] == [
        ("Heading 1", "Title"),
        ("Normal", "A paragraph with bold and a break\non the next line."),
        ("List Bullet", "one"),
        ("List Bullet", "two"),
        ("List Bullet 2", "nested"),
        ("Normal", "1.\tfirst"),
        ("Normal", "2.\tsecond"),
    ]
    assert document.core_properties.title == "Sample"


def test_wide_tables_in_plain_text_become_records() -> None:
    table = (
        "| Date | What | Who | Where | Evidence |\n| --- | --- | --- | --- | --- |\n| 1 Nov | "
        + "long " * 30
        + "| A | B | C |\n"
    )
    text = convert(table, "txt", title="t").decode()
    assert text.startswith("1 Nov\n  What: long long")
    assert text.endswith("  Who: A\n  Where: B\n  Evidence: C\n")


def test_a_template_with_broken_front_matter_does_not_hide_the_others() -> None:
    path = own_template("half-done", '+++\ntitle = "Half done"\n+++\nHello\n')
    result = cli("templates", "list")
    assert result.exit_code == 0
    assert "spo-request" in result.stdout and "half-done" not in result.stdout
    assert result.stderr == (
        f'Not usable: {path}:1: the front matter needs description = "…" (a text in quotes). '
        "Run `advocate templates check`.\n"
    )
