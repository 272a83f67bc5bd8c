"""Page objects for the browser tests: the selector sequences that several tests repeat."""

from __future__ import annotations

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
