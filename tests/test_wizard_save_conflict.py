"""A wizard page saves over the version it was filled from: when someone else saved the request
meanwhile the save is refused with 409 and a clear message, nothing is written, and what the
user typed stays in the form; on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from mla_tool.extensions import db
from mla_tool.forms.drafting import update_request
from mla_tool.forms.models import MlaRequest

MINE = "The accused paid the official through a company in Cairo."


def _draft(client: FlaskClient, headers: dict[str, str]) -> int:
    created = client.post(
        "/api/v1/requests",
        json={"kind": "mla", "requested_state": "EGY", "facts": "First account."},
        headers=headers,
    )
    assert created.status_code == 201, created.get_json()
    return created.get_json()["id"]


def _saved_by_someone_else(app: Flask, request_id: int, author: Any, facts: str) -> None:
    with app.app_context():
        item = db.session.get(MlaRequest, request_id)
        update_request(item, {"facts": facts}, db.session.merge(author))
        db.session.commit()
        db.session.remove()


def _page_state(html: str) -> tuple[str, str]:
    version = re.search(r'name="version" value="(\d+)"', html)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert version and token
    return version.group(1), token.group(1)


def test_a_step_saved_over_a_newer_version_is_409_and_keeps_the_input(
    app: Flask,
    client: FlaskClient,
    make_user: Callable[..., Any],
    login: Callable[[Any], FlaskClient],
    api_headers: Callable[[Any], dict[str, str]],
) -> None:
    author = make_user("prosecutor")
    request_id = _draft(client, api_headers(author))
    login(author)
    url = f"/requests/{request_id}/step/facts"
    seen, token = _page_state(client.get(url).get_data(as_text=True))

    _saved_by_someone_else(app, request_id, author, "Second account, by a colleague.")
    answer = client.post(url, data={"csrf_token": token, "version": seen, "facts": MINE})

    assert answer.status_code == 409
    html = answer.get_data(as_text=True)
    assert "Someone else saved this request while you were editing it" in html
    assert MINE in html  # nothing typed is lost
    db.session.expire_all()
    stored = db.session.get(MlaRequest, request_id)
    assert stored.data["facts"] == "Second account, by a colleague."

    # the page now carries the newer version: saving again is a deliberate choice, and works
    newer, _token = _page_state(html)
    assert int(newer) == stored.version
    again = client.post(url, data={"csrf_token": token, "version": newer, "facts": MINE})
    assert again.status_code == 302
    db.session.expire_all()
    assert db.session.get(MlaRequest, request_id).data["facts"] == MINE


def test_removing_an_entry_from_a_stale_list_is_409_and_removes_nothing(
    app: Flask,
    client: FlaskClient,
    make_user: Callable[..., Any],
    login: Callable[[Any], FlaskClient],
    api_headers: Callable[[Any], dict[str, str]],
) -> None:
    author = make_user("prosecutor")
    request_id = _draft(client, api_headers(author))
    with app.app_context():
        item = db.session.get(MlaRequest, request_id)
        measures = [
            {"type": "take_evidence", "description": "Hear the bank's clerk."},
            {"type": "take_evidence", "description": "Hear the driver."},
        ]
        update_request(item, {"measures": measures}, db.session.merge(author))
        db.session.commit()
        db.session.remove()
    login(author)
    url = f"/requests/{request_id}/step/measures"
    seen, token = _page_state(client.get(url).get_data(as_text=True))

    # a colleague removes the first entry: the page's "Remove entry 1" now means the driver
    with app.app_context():
        item = db.session.get(MlaRequest, request_id)
        kept = [dict(m) for m in item.data["measures"]][1:]
        update_request(item, {"measures": kept}, db.session.merge(author))
        db.session.commit()
        db.session.remove()
    answer = client.post(url, data={"csrf_token": token, "version": seen, "remove": "0"})

    assert answer.status_code == 409
    assert "Someone else saved this request" in answer.get_data(as_text=True)
    db.session.expire_all()
    stored = db.session.get(MlaRequest, request_id).data["measures"]
    assert [m["description"] for m in stored] == ["Hear the driver."]
