"""A caseworker's day in a real Chromium, end to end: a prosecutor's case of two requests is
reviewed request by request, one is returned with a comment on a field, its author reads it,
corrects and resubmits, both are approved, the case is transmitted with its channel and note
verbale number, the acknowledgement of receipt is recorded and the case is marked executed.
The caseworker's clicks are counted and printed (run with -s) for the record of what a day costs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mla_tool.cases.dates import today
from mla_tool.cases.models import Case
from mla_tool.cases.transmission_models import Transmission
from mla_tool.extensions import db
from mla_tool.forms.models import MlaRequest
from tests.browser.pages import move_case, open_case, record_transmission, sign_in, timeline_text
from tests.factories.review_cycles import two_requests_under_review

pytestmark = pytest.mark.browser


class Clicks:
    """The caseworker's page, counting what a person clicks or chooses (typing is not counted;
    opening the case is one click, from its notification or the case list)."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.steps: list[tuple[str, int]] = []
        self._count = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.page, name)

    def click(self, selector: str, **options: Any) -> None:
        self._count += 1
        self.page.click(selector, **options)

    def select_option(self, selector: str, value: str, **options: Any) -> None:
        self._count += 1
        self.page.select_option(selector, value, **options)

    def goto(self, url: str, **options: Any) -> Any:
        self._count += 1
        return self.page.goto(url, **options)

    def locator(self, selector: str) -> Any:
        return _CountedLocator(self, self.page.locator(selector))

    def step(self, name: str) -> None:
        self.steps.append((name, self._count))
        self._count = 0

    def report(self) -> str:
        width = max(len(name) for name, _ in self.steps)
        lines = [f"  {name:<{width}}  {count:>2}" for name, count in self.steps]
        total = sum(count for _, count in self.steps)
        return "\n".join(["caseworker's clicks:", *lines, f"  {'total':<{width}}  {total:>2}"])


class _CountedLocator:
    def __init__(self, clicks: Clicks, locator: Any) -> None:
        self._clicks, self._locator = clicks, locator

    def __getattr__(self, name: str) -> Any:
        return getattr(self._locator, name)

    def locator(self, selector: str) -> _CountedLocator:
        return _CountedLocator(self._clicks, self._locator.locator(selector))

    def click(self, **options: Any) -> None:
        self._clicks._count += 1
        self._locator.click(**options)


def _statuses(case_id: int, *request_ids: int) -> list[str]:
    db.session.expire_all()
    return [db.session.get(Case, case_id).status] + [
        db.session.get(MlaRequest, r).status for r in request_ids
    ]


def test_a_caseworkers_day_end_to_end(
    browser: Any, live_server: str, make_user: Any, artifacts_dir: Path
) -> None:
    prosecutor = make_user("prosecutor", country="FRA", display_name="Paul Prosecutor")
    caseworker = make_user("caseworker", country="FRA", display_name="Claire Caseworker")
    # the prosecutor's two requests, submitted together (the wizard has its own browser tests)
    case, first, second = two_requests_under_review(prosecutor)
    case_id, first_id, second_id = case.id, first.id, second.id

    reviewer = Clicks(sign_in(browser.new_context(locale="en-GB").new_page(), live_server,
                              caseworker.email))  # fmt: skip
    open_case(reviewer, live_server, case_id)
    reviewer.step("open the case")
    reviewer.click(f"#approve-request-{first_id}")
    reviewer.wait_for_load_state()
    reviewer.step("approve the first request")
    reviewer.fill(f"#review-note-{second_id}", "Say which mailbox is meant.")
    reviewer.click(f"#return-comments-{second_id} summary")
    reviewer.select_option(f"#rf-{second_id}-1", "facts")
    reviewer.fill(f"#rt-{second_id}-1", "Give the dates of the e-mails sought.")
    reviewer.click(f"#return-request-{second_id}")
    reviewer.wait_for_load_state()
    reviewer.step("return the second with a field comment")
    assert _statuses(case_id, first_id, second_id) == ["returned", "approved", "returned"]

    author = sign_in(browser.new_context(locale="en-GB").new_page(), live_server, prosecutor.email)
    author.goto(f"{live_server}/requests/{second_id}/step/facts")
    assert "Say which mailbox is meant." in author.locator("#return-note").inner_text()
    here = author.locator("#return-comments li.comment-here").inner_text()
    assert "Give the dates of the e-mails sought." in here
    author.fill("#facts", "E-mails of 3 and 4 May 2024 in the box x@example.org.")
    author.click("#save-next")
    author.wait_for_load_state()
    author.goto(f"{live_server}/requests/{second_id}/step/review")
    author.fill("#submit-note", "Dates given.")
    author.click("#submit-request")
    author.wait_for_load_state()
    assert _statuses(case_id, first_id, second_id) == ["under_review", "approved", "submitted"]

    open_case(reviewer, live_server, case_id)
    reviewer.click(f"#approve-request-{second_id}")
    reviewer.wait_for_load_state()
    reviewer.step("open it again, approve the second")
    assert _statuses(case_id, first_id, second_id) == ["approved", "approved", "approved"]

    record_transmission(reviewer, "diplomatic", "NV 45/2026", note="Sent by the diplomatic bag.")
    reviewer.step("transmit: channel, note verbale")
    assert _statuses(case_id)[0] == "transmitted"
    db.session.expire_all()
    [sent] = db.session.query(Transmission).filter_by(case_id=case_id).all()
    assert (sent.channel, sent.reference) == ("diplomatic", "NV 45/2026")
    assert sorted(sent.request_ids) == sorted([first_id, second_id])

    reviewer.locator(f"#acknowledge-{sent.id} summary").click()
    reviewer.fill(f"#ack-on-{sent.id}", today().isoformat())
    reviewer.fill(f"#ack-ref-{sent.id}", "AR-2026-88")
    reviewer.click(f"#acknowledge-{sent.id} button[type=submit]")
    reviewer.wait_for_load_state()
    reviewer.step("record the acknowledgement")
    db.session.expire_all()
    assert db.session.get(Transmission, sent.id).ack_reference == "AR-2026-88"

    move_case(reviewer, "in_execution")
    move_case(reviewer, "executed", "All the bank statements received.")
    reviewer.step("in execution, then executed")
    assert _statuses(case_id)[0] == "executed"
    timeline = timeline_text(reviewer)
    for note in ("Say which mailbox is meant.", "Dates given.", "NV 45/2026", "AR-2026-88"):
        assert note in timeline, note
    reviewer.screenshot(path=str(artifacts_dir / "caseworker-day-executed.png"), full_page=True)
    print("\n" + reviewer.report())
    reviewer.context.close()
    author.context.close()
