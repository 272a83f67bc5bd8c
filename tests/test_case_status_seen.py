"""A status change is made from the status its sender saw: when someone else moved the case while
the page was open (or since the API client read it), it is refused with 409 and changes nothing,
even when the move would still be allowed from the new status."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from mla_tool.cases import opening, transitions
from mla_tool.cases.models import Case, CaseEvent
from mla_tool.extensions import db


def _draft_case(actor: Any) -> int:
    case = opening.open_case(
        direction="outgoing", kind="mla", counterpart_state="EGY", title="Bribery", actor=actor
    )
    db.session.commit()
    return case.id


def _moved_by_someone_else(app: Flask, case_id: int, actor: Any, to: str) -> None:
    with app.app_context():
        other = db.session.get(Case, case_id)
        transitions.transition(other, to, db.session.merge(actor))
        db.session.commit()
        db.session.remove()


def _moves(case_id: int) -> int:
    return db.session.execute(
        select(func.count())
        .select_from(CaseEvent)
        .where(CaseEvent.case_id == case_id, CaseEvent.type == "transition")
    ).scalar_one()


def test_a_move_from_a_page_showing_an_old_status_is_refused_with_409(
    app: Flask, make_user: Callable[..., Any], login: Callable[[Any], FlaskClient]
) -> None:
    caseworker = make_user("caseworker")
    case_id = _draft_case(caseworker)
    client = login(caseworker)
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    seen = re.search(r'name="from_status" value="([a-z_]+)"', page)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert seen and token and seen.group(1) == "draft"

    _moved_by_someone_else(app, case_id, caseworker, "under_review")
    # withdrawing is allowed from under review too: without the status seen it would go through
    answer = client.post(
        f"/cases/{case_id}/transition",
        data={
            "csrf_token": token.group(1),
            "to": "withdrawn",
            "from_status": seen.group(1),
            "note": "no longer needed",
        },
    )

    assert answer.status_code == 409
    html = answer.get_data(as_text=True)
    assert "someone else moved the case to “Under review”" in html
    assert "nothing was changed" in html
    db.session.expire_all()
    assert db.session.get(Case, case_id).status == "under_review"
    assert _moves(case_id) == 1


def test_a_move_from_the_status_shown_still_goes_through(
    make_user: Callable[..., Any], login: Callable[[Any], FlaskClient]
) -> None:
    caseworker = make_user("caseworker")
    case_id = _draft_case(caseworker)
    client = login(caseworker)
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token
    answer = client.post(
        f"/cases/{case_id}/transition",
        data={"csrf_token": token.group(1), "to": "under_review", "from_status": "draft"},
    )
    assert answer.status_code == 302
    db.session.expire_all()
    assert db.session.get(Case, case_id).status == "under_review"


def test_the_api_refuses_a_move_from_an_expected_status_that_is_gone(
    app: Flask,
    client: FlaskClient,
    make_user: Callable[..., Any],
    api_headers: Callable[[Any], dict[str, str]],
) -> None:
    caseworker = make_user("caseworker")
    headers = api_headers(caseworker)
    case_id = _draft_case(caseworker)
    _moved_by_someone_else(app, case_id, caseworker, "under_review")
    url = f"/api/v1/cases/{case_id}/transitions"

    stale = client.post(
        url,
        json={"to": "withdrawn", "note": "no longer needed", "expected_status": "draft"},
        headers=headers,
    )
    assert stale.status_code == 409
    assert stale.get_json()["error"]["code"] == "status_changed"
    db.session.expire_all()
    assert db.session.get(Case, case_id).status == "under_review"
    assert _moves(case_id) == 1

    # the expected status is optional (CONTRACT.md): without it, and with the current one, it moves
    plain = client.post(url, json={"to": "approved"}, headers=headers)
    assert plain.status_code == 201, plain.get_json()
    current = client.post(
        url,
        json={"to": "withdrawn", "note": "no longer needed", "expected_status": "approved"},
        headers=headers,
    )
    assert current.status_code == 201, current.get_json()
    assert _moves(case_id) == 3
