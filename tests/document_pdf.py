"""Reading printed documents back: every word of a PDF with its box (`pdftotext -bbox`), each
page's text, and which words lie beyond the page margins."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mla_tool.forms import documents

MM = 72 / 25.4
#: Slack for glyph side bearings and rounding.
TOLERANCE = 1.0
#: pdftotext boxes a word from its font's ascender to its descender: with Amiri and Noto Naskh
#: (Arabic documents) that box is 1.7 em tall, taller than the 1.45 em line it sits on, so the
#: first line of a page reaches ~2 pt into the top margin while its ink does not. Vertically a
#: box may exceed the margin by this share of its height (plus TOLERANCE), never leave the page.
FONT_BOX_SHARE = 0.12


@dataclass(frozen=True)
class Margins:
    """Page margins in points: top, right, bottom, left."""

    top: float
    right: float
    bottom: float
    left: float


DOCUMENT_MARGINS = Margins(22 * MM, 20 * MM, 22 * MM, 20 * MM)
FORM_MARGINS = Margins(12 * MM, 12 * MM, 12 * MM, 12 * MM)


@dataclass(frozen=True)
class Word:
    page: int
    text: str
    x_min: float
    y_min: float
    x_max: float
    y_max: float


WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')


def words_of(pdf: bytes, tmp_path: Path) -> tuple[list[tuple[float, float]], list[Word]]:
    """Each page's size and every word with its box."""
    path = tmp_path / "box.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    sizes: list[tuple[float, float]] = []
    words: list[Word] = []
    for number, page in enumerate(out.split("<page ")[1:], start=1):
        size = PAGE.match("<page " + page)
        assert size is not None
        sizes.append((float(size.group(1)), float(size.group(2))))
        for match in WORD.finditer(page):
            x_min, y_min, x_max, y_max = (float(match.group(i)) for i in range(1, 5))
            words.append(Word(number, match.group(5), x_min, y_min, x_max, y_max))
    return sizes, words


def outside(
    sizes: list[tuple[float, float]],
    words: list[Word],
    margins: Margins,
    running: set[str] | RunningText,
) -> list[Word]:
    """Words beyond the margins. Running heads and feet (DRAFT, page n / N, the marking) print
    in the top and bottom margins, over the width of the text: only their sides are checked."""
    found = []
    for word in words:
        if all(unicodedata.combining(char) for char in word.text):
            continue  # an Arabic mark pdftotext boxes apart from its letter, which is checked
        width, height = sizes[word.page - 1]
        sideways = word.x_min < margins.left - TOLERANCE or (
            word.x_max > width - margins.right + TOLERANCE
        )
        slack = TOLERANCE + FONT_BOX_SHARE * (word.y_max - word.y_min)
        in_margin_band = word.y_min < margins.top - slack or (
            word.y_max > height - margins.bottom + slack
        )
        off_page = word.y_min < 0 or word.y_max > height
        if sideways or off_page or (in_margin_band and word.text not in running):
            found.append(word)
    return found


BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def pages_text(pdf: bytes, tmp_path: Path) -> list[str]:
    """The text of each page, whitespace collapsed, without bidi controls."""
    path = tmp_path / "pages.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    return [re.sub(r"\s+", " ", BIDI_CONTROLS.sub("", page)) for page in out.split("\f")[:-1]]


def page_label(language: str, page: int, pages: int) -> str:
    """ "Page 1 of 3" in the document's language, as the running foot prints it."""
    return documents.gettext_for(language)(documents.PAGE_OF_PAGES) % {"page": page, "pages": pages}


def squeezed(text: str) -> str:
    """The text without spaces: pdftotext may drop the one between a number and an Arabic word."""
    return re.sub(r"\s+", "", text)


class RunningText:
    """The words the running head and foot (templates/documents/_base.html) may print in the
    page margins: any piece of their texts (pdftotext splits and joins words of mixed scripts
    its own way, gives right-to-left words in visual order and joins a shortened value to the
    next), a word at a time."""

    def __init__(self, data: dict[str, Any], language: str, pages: int) -> None:
        gettext = documents.gettext_for(language)
        context = documents.document_context(None, data, language)
        texts = [
            gettext(text)
            for text in ("DRAFT", "INTERNAL", "CONFIDENTIAL", "From", "To", "Our reference")
        ]
        texts += [gettext("Case number"), context["reference"], context["authority_name"]]
        texts += [context["proceedings"].get("case_number") or ""]
        texts += [context["requesting_authority"].get("name") or ""]
        texts += [context["requesting_state"], context["requested_state"]]
        texts += [page_label(language, page, pages) for page in range(1, pages + 1)]
        self.text = " ".join(texts)

    def __contains__(self, word: object) -> bool:
        pieces = [p for p in re.split(r"[^\w@.+-]+", str(word).replace("…", " ")) if p]
        return all(piece in self.text or piece[::-1] in self.text for piece in pieces)
