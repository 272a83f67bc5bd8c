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


def record_transmission(
    page: Any, channel: str, reference: str, *, note: str = "", sent_on: str | None = None
) -> None:
    """On the case page: fill the transmission form (channel, outgoing reference or note verbale
    number, note, and the date when given) and record it; waits for the page after."""
    form = page.locator("#move-transmitted")
    if form.get_attribute("open") is None:
        form.locator("summary").click()
    if sent_on is not None:
        page.fill("#tx-sent_on", sent_on)
    page.select_option("#tx-channel", channel)
    page.fill("#tx-reference", reference)
    if note:
        page.fill("#tx-note", note)
    page.click("#record-transmission")
    page.wait_for_load_state()
