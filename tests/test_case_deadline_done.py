"""Marking a deadline met from the case page: only a deadline of that case; one of another case,
or none, answers 404 as an unknown page does and changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask.testing import FlaskClient

from mla_tool.cases.deadlines import add_deadline
from mla_tool.cases.models import Deadline
from mla_tool.cases.opening import open_case
from mla_tool.extensions import db
from tests.conftest import csrf_token_from


def _page(html: str, path: str) -> str:
    # the menu marks the section of the matched route, which an unknown URL has not
    return html.replace(path, "/X").replace('aria-current="page"', "")


def test_only_a_deadline_of_the_case_is_marked_met(
    make_user: Callable[..., Any], login: Callable[[Any], FlaskClient]
) -> None:
    caseworker = make_user("caseworker", country="FRA")
    cases = [
        open_case(
            direction="outgoing",
            kind="mla",
            counterpart_state="EGY",
            title=f"Case {number}",
            actor=caseworker,
        )
        for number in (1, 2)
    ]
    other = add_deadline(cases[1], kind="other", due_on="2030-02-01", label="Elsewhere")
    db.session.commit()
    client = login(caseworker)
    token = csrf_token_from(client.get(f"/cases/{cases[0].id}").get_data(as_text=True))
    unknown = client.get("/no-such-page-4711")
    for deadline_id in (other.id, 999999):
        path = f"/cases/{cases[0].id}/deadlines/{deadline_id}/done"
        reply = client.post(path, data={"csrf_token": token})
        assert reply.status_code == unknown.status_code == 404
        assert _page(reply.get_data(as_text=True), path) == _page(
            unknown.get_data(as_text=True), "/no-such-page-4711"
        )
    db.session.expire_all()
    assert not db.session.get(Deadline, other.id).done
    own = add_deadline(cases[0], kind="other", due_on="2030-02-01", label="Here")
    db.session.commit()
    reply = client.post(f"/cases/{cases[0].id}/deadlines/{own.id}/done", data={"csrf_token": token})
    assert reply.status_code == 302
    db.session.expire_all()
    assert db.session.get(Deadline, own.id).done
