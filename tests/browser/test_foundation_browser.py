"""A real headless Chromium: sign in, switch to Arabic, the page turns right-to-left."""

from __future__ import annotations

import pytest

from tests.conftest import DEFAULT_PASSWORD

pytestmark = pytest.mark.browser


def test_login_then_arabic_is_right_to_left(page, live_server, make_user, artifacts_dir) -> None:
    user = make_user("caseworker", display_name="Layla Haddad")
    page.goto(f"{live_server}/login")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/dashboard")
    assert page.locator("h1").inner_text() == "Dashboard"
    assert page.evaluate("document.documentElement.dir") == "ltr"

    # the arrow keys move through the languages without leaving the page (WCAG 3.2.2)
    page.focus("#lang-select")
    page.keyboard.press("ArrowDown")
    page.wait_for_timeout(300)
    assert page.evaluate("document.documentElement.dir") == "ltr"
    assert page.url.endswith("/dashboard")
    page.select_option("#lang-select", "ar")
    page.click(".lang-submit")
    page.wait_for_function("document.documentElement.dir === 'rtl'")
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.locator("h1").inner_text() == "لوحة المعلومات"
    # the layout mirrors: the brand sits at the right edge of the top bar
    brand = page.locator(".brand").bounding_box()
    viewport = page.viewport_size
    assert brand is not None and viewport is not None
    assert brand["x"] > viewport["width"] / 2
    page.screenshot(path=str(artifacts_dir / "dashboard-ar.png"), full_page=True)

    page.reload()  # remembered for the user
    assert page.evaluate("document.documentElement.dir") == "rtl"


def test_page_has_no_console_errors_under_csp(page, live_server) -> None:
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.goto(f"{live_server}/login")
    assert page.evaluate("document.documentElement.classList.contains('js')")
    assert errors == []
