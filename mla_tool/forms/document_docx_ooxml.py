"""The Word details python-docx has no call for: paragraph direction, fonts by script, fields."""

from __future__ import annotations

from docx.enum.table import WD_TABLE_DIRECTION
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

#: The document's fonts: Latin text and complex scripts (Arabic), as in document.css.
LATIN_FONT = "Noto Serif"
COMPLEX_SCRIPT_FONT = "Noto Naskh Arabic"

#: What follows `w:bidi` in a paragraph's properties (ECMA-376 CT_PPrBase order).
_AFTER_BIDI = (
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)


def right_to_left_paragraph(paragraph: Paragraph) -> None:
    """The paragraph reads right to left (`w:bidi`): its start is on the right."""
    ppr = paragraph._p.get_or_add_pPr()
    if ppr.find(qn("w:bidi")) is None:
        ppr.insert_element_before(OxmlElement("w:bidi"), *_AFTER_BIDI)


def style_run(run: Run, rtl: bool, bold: bool = False, italic: bool = False) -> None:
    """A run's direction (`w:rtl`) and its fonts for Latin and complex-script text."""
    font = run.font
    font.rtl = rtl or None
    if bold:
        font.bold = True
        font.cs_bold = True
    if italic:
        font.italic = True
        font.cs_italic = True
    fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:cs"), COMPLEX_SCRIPT_FONT)


def right_to_left_table(table: Table) -> None:
    """The table's first column on the right (`w:bidiVisual`)."""
    table.table_direction = WD_TABLE_DIRECTION.RTL


def repeat_as_header(row_element: object) -> None:
    """The row repeats at the top of each page the table runs onto (`w:tblHeader`)."""
    trpr = row_element.get_or_add_trPr()  # type: ignore[attr-defined]
    if trpr.find(qn("w:tblHeader")) is None:
        trpr.append(OxmlElement("w:tblHeader"))


def add_field(paragraph: Paragraph, instruction: str, shown: str, rtl: bool) -> None:
    """A field Word computes when it lays the page out (PAGE, NUMPAGES)."""
    for kind in ("begin", "instr", "separate", "shown", "end"):
        run = paragraph.add_run()
        style_run(run, rtl)
        if kind == "instr":
            text = OxmlElement("w:instrText")
            text.set(qn("xml:space"), "preserve")
            text.text = f" {instruction} "
            run._r.append(text)
        elif kind == "shown":
            run.text = shown
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)


def document_languages(styles_element: object, language: str) -> None:
    """The default language of the text (`w:lang`), Arabic as its complex-script language."""
    rpr_default = styles_element.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault"))  # type: ignore[attr-defined]
    if rpr_default is None:
        return
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), language)
    lang.set(qn("w:bidi"), "ar")
