"""A service's own template cannot make a letter without end: output size, loops and recursion are
bounded, and each refusal is one sentence naming the template and line; nothing is saved or recorded."""

import time
from pathlib import Path

import pytest
from letter_cases import full_case
from typer.testing import CliRunner

from advocate_tui.cli.main import app
from advocate_tui.services.casework import Casework

FRONT = '+++\ntitle = "Runaway"\ndescription = "A template that never ends."\naudience = "police"\n+++\n'
LINE = 7  # the line under test, after the front matter and a line of text

RUNAWAYS = {
    "a huge repeat": "{{ 'x' * 10**9 }}",
    "a huge power": "{{ 2 ** (10 ** 8) }}",
    "a huge range": "{% for i in range(10**9) %}x{% endfor %}",
    "loops inside loops": "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}",
    "a recursive macro": "{% macro r(n) %}{{ r(n + 1) }}{% endmacro %}{{ r(0) }}",
    "doubling text": "{% set ns = namespace(s='x') %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
    "doubling by +": "{% set ns = namespace(s='x') %}{% for i in range(60) %}{% set ns.s = ns.s + ns.s %}{% endfor %}",
    "a long literal loop": "{% for i in range(99999) %}" + "y" * 200 + "{% endfor %}",
}


@pytest.mark.parametrize("body", RUNAWAYS.values(), ids=RUNAWAYS.keys())
def test_a_runaway_template_is_one_sentence_and_nothing_is_saved(
    sqlite_casework: Casework, sqlite_url: str, tmp_path: Path, body: str
) -> None:
    template = tmp_path / "runaway.md.j2"
    template.write_text(FRONT + "Dear officer,\n" + body + "\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    ref = full_case(sqlite_casework)
    started = time.monotonic()
    result = CliRunner().invoke(app, ["--db", sqlite_url, "letter", ref, str(template), "--out", str(out)])
    assert time.monotonic() - started < 20
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: The template runaway cannot be used ({template}:{LINE}: ")
    assert result.output.count("\n") == 1 and "Traceback" not in result.output
    assert result.output.endswith(f"run `advocate templates check {template}`.\n")
    assert list(out.iterdir()) == []
    assert sqlite_casework.documents.list_documents(ref) == []
    assert sqlite_casework.sharing.sharing_record(ref).disclosures == ()


def test_ordinary_loops_and_text_are_untouched(sqlite_casework: Casework, sqlite_url: str, tmp_path: Path) -> None:
    template = tmp_path / "fine.md.j2"
    template.write_text(
        FRONT + "{% for i in range(500) %}{{ 'ab' * 3 }}{% endfor %}\n{{ 2 ** 10 }} {{ 'a' ~ 'b' }}\n", encoding="utf-8"
    )
    ref = full_case(sqlite_casework)
    out = tmp_path / "fine.md"
    result = CliRunner().invoke(app, ["--db", sqlite_url, "letter", ref, str(template), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "ababab" * 500 in out.read_text(encoding="utf-8") and "1024 ab" in out.read_text(encoding="utf-8")
