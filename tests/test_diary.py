"""The client's own diary: the blank template, and `incident import` reading CSV and Excel files (dry run first,
--apply to save), with UK dates, times, behaviour words, encodings, duplicates, formulas and size limits."""

import io
import json
import os
import stat
from datetime import date, datetime, time, timedelta
from pathlib import Path

import openpyxl
import pytest
from conftest import Advocate

from advocate_tui.db import Database, open_database
from advocate_tui.output.diary_template import FILE_NAME, shipped, template_csv, template_workbook
from advocate_tui.output.letters.documents import draft
from advocate_tui.services.casework import Casework
from advocate_tui.storage import audit, migrations
from advocate_tui.storage.diary_file import MAX_ROWS

HEADINGS = ["Date", "Time", "What happened", "Where", "Witnesses", "Evidence"]
FIRST_DAY = date(2026, 1, 5)
#: Lines (the headings are line 1) of the rows that cannot be logged, and why.
BAD = {
    30: ("31/02/2026", "9pm", "Rang the house phone at night", "is not a date that can be read"),
    75: ("4 Mar 2026", "25:00", "Waited outside the gym", "is not a time that can be read"),
    120: ("12 May 2026", "", "", "nothing under 'What happened'"),
    160: ("yesterday", "21:00", "Sent flowers to work", "is a relative date"),
}
ROWS = 200
READ_AS = {"csv": "CSV, UTF-8", "xlsx": "Excel workbook, sheet 'Sheet'"}


def ordinal(day: int) -> str:
    return f"{day}{'th' if 10 <= day % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10, 'th')}"


def date_form(number: int, day: date) -> str:
    """The UK forms a client writes a date in, in turn; the last has no year (the row before gives it)."""
    forms = [
        f"{day:%d/%m/%Y}",
        f"{day.day}/{day.month}/{day:%y}",
        f"{day.day} {day:%b %Y}",
        f"{ordinal(day.day)} {day:%B %Y}",
        f"{ordinal(day.day)} {day:%B}",
    ]
    return forms[number % len(forms)]


WHAT = [
    "Sent {n} texts overnight",
    "Followed me from the station",
    "Turned up at my house and knocked for ten minutes",
    "Rang {n} times from a withheld number",
    "Left a card on the car",
]


def diary_rows() -> list[list[str]]:
    """200 rows: 196 a client could write (times 9pm and 21:00 among them) and the four of :data:`BAD`."""
    rows = []
    for number in range(ROWS):
        line = number + 2
        if line in BAD:
            when, at, what, _ = BAD[line]
            rows.append([when, at, what, "", "", ""])
            continue
        day = FIRST_DAY + timedelta(days=number)
        at = ["9pm", "21:00", "9.30pm", "", "0715"][number % 5]
        what = WHAT[number % len(WHAT)].format(n=number) + f" (entry {number})"
        rows.append([date_form(number, day), at, what, "Home" if number % 3 else "", "", "Screenshots"])
    return rows


def write_csv(path: Path, rows: list[list[str]], *, encoding: str = "utf-8", delimiter: str = ",") -> Path:
    import csv

    with path.open("w", encoding=encoding, newline="") as stream:
        writer = csv.writer(stream, delimiter=delimiter)
        writer.writerow(HEADINGS)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[object]], headings: list[str] = HEADINGS) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headings)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


@pytest.fixture
def ref(advocate: Advocate) -> str:
    made = advocate("case", "new", "-q", "Jo Example", "--relationship", "ex-partner")
    assert made.exit_code == 0, made.stderr
    return made.stdout.strip()


def incidents(advocate: Advocate, ref: str) -> list[dict]:
    shown = advocate("case", "show", ref, "--json")
    assert shown.exit_code == 0, shown.stderr
    return json.loads(shown.stdout)["incidents"]


