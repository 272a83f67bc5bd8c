"""Page objects for the browser tests: the selector sequences that several tests repeat."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from tests.conftest import DEFAULT_PASSWORD


def sign_in(page: Any, base: str, email: str, *, by_enter: bool = False) -> Any:
    """Sign `email` in on the login page and wait for the dashboard; returns the page.

    `by_enter`: submit the form with the Enter key in the password field, not the button.
    """
    page.goto(f"{base}/login")
    page.fill("#email", email)
    page.fill("#password", DEFAULT_PASSWORD)
    if by_enter:
        page.press("#password", "Enter")
    else:
        page.click("main button[type=submit]")
    page.wait_for_url("**/dashboard")
    return page


def start_request(page: Any, base: str, kind: str | None = None) -> int:
    """Start a new request from the request list (of `kind`, else the default one) and wait for
    the wizard's first step; returns the request's id."""
    page.goto(f"{base}/requests/")
    if kind is not None:
        page.select_option("#kind", kind)
    page.click("#new-request")
    page.wait_for_url(re.compile(r".*/requests/\d+/step/requesting$"))
    found = re.search(r"/requests/(\d+)/", page.url)
    assert found is not None
    return int(found.group(1))


def download_document(page: Any, language: str, path: Path, button: str = "#download-pdf") -> Path:
    """On the request page: choose the document language, press the download `button` and save
    what it downloads at `path`; returns `path`."""
    with page.expect_download() as download_info:
        page.select_option("#download-lang", language)
        page.click(button)
    download_info.value.save_as(path)
    return path
