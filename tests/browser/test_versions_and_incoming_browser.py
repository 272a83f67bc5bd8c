"""In a real Chromium: a reviewer returns a request with a comment on one of its fields, its author
reads it on the step holding the field, corrects and resubmits, and the reviewer sees what changed;
a caseworker registers an incoming request with a document (pages in English and Arabic)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mla_tool.cases.models import Case
from mla_tool.directory.models import Instrument
from mla_tool.extensions import db
from mla_tool.forms.models import MlaRequest
from mla_tool.vault.models import Attachment
from tests.browser.pages import open_case, sign_in
from tests.factories.authorities import make_authority
from tests.factories.review_cycles import two_requests_under_review

pytestmark = pytest.mark.browser


def _signed_in(browser: Any, base: str, email: str, locale: str = "en-GB") -> Any:
    page = browser.new_context(locale=locale).new_page()
    sign_in(page, base, email)
    return page


def _status(request_id: int) -> str:
    db.session.expire_all()
    return db.session.get(MlaRequest, request_id).status


def test_return_with_a_field_comment_resubmit_and_see_what_changed(
    browser: Any, live_server: str, make_user: Any, artifacts_dir: Path
) -> None:
    prosecutor = make_user("prosecutor", country="FRA", display_name="Paul Prosecutor")
    caseworker = make_user("caseworker", country="FRA", display_name="Claire Caseworker")
    case, first, second = two_requests_under_review(prosecutor)
    case_id, second_id = case.id, second.id

    reviewer = _signed_in(browser, live_server, caseworker.email)
    open_case(reviewer, live_server, case_id)
    reviewer.fill(f"#review-note-{second_id}", "Say which mailbox is meant.")
    reviewer.click(f"#return-comments-{second_id} summary")
    reviewer.select_option(f"#rf-{second_id}-1", "facts")
    reviewer.fill(f"#rt-{second_id}-1", "Give the dates of the e-mails sought.")
    reviewer.click(f"#return-request-{second_id}")
    reviewer.wait_for_load_state()
    assert _status(second_id) == "returned"

    author = _signed_in(browser, live_server, prosecutor.email)
    author.goto(f"{live_server}/requests/{second_id}/step/facts")
    assert "Say which mailbox is meant." in author.locator("#return-note").inner_text()
    here = author.locator("#return-comments li.comment-here")
    assert "Give the dates of the e-mails sought." in here.inner_text()
    author.screenshot(path=str(artifacts_dir / "return-notice-en.png"), full_page=True)
    author.fill("#facts", "E-mails of 3 and 4 May 2024 in the box x@example.org.")
    author.click("#save-next")
    author.wait_for_load_state()
    author.goto(f"{live_server}/requests/{second_id}/step/review")
    author.fill("#submit-note", "Dates given.")
    author.click("#submit-request")
    author.wait_for_load_state()
    assert _status(second_id) == "submitted"
    assert author.locator("#return-note").count() == 0

    open_case(reviewer, live_server, case_id)
    reviewer.click(f"#changes-since-return-{second_id}")
    reviewer.wait_for_selector("#version-diff")
    row = reviewer.locator('#version-diff tr[data-path="facts"]')
    assert "E-mails of 3 and 4 May 2024" in row.locator(".diff-new").inner_text()
    assert row.locator("th").inner_text().startswith("Facts")
    marks = reviewer.locator(".compare-marks").inner_text()
    assert "Returned for correction" in marks and "Say which mailbox is meant." in marks
    reviewer.screenshot(path=str(artifacts_dir / "version-compare-en.png"), full_page=True)

    arabic = _signed_in(browser, live_server, caseworker.email, locale="ar")
    arabic.goto(f"{live_server}/requests/{second_id}/versions/compare")
    assert arabic.locator("html").get_attribute("dir") == "rtl"
    assert (
        arabic.locator('#version-diff tr[data-path="facts"] .diff-new div').get_attribute("dir")
        == "auto"
    )
    arabic.screenshot(path=str(artifacts_dir / "version-compare-ar.png"), full_page=True)
    arabic.goto(f"{live_server}/requests/{second_id}/versions")
    arabic.screenshot(path=str(artifacts_dir / "versions-ar.png"), full_page=True)
    for page in (reviewer, author, arabic):
        page.context.close()


def test_an_incoming_request_is_registered_with_its_document(
    browser: Any, live_server: str, make_user: Any, artifacts_dir: Path, tmp_path: Path
) -> None:
    db.session.add(Instrument(code="UNTOC", name_en="UNTOC", kind="multilateral"))
    db.session.commit()
    caseworker = make_user("caseworker", country="FRA", display_name="Claire Caseworker")
    sender = make_authority("JOR")
    executing = make_authority("FRA", name="Parquet de Paris")
    letter = tmp_path / "letter-of-request.pdf"
    letter.write_bytes(b"%PDF-1.4 letter of request")

    arabic = _signed_in(browser, live_server, caseworker.email, locale="ar")
    arabic.goto(f"{live_server}/requests/incoming/new")
    assert arabic.locator("html").get_attribute("dir") == "rtl"
    arabic.screenshot(path=str(artifacts_dir / "incoming-new-ar.png"), full_page=True)
    arabic.context.close()

    page = _signed_in(browser, live_server, caseworker.email)
    page.goto(f"{live_server}/cases/")
    page.click("a[href='/requests/incoming/new']")
    page.wait_for_selector("#incoming-form")
    page.select_option("#kind", "mla")
    page.select_option("#requesting_state", "JOR")
    page.select_option("#requesting_authority_id", str(sender))
    page.fill("#title", "Bank records of Omar Haddad")
    page.fill("#reference", "JOR/2026/17")
    page.select_option("#legal_basis", ["UNTOC"])
    page.select_option("#language", "ar")
    page.select_option("#measures", ["records", "take_evidence"])
    page.fill("#persons", "Omar Haddad")
    page.fill("#offences", "Money laundering")
    page.select_option("#executing_authority_id", str(executing))
    page.set_input_files("#documents", str(letter))
    page.screenshot(path=str(artifacts_dir / "incoming-new-en.png"), full_page=True)
    page.click("#register-incoming")
    page.wait_for_url("**/cases/*")
    db.session.expire_all()
    case = db.session.query(Case).filter_by(direction="incoming").one()
    assert page.url.endswith(f"/cases/{case.id}")
    assert "letter-of-request.pdf" in page.locator("#attachments").inner_text()
    assert db.session.query(Attachment).filter_by(case_id=case.id).count() == 1
    request = db.session.query(MlaRequest).filter_by(case_id=case.id).one()
    assert sorted(m["type"] for m in request.data["measures"]) == ["records", "take_evidence"]
    page.screenshot(path=str(artifacts_dir / "incoming-registered-en.png"), full_page=True)
    page.context.close()