@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_a_diary_of_200_rows_is_shown_then_saved_once(advocate: Advocate, ref: str, tmp_path: Path, form: str) -> None:
    path = tmp_path / f"jo-diary.{form}"
    write_csv(path, diary_rows()) if form == "csv" else write_xlsx(path, diary_rows())  # type: ignore[arg-type]

    dry = advocate("incident", "import", ref, str(path))
    assert dry.exit_code == 0, dry.stderr
    out = dry.stdout.splitlines()
    assert out[0] == f"jo-diary.{form}: 200 rows read ({READ_AS[form]})."
    # each date as understood, with the time when one was given: 9pm and 21:00 alike
    assert "line 2: Mon 05 Jan 2026 21:00 — Sent 0 texts overnight (entry 0) [messages]" in out
    assert "line 3: Tue 06 Jan 2026 21:00 — Followed me from the station (entry 1) [following]" in out
    assert "line 5: Thu 08 Jan 2026 (no time given) — Rang 3 times from a withheld number (entry 3) [calls]" in out
    # "3rd December" with no year takes the year of the row before
    assert "line 6: Fri 09 Jan 2026 07:15 — Left a card on the car (entry 4) [letters-gifts]" in out
    for line, (_, _, _, reason) in BAD.items():
        assert any(o.startswith(f"line {line}: not read: ") and reason in o for o in out), line
    assert out[-2] == "196 new entries from the client's own record, 0 already logged, 4 rows not read."
    assert out[-1] == "Dry run: nothing saved; run again with --apply to add 196 entries."
    assert incidents(advocate, ref) == []

    saved = advocate("incident", "import", ref, str(path), "--apply")
    assert saved.exit_code == 0, saved.stderr
    assert saved.stdout.splitlines()[-1] == (
        f"Saved: 196 entries added to {ref}, each marked as from the client's own record."
    )
    logged = incidents(advocate, ref)
    assert len(logged) == 196
    assert {i["source"] for i in logged} == {"client-record"}
    first = logged[0]
    assert (first["occurred_at"], first["approximate"], first["behaviours"]) == (
        "2026-01-05T21:00:00Z",
        False,
        ["messages"],
    )
    assert (first["evidence_what"], first["location"]) == ("Screenshots", None)
    undated_time = next(i for i in logged if i["description"].endswith("(entry 3)"))
    assert undated_time["approximate"] is True

    again = advocate("incident", "import", ref, str(path), "--apply")
    assert again.exit_code == 0, again.stderr
    assert "0 new entries from the client's own record, 196 already logged, 4 rows not read." in again.stdout
    assert len(incidents(advocate, ref)) == 196

    trail = advocate("audit", "show", ref, "--limit", "1000")
    assert f"from the client's own record: jo-diary.{form}, line 2" in trail.stdout
    assert f"from the client's own record: jo-diary.{form}, line 201" in trail.stdout
    verified = advocate("audit", "verify")
    assert verified.exit_code == 0 and "is whole" in verified.stdout


def test_the_same_entry_is_the_same_date_time_and_text_once_spaces_and_case_are_normalised(
    advocate: Advocate, ref: str, tmp_path: Path
) -> None:
    assert advocate("incident", ref, "Sent 40 texts", "--when", "2026-11-02 21:00").exit_code == 0
    path = write_csv(
        tmp_path / "d.csv",
        [
            ["2/11/2026", "9pm", "  sent 40   TEXTS ", "", "", ""],  # the advocate logged it already
            ["3/11/2026", "", "Waited outside", "", "", ""],
            ["3 Nov 2026", "", "waited  outside", "", "", ""],  # the same as the line before
            ["3 Nov 2026", "9pm", "Waited outside", "", "", ""],  # a time makes it another entry
            ["4 Nov 2026", "", "Waited outside", "", "", ""],  # and so does another day
            ["5 Nov 2026", "about midnight", "Knocked", "", "", ""],  # kept as a day alone, found again as one
        ],
    )
    out = advocate("incident", "import", ref, str(path), "--apply").stdout
    assert "line 2: already logged (in the case's log)" in out
    assert "line 4: already logged (the same as line 3)" in out
    assert "4 new entries from the client's own record, 2 already logged, 0 rows not read" in out
    assert len(incidents(advocate, ref)) == 5
    again = json.loads(advocate("incident", "import", ref, str(path), "--json").stdout)
    assert (again["new"], len(again["already_logged"])) == ([], 6)


def test_encodings_and_separators_are_read_and_said(advocate: Advocate, ref: str, tmp_path: Path) -> None:
    rows = [["1/11/2026", "10am", "Posted about me on Facebook near the café", "Café", "", ""]]
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + write_csv(tmp_path / "plain.csv", rows).read_bytes())
    windows = write_csv(tmp_path / "windows.csv", rows, encoding="cp1252", delimiter=";")
    tabbed = write_csv(tmp_path / "tabbed.csv", rows, delimiter="\t")
    for path, said in ((bom, "CSV, UTF-8"), (windows, "CSV, Windows-1252, as it is not UTF-8"), (tabbed, "CSV, UTF-8")):
        out = advocate("incident", "import", ref, str(path), "--json")
        assert out.exit_code == 0, out.stderr
        report = json.loads(out.stdout)
        assert report["read_as"] == said
        [entry] = report["new"]
        assert entry["description"] == "Posted about me on Facebook near the café"
        assert (entry["location"], entry["behaviours"]) == ("Café", ["social-media"])
        assert entry["occurred_at"] == "2026-11-01T10:00:00Z"


