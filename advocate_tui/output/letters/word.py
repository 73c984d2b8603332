"""Letters as Word documents that look like UK letters.

A4 with 2.5 cm margins (or the page of the service's own Word letterhead, which letters then
start from, keeping its header, footer and styles); the letterhead on the first page only; on
every page a footer with the protective marking, the case reference and "Page x of y"; tables
with columns sized to what they hold, the header row repeated on each page and no row split
across pages; a table too wide for a portrait page (more than four columns, such as the incident
chronology) in a landscape section of its own.
"""

import copy
import io
import statistics
import zipfile
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from advocate_tui.output.letters.formats import (
    MAX_TEXT_COLUMNS,
    Block,
    Furniture,
    Heading,
    Inline,
    ListBlock,
    PageBreak,
    Paragraph,
    Span,
    Table,
    plain,
)
from advocate_tui.rules import clock
from advocate_tui.rules.errors import ConfigError

MARGIN_CM = 2.5
A4_CM = (21.0, 29.7)
TABLE_POINTS = 10  # table text, a little smaller than the letter's
CHAR_CM = 0.2  # the width of an average character of table text
BOLD = 1.2  # how much wider bold text is (the header row)
CELL_PADDING_CM = 0.4  # a cell's left and right margins together
MIN_COLUMN_CHARS = 4
LONGEST_WORD_CHARS = 24  # a longer "word" (an address, a link) may wrap inside itself


# -- the starting document ----------------------------------------------------------------------

#: The styles a letter uses (see :func:`to_docx`).
_LETTER_STYLES = (
    "Normal",
    "Header",
    "Footer",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "Heading 4",
    "List Bullet",
    "List Bullet 2",
    "List Bullet 3",
    "Table Grid",
)
_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


