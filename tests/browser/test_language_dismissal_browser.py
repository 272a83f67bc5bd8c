"""In the review step, the author dismisses "text in another language" for a quotation, sees it
set apart as dismissed, and undoes it."""

from __future__ import annotations

import pytest

from mla_tool.extensions import db
from mla_tool.forms.drafting import create_request
from tests.browser.pages import sign_in

pytestmark = pytest.mark.browser


def test_dismiss_a_quotation_then_undo(page, live_server, make_user, artifacts_dir) -> None:
    user = make_user("prosecutor", country="FRA")
    facts = "El sospechoso transfirió los fondos a la cuenta de la empresa en Dubái entre marzo."
    request = create_request(user, {"kind": "mla", "language": "fr", "facts": facts})
    db.session.commit()
    sign_in(page, live_server, user.email, by_enter=True)

    page.goto(f"{live_server}/requests/{request.id}/step/review")
    finding = page.locator('.finding-warning[data-code="text_needs_translation"]')
    assert finding.count() == 1 and "(es)" in finding.inner_text()
    section = page.locator("#review-facts")
    section.screenshot(path=str(artifacts_dir / "language-finding.png"))
    page.click('.dismiss-form[data-field="facts"] button')  # wizard.js swaps the page in place
    page.wait_for_selector('.finding-dismissed[data-field="facts"]')
    dismissed = page.locator('.finding-dismissed[data-field="facts"]')
    assert dismissed.count() == 1
    assert page.locator('.finding-warning[data-code="text_needs_translation"]').count() == 0
    section.screenshot(path=str(artifacts_dir / "language-finding-dismissed.png"))

    dismissed.locator("button").click()
    page.wait_for_selector('.dismiss-form[data-field="facts"]')
    assert page.locator(".finding-dismissed").count() == 0
    assert page.locator('.dismiss-form[data-field="facts"]').count() == 1
