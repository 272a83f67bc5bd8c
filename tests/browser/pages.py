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


# ---------------------------------------------------------------------------------------------
# The wizard's steps


def fill_step(
    page: Any,
    values: dict[str, str] | None = None,
    selects: dict[str, str] | None = None,
    checks: tuple[str, ...] = (),
) -> None:
    """Fill fields of the step shown: choices by selector, then text by selector, then tick
    the boxes `checks`."""
    for selector, value in (selects or {}).items():
        page.select_option(selector, value)
    for selector, value in (values or {}).items():
        page.fill(selector, value)
    for selector in checks:
        page.check(selector)


def _went_to(page: Any, code: str | None) -> None:
    if code is None:
        page.wait_for_load_state("networkidle")
    else:
        page.wait_for_url(f"**/step/{code}")
        page.wait_for_selector("#progress")


def save_and_next(page: Any, code: str | None = None) -> None:
    """Save the step and go on (the "Save and continue" button); waits for step `code` when
    given, otherwise until the page settles."""
    page.click("#save-next")
    _went_to(page, code)


def next_step(page: Any, code: str | None = None) -> None:
    """Go on without saving (a step of entries, saved one by one); waits as `save_and_next`."""
    page.click("#next-step")
    _went_to(page, code)


def add_entry(
    page: Any,
    values: dict[str, str],
    selects: dict[str, str] | None = None,
    checks: tuple[str, ...] = (),
) -> None:
    """On a step of entries (persons, offences, documents…): fill the item form, save it and
    wait until the new entry is listed."""
    count = page.locator("#entries > li").count()
    fill_step(page, values, selects, checks)
    page.click("#save-item")
    page.wait_for_selector(f"#entry-{count}")


def findings(page: Any, severity: str = "error", within: str = "") -> list[str]:
    """The findings of `severity` (error, warning) the page shows, in order, each as its code
    (the review's, which carry one) and its text; `within`: only those inside that selector
    (e.g. "#entry-0", a measure's findings on its step)."""
    scope = f"{within} " if within else ""
    return page.eval_on_selector_all(
        f"{scope}.finding.finding-{severity}",
        "nodes => nodes.map(n => (n.dataset.code ? n.dataset.code + ': ' : '') + n.textContent)",
    )


# ---------------------------------------------------------------------------------------------
# The case page


def open_case(page: Any, base: str, case_id: int) -> Any:
    """Open the case's page and wait for its timeline; returns the page."""
    page.goto(f"{base}/cases/{case_id}")
    page.wait_for_selector("#timeline")
    return page


def move_case(page: Any, to: str, note: str = "") -> None:
    """Move the case shown to the status `to`, with `note`: a move that asks a reason has its own
    form (#move-<to>, opened first), the others share the note of the status buttons."""
    own_form = page.locator(f"#move-{to}")
    if own_form.count():
        if own_form.get_attribute("open") is None:
            own_form.locator("summary").click()
        page.fill(f"#note-{to}", note)
        own_form.locator(f"button[name=go][value={to}]").click()
    else:
        if note:
            page.fill("#transition-note", note)
        page.click(f"#transition-form button[value={to}]")
    page.wait_for_load_state()


def timeline_text(page: Any) -> str:
    """The case's timeline as the reader sees it."""
    return page.locator("#timeline .timeline").inner_text()