@cache
def _blank() -> bytes:
    """python-docx's default document on A4 with UK margins, with only the styles letters use (with
    those they are based on, and each kind's default) and without Word 2010's second copy of the
    styles. Its two 440 KB style parts, read and written again for every letter, were half of the
    time a letter took."""
    import docx
    from docx.oxml.ns import qn
    from docx.shared import Cm

    document = docx.Document()
    styles = document.styles.element
    by_id = {style.get(qn("w:styleId")): style for style in styles.iterchildren(qn("w:style"))}
    wanted = [document.styles[name].style_id for name in _LETTER_STYLES]
    wanted += [style_id for style_id, style in by_id.items() if style.get(qn("w:default")) == "1"]
    kept: set[str] = set()
    while wanted:
        style_id = wanted.pop()
        if style_id in by_id and style_id not in kept:
            kept.add(style_id)
            wanted += [
                ref.get(qn("w:val"))
                for tag in ("w:basedOn", "w:next", "w:link")
                for ref in by_id[style_id].iterchildren(qn(tag))
            ]
    for style_id, style in by_id.items():
        if style_id not in kept:
            styles.remove(style)
    for latent in styles.iterchildren(qn("w:latentStyles")):
        styles.remove(latent)
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype == _STYLES_WITH_EFFECTS:
            document.part.drop_rel(rel_id)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(A4_CM[0]), Cm(A4_CM[1])
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Cm(MARGIN_CM)
    section.header_distance = section.footer_distance = Cm(1.25)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _start(word_letterhead: Path | None):
    """The document a letter starts from: the service's Word letterhead (with any style letters use
    that it lacks), or the blank one."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    blank = docx.Document(io.BytesIO(_blank()))
    if word_letterhead is None:
        return blank
    try:
        document = docx.Document(str(word_letterhead))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, PackageNotFoundError):
        raise ConfigError(
            f"The Word letterhead {word_letterhead} cannot be used: it must be a Word document (.docx) "
            "that can be read; save it from Word as .docx or name another in the config file."
        ) from None
    _adopt_styles(document, blank)
    return document


def _adopt_styles(document, blank) -> None:
    """Copy into ``document`` the styles letters use that it lacks, with the bullets they number by."""
    from docx.oxml.ns import qn

    ours = {style.name: style.element for style in blank.styles}
    theirs = {style.name for style in document.styles}
    numbering = None
    for name in _LETTER_STYLES:
        if name in theirs or name not in ours:
            continue
        element = copy.deepcopy(ours[name])
        for num_id in element.iter(qn("w:numId")):
            numbering = numbering or document.part.numbering_part.element
            num_id.set(qn("w:val"), str(_copy_numbering(blank.part.numbering_part.element, numbering, num_id)))
        document.styles.element.append(element)


def _copy_numbering(source, target, num_id) -> int:
    """Copy the list definition ``num_id`` names from ``source`` to ``target``; its new number."""
    from docx.oxml.ns import qn

    wanted = num_id.get(qn("w:val"))
    num = next(n for n in source.iterchildren(qn("w:num")) if n.get(qn("w:numId")) == wanted)
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = next(a for a in source.iterchildren(qn("w:abstractNum")) if a.get(qn("w:abstractNumId")) == abstract_id)
    new_abstract_id = 1 + max(
        (int(a.get(qn("w:abstractNumId"))) for a in target.iterchildren(qn("w:abstractNum"))), default=-1
    )
    new_num_id = 1 + max((int(n.get(qn("w:numId"))) for n in target.iterchildren(qn("w:num"))), default=0)
    abstract, num = copy.deepcopy(abstract), copy.deepcopy(num)
    abstract.set(qn("w:abstractNumId"), str(new_abstract_id))
    num.set(qn("w:numId"), str(new_num_id))
    num.find(qn("w:abstractNumId")).set(qn("w:val"), str(new_abstract_id))
    first_num = next(target.iterchildren(qn("w:num")), None)
    if first_num is None:
        target.append(abstract)
    else:
        first_num.addprevious(abstract)  # every abstractNum comes before the first num
    target.append(num)
    return new_num_id


# -- headers and footers ------------------------------------------------------------------------


def _field(paragraph, instruction: str) -> None:
    """A field Word and LibreOffice fill in (PAGE, NUMPAGES), showing 1 until they do."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {instruction} ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _footer_line(paragraph, furniture: Furniture) -> None:
    """'OFFICIAL-SENSITIVE · Ref STK-2026-0003 · Page 1 of 3', centred."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if furniture.marking:
        paragraph.add_run(furniture.marking).bold = True
        paragraph.add_run(" · ")
    if furniture.reference:
        paragraph.add_run(f"Ref {furniture.reference} · ")
    paragraph.add_run("Page ")
    _field(paragraph, "PAGE")
    paragraph.add_run(" of ")
    _field(paragraph, "NUMPAGES")
    for run in paragraph.runs:
        run.font.size = Pt(9)


def _marking_line(paragraph, marking: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(marking).bold = True


def _own_headers(section, furniture: Furniture) -> None:
    """Our letterhead on the first page only; the marking heads every page; the footer line on all."""
    from docx.shared import Pt

    section.different_first_page_header_footer = True
    first = section.first_page_header
    if furniture.marking:
        _marking_line(first.paragraphs[0], furniture.marking)
        _marking_line(section.header.paragraphs[0], furniture.marking)
    if furniture.letterhead:
        paragraph = first.add_paragraph() if furniture.marking else first.paragraphs[0]
        name, *rest = furniture.letterhead
        paragraph.add_run(name).bold = True
        for line in rest:
            paragraph.add_run().add_break()
            paragraph.add_run(line).font.size = Pt(9)
    _footer_line(section.first_page_footer.paragraphs[0], furniture)
    _footer_line(section.footer.paragraphs[0], furniture)


def _their_headers(section, furniture: Furniture) -> None:
    """The service's letterhead on the first page only (its header moves there when it has no
    first-page header of its own), its footers on every page, with our footer line added."""
    from docx.oxml.ns import qn

    sect_pr = section._sectPr
    if not section.different_first_page_header_footer:
        for reference in sect_pr.iterchildren(qn("w:headerReference")):
            if reference.get(qn("w:type")) == "default":
                reference.set(qn("w:type"), "first")
        for reference in list(sect_pr.iterchildren(qn("w:footerReference"))):
            if reference.get(qn("w:type")) == "default":  # the same footer on the first page too
                shared = copy.deepcopy(reference)
                shared.set(qn("w:type"), "first")
                reference.addnext(shared)
        section.different_first_page_header_footer = True
        if furniture.marking:
            section.header.is_linked_to_previous = False
            _marking_line(section.header.paragraphs[0], furniture.marking)
    footers = {id(footer.part): footer for footer in (section.first_page_footer, section.footer)}
    for footer in footers.values():  # once each: the first page may share the others' footer
        _footer_line(footer.add_paragraph(), furniture)


# -- tables -------------------------------------------------------------------------------------


def column_widths(rows: Sequence[Sequence[str]], total_cm: float) -> list[float]:
    """Widths (cm) adding up to ``total_cm``, for a header row and its body rows. A column whose
    typical (median) cell fits in an equal share gets that width, so a date or a reference is
    seldom wrapped; the others share the rest by how much text each holds on average, each at
    least as wide as its longest word (so no word breaks) and at most as wide as its longest
    cell. So "What happened" gets the room."""
    columns = max(len(row) for row in rows)
    cells = [[row[i] if i < len(row) else "" for row in rows] for i in range(columns)]
    words = [
        max(
            (len(word) * (BOLD if row == 0 else 1) for row, cell in enumerate(column) for word in cell.split()),
            default=0,
        )
        for column in cells
    ]
    least = [max(MIN_COLUMN_CHARS, min(w, LONGEST_WORD_CHARS)) for w in words]
    most = [max(low, *(len(cell) for cell in column)) for low, column in zip(least, cells)]
    typical = [
        max(low, statistics.median_low(len(c) for c in column[1:] or column)) for low, column in zip(least, cells)
    ]
    demand = [max(low, statistics.fmean(len(cell) for cell in column)) for low, column in zip(least, cells)]
    room = (total_cm - CELL_PADDING_CM * columns) / CHAR_CM  # in characters
    chars = [float(t) if t <= room / columns else float(low) for t, low in zip(typical, least)]
    growing = {i for i in range(columns) if typical[i] > room / columns}
    while growing and (spare := room - sum(chars)) > 1e-6:
        weight = sum(demand[i] for i in growing)
        grown = {i: chars[i] + spare * demand[i] / weight for i in growing}
        full = {i for i in growing if grown[i] >= most[i]}
        for i in growing:
            chars[i] = float(most[i]) if i in full else grown[i]
        growing -= full
        if not full:
            break
    return [c * room / sum(chars) * CHAR_CM + CELL_PADDING_CM for c in chars]  # scaled to fill the width


def _table(document, table_block: Table, width_cm: float) -> None:
    from docx.oxml import OxmlElement
    from docx.shared import Cm, Pt
    from docx.text.paragraph import Paragraph as DocxParagraph

    header, rows = table_block.header, table_block.rows
    table = document.add_table(rows=len(rows) + 1, cols=len(header))  # at once: far quicker than row by row
    table.style = "Table Grid"
    table.autofit = False
    widths = column_widths([[plain(cell) for cell in row] for row in (header, *rows)], width_cm)
    for column, width in zip(table._tbl.tblGrid.gridCol_lst, widths):
        column.w = Cm(width)
    for number, (row, tr) in enumerate(zip((header, *rows), table._tbl.tr_lst)):
        properties = tr.get_or_add_trPr()
        properties.append(OxmlElement("w:cantSplit"))  # a row is never split across pages
        if number == 0:
            properties.append(OxmlElement("w:tblHeader"))  # the header row heads every page
        for tc, spans, width in zip(tr.tc_lst, row, widths):
            tc.width = Cm(width)
            _runs(DocxParagraph(tc.p_lst[0], table), spans, bold=number == 0, size=Pt(TABLE_POINTS))


def _landscape(document, landscape: bool):
    """Start a new section (on a new page) turned to ``landscape`` or back; the current one if the
    document has no text yet. Later sections have no first page of their own."""
    from docx.enum.section import WD_ORIENT, WD_SECTION

    section = document.sections[-1]
    if len(document.element.body) > 1:  # more than the closing section properties
        section = document.add_section(WD_SECTION.NEW_PAGE)
        section.different_first_page_header_footer = False
    wide, tall = sorted((section.page_width, section.page_height), reverse=True)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (wide, tall) if landscape else (tall, wide)
    return section


# -- the text -----------------------------------------------------------------------------------

#: Characters python-docx's run.text turns into Word's tabs and breaks.
_WORD_CONTROLS = frozenset("\t\n\r")


def _runs(paragraph, spans: Inline, bold: bool = False, size=None) -> None:
    for span in spans:
        run = paragraph.add_run()
        if span.text == "\n":
            run.add_break()
            continue
        if _WORD_CONTROLS.intersection(span.text):
            run.text = span.text  # tabs and breaks become Word's own
        else:
            run._r.add_t(span.text)
        if span.bold or bold:  # set only when on: setting a run's property to None still writes to it
            run.bold = True
        if span.italic:
            run.italic = True
        if size is not None:
            run.font.size = size


def _paragraphs(document):
    """A function adding a paragraph in a named style (or none). python-docx looks the name up again,
    scanning every style twice, for each paragraph given one: here each name is looked up once."""
    style_ids: dict[str, str] = {}

    def add(style: str | None = None):
        paragraph = document.add_paragraph()
        if style is not None:
            if style not in style_ids:
                style_ids[style] = document.styles[style].style_id
            paragraph._p.style = style_ids[style]
        return paragraph

    return add


def _width(section) -> float:
    return (section.page_width - section.left_margin - section.right_margin) / 360000  # EMU to cm


def _wide(blocks: Sequence[Block], index: int) -> bool:
    """Whether the block goes on a landscape page: a table of many columns, and the headings just
    before one (so a heading is never left behind on the page before its table)."""
    block = blocks[index]
    if isinstance(block, Heading):
        return index + 1 < len(blocks) and _wide(blocks, index + 1)
    return isinstance(block, Table) and len(block.header) > MAX_TEXT_COLUMNS


def to_docx(blocks: Sequence[Block], title: str, furniture: Furniture) -> bytes:
    from docx.shared import Cm

    document = _start(furniture.word_letterhead)
    properties = document.core_properties
    properties.title, properties.author, properties.last_modified_by = title, "", ""
    properties.created = properties.modified = clock.utcnow()
    if furniture.word_letterhead is None:
        _own_headers(document.sections[-1], furniture)
    else:
        _their_headers(document.sections[-1], furniture)
    add = _paragraphs(document)
    wide = False  # in a landscape section
    for index, block in enumerate(blocks):
        turned = wide != _wide(blocks, index)
        if turned:
            wide = not wide
            _landscape(document, wide)
        match block:
            case Heading(level, spans):
                _runs(add(f"Heading {min(level, 4)}"), spans)
            case Paragraph(spans):
                _runs(add(), spans)
            case ListBlock(items):
                for item in items:
                    if item.marker == "-":
                        _runs(add("List Bullet" + (f" {min(item.depth, 2) + 1}" if item.depth else "")), item.spans)
                        continue
                    paragraph = add()
                    paragraph.paragraph_format.left_indent = Cm(0.75 * (item.depth + 1))
                    paragraph.paragraph_format.first_line_indent = Cm(-0.75)
                    _runs(paragraph, (Span(item.marker + "\t"), *item.spans))
            case Table():
                _table(document, block, _width(document.sections[-1]))
            case PageBreak() if not turned:  # a new section already starts a new page
                document.add_page_break()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
