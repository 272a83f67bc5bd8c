"""The request as a Word file, built from the document's own HTML: the same text as the PDF.

The HTML the document templates render is walked block by block: headings become Word headings,
tables Word tables, lists list paragraphs; each `dir` of the HTML (a typed value's `<bdi>`) gives
its run a direction. The running head of the HTML (From, To, references, DRAFT) goes into the
Word header, the running foot and "page x of y" into the footer.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import lxml.html
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from flask import Response

from .document_docx_ooxml import (
    COMPLEX_SCRIPT_FONT,
    LATIN_FONT,
    add_field,
    document_languages,
    repeat_as_header,
    right_to_left_paragraph,
    right_to_left_table,
    style_run,
)

MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

#: Elements that start a paragraph (or hold paragraphs) rather than run on in one.
BLOCK_TAGS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "table", "ul", "ol", "li", "blockquote", "div", "section"}
    | {"header", "footer"}
)
HEADING_LEVELS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4}
LIST_STYLES = {"ul": "List Bullet", "ol": "List Number"}
#: Paragraph classes the PDF sets in bold.
BOLD_CLASSES = frozenset({"label", "item-title", "marking", "urgent-banner", "draft-mark"})
#: The running head and foot: they go into the Word header and footer, not the body.
RUNNING_IDS = frozenset({"page-head", "page-foot-reference", "page-foot-marking"})
#: The PDF's page: A4 and its margins (document.css `@page`), in millimetres.
PAGE_SIZE = (210, 297)
MARGINS = {"top_margin": 22, "bottom_margin": 22, "left_margin": 20, "right_margin": 20}
#: Characters XML 1.0 cannot hold (a typed control character): left out of the Word file.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
PLACEHOLDER = re.compile(r"(%\((?:page|pages)\)s)")
FIELDS = {"%(page)s": "PAGE", "%(pages)s": "NUMPAGES"}


@dataclass(frozen=True)
class Piece:
    """A stretch of inline text with its direction and weight; `text=None` is a line break."""

    text: str | None
    rtl: bool
    bold: bool = False
    italic: bool = False


def _classes(element: Any) -> set[str]:
    return set((element.get("class") or "").split())


def _is_block(element: Any) -> bool:
    return element.tag in BLOCK_TAGS or (
        element.tag == "span" and "typed-line" in _classes(element)
    )


def _direction(element: Any, inherited: bool) -> bool:
    """Whether the element's text is right to left: its own `dir`, else its parent's."""
    given = element.get("dir")
    return given == "rtl" if given in ("rtl", "ltr") else inherited


def inline(element: Any, rtl: bool, bold: bool = False, italic: bool = False) -> list[Piece]:
    """The element's text and that of its inline children, as pieces (the tail excluded)."""
    rtl = _direction(element, rtl)
    bold = bold or element.tag in ("strong", "b", "th")
    italic = italic or element.tag in ("em", "i")
    if element.tag == "br":
        return [Piece(None, rtl)]
    pieces = [Piece(element.text, rtl, bold, italic)] if element.text else []
    for child in element:
        if isinstance(child.tag, str):
            pieces.extend(inline(child, rtl, bold, italic))
        if child.tail:
            pieces.append(Piece(child.tail, rtl, bold, italic))
    return pieces


def _normalised(pieces: list[Piece]) -> list[Piece]:
    """HTML whitespace: a run of spaces, even across pieces, is one space; none at the
    paragraph's ends or around a line break."""
    out: list[Piece] = []
    after_space = True
    for piece in pieces:
        if piece.text is None:
            _strip_end(out)
            out.append(piece)
            after_space = True
            continue
        text = re.sub(r"\s+", " ", NOT_XML.sub("", piece.text))
        if after_space:
            text = text.lstrip(" ")
        if text:
            out.append(Piece(text, piece.rtl, piece.bold, piece.italic))
            after_space = text.endswith(" ")
    _strip_end(out)
    return out


def _strip_end(pieces: list[Piece]) -> None:
    """No space before the end of the paragraph (or a line break)."""
    while pieces and pieces[-1].text is not None:
        last = pieces[-1]
        text = (last.text or "").rstrip(" ")
        if text:
            pieces[-1] = Piece(text, last.rtl, last.bold, last.italic)
            return
        pieces.pop()


