"""What a printed document may fetch: the application's own static files, nothing else.

The document's links resolve against an origin of its own (DOCUMENT_ORIGIN); WeasyPrint fetches
them through document_fetcher.StaticOnlyFetcher, and the HTML preview points them at this
application."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from flask import url_for

from ..resources import PACKAGE_DIR

#: The origin the document's own links resolve against; only it is ever fetched.
DOCUMENT_ORIGIN = "https://document.mla-tool.invalid"
STATIC_DIR = PACKAGE_DIR / "static"


def static_path_for(url: str) -> Path | None:
    """The static file a URL names, or None unless it is `<origin>/static/<existing file>`."""
    parts = urlsplit(url)
    origin = urlsplit(DOCUMENT_ORIGIN)
    if (parts.scheme, parts.netloc) != (origin.scheme, origin.netloc):
        return None
    if not parts.path.startswith("/static/"):
        return None
    relative = unquote(parts.path[len("/static/") :])
    candidate = (STATIC_DIR / relative).resolve()
    root = STATIC_DIR.resolve()
    if root not in candidate.parents or not candidate.is_file():
        return None
    return candidate


def for_browser(html: str) -> str:
    """The document's stylesheet links, pointed at this application for an HTML preview.

    WeasyPrint fetches `<DOCUMENT_ORIGIN>/static/…` through StaticOnlyFetcher; a browser
    cannot resolve that origin. Only quoted attribute values are rewritten (typed text is
    escaped, so a user's own words never start with a bare quote)."""
    return html.replace(f'"{DOCUMENT_ORIGIN}/static/', '"' + url_for("static", filename=""))
