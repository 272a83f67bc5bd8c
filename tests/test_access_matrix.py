"""The access matrix, generated from the app's URL map: every route that names a case or a
request × every role × member or outsider × every method it takes. An outsider never gets more
than 403/404 and never sees the secret; a member is never told the case does not exist. A route
added later is in the matrix without anyone listing it."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from mla_tool.auth.roles import role_may
from mla_tool.cases import membership, opening
from mla_tool.extensions import db

ROLES = ("prosecutor", "caseworker", "maintainer", "admin", "auditor")
SECRET = "Operation Nightjar"
#: URL variables that make a route need-to-know
SCOPED = ("case_id", "request_id")


def scoped_routes(app: Flask) -> list[tuple[str, str, str]]:
    """(method, rule, endpoint) of every route that names a case or a request."""
    routes = []
    for rule in app.url_map.iter_rules():
        if not any(name in rule.arguments for name in SCOPED):
            continue
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            routes.append((method, rule.rule, rule.endpoint))
    return sorted(routes)


def fill(rule: str, values: dict[str, Any]) -> str:
    def one(match: re.Match[str]) -> str:
        name = match.group(2)
        return str(values.get(name, 1))

    return re.sub(r"<(?:(\w+):)?(\w+)>", one, rule)


@pytest.fixture
def secret_world(client: FlaskClient, make_user: Callable[..., Any], api_headers: Any) -> Any:
    owner = make_user("prosecutor", country="FRA", email="owner@example.org")
    headers = api_headers(owner)
    draft = client.post(
        "/api/v1/requests",
        json={"kind": "mla", "requested_state": "EGY", "subject": SECRET},
        headers=headers,
    )
    assert draft.status_code == 201, draft.get_json()
    case = opening.open_case(
        direction="outgoing", kind="mla", counterpart_state="EGY", title=SECRET, actor=owner
    )
    db.session.commit()
    upload = client.post(
        f"/api/v1/cases/{case.id}/attachments",
        data={"file": (io.BytesIO(SECRET.encode()), "secret.txt")},
        headers=headers,
        content_type="multipart/form-data",
    )
    assert upload.status_code == 201, upload.get_json()
    return {
        "case": case,
        "values": {
            "case_id": case.id,
            "request_id": draft.get_json()["id"],
            "attachment_id": upload.get_json()["id"],
            "user_id": owner.id,
            "step_code": "requesting",
            "number": 1,
        },
    }


def test_the_matrix_covers_every_scoped_route(app: Flask) -> None:
    routes = scoped_routes(app)
    endpoints = {endpoint for _, _, endpoint in routes}
    # the matrix is only as good as its reach: the main case and request routes are in it
    assert {"cases.show", "requests.step", "api.cases_get_case", "api.forms_read"} <= endpoints
    assert len(routes) >= 30


@pytest.mark.parametrize("role", ROLES)
def test_outsiders_get_nothing_from_any_scoped_route(
    role: str,
    app: Flask,
    client: FlaskClient,
    secret_world: Any,
    make_user: Callable[..., Any],
    login: Callable[[Any], FlaskClient],
    api_headers: Any,
) -> None:
    outsider = make_user(role, country="BEL", email=f"outsider-{role}@example.org")
    headers = api_headers(outsider)
    login(outsider)
    html = client.get("/dashboard").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert token
    nowhere = {name: 999_999 for name in secret_world["values"]} | {"step_code": "requesting"}

    def call(method: str, path: str) -> Any:
        if path.startswith("/api/"):
            return client.open(path, method=method, json={}, headers=headers)
        data = {"csrf_token": token.group(1)} if method != "GET" else None
        return client.open(path, method=method, data=data)

    failures = []
    for method, rule, endpoint in scoped_routes(app):
        response = call(method, fill(rule, secret_world["values"]))
        body = response.get_data()
        refused = response.status_code in (403, 404)
        if response.status_code == 422:
            # the API checks a body's shape before it looks for the case: harmless only if the
            # answer is the same for a case that does not exist (no oracle)
            ghost = call(method, fill(rule, nowhere))
            refused = (ghost.status_code, ghost.get_data()) == (422, body)
        if not refused or SECRET.encode() in body:
            failures.append((method, rule, endpoint, response.status_code))
    assert failures == []


@pytest.mark.parametrize("role", [r for r in ROLES if role_may(r, "case.read")])
def test_members_reach_every_get_route_of_their_case(
    role: str,
    app: Flask,
    client: FlaskClient,
    secret_world: Any,
    make_user: Callable[..., Any],
    api_headers: Any,
) -> None:
    member = make_user(role, country="FRA", email=f"member-{role}@example.org")
    membership.add_member(secret_world["case"], member, "member", member)
    db.session.commit()
    headers = api_headers(member)
    failures = []
    for method, rule, endpoint in scoped_routes(app):
        if method != "GET" or "case_id" not in rule or not rule.startswith("/api/"):
            continue
        path = fill(rule, secret_world["values"])
        response = client.get(path, headers=headers)
        # a member may lack a permission (403) but is never told the case is not there
        if response.status_code >= 500 or (
            response.status_code == 404 and "attachment_id" not in rule and "package" not in rule
        ):
            failures.append((path, endpoint, response.status_code))
    assert failures == []
