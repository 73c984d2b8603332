"""``advocate case edit``: the fields given with ``--set``, or a case's editable fields as TOML in the person's
editor, turned into the changes the casework applies; and the lines that say what changed."""

import re
import tomllib
from datetime import date
from typing import TYPE_CHECKING, Any

from advocate_tui.cli.common import key_values, one_line, sentence
from advocate_tui.rules.errors import AdvocateError, InvalidInputError
from advocate_tui.rules.field_paths import LISTS, FieldPath

if TYPE_CHECKING:
    from advocate_tui.services.case_edit import EditableCase
    from advocate_tui.services.casework import Casework

HEADER = """\
# Editing {reference}. Change the values you mean to change, save and close the editor: only what
# differs from what is written here is saved, checked as the application's forms check it, and nothing
# is saved if anyone changes the case meanwhile.
# "" clears a field that may be empty; yes/no fields take true or false; dates are 2026-11-20 (or, in
# quotes, as the forms take them: "3 Dec 2026"); a line taken out leaves its field as it is.
# Perpetrators and agency contacts are numbered from 0, in the order below, as `case show --json` lists
# them; add or remove them in the application. This file is yours alone and is deleted afterwards.
"""


def assignments(given: list[str], editable: "EditableCase") -> dict[FieldPath, str]:
    """``--set FIELD=VALUE`` options as changes; a malformed or unknown field is refused before any is applied."""
    return key_values(
        given,
        lambda text: f"--set {text} is not FIELD=VALUE: e.g. --set client.pronouns=she/her.",
        lambda name: f"--set names {name} twice: give each field once.",
        key=editable.path,
    )


def _toml_value(value: Any) -> Any:
    """A stored value as TOML holds it: no value is the empty string."""
    return "" if value is None else value


def render(editable: "EditableCase") -> str:
    """The editable fields as a TOML document: the case's own, then ``[client]``, ``[[perpetrators]]`` and
    ``[[agency_contacts]]``, each list record headed by its number."""
    import tomli_w

    by_record: dict[str, dict[str, Any]] = {}
    for path in editable.fields():
        by_record.setdefault(path.record, {})[path.field] = _toml_value(editable.value(path))
    sections = [HEADER.format(reference=editable.reference)]
    for record, values in by_record.items():
        part = record.partition("[")[0]
        heading = "" if not record else f"\n[[{part}]]  # {record}\n" if part in LISTS else f"\n[{record}]\n"
        sections.append(heading + tomli_w.dumps(values, multiline_strings=True))
    return "".join(sections)


_WHERE = re.compile(r"\(at line (\d+), column \d+\)")


def changes_in(text: str, editable: "EditableCase") -> dict[FieldPath, Any]:
    """The fields whose values in the edited ``text`` differ from what :func:`render` wrote."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        where = _WHERE.search(str(exc))
        line = f": line {where[1]} reads '{one_line(text.splitlines()[int(where[1]) - 1].strip())}'" if where else ""
        raise InvalidInputError(f"The edited text is not valid TOML ({exc}){line}.") from None
    counts = editable.counts
    given: dict[str, Any] = {}
    for key, value in document.items():
        if key in LISTS:
            if not isinstance(value, list) or len(value) != counts[key]:
                raise InvalidInputError(
                    f"The edited text has {len(value) if isinstance(value, list) else 'no list of'} {key} where the "
                    f"case has {counts[key]}: they are added and removed in the application, not here."
                )
            given |= {
                f"{key}[{index}].{name}": item
                for index, record in enumerate(value)
                for name, item in _table(record, key)
            }
        elif key == "client" and isinstance(value, dict):
            given |= {f"client.{name}": item for name, item in _table(value, key)}
        else:
            given[key] = value
    changes = {}
    for name, value in given.items():
        path = editable.path(name)
        if value != _toml_value(editable.value(path)):
            changes[path] = value
    return changes


def _table(value: Any, key: str) -> list[tuple[str, Any]]:
    if not isinstance(value, dict):
        raise InvalidInputError(f"The edited text's {key} is not a table of fields: put it back as it was written.")
    return list(value.items())


def edit_in_editor(casework: "Casework", editable: "EditableCase") -> dict[FieldPath, Any]:
    """Open the editor on the case's editable fields and apply what changed. The draft is deleted afterwards,
    unless what was written in it is refused: then it is kept (the sentence says where) so no typing is lost."""
    from advocate_tui.cli.editor import edit_draft, new_draft

    draft = new_draft(f"{editable.reference}-", ".toml", render(editable))
    keep = False
    try:
        written = edit_draft(
            draft, "case", otherwise="give the changes with --set FIELD=VALUE", unsaved="nothing was changed"
        )
        keep = True
        changed = casework.case_edit.apply(editable, changes_in(written, editable))
        keep = False
        return changed
    except AdvocateError as exc:
        if not keep:
            raise
        said = sentence(exc).removesuffix(".")
        raise type(exc)(f"{said}; what you wrote is kept in {draft} (delete it when done).") from None
    finally:
        if not keep:
            draft.unlink()


def changed_lines(changed: dict[FieldPath, Any]) -> list[str]:
    """One line per changed field with its new value, except a confidential field's, which is never shown."""
    lines = []
    for path, value in changed.items():
        if path.confidential:
            lines.append(f"{path} changed (confidential: not shown)")
        elif value is None:
            lines.append(f"{path} cleared")
        else:
            shown = (
                value.isoformat()
                if isinstance(value, date)
                else "yes"
                if value is True
                else "no"
                if value is False
                else value
            )
            lines.append(f"{path}: {one_line(str(shown))}")
    return lines
