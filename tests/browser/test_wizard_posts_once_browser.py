"""The wizard posts each save once: a second press while the first post is on its way sends
nothing, and a post that fails on the way is not sent again behind the author's back (a resent
"add" added the same offence twice, a resent save was refused as someone else's)."""

from __future__ import annotations

from typing import Any

import pytest

from mla_tool.extensions import db
from mla_tool.forms.drafting import create_request
from mla_tool.forms.models import MlaRequest
from tests.browser.pages import sign_in

pytestmark = pytest.mark.browser


def _offences_step(page: Any, live_server: str, make_user: Any) -> int:
    user = make_user("prosecutor", country="FRA")
    request = create_request(user, {"kind": "mla", "language": "fr"})
    db.session.commit()
    sign_in(page, live_server, user.email)
    page.goto(f"{live_server}/requests/{request.id}/step/offences")
    page.wait_for_selector("#item-name")
    page.fill("#item-name", "Extorsion")
    page.fill("#item-text", "Article 312-1 du code pénal.")
    return request.id


def _offences(request_id: int) -> list[Any]:
    db.session.expire_all()
    return list(db.session.get(MlaRequest, request_id).data.get("offences") or [])


def test_a_second_press_while_saving_adds_nothing(page, live_server, make_user) -> None:
    request_id = _offences_step(page, live_server, make_user)
    held: list[Any] = []

    def hold_posts(route: Any) -> None:
        if route.request.method == "POST":
            held.append(route)  # answered below, after the second press
        else:
            route.continue_()

    page.route("**/step/offences*", hold_posts)
    page.click("#save-item")
    page.wait_for_function("document.querySelector('#item-form').getAttribute('aria-busy')")
    page.click("#save-item", force=True)  # the author presses again: the first is still on its way
    page.wait_for_timeout(300)
    assert len(held) == 1  # the second press sent nothing
    held[0].continue_()
    page.wait_for_selector("#entry-0")
    assert page.locator("#entries > li").count() == 1
    assert [offence.get("name") for offence in _offences(request_id)] == ["Extorsion"]


def test_a_failed_post_is_not_sent_again(page, live_server, make_user) -> None:
    request_id = _offences_step(page, live_server, make_user)
    posts: list[str] = []

    def fail(route: Any) -> None:
        if route.request.method != "POST":
            route.continue_()
            return
        posts.append(route.request.method)
        route.abort("connectionreset")

    page.route("**/step/offences*", fail)
    page.click("#save-item")
    alert = page.wait_for_selector(".wizard-offline[role=alert]")
    assert "may or may not have been saved" in alert.inner_text()
    page.wait_for_timeout(300)
    assert posts == ["POST"]  # no second post behind the author's back
    assert page.input_value("#item-name") == "Extorsion"  # what was typed is still there
    assert page.get_attribute("#item-form", "aria-busy") is None
    assert _offences(request_id) == []