def test_headings_are_forgiving_and_behaviours_are_mapped_or_flagged(
    advocate: Advocate, ref: str, tmp_path: Path
) -> None:
    path = tmp_path / "d.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["  WHEN ", "time of day", "What happened?", "Location", "Who saw it", "PROOF", "Behaviour", "Mood"])
    sheet.append(
        [datetime(2026, 10, 1), time(21, 5), "Outside again", "Bus stop", "Sam", "Photo", "texts; followed", "low"]
    )
    sheet.append([date(2026, 10, 2), None, "Outside again", None, None, None, "glaring, Watching", None])
    sheet.append(["3 Oct 2026", "about 9pm", "He smashed the car window", None, None, None, None, None])
    sheet.append(["4 Oct 2026", None, "A strange feeling all day", None, None, None, None, None])
    workbook.save(path)
    report = json.loads(advocate("incident", "import", ref, str(path), "--json").stdout)
    assert report["columns_not_read"] == ["Mood"]
    first, second, third, fourth = report["new"]
    assert first["occurred_at"] == "2026-10-01T20:05:00Z"  # an Excel date and time, as entered (BST)
    assert (first["behaviours"], first["witnesses"], first["evidence"]) == (["following", "messages"], "Sam", "Photo")
    assert (second["behaviours"], second["not_recognised"], second["time_given"]) == (["watching"], ["glaring"], False)
    assert (third["behaviours"], third["approximate"], third["time_given"]) == (["property-damage"], True, True)
    assert (fourth["behaviours"], fourth["not_recognised"]) == ([], [])
    shown = advocate("incident", "import", ref, str(path)).stdout
    assert "line 3: Fri 02 Oct 2026 (no time given) — Outside again [watching; not recognised: glaring]" in shown
    assert (
        "line 5: Sun 04 Oct 2026 (no time given) — A strange feeling all day [behaviour not recognised, logged as other]"
        in shown
    )
    assert "2 with a behaviour not recognised" in shown
    advocate("incident", "import", ref, str(path), "--apply")
    assert [i["behaviours"] for i in incidents(advocate, ref)][-1] == ["other"]


def test_formulas_stay_the_text_they_are(advocate: Advocate, ref: str, tmp_path: Path) -> None:
    formula = '=HYPERLINK("http://example.invalid/x","click")'
    csv_path = write_csv(tmp_path / "d.csv", [["1/11/2026", "", formula, "=1+1", "", ""]])
    xlsx_path = write_xlsx(tmp_path / "d.xlsx", [["2/11/2026", "", formula, "=1+1", "", ""]])
    for path in (csv_path, xlsx_path):
        assert advocate("incident", "import", ref, str(path), "--apply").exit_code == 0
    assert [(i["description"], i["location"]) for i in incidents(advocate, ref)] == [(formula, "=1+1")] * 2


def test_a_year_comes_from_the_nearest_earlier_row_or_the_row_is_reported(
    advocate: Advocate, ref: str, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "d.csv",
        [
            ["3rd December", "", "Rang", "", "", ""],
            ["4 Dec 2025", "", "Rang", "", "", ""],
            ["5th December", "", "Rang", "", "", ""],
            ["6 Dec 2030", "", "Rang", "", "", ""],
            ["last Tuesday", "", "Rang", "", "", ""],
        ],
    )
    out = advocate("incident", "import", ref, str(path)).stdout
    assert "line 2: not read: '3rd December' has no year, and no earlier row gives one." in out
    assert "line 4: Fri 05 Dec 2025 (no time given) — Rang [calls]" in out
    assert "line 5: not read: Fri 06 Dec 2030 (no time given) is in the future." in out
    assert "line 6: not read: 'last Tuesday' is a relative date" in out


def test_a_file_too_large_is_refused_in_one_sentence(advocate: Advocate, ref: str, tmp_path: Path) -> None:
    many = write_csv(tmp_path / "many.csv", [["1/11/2026", "", f"Rang {n}", "", "", ""] for n in range(MAX_ROWS + 1)])
    big = tmp_path / "big.csv"
    big.write_bytes(b"Date,What happened\n" + b"1/11/2026," + b"x" * (5 * 1024 * 1024) + b"\n")
    for path, sentence in (
        (many, f"Error: many.csv has more than {MAX_ROWS:,} rows, more than one import takes: split it.\n"),
        (big, "Error: big.csv is larger than 5 MB, more than a diary holds: split it into smaller files.\n"),
    ):
        refused = advocate("incident", "import", ref, str(path), "--apply")
        assert (refused.exit_code, refused.stderr, refused.stdout) == (1, sentence, "")
    assert incidents(advocate, ref) == []


