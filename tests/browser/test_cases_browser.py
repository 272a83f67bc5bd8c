"""A caseworker registers an incoming request, assigns it, moves it to execution and reads the
timeline, in a real Chromium; the case pages have no serious accessibility violations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mla_tool.cases.models import Case
from mla_tool.extensions import db
from tests.browser.pages import move_case, sign_in, timeline_text
from tests.factories.accessibility import AXE, serious_violations

pytestmark = pytest.mark.browser


def test_register_assign_execute_and_read_the_timeline(
    browser: Any, live_server: str, make_user: Any, artifacts_dir: Path
) -> None:
    caseworker = make_user("caseworker", country="FRA", display_name="Claire Caseworker")
    make_user("prosecutor", country="FRA", display_name="Paul Prosecutor")
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    sign_in(page, live_server, caseworker.email)

    # the list's link leads to the full registration (its own browser test); the short form of
    # the case tracker stays for a case opened before its request's details are known
    link = page.locator("text=Register an incoming request").first
    assert link.get_attribute("href").endswith("/requests/incoming/new")
    page.goto(f"{live_server}/cases/new?direction=incoming")
    page.select_option("#kind", "extradition")
    page.select_option("#counterpart_state", "BRA")
    page.fill("#title", "Extradition of J. D.")
    page.fill("#reference", "BR-EXT-42")
    page.fill("#received_on", "2026-11-20")
    page.select_option("#channel", "diplomatic")
    page.click("main button[type=submit]")
    page.wait_for_url("**/cases/*")
    assert page.locator("h1").inner_text().endswith("Extradition of J. D.")
    assert page.locator(".case-badges").inner_text().count("Received") == 1

    page.select_option("#assign-to", label="Paul Prosecutor")
    page.click("form.assign-form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#assignee").inner_text() == "Paul Prosecutor"

    move_case(page, "under_review")
    # a refusal without a reason is stopped by the form and by the server
    assert page.locator("#note-refused").get_attribute("required") is not None
    move_case(page, "in_execution")
    assert "In execution" in page.locator(".case-badges").inner_text()

    timeline = timeline_text(page)
    assert "Received → In execution" not in timeline
    assert "Under review → In execution" in timeline
    assert "Received → Under review" in timeline
    assert "assigned to Paul Prosecutor" in timeline
    assert "case opened as Received" in timeline
    page.screenshot(path=str(artifacts_dir / "case-page.png"), full_page=True)

    with db.session.no_autoflush:
        db.session.expire_all()
        case = db.session.query(Case).one()
        assert case.status == "in_execution"

    if AXE.exists():
        failures = {}
        for path in (
            f"/cases/{case.id}",
            "/cases/",
            "/cases/stats",
            "/cases/new?direction=incoming",
        ):
            page.goto(f"{live_server}{path}")
            found = serious_violations(page)
            if found:
                failures[path] = found
        assert failures == {}
    context.close()
