"""Need to know: every case route × role × member/non-member; outsiders get 404, never 403."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient

from mla_tool.auth.roles import role_may
from mla_tool.cases import access, dates, deadlines, membership, opening
from mla_tool.extensions import db

ROLES = ("prosecutor", "caseworker", "maintainer", "admin", "auditor")

#: (method, path template, permission the role needs once the case is visible)
#: (method, path, permission, the answer to an allowed user's empty post: a form that holds
#: typed text shows the page again with it, 422; a button or a choice goes back to the page)
PAGE_ROUTES: list[tuple[str, str, str, int]] = [
    ("GET", "/cases/{id}", "case.read", 200),
    ("POST", "/cases/{id}/transition", "case.read", 422),
    ("POST", "/cases/{id}/notes", "case.write", 422),
    ("POST", "/cases/{id}/correspondence", "case.write", 422),
    ("POST", "/cases/{id}/consultations", "case.write", 422),
    ("POST", "/cases/{id}/info-requests", "case.write", 422),
    ("POST", "/cases/{id}/deadlines", "case.write", 422),
    ("POST", "/cases/{id}/deadlines/{deadline}/done", "case.write", 302),
    ("POST", "/cases/{id}/assign", "case.supervise", 302),
    ("POST", "/cases/{id}/members", "case.supervise", 302),
    ("POST", "/cases/{id}/members/{other}/remove", "case.supervise", 302),
]
API_ROUTES: list[tuple[str, str]] = [
    ("GET", "/api/v1/cases/{id}"),
    ("POST", "/api/v1/cases/{id}/transitions"),
    ("GET", "/api/v1/cases/{id}/events"),
]


@pytest.fixture
def world(make_user: Callable[..., Any]) -> dict[str, Any]:
    owner = make_user("caseworker", country="FRA")
    other = make_user("prosecutor", country="FRA")
    case = opening.open_case(
        direction="incoming",
        kind="mla",
        counterpart_state="DEU",
        title="Secret matter",
        actor=owner,
        confidential=True,
    )
    membership.add_member(case, other, "member", owner)
    deadline = deadlines.add_deadline(case, kind="other", due_on="2030-01-01", actor=owner)
    db.session.commit()
    return {"case": case, "deadline": deadline, "other": other}


def _csrf(client: FlaskClient) -> str:
    import re

    html = client.get("/dashboard").get_data(as_text=True)
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match
    return match.group(1)


@pytest.mark.parametrize("member", [True, False], ids=["member", "outsider"])
@pytest.mark.parametrize("role", ROLES)
def test_page_routes(
    role: str,
    member: bool,
    world: dict[str, Any],
    make_user: Callable[..., Any],
    login: Callable[[Any], FlaskClient],
) -> None:
    case = world["case"]
    # an outsider of another country: not a member, not a supervisor of the holding authority
    user = make_user(role, country="FRA" if member else "BEL")
    if member and role_may(role, "case.read"):
        membership.add_member(case, user, "member", user)
        db.session.commit()
    client = login(user)
    token = _csrf(client)
    sees = member and role_may(role, "case.read")
    for method, template, permission, allowed in PAGE_ROUTES:
        path = template.format(id=case.id, deadline=world["deadline"].id, other=world["other"].id)
        if method == "GET":
            response = client.get(path)
        else:
            response = client.post(path, data={"csrf_token": token})
        if not role_may(role, "case.read"):
            expected = 403  # the role has no access to cases at all: nothing is disclosed
        elif not sees:
            expected = 404
        elif not role_may(role, permission):
            expected = 403
        else:
            expected = allowed
        assert response.status_code == expected, (role, member, method, path)
    # the case never shows in an outsider's list
    listing = client.get("/cases/")
    if role_may(role, "case.read"):
        assert (f"/cases/{case.id}" in listing.get_data(as_text=True)) is sees
    else:
        assert listing.status_code == 403


@pytest.mark.parametrize("member", [True, False], ids=["member", "outsider"])
@pytest.mark.parametrize("role", ROLES)
def test_api_routes(
    role: str,
    member: bool,
    world: dict[str, Any],
    make_user: Callable[..., Any],
    client: FlaskClient,
    api_headers: Callable[[Any], dict[str, str]],
) -> None:
    case = world["case"]
    user = make_user(role, country="FRA" if member else "BEL")
    if member and role_may(role, "case.read"):
        membership.add_member(case, user, "member", user)
        db.session.commit()
    headers = api_headers(user)
    for method, template in API_ROUTES:
        path = template.format(id=case.id)
        if method == "GET":
            response = client.get(path, headers=headers)
        else:
            response = client.post(path, json={"to": "under_review"}, headers=headers)
        if not role_may(role, "case.read"):
            expected = 403
        elif not member:
            expected = 404
        elif method == "POST":
            expected = 201 if role == "caseworker" else 409
        else:
            expected = 200
        assert response.status_code == expected, (role, member, method, path, response.json)
        if expected == 404:
            assert response.json["error"]["code"] == "not_found"
            assert "Secret" not in response.get_data(as_text=True)
        if method == "POST" and expected == 201:
            case.status = "received"  # undo for the next role
            db.session.commit()


def test_a_missing_case_and_a_hidden_case_look_the_same(
    world: dict[str, Any], make_user: Callable[..., Any], login: Callable[[Any], FlaskClient]
) -> None:
    client = login(make_user("caseworker", country="BEL"))
    hidden = client.get(f"/cases/{world['case'].id}")
    missing = client.get("/cases/999999")
    assert hidden.status_code == missing.status_code == 404
    # the pages differ only in the path they name and in the CSRF token of their forms, which
    # carries the second it was made in (two requests may straddle a second)
    assert _page(hidden, f"/cases/{world['case'].id}") == _page(missing, "/cases/999999")


def _page(response: Any, path: str) -> str:
    text = response.get_data(as_text=True).replace(path, "/cases/X")
    return re.sub(r'(name="csrf_token"[^>]*value=")[^"]*', r"\1…", text)


def test_supervisors_of_the_authority_see_its_cases_but_not_confidential_titles(
    world: dict[str, Any],
    make_user: Callable[..., Any],
    login: Callable[[Any], FlaskClient],
) -> None:
    from mla_tool.audit.models import AuditEntry

    supervisor = make_user("caseworker", country="FRA")
    case = world["case"]
    assert access.can_access(supervisor, case)
    assert not access.is_member(supervisor, case)
    client = login(supervisor)
    listing = client.get("/cases/").get_data(as_text=True)
    assert f"/cases/{case.id}" in listing
    assert "Secret matter" not in listing
    assert "Confidential case" in listing
    # searching for the hidden title does not reveal it either
    assert f"/cases/{case.id}" not in client.get("/cases/?q=secret").get_data(as_text=True)
    page = client.get(f"/cases/{case.id}")
    assert page.status_code == 200
    views = db.session.query(AuditEntry).filter_by(action="case.view_confidential").all()
    assert [v.actor_id for v in views] == [supervisor.id]
    # a prosecutor of the same country is not a supervisor
    prosecutor = make_user("prosecutor", country="FRA")
    assert not access.can_access(prosecutor, case)
    # members see the title in lists
    from conftest import sign_in
    from flask import current_app

    member_client = current_app.test_client()
    assert sign_in(member_client, world["other"].email).status_code == 302
    member_list = member_client.get("/cases/").get_data(as_text=True)
    assert "Secret matter" in member_list


def test_the_dashboard_shows_confidential_titles_to_members_only(
    world: dict[str, Any],
    make_user: Callable[..., Any],
    login: Callable[[Any], FlaskClient],
) -> None:
    from conftest import sign_in
    from flask import current_app

    case = world["case"]
    case.due_date = dates.today() - timedelta(days=3)  # in the "overdue" and deadline panels
    db.session.commit()
    supervisor = login(make_user("caseworker", country="FRA"))
    board = supervisor.get("/dashboard").get_data(as_text=True)
    assert f"/cases/{case.id}" in board
    assert "Secret matter" not in board and "Confidential case" in board
    member = current_app.test_client()
    assert sign_in(member, world["other"].email).status_code == 302
    board = member.get("/dashboard").get_data(as_text=True)
    assert "Secret matter" in board