@dataclass
class Writer:
    """Writes HTML blocks into a Word container (the body, a cell, the header)."""

    rtl: bool

    def paragraph(
        self,
        target: Any,
        pieces: list[Piece],
        style: str | None = None,
        rtl: bool = False,
        keep_empty: bool = False,
    ) -> Any:
        pieces = _normalised(pieces)
        if not pieces and not keep_empty:
            return None
        paragraph = target.add_paragraph(style=style)
        if self.rtl or rtl:
            right_to_left_paragraph(paragraph)
        for piece in pieces:
            run = paragraph.add_run()
            if piece.text is None:
                run.add_break()
            else:
                run.text = piece.text
            style_run(run, piece.rtl, piece.bold, piece.italic)
        return paragraph

    def container(
        self, target: Any, element: Any, style: str | None = None, bold: bool = False
    ) -> None:
        """The element's children: runs of inline content make paragraphs, blocks their own."""
        rtl = _direction(element, self.rtl)
        bold = bold or bool(_classes(element) & BOLD_CLASSES) or element.tag == "th"
        pending = [Piece(element.text, rtl, bold)] if element.text else []
        for child in element:
            if not isinstance(child.tag, str) or child.get("id") in RUNNING_IDS:
                pass
            elif _is_block(child):
                self.paragraph(target, pending, style, rtl)
                pending = []
                self.block(target, child, style, bold, rtl)
            else:
                pending.extend(inline(child, rtl, bold))
            if child.tail:
                pending.append(Piece(child.tail, rtl, bold))
        self.paragraph(target, pending, style, rtl)

    def block(self, target: Any, element: Any, style: str | None, bold: bool, rtl: bool) -> None:
        tag = element.tag
        if tag in HEADING_LEVELS:
            self.paragraph(target, inline(element, rtl), f"Heading {HEADING_LEVELS[tag]}")
        elif tag == "table":
            self.table(target, element)
        elif tag in LIST_STYLES:
            for item in element.iterchildren("li"):
                self.container(target, item, LIST_STYLES[tag], bold)
        elif tag == "span":  # a line of typed text: a paragraph in its own direction
            line_rtl = _direction(element, rtl)
            pieces = inline(element, line_rtl, bold)
            self.paragraph(target, pieces, style, line_rtl, keep_empty=True)
        elif tag == "p" and not any(_is_block(child) for child in element):
            bold = bold or bool(_classes(element) & BOLD_CLASSES)
            self.paragraph(target, inline(element, _direction(element, rtl), bold), style)
        else:
            self.container(target, element, "Quote" if tag == "blockquote" else style, bold)

    def table(self, target: Any, element: Any) -> None:
        rows = element.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")
        if not rows:
            return
        width = max(sum(int(c.get("colspan") or 1) for c in _cells(row)) for row in rows)
        if _ends_in_a_table(target):  # Word would join two tables that touch into one
            self.paragraph(target, [], keep_empty=True)
        table = target.add_table(rows=len(rows), cols=width)
        table.style = "Table Grid"
        if self.rtl:
            right_to_left_table(table)
        for row_index, row in enumerate(rows):
            if row.getparent().tag == "thead":
                repeat_as_header(table.rows[row_index]._tr)
            column = 0
            for cell_element in _cells(row):
                span = int(cell_element.get("colspan") or 1)
                cell = table.cell(row_index, column)
                if span > 1:
                    cell = cell.merge(table.cell(row_index, column + span - 1))
                self.container(cell, cell_element)
                _drop_leading_empty(cell)
                for paragraph in cell.paragraphs if self.rtl else ():  # an empty cell's too
                    right_to_left_paragraph(paragraph)
                column += span


def _ends_in_a_table(target: Any) -> bool:
    container = target._body._element if hasattr(target, "_body") else target._element
    blocks = [child for child in container if child.tag in (qn("w:p"), qn("w:tbl"))]
    return bool(blocks) and blocks[-1].tag == qn("w:tbl")


def _cells(row: Any) -> list[Any]:
    return [cell for cell in row if cell.tag in ("td", "th")]


def _drop_leading_empty(cell: Any) -> None:
    """A new cell holds one empty paragraph: dropped once the cell has its own."""
    paragraphs = cell.paragraphs
    if len(paragraphs) > 1 and not paragraphs[0].text:
        paragraphs[0]._p.getparent().remove(paragraphs[0]._p)


