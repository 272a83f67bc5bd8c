"""A central authority reviews each request of a case in a real Chromium: approves one, returns the
other with a comment (the case is returned, not approved), the prosecutor resubmits, the reviewer
approves it and the case is approved; every note typed is on the timeline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mla_tool.cases.models import Case
from mla_tool.extensions import db
from mla_tool.forms.drafting import create_request
from mla_tool.forms.models import MlaRequest
from mla_tool.forms.samples import complete_request
from mla_tool.forms.submission import submit_request
from tests.browser.pages import open_case, record_transmission, sign_in, timeline_text
from tests.factories.accessibility import AXE, serious_violations
from tests.factories.authorities import make_authority

pytestmark = pytest.mark.browser


def _sign_in(browser: Any, base: str, email: str) -> Any:
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    sign_in(page, base, email)
    return page


def _status(case_id: int) -> str:
    db.session.expire_all()
    return db.session.get(Case, case_id).status


def _request_status(request_id: int) -> str:
    db.session.expire_all()
    return db.session.get(MlaRequest, request_id).status


def test_each_request_is_reviewed_on_its_own_and_every_note_is_kept(
    browser: Any, live_server: str, make_user: Any, artifacts_dir: Path
) -> None:
    prosecutor = make_user("prosecutor", country="FRA", display_name="Paul Prosecutor")
    caseworker = make_user("caseworker", country="FRA", display_name="Claire Caseworker")
    authority = make_authority()
    first = create_request(prosecutor, complete_request("en", requested_authority=authority))
    submit_request(first, prosecutor)
    second = create_request(prosecutor, complete_request("en", requested_authority=authority))
    submit_request(second, prosecutor, case_id=first.case_id)
    db.session.commit()
    case_id, first_id, second_id = first.case_id, first.id, second.id

    reviewer = _sign_in(browser, live_server, caseworker.email)
    open_case(reviewer, live_server, case_id)
    pending = reviewer.locator("#pending-review").inner_text()
    assert f"#{first_id}" in pending and f"#{second_id}" in pending
    # the case cannot be approved over its requests' heads
    assert reviewer.locator("button[value=approved]").count() == 0
    reviewer.screenshot(path=str(artifacts_dir / "review-two-pending.png"), full_page=True)

    reviewer.fill(f"#review-note-{first_id}", "Preservation checked: dates and provider in order.")
    reviewer.click(f"#approve-request-{first_id}")
    reviewer.wait_for_load_state()
    assert "Under review" in reviewer.locator(".case-badges").inner_text()
    assert reviewer.locator(f"#request-pending-{second_id}").count() == 1
    assert reviewer.locator(f"#request-pending-{first_id}").count() == 0
    reviewer.screenshot(path=str(artifacts_dir / "review-one-pending.png"), full_page=True)
    if AXE.exists():  # the review forms and the pending list have no serious violation
        assert serious_violations(reviewer) == []
    reviewer.fill(f"#review-note-{second_id}", "Name the mailbox whose content is sought.")
    reviewer.click(f"#return-request-{second_id}")
    reviewer.wait_for_load_state()
    assert _status(case_id) == "returned"  # one request returned: the case is not approved
    assert [_request_status(first_id), _request_status(second_id)] == ["approved", "returned"]
    assert "Returned for correction" in reviewer.locator(".case-badges").inner_text()

    author = _sign_in(browser, live_server, prosecutor.email)
    author.goto(f"{live_server}/requests/{second_id}/step/review")
    author.fill("#submit-note", "Mailbox named in the measures.")
    author.click("#submit-request")
    author.wait_for_load_state()
    assert _status(case_id) == "under_review"
    assert [_request_status(first_id), _request_status(second_id)] == ["approved", "submitted"]

    open_case(reviewer, live_server, case_id)
    assert f"#{first_id}" not in reviewer.locator("#pending-review").inner_text()
    reviewer.fill(f"#review-note-{second_id}", "Complete now.")
    reviewer.click(f"#approve-request-{second_id}")
    reviewer.wait_for_load_state()
    assert _status(case_id) == "approved"
    assert "Approved" in reviewer.locator(".case-badges").inner_text()
    assert reviewer.locator("#pending-review").count() == 0

    # a note typed with any move goes with it (the move to transmitted records the transmission)
    record_transmission(
        reviewer,
        "central_authority",
        "NV 12/2026",
        note="Sent through the central authority, note verbale 12/2026.",
    )
    assert _status(case_id) == "transmitted"

    timeline = timeline_text(reviewer)
    for note in (
        "Preservation checked: dates and provider in order.",
        "Name the mailbox whose content is sought.",
        f"Review done: #{second_id} returned for correction.",
        "Mailbox named in the measures.",
        "Complete now.",
        "Review done: every request is approved.",
        "Sent through the central authority, note verbale 12/2026.",
    ):
        assert note in timeline, note
    assert f"request #{first_id}: approved" in timeline
    assert f"request #{second_id}: returned for correction" in timeline
    reviewer.screenshot(path=str(artifacts_dir / "review-done-timeline.png"), full_page=True)
    reviewer.context.close()
    author.context.close()
