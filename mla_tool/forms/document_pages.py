"""How a printed document becomes pages: the PDF rendering (one at a time per process; PDF/A-2u,
tagged, PDF/UA-1), "page x of y" in the document's language in the running foot, and a one-page
form (the 24/7 form) fitted onto its one page."""

from __future__ import annotations

import re
import threading
from typing import TYPE_CHECKING

from markupsafe import Markup

from ..clock import utcnow
from .document_fetch import DOCUMENT_ORIGIN
from .document_xmp import add_document_xmp

if TYPE_CHECKING:  # WeasyPrint (half a second) is imported when a document is first rendered
    from weasyprint import HTML
    from weasyprint.document import Document
    from weasyprint.text.fonts import FontConfiguration

#: Every document is archival and accessible: PDF/A-2u (fonts embedded, an sRGB output intent,
#: XMP metadata, every glyph mapped to Unicode) and tagged (a structure tree in reading order,
#: the language in /Lang), identified as PDF/UA-1 in its XMP (document_xmp.py). PDF/A-2 rather
#: than 3: no attachment of any other format is allowed in it, as archives ask.
ARCHIVAL_OPTIONS = {"pdf_variant": "pdf/a-2u", "pdf_tags": True}

_PAGE_COUNTERS = {"%(page)s": "counter(page)", "%(pages)s": "counter(pages)"}

#: A document that must fit one page says so in its head (eevidence_form.html).
ONE_PAGE = '<meta name="layout" content="one-page">'
#: Its type, in steps, until it fits (the form's own size is 9pt, 9.5pt in Arabic); texts
#: longer than a one-page form holds are shortened by the template itself, with a note.
ONE_PAGE_FONT_SIZES = ("8.5pt", "8pt", "7.5pt", "7pt")


def _css_string(text: str) -> str:
    """A CSS string literal; quotes, backslashes, angle brackets and line ends escaped."""
    return '"' + "".join(f"\\{ord(c):x} " if c in '"\\<>\n\r' else c for c in text) + '"'


def page_numbering_css(label: str, direction: str) -> Markup:
    """The running foot of every page: our reference at the line's start, "page x of y" (the
    translated `label`, documents.PAGE_OF_PAGES) in the middle, the marking at its end."""
    parts = re.split(r"(%\(pages?\)s)", label)
    content = " ".join(_PAGE_COUNTERS.get(part) or _css_string(part) for part in parts if part)
    start, end = ("right", "left") if direction == "rtl" else ("left", "right")
    return Markup(  # noqa: S704 (fixed CSS around escaped catalogue text)
        f"@page {{ @bottom-{start} {{ content: element(pagefootreference); width: 40%; }}"
        f" @bottom-center {{ content: {content}; direction: {direction}; width: 20%; }}"
        f" @bottom-{end} {{ content: element(pagefootmarking); width: 40%; }} }}"
    )


def laid_out(html: str, document: HTML, font_config: FontConfiguration) -> Document:
    """The document on its pages; a one-page form in smaller type until it fits one page."""
    from weasyprint import CSS

    pages = document.render(font_config=font_config)
    if ONE_PAGE not in html:
        return pages
    for size in ONE_PAGE_FONT_SIZES:
        if len(pages.pages) <= 1:
            break
        smaller = CSS(string=f"html, html[lang] {{ font-size: {size} !important; }}")
        pages = document.render(font_config=font_config, stylesheets=[smaller])
    return pages


_font_config: FontConfiguration | None = None


def font_configuration() -> FontConfiguration:
    global _font_config
    if _font_config is None:
        from weasyprint.text.fonts import FontConfiguration

        _font_config = FontConfiguration()
    return _font_config


#: One PDF at a time per process: the shared font configuration (fontconfig, Pango) is not safe
#: across threads (simultaneous renders aborted the process), and the GIL would not run two
#: renders faster. A render holds no database transaction, so waiting here blocks no writer.
_render_lock = threading.Lock()


def html_to_pdf(html: str, archival: bool = True) -> bytes:
    """The PDF of a document's HTML, fetching only the application's static files; `archival`
    (ARCHIVAL_OPTIONS, created now unless its head says dcterms.created) but for a drawing that
    another PDF takes in (the signature block)."""
    from weasyprint import HTML

    from .document_fetcher import StaticOnlyFetcher

    document = HTML(string=html, base_url=DOCUMENT_ORIGIN + "/", url_fetcher=StaticOnlyFetcher())
    with _render_lock:
        pages = laid_out(html, document, font_configuration())
        if not archival:
            pdf = pages.write_pdf()
        else:
            pages.metadata.created = pages.metadata.created or _now()
            pdf = pages.write_pdf(finisher=add_document_xmp, **ARCHIVAL_OPTIONS)
    assert pdf is not None
    return pdf


def _now() -> str:
    """Now in UTC as a W3C date and time (the XMP and PDF creation date)."""
    return utcnow().replace(microsecond=0).isoformat() + "Z"
