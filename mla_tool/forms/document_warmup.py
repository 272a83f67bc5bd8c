"""Fonts warmed when the server starts: one tiny render in the background, so that the first
user's PDF does not pay for loading WeasyPrint, fontconfig and the document fonts."""

from __future__ import annotations

import logging
import threading

from .document_fetch import DOCUMENT_ORIGIN
from .document_pages import html_to_pdf

log = logging.getLogger(__name__)

#: The document stylesheet, Latin and Arabic text in plain and bold: the faces a document uses.
WARMUP_HTML = (
    f'<!doctype html><html lang="en"><head><link rel="stylesheet" '
    f'href="{DOCUMENT_ORIGIN}/static/css/document.css"></head><body>'
    "<h1>Request</h1><p>Mutual legal assistance <b>bold</b></p>"
    '<p lang="ar" dir="rtl">طلب المساعدة القانونية <b>المتبادلة</b></p></body></html>'
)


def _warm() -> None:
    try:
        html_to_pdf(WARMUP_HTML)
    except Exception:  # a warm-up that fails costs the first user the cold start, nothing more
        log.exception("warming the document fonts failed")


def warm_fonts_in_background() -> threading.Thread:
    """Start the tiny render on a daemon thread and return it."""
    thread = threading.Thread(target=_warm, name="document-font-warmup", daemon=True)
    thread.start()
    return thread
