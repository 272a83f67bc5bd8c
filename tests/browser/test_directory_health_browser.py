"""A real headless Chromium: a maintainer reads the directory health page and the age of each
party's participation in the legal-basis finder, in English and in Arabic."""

from __future__ import annotations

from datetime import timedelta

import pytest

from mla_tool import clock
from mla_tool.directory.authorities import create_authority
from mla_tool.extensions import db
from tests.conftest import DEFAULT_PASSWORD
from tests.factories.loaded_once import reference_rows

pytestmark = pytest.mark.browser


def _sign_in(page, live_server, email: str) -> None:
    page.goto(f"{live_server}/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/dashboard")


@pytest.mark.parametrize("locale", ["en", "ar"])
def test_health_page_and_finder_ages(page, live_server, make_user, artifacts_dir, locale) -> None:
    reference_rows()
    old = (clock.today() - timedelta(days=1000)).isoformat()
    create_authority(
        {
            "country": "NOR",
            "functions": ["cybercrime_24_7"],
            "name": "Kripos <b>24/7</b>",
            "languages": ["en"],
            "verified_on": old,
        }
    )
    db.session.commit()
    maintainer = make_user("maintainer")
    maintainer.locale = locale
    db.session.commit()
    _sign_in(page, live_server, maintainer.email)

    page.goto(f"{live_server}/directory/")
    page.locator('a[href="/directory/health"]').click()
    page.wait_for_url("**/directory/health")
    assert page.locator("html").get_attribute("dir") == ("rtl" if locale == "ar" else "ltr")
    norway = page.locator("#health-NOR")
    assert norway.is_visible()
    assert norway.locator(".health-missing").count() >= 1  # no INTERPOL bureau recorded
    assert norway.locator(".health-stale").count() >= 1  # the 24/7 entry verified 1000 days ago
    first = page.locator(".health-queue tbody tr").first
    assert first.is_visible()
    assert page.locator("main b, .health-queue b").count() == 0  # typed text is never markup
    page.screenshot(path=str(artifacts_dir / f"directory-health-{locale}.png"), full_page=False)

    page.goto(f"{live_server}/directory/legal-basis?requesting=JOR&requested=EGY&kind=mla")
    ages = page.locator(".legal-basis summary .fact-age")
    assert ages.count() > 0
    assert page.locator(".legal-basis summary .fact-stale").count() > 0  # 2014 data warns
    first_basis = page.locator(".legal-basis").first
    first_basis.locator("details").first.evaluate("d => d.open = true")
    first_basis.screenshot(path=str(artifacts_dir / f"legal-basis-ages-{locale}.png"))
