"""Statistics returns: one service's anonymised counts for a period, in a file that several services' can be
combined from into one countywide return (README, "One countywide return").

A return holds the report's sections exactly as :func:`~advocate_tui.services.reports.build_report` counted
them, unsuppressed (suppression is applied to the combined figures, after adding them up), and nothing about any
one person: section keys, titles, column names, row labels (categories), counts, and for each median the number
of cases that took each number of days, which is what a median over several services needs. The service is named
by its configured name and its database's id (the one calendar events carry).
"""

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from advocate_tui.rules import clock
from advocate_tui.rules.dates import uk_date
from advocate_tui.rules.errors import InvalidInputError
from advocate_tui.services.reports import NOT_RECORDED, Median, Report, Row, Section, Total, Value
from advocate_tui.storage.files import read_small_file, write_file

FORMAT = "advocate-statistics/1"
FORMAT_FAMILY = "advocate-statistics/"
#: Larger than any return (a year of a big service is a few kilobytes), small enough to read whole.
MAX_BYTES = 2 * 1024 * 1024
#: The most a count in a return may be, and the longest text: beyond them the file was not made by us.
MOST = 10**9
LONGEST = 500
ADDS_UP = (None, "columns", "rows", "both")


@dataclass(frozen=True)
class ServiceReturn:
    """One service's return, read from the file named ``file``."""

    file: str
    name: str
    service_id: str
    start: date
    end: date
    area: str | None
    sections: tuple[Section, ...]

    @property
    def service(self) -> str:
        return f"{self.name} (id {self.service_id}{f', {self.area} only' if self.area else ''})"


# -- writing ------------------------------------------------------------------------------------


def document(report: Report, service_name: str, service_id: str) -> dict[str, Any]:
    """The return for ``report``, as the JSON document the file holds."""
    return {
        "format": FORMAT,
        "service": {"name": service_name, "id": service_id},
        "period": {"from": report.start.isoformat(), "to": report.end.isoformat()},
        "area": report.area,
        "sections": [
            {
                "key": section.key,
                "title": section.title,
                "columns": list(section.columns),
                "adds_up": section.adds_up,
                "adds_to": [_total_document(total) for total in section.adds_to],
                "rows": [
                    {"label": row.label, "values": [_value_document(value) for value in row.values]}
                    | ({} if row.adds_across else {"adds_across": False})
                    for row in section.rows
                ],
            }
            for section in report.sections
        ],
    }


def _total_document(total: Total | None) -> dict[str, Any] | None:
    return None if total is None else {"section": total.section, "row": total.row, "column": total.column}


def _value_document(value: Value) -> int | dict[str, Any]:
    if not isinstance(value, Median):
        return value
    if sum(n for _days, n in value.days) != value.cases:
        raise ValueError("a median without the days it was worked out from cannot be combined")
    return {"days": [list(pair) for pair in value.days]}


def write_return(path: Path, report: Report, service_name: str, service_id: str, *, replace: bool = False) -> Path:
    """Save the return for ``report`` to ``path`` as every casework file is saved (see
    :func:`~advocate_tui.storage.files.write_file`)."""
    text = json.dumps(document(report, service_name, service_id), indent=1, ensure_ascii=False) + "\n"
    return write_file(path, text.encode("utf-8"), replace=replace)


# -- reading ------------------------------------------------------------------------------------


class _Malformed(Exception):
    """What is wrong with a file that is not a return (said in the sentence about that file)."""


def read_returns(paths: Sequence[Path]) -> list[ServiceReturn]:
    """Read each return, refusing (one sentence naming the file or files) any that is not one, files of
    different format versions, of different periods or holding different tables, two from the same service,
    or two services of one name (the combined return could not tell them apart)."""
    documents = [(path.name, _parsed(path)) for path in paths]
    versions = {name: doc["format"] for name, doc in documents}
    if len(set(versions.values())) > 1:
        listed = "; ".join(f"{name}: {version}" for name, version in versions.items())
        raise InvalidInputError(
            f"The files are in different format versions ({listed}): export them all again with one version of "
            "the program."
        )
    name, version = next(iter(versions.items()))
    if version != FORMAT:
        raise InvalidInputError(
            f"{name} is in the format {version}, which this version of the program does not read (it reads {FORMAT}):"
            " export it again with the same version as the others, or update the program."
        )
    returns = [_read(name, doc) for name, doc in documents]
    _same_period(returns)
    _same_tables(returns)
    _each_service_once(returns)
    return returns