@pytest.mark.parametrize(
    ("name", "content", "sentence"),
    [
        ("d.xls", b"x", "d.xls is not a .csv or .xlsx file"),
        ("d.xlsx", b"not a zip", "d.xlsx is not an Excel workbook that can be read"),
        ("d.csv", b"Day,Notes\n1/11/2026,x\n", "The first row of the file has no 'What happened' heading"),
        ("d.csv", b"\n\n", "d.csv is empty"),
        ("missing.csv", None, "Cannot read"),
    ],
)
def test_a_file_that_cannot_be_read_is_one_sentence(
    advocate: Advocate, ref: str, tmp_path: Path, name: str, content: bytes | None, sentence: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    refused = advocate("incident", "import", ref, str(path))
    assert refused.exit_code == 1 and sentence in refused.stderr and len(refused.stderr.splitlines()) == 1


def test_the_source_shows_in_case_show_and_the_chronology_letter(sqlite_casework: Casework, tmp_path: Path) -> None:
    ref = sqlite_casework.cases.create_case("Jo Example", relationship="stranger").reference
    sqlite_casework.log.add_incident(ref, "Rang twice.", datetime(2026, 11, 19, 9))
    path = write_csv(tmp_path / "d.csv", [["20/11/2026", "9pm", "Followed me home", "", "", ""]])
    assert sqlite_casework.diary.apply(ref, path).saved
    text = draft(sqlite_casework, ref, "incident-chronology").markdown
    first, second = text.split("\n### ")[1:3]
    assert "own record" not in first
    assert "An entry taken from Jo Example's own diary says so." in text.split("\n### ")[0]
    assert "- From Jo Example's own record: taken from the diary they kept, as they wrote it" in second


def test_case_show_marks_the_entries_from_the_clients_record(advocate: Advocate, ref: str, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "d.csv", [["20/11/2026", "9pm", "Followed me home", "", "", ""]])
    advocate("incident", "import", ref, str(path), "--apply")
    assert "following: Followed me home (from the client's own record)" in advocate("case", "show", ref).stdout


# -- the blank template ---------------------------------------------------------------------------


@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_the_template_is_written_privately_never_over_a_file_and_imports_as_empty(
    advocate: Advocate, ref: str, tmp_path: Path, form: str
) -> None:
    out = tmp_path / f"blank.{form}"
    made = advocate("incident", "template", "--out", str(out))
    assert made.exit_code == 0, made.stderr
    assert out.read_bytes() == shipped(f".{form}")
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    again = advocate("incident", "template", "--out", str(out))
    assert (again.exit_code, again.stderr) == (1, f"Error: {out} exists: choose another name or add --force.\n")
    assert advocate("incident", "template", "--out", str(out), "--force").exit_code == 0
    report = json.loads(advocate("incident", "import", ref, str(out), "--json").stdout)
    assert (report["new"], report["not_read"], report["columns_not_read"]) == ([], [], [])


def test_the_template_needs_a_csv_or_xlsx_name(advocate: Advocate, tmp_path: Path) -> None:
    refused = advocate("incident", "template", "--out", str(tmp_path / "blank.ods"))
    assert refused.exit_code == 1 and "does not end in .csv or .xlsx" in refused.stderr
    assert not (tmp_path / "blank.ods").exists()


def test_the_shipped_templates_are_what_the_code_writes() -> None:
    """Run `python -m advocate_tui.output.diary_template` after changing the layout, and this passes again."""
    assert shipped(".csv") == template_csv()
    assert template_csv().decode("utf-8-sig").splitlines() == [",".join(HEADINGS)]
    made, kept = template_workbook(), openpyxl.load_workbook(io.BytesIO(shipped(".xlsx")))
    assert kept.sheetnames == made.sheetnames == ["Diary", "How to fill it in"]
    for name in made.sheetnames:
        assert [[c.value for c in row] for row in kept[name].iter_rows()] == [
            [c.value for c in row] for row in made[name].iter_rows()
        ]
        assert {k: d.width for k, d in kept[name].column_dimensions.items()} == {
            k: d.width for k, d in made[name].column_dimensions.items()
        }
    assert kept["Diary"].freeze_panes == "A2"
    assert FILE_NAME == "client-diary"


# -- the upgrade ----------------------------------------------------------------------------------


def test_the_upgrade_keeps_every_incident_with_no_source_and_the_trail_whole(database_url: str) -> None:
    from test_migrations import FIRST, assert_kept, dump, seed_first_schema

    bare = open_database(database_url, migrate=False)
    try:
        migrations.upgrade(bare, FIRST)
        seed_first_schema(bare)
        migrations.upgrade(bare, "0015")
        before = dump(bare)
    finally:
        bare.dispose()
    database: Database = open_database(database_url)
    try:
        after = dump(database)
        assert_kept(before, after)
        assert before["incident"] and {row["source"] for row in after["incident"]} == {None}
        with database.reader() as session:
            assert audit.verify(session).breaks == ()  # the chain, and every record as the trail last recorded it
            assert [e.action for e in audit.entries(session)][-len(after["incident"]) :] == ["baseline"] * len(
                after["incident"]
            )
    finally:
        database.dispose()
