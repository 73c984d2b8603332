"""Drafting a letter for a case, saving it as a file and recording it on the case.

Used alike by ``advocate letter`` and the Documents pane: :func:`draft` renders (nothing is
written), the person may edit the Markdown, then :func:`save` converts it, writes the file
privately without ever overwriting one, and records it; if recording fails the file is removed.
"""

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from advocate_tui.output.letters.context import build_context, withholds_address
from advocate_tui.output.letters.formats import FORMATS, convert, letterhead_lines
from advocate_tui.output.letters.templates import LetterTemplate, find, render
from advocate_tui.rules import clock
from advocate_tui.rules.errors import InvalidInputError
from advocate_tui.services.casework import Casework
from advocate_tui.storage.config import documents_dir, load_settings
from advocate_tui.storage.models import Document

MAX_SAME_DAY = 99


@dataclass(frozen=True)
class Draft:
    """A rendered letter, ready to edit and save."""

    reference: str
    template: LetterTemplate
    markdown: str
    address_withheld: bool  # the client's confidential address was left out
    address_override_reason: str | None  # set only when a withheld address was included

    @property
    def letterhead(self) -> list[str] | None:
        return letterhead_lines(load_settings().organisation) if self.template.letterhead else None


def draft(
    casework: Casework, reference: str, template: str | LetterTemplate, include_address_reason: str | None = None
) -> Draft:
    """Render ``template`` for the case. ``include_address_reason`` overrides the withholding of a
    confidential address (it is kept with the record of the document)."""
    info = find(template) if isinstance(template, str) else template
    reason = (include_address_reason or "").strip() or None
    if include_address_reason is not None and reason is None:
        raise InvalidInputError("Including a confidential address needs a reason: say why it must be in this document.")
    case = casework.cases.get_case(reference)
    casework.sharing.check_document(
        case, info.audience
    )  # refused if it would go to someone on the do-not-disclose list
    assert case.client is not None  # every case is opened with its client (Cases.create_case)
    override = reason is not None and withholds_address(case.client, info.audience)
    context = build_context(
        case,
        casework.claims.of_case(case),
        load_settings(),
        user=casework.user,
        title=info.title,
        audience=info.audience,
        include_address=override,
    )
    return Draft(case.reference, info, render(info, context), context.address_withheld, reason if override else None)


def default_name(reference: str, template: str, fmt: str) -> str:
    """E.g. ``STK-2026-0003_spo-request_2026-11-23.docx``."""
    return f"{reference}_{template}_{clock.today().isoformat()}.{fmt}"


def choose_format(fmt: str | None, out: Path | None) -> str:
    """The format asked for, else the one ``out``'s suffix names, else Word."""
    suffix = out.suffix.lower().lstrip(".") if out is not None and not out.is_dir() else ""
    if fmt is not None:
        fmt = fmt.strip().lower().lstrip(".")
        if fmt not in FORMATS:
            raise InvalidInputError(f"'{fmt}' is not a document format: use one of {', '.join(FORMATS)}.")
        if suffix in FORMATS and suffix != fmt:
            raise InvalidInputError(
                f"The file name ends in .{suffix} but the format asked for is {fmt}: make them agree.",
                topic="format-mismatch",
                suffix=suffix,
                format=fmt,
            )
        return fmt
    return suffix if suffix in FORMATS else "docx"


def save(
    casework: Casework, letter: Draft, fmt: str, *, markdown: str | None = None, out: Path | None = None
) -> Document:
    """Write ``letter`` (or the person's edit of it, ``markdown``) as ``fmt`` and record it on the case."""
    text = letter.markdown if markdown is None else markdown
    if not text.strip():
        raise InvalidInputError("The document is empty, so nothing was saved.")
    data = convert(text, fmt, title=letter.template.title, letterhead=letter.letterhead)
    path = _write(data, out, default_name(letter.reference, letter.template.name, fmt))
    try:
        return casework.documents.record_document(
            letter.reference,
            template=letter.template.name,
            title=letter.template.title,
            audience=letter.template.audience.value,
            format=fmt,
            path=str(path),
            content_sha256=hashlib.sha256(data).hexdigest(),
            address_override_reason=letter.address_override_reason,
        )
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def _write(data: bytes, out: Path | None, name: str) -> Path:
    """Write to ``out`` (a file, or a folder to put ``name`` in) or the documents folder; an
    existing file is never replaced: the default name gains _2, _3…; an ``out`` file is refused."""
    if out is not None and not out.is_dir():
        if not out.parent.is_dir():
            raise InvalidInputError(
                f"The folder {out.parent} does not exist: create it or choose another.",
                topic="missing-out-folder",
                folder=str(out.parent),
            )
        try:
            return _write_new(out.resolve(), data)
        except FileExistsError:
            raise InvalidInputError(f"{out} already exists: choose another name (nothing was written).") from None
    folder = out.resolve() if out is not None else documents_dir()
    stem, suffix = name.rsplit(".", 1)
    for number in range(1, MAX_SAME_DAY + 1):
        path = folder / (name if number == 1 else f"{stem}_{number}.{suffix}")
        try:
            return _write_new(path, data)
        except FileExistsError:
            continue
    raise InvalidInputError(f"{folder} already holds {MAX_SAME_DAY} copies of {name}: tidy the folder first.")


def _write_new(path: Path, data: bytes) -> Path:
    """Write privately (mode 600) to a temporary file beside ``path``, then link it into place, so
    there is never a half-written file and never an overwritten one."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".advocate-", suffix=".part")
    except OSError as exc:
        raise InvalidInputError(f"Cannot write in {path.parent} ({exc.strerror}): choose another folder.") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.link(temporary, path)
    except FileExistsError:
        raise
    except OSError as exc:
        raise InvalidInputError(f"Cannot write {path} ({exc.strerror}): nothing was saved.") from None
    finally:
        os.unlink(temporary)
    return path