def _by_id(root: Any, ident: str) -> Any:
    found = root.xpath(f'//*[@id="{ident}"]')
    return found[0] if found else None


def _running_parts(root: Any) -> Iterator[Any]:
    head = _by_id(root, "page-head")
    if head is not None:
        yield from (child for child in head if isinstance(child.tag, str))


def _three_cells(part: Any, writer: Writer, width: Any) -> list[Any]:
    table = part.add_table(rows=1, cols=3, width=width)
    if writer.rtl:
        right_to_left_table(table)
    return list(table.rows[0].cells)


def _write_header(document: Any, root: Any, writer: Writer) -> None:
    section = document.sections[0]
    width = section.page_width - section.left_margin - section.right_margin
    header = section.header
    cells = _three_cells(header, writer, width)
    for cell, part in zip(cells, _running_parts(root), strict=False):
        writer.container(cell, part)
        _drop_leading_empty(cell)
        for paragraph in cell.paragraphs:
            for run in paragraph.runs:
                run.font.size = Pt(7)
    cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _end_with_a_paragraph(header)


def _write_footer(document: Any, root: Any, writer: Writer, page_of_pages: str) -> None:
    section = document.sections[0]
    width = section.page_width - section.left_margin - section.right_margin
    footer = section.footer
    cells = _three_cells(footer, writer, width)
    for cell, ident in ((cells[0], "page-foot-reference"), (cells[2], "page-foot-marking")):
        element = _by_id(root, ident)
        if element is not None:
            writer.container(cell, element, bold=ident == "page-foot-marking")
            _drop_leading_empty(cell)
    middle = cells[1].paragraphs[0]
    middle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if writer.rtl:
        right_to_left_paragraph(middle)
    for part in PLACEHOLDER.split(page_of_pages):
        if part in FIELDS:
            add_field(middle, FIELDS[part], "1", writer.rtl)
        elif part:
            style_run(middle.add_run(part), writer.rtl)
    _end_with_a_paragraph(footer)


def _end_with_a_paragraph(part: Any) -> None:
    """The header's (or footer's) own empty paragraph goes after its table, as Word ends every
    story with a paragraph, and at 1 pt so that it adds no line."""
    first = part.paragraphs[0] if part.paragraphs else None
    if first is None or first.text:
        return
    part._element.remove(first._p)
    part._element.append(first._p)
    first.paragraph_format.space_after = first.paragraph_format.space_before = Pt(0)
    first.paragraph_format.line_spacing = Pt(1)


def _set_up(document: Any, root: Any, language: str) -> None:
    """Page, fonts, language and the core properties (title and language; no internal id)."""
    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_SIZE[0]), Mm(PAGE_SIZE[1])
    for name, millimetres in MARGINS.items():
        setattr(section, name, Mm(millimetres))
    section.header_distance = section.footer_distance = Mm(8)
    normal = document.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = Pt(11)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}cs", COMPLEX_SCRIPT_FONT
    )
    document_languages(document.styles.element, language)
    properties = document.core_properties
    properties.title = " ".join(root.findtext(".//title", default="").split())
    properties.language = language
    keywords = root.xpath('//meta[@name="keywords"]/@content')
    description = root.xpath('//meta[@name="description"]/@content')
    properties.keywords = keywords[0] if keywords else ""
    properties.subject = description[0] if description else ""
    properties.author = properties.last_modified_by = properties.comments = ""
    properties.created = properties.modified = datetime.now(UTC).replace(microsecond=0)


def html_to_docx(html: str, page_of_pages: str) -> bytes:
    """The Word file of a rendered document; `page_of_pages` is "Page %(page)s of %(pages)s"
    in the document's language."""
    root = lxml.html.document_fromstring(html)
    language = root.get("lang") or "en"
    writer = Writer(rtl=root.get("dir") == "rtl")
    document = Document()
    _set_up(document, root, language)
    body = root.find("body")
    if body is not None:
        writer.container(document, body)
    _write_header(document, root, writer)
    _write_footer(document, root, writer, page_of_pages)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_response(html: str, page_of_pages: str, filename: str) -> Response:
    """The Word file as a download."""
    response = Response(html_to_docx(html, page_of_pages), mimetype=MIMETYPE)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}.docx"'
    return response