def _parsed(path: Path) -> dict[str, Any]:
    """The file's JSON document, if it says it is a return of some version."""
    data = read_small_file(path, MAX_BYTES, "a statistics return")
    try:
        doc = json.loads(data.decode("utf-8"), parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        doc = None
    version = doc.get("format") if isinstance(doc, dict) else None
    if not (isinstance(version, str) and version.startswith(FORMAT_FAMILY) and len(version) <= LONGEST):
        raise InvalidInputError(
            f"{path.name} is not a statistics return: give the files each service exported.",
            topic="not-a-return",
            name=path.name,
        )
    return doc


def _no_constant(word: str) -> None:
    raise ValueError(f"{word} is not a number a return holds")


def _read(name: str, doc: dict[str, Any]) -> ServiceReturn:
    try:
        _keys(doc, {"format", "service", "period", "area", "sections"}, "the file")
        service, period = doc["service"], doc["period"]
        _keys(service, {"name", "id"}, "service")
        _keys(period, {"from", "to"}, "period")
        start, end = _day(period["from"], "from"), _day(period["to"], "to")
        if end < start:
            raise _Malformed("its period ends before it starts")
        sections = _list(doc["sections"], "sections")
        read = tuple(_section(section) for section in sections)
        if len({section.key for section in read}) != len(read):
            raise _Malformed("a section appears twice")
        return ServiceReturn(
            name,
            _text(service["name"], "service name"),
            _text(service["id"], "service id"),
            start,
            end,
            None if doc["area"] is None else _text(doc["area"], "area"),
            read,
        )
    except _Malformed as exc:
        raise InvalidInputError(f"{name} is not a whole statistics return ({exc}): export it again.") from None


def _section(doc: Any) -> Section:
    _keys(doc, {"key", "title", "columns", "adds_up", "adds_to", "rows"}, "a section")
    key = _text(doc["key"], "a section's key")
    columns = tuple(_text(column, f"a column of {key}") for column in _list(doc["columns"], f"{key}'s columns"))
    if doc["adds_up"] not in ADDS_UP:
        raise _Malformed(f"{key} says it adds up by {str(doc['adds_up'])[:40]!r}")
    rows = tuple(_row(row, key, len(columns)) for row in _list(doc["rows"], f"{key}'s rows"))
    adds_to = tuple(_total(total, key) for total in _list(doc["adds_to"], f"{key}'s totals"))
    return Section(key, _text(doc["title"], f"{key}'s title"), columns, rows, doc["adds_up"], adds_to)


def _row(doc: Any, key: str, width: int) -> Row:
    if not isinstance(doc, dict) or not {"label", "values"} <= set(doc) <= {"label", "values", "adds_across"}:
        raise _Malformed(f"a row of {key} is not a label and its values")
    values = _list(doc["values"], f"a row of {key}")
    if len(values) != width:
        raise _Malformed(f"a row of {key} has {len(values)} values for {width} columns")
    adds_across = doc.get("adds_across", True)
    if not isinstance(adds_across, bool):
        raise _Malformed(f"a row of {key} says neither yes nor no to adding across services")
    return Row(_text(doc["label"], f"a row label of {key}"), tuple(_value(value, key) for value in values), adds_across)


def _value(doc: Any, key: str) -> Value:
    if isinstance(doc, dict) and set(doc) == {"days"}:
        pairs = _list(doc["days"], f"a median of {key}")
        if not all(isinstance(pair, list) and len(pair) == 2 for pair in pairs):
            raise _Malformed(f"a median of {key} is not pairs of days and cases")
        return Median.of((_count(days, key), _count(cases, key)) for days, cases in pairs)
    return _count(doc, key)


def _count(doc: Any, key: str) -> int:
    if isinstance(doc, bool) or not isinstance(doc, int) or not 0 <= doc <= MOST:
        raise _Malformed(f"{key} holds {str(doc)[:40]!r} where a count belongs")
    return doc


def _total(doc: Any, key: str) -> Total | None:
    if doc is None:
        return None
    _keys(doc, {"section", "row", "column"}, f"a total of {key}")
    row, column = doc["row"], doc["column"]
    return Total(
        _text(doc["section"], f"a total of {key}"),
        None if row is None else _text(row, f"a total of {key}"),
        _count(column, key),
    )


def _keys(doc: Any, keys: set[str], what: str) -> None:
    if not isinstance(doc, dict) or set(doc) != keys:
        raise _Malformed(f"{what} does not hold {', '.join(sorted(keys))}")


def _list(doc: Any, what: str) -> list[Any]:
    if not isinstance(doc, list) or len(doc) > 10_000:
        raise _Malformed(f"{what} is not a list")
    return doc


def _text(doc: Any, what: str) -> str:
    if not isinstance(doc, str) or not doc.strip() or len(doc) > LONGEST:
        raise _Malformed(f"the {what} is not a short text")
    return doc


def _day(doc: Any, what: str) -> date:
    try:
        return date.fromisoformat(doc)
    except (TypeError, ValueError):
        raise _Malformed(f"the period's '{what}' is not a date") from None


def _same_period(returns: Sequence[ServiceReturn]) -> None:
    periods = {(each.start, each.end) for each in returns}
    if len(periods) > 1:
        listed = "; ".join(f"{each.file}: {uk_date(each.start)} to {uk_date(each.end)}" for each in returns)
        raise InvalidInputError(
            f"The files cover different periods ({listed}): export every service's return for the same period."
        )


def _same_tables(returns: Sequence[ServiceReturn]) -> None:
    """Every return holds the same tables: a table missing from one would count its service as nought there."""
    first = returns[0]
    keys = {section.key for section in first.sections}
    for each in returns[1:]:
        if {section.key for section in each.sections} != keys:
            raise _disagree(first.file, each.file, "hold different tables")


def _each_service_once(returns: Sequence[ServiceReturn]) -> None:
    seen: dict[str, ServiceReturn] = {}
    named: dict[str, ServiceReturn] = {}
    for each in returns:
        earlier = seen.setdefault(each.service_id, each)
        if earlier is not each:
            raise InvalidInputError(
                f"{earlier.file} and {each.file} are both from {each.name} (id {each.service_id}): give each "
                "service's return once."
            )
        namesake = named.setdefault(each.name.casefold(), each)
        if namesake is not each:
            raise InvalidInputError(
                f"{namesake.file} and {each.file} come from two services both called {each.name}: set each service's "
                "own name (`[service] name` in its config.toml) and export its return again."
            )


# -- combining ----------------------------------------------------------------------------------


def combine(returns: Sequence[ServiceReturn]) -> Report:
    """One return of every service's figures added up, unsuppressed: sections matched by key, rows by label (a row
    one service lacks counts 0 there); a row marked as not adding across services is left out when there are
    several."""
    first = returns[0]
    keys = list(dict.fromkeys(section.key for each in returns for section in each.sections))
    sections = tuple(
        _combined([(each.file, s) for each in returns for s in each.sections if s.key == key], len(returns) > 1)
        for key in keys
    )
    areas = {each.area for each in returns}
    return Report(
        first.start,
        first.end,
        areas.pop() if len(areas) == 1 else None,
        None,
        clock.now(),
        sections,
        services=tuple(each.service for each in returns),
    )


def _combined(sections: list[tuple[str, Section]], several: bool) -> Section:
    """One section from each file's (file name, section) of the same key."""
    first_file, first = sections[0]
    added: dict[str, list[Value]] = {}
    across: dict[str, bool] = {}
    for file, section in sections:
        if (section.columns, section.adds_up, section.adds_to) != (first.columns, first.adds_up, first.adds_to):
            raise _disagree(first_file, file, f"lay out '{first.title}' differently")
        for row in section.rows:
            across[row.label] = across.get(row.label, True) and row.adds_across
            earlier = added.get(row.label)
            if earlier is not None and any(
                isinstance(a, Median) != isinstance(b, Median) for a, b in zip(earlier, row.values)
            ):
                raise _disagree(first_file, file, f"hold different kinds of figure in '{first.title}: {row.label}'")
            added[row.label] = (
                list(row.values) if earlier is None else [_add(a, b) for a, b in zip(earlier, row.values)]
            )
    labels = _label_order([row.label for row in section.rows] for _file, section in sections)
    rows = tuple(Row(label, tuple(added[label])) for label in labels if across[label] or not several)
    return Section(first.key, first.title, first.columns, rows, first.adds_up, first.adds_to)


def _add(a: Value, b: Value) -> Value:
    if isinstance(a, Median) and isinstance(b, Median):
        return Median.of((*a.days, *b.days))
    assert not isinstance(a, Median) and not isinstance(b, Median)  # as _combined checked
    return a + b


def _disagree(first: str, other: str, what: str) -> InvalidInputError:
    return InvalidInputError(f"{first} and {other} {what}: export them again with one version of the program.")


def _label_order(orders: Iterable[list[str]]) -> list[str]:
    """Every label once, in each file's order: a label new to the list goes before the next of its file's labels
    already there, else before a last "Not recorded", else at the end."""
    merged: list[str] = []
    for labels in orders:
        for position, label in enumerate(labels):
            if label in merged:
                continue
            later = [merged.index(other) for other in labels[position + 1 :] if other in merged]
            if later:
                merged.insert(min(later), label)
            elif merged and merged[-1] == NOT_RECORDED:
                merged.insert(len(merged) - 1, label)
            else:
                merged.append(label)
    return merged
