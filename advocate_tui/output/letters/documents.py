"""Drafting a letter for a case, saving it as a file and recording it on the case.

Used alike by ``advocate letter`` and the Documents pane: :func:`draft` renders (nothing is
written), the person may edit the Markdown, then :func:`save` converts it, writes the file
privately without ever overwriting one, and records it; if recording fails the file is removed.
"""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from advocate_tui.output.letters.context import build_context
from advocate_tui.output.letters.formats import Furniture, convert, letterhead_lines
from advocate_tui.output.letters.pdf import to_pdf
from advocate_tui.output.letters.templates import LetterTemplate, find, render
from advocate_tui.rules import clock
from advocate_tui.rules.errors import InvalidInputError
from advocate_tui.rules.routes import check_template
from advocate_tui.rules.vocab import Audience
from advocate_tui.services.casework import Casework
from advocate_tui.services.withholding import Overrides, WithheldPassage, Withholding, summary
from advocate_tui.storage.config import documents_dir, load_settings
from advocate_tui.storage.files import TargetExists, check_target, make_folder, write_file
from advocate_tui.storage.models import Document

MAX_SAME_DAY = 99
FORMATS = ("docx", "pdf", "md", "txt", "html")  # PDF is made from the Word file by LibreOffice
MARKING = "OFFICIAL-SENSITIVE"  # on every page of a document for anyone but the client


@dataclass(frozen=True)
class Draft:
    """A rendered letter, ready to edit and save."""

    reference: str
    template: LetterTemplate
    markdown: str
    address_withheld: bool  # the client's confidential address was left out
    address_override_reason: str | None  # set only when a withheld address was included
    withheld: tuple[WithheldPassage, ...] = ()  # passages of the record that lost part of the address or contacts
    releases: tuple[tuple[str, str | None, str], ...] = ()  # other overrides to record: (item, passage, reason)
    confidential: tuple[str, ...] = ()  # what an override may include: "address", "phone", "email"
    #: The record of each text of this draft already saved (by the text's SHA-256): saving it
    #: again in another format is the same document, shared once.
    saved: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def furniture(self) -> Furniture:
        """The letterhead (when the template has one), reference and marking the file carries."""
        settings = load_settings()
        letterhead = self.template.letterhead
        return Furniture(
            letterhead=letterhead_lines(settings.organisation) if letterhead else (),
            reference=self.reference,
            marking=None if self.template.audience is Audience.CLIENT else MARKING,
            word_letterhead=settings.word_letterhead if letterhead else None,
        )

    def file(self, fmt: str, markdown: str | None = None) -> bytes:
        """The contents of the file in ``fmt`` (of the person's edit, ``markdown``, if given)."""
        text = self.markdown if markdown is None else markdown
        if fmt == "pdf":
            return to_pdf(convert(text, "docx", title=self.template.title, furniture=self.furniture))
        return convert(text, fmt, title=self.template.title, furniture=self.furniture)

    @property
    def withheld_summary(self) -> str | None:
        """What the advocate is told before saving: '3 passages were withheld: incident of …'."""
        return summary(self.withheld) if self.withheld else None


def draft(
    casework: Casework, reference: str, template: str | LetterTemplate, overrides: Overrides | None = None
) -> Draft:
    """Render ``template`` for the case, leaving out what is confidential for its audience except
    what ``overrides`` includes (their reasons are kept with the record of the document)."""
    info = find(template) if isinstance(template, str) else template
    case = casework.cases.get_case(reference)
    casework.sharing.check_document(
        case, info.audience
    )  # refused if it would go to someone on the do-not-disclose list
    assert case.client is not None  # every case is opened with its client (Cases.create_case)
    claims = casework.claims.of_case(case)
    check_template(info.route, info.title, claims.route, casework.risk.routes)
    withholding = Withholding(case.client, info.audience, overrides or Overrides())
    context = build_context(
        case,
        claims,
        load_settings(),
        user=casework.user,
        title=info.title,
        audience=info.audience,
        withholding=withholding,
    )
    markdown = render(info, context)
    unused = withholding.unused_releases()
    if unused:
        raise InvalidInputError(
            f'Nothing withheld is in "{unused[0]}": give a passage exactly as the list of withheld passages shows it.'
        )
    return Draft(
        case.reference,
        info,
        markdown,
        withholding.address_withheld,
        withholding.address_override_reason,
        tuple(withholding.passages),
        tuple(withholding.recorded),
        withholding.confidential,
    )


