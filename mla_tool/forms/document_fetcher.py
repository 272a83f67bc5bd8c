"""WeasyPrint's side of what a printed document may fetch: a fetcher serving only the
application's static files (document_fetch.static_path_for), imported at the first render."""

from __future__ import annotations

import mimetypes
from typing import Any

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from .document_fetch import static_path_for


class DocumentFetchRefused(FatalURLFetchingError):
    """Raised for every URL that is not one of the application's static files."""


class StaticOnlyFetcher(URLFetcher):
    """Serves `<origin>/static/…` from the package's static folder; refuses everything else.

    Modelled on indico's IndicoURLFetcher: no file://, no network, no path escapes.
    """

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:  # type: ignore[override]
        path = static_path_for(url)
        if path is None:
            raise DocumentFetchRefused(f"documents may not fetch {url}")
        mime, _ = mimetypes.guess_type(path.name)
        return URLFetcherResponse(
            url,
            body=path.read_bytes(),
            headers={"Content-Type": mime or "application/octet-stream"},
        )