def default_name(reference: str, template: str, fmt: str) -> str:
    """E.g. ``STK-2026-0003_spo-request_2026-11-23.docx``."""
    return f"{reference}_{template}_{clock.today().isoformat()}.{fmt}"


def choose_format(fmt: str | None, out: Path | None) -> str:
    """The format asked for, else the one ``out``'s ending names, else Word; a file name ending in
    anything but the format is refused (a file name with no ending gets the format's). An ``out`` file is
    checked first: its folder must exist, and it must not."""
    _check_out(out)
    suffix = out.suffix.lower().lstrip(".") if out is not None and not out.is_dir() else ""
    if fmt is not None:
        fmt = fmt.strip().lower().lstrip(".")
        if fmt not in FORMATS:
            raise InvalidInputError(f"'{fmt}' is not a document format: use one of {', '.join(FORMATS)}.")
        if suffix and suffix != fmt:
            raise InvalidInputError(
                f"The file name ends in .{suffix} but the format asked for is {fmt}: make them agree.",
                topic="format-mismatch",
                suffix=suffix,
                format=fmt,
            )
        return fmt
    if suffix and suffix not in FORMATS:
        raise InvalidInputError(
            f"A file name ending in .{suffix} names no document format: end it in "
            f"{', '.join('.' + f for f in FORMATS[:-1])} or .{FORMATS[-1]}."
        )
    return suffix or "docx"


def save(
    casework: Casework, letter: Draft, fmt: str, *, markdown: str | None = None, out: Path | None = None
) -> Document:
    """Write ``letter`` (or the person's edit of it, ``markdown``) as ``fmt`` and record it on the case."""
    text = letter.markdown if markdown is None else markdown
    if not text.strip():
        raise InvalidInputError("The document is empty, so nothing was saved.")
    data = letter.file(fmt, text)
    if out is not None and not out.is_dir() and not out.suffix:
        out = out.with_name(f"{out.name}.{fmt}")
    path = _write(data, out, default_name(letter.reference, letter.template.name, fmt))
    text_sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    try:
        document = casework.documents.record_document(
            letter.reference,
            template=letter.template.name,
            title=letter.template.title,
            audience=letter.template.audience.value,
            format=fmt,
            path=str(path),
            content_sha256=hashlib.sha256(data).hexdigest(),
            address_override_reason=letter.address_override_reason,
            same_as=letter.saved.get(text_sha256),
            releases=letter.releases,
        )
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    if document.id is not None:
        letter.saved.setdefault(text_sha256, document.id)
    return document


def _write(data: bytes, out: Path | None, name: str) -> Path:
    """Write to ``out`` (a file, or a folder to put ``name`` in) or the documents folder; an
    existing file is never replaced: the default name gains _2, _3…; an ``out`` file is refused."""
    _check_out(out)
    if out is not None and not out.is_dir():
        try:
            return _write_new(out.resolve(), data)
        except TargetExists:
            raise _exists(out) from None
    folder = out.resolve() if out is not None else documents_dir()
    stem, suffix = name.rsplit(".", 1)
    for number in range(1, MAX_SAME_DAY + 1):
        path = folder / (name if number == 1 else f"{stem}_{number}.{suffix}")
        try:
            return _write_new(path, data)
        except TargetExists:
            continue
    raise InvalidInputError(f"{folder} already holds {MAX_SAME_DAY} copies of {name}: tidy the folder first.")


def _check_out(out: Path | None) -> None:
    """Refuse an ``out`` file in a folder that does not exist (a mistyped path), or one that exists."""
    if out is None or out.is_dir():
        return
    if not out.parent.is_dir():
        raise InvalidInputError(
            f"The folder {out.parent} does not exist: create it or choose another.",
            topic="missing-out-folder",
            folder=str(out.parent),
        )
    if out.exists() or out.is_symlink():
        try:
            check_target(out)  # a pipe, a device or a dangling link is named as what it is
        except TargetExists:
            raise _exists(out) from None


def _exists(out: Path) -> InvalidInputError:
    return InvalidInputError(f"{out} already exists: choose another name (nothing was written).")


def _write_new(path: Path, data: bytes) -> Path:
    """Write a new file privately and whole, in a folder made if need be (see
    :func:`~advocate_tui.storage.files.write_file`): never a half-written file, never an overwritten one."""
    make_folder(path.parent)
    return write_file(path, data)
