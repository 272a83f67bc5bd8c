"""Assignment and membership stay in the authority that holds the case: a user of another
country or authority cannot be given a case or put on it, and the API answers an unknown user
id and a user of another authority with the same error."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from mla_tool.cases import errors, membership, opening
from mla_tool.cases.models import Case, CaseMember
from mla_tool.extensions import db
from tests.conftest import csrf_token_from


def _open(owner: Any) -> Case:
    case = opening.open_case(
        direction="incoming",
        kind="mla",
        counterpart_state="DEU",
        title="Confidential matter",
        actor=owner,
        confidential=True,
    )
    db.session.commit()
    return case


def _members(case: Case) -> set[int]:
    db.session.expire_all()
    return set(
        db.session.execute(
            select(CaseMember.user_id).where(CaseMember.case_id == case.id)
        ).scalars()
    )


@pytest.fixture
def people(make_user: Callable[..., Any]) -> dict[str, Any]:
    made = {
        "owner": make_user("caseworker", country="FRA"),
        "colleague": make_user("prosecutor", country="FRA"),
        "other_authority": make_user("prosecutor", country="FRA"),
        "other_country": make_user("prosecutor", country="BEL"),
    }
    for name, user in made.items():
        user.authority_id = 2 if name == "other_authority" else 1
    db.session.commit()
    return made


@pytest.mark.parametrize("outsider", ["other_authority", "other_country"])
def test_the_service_refuses_an_assignee_or_member_of_another_authority(
    people: dict[str, Any], outsider: str
) -> None:
    case = _open(people["owner"])
    before = _members(case)
    for act in (
        lambda: membership.assign(case, people[outsider], people["owner"]),
        lambda: membership.add_member(case, people[outsider], "member", people["owner"]),
    ):
        with pytest.raises(errors.CaseError):
            act()
        db.session.rollback()
    assert _members(case) == before
    assert db.session.get(Case, case.id).assigned_to is None
    membership.assign(case, people["colleague"], people["owner"])
    db.session.commit()
    assert people["colleague"].id in _members(case)


def test_the_api_answers_unknown_and_foreign_users_alike(
    client: FlaskClient, people: dict[str, Any], api_headers: Callable[[Any], dict[str, str]]
) -> None:
    headers = api_headers(people["owner"])
    body = {"direction": "incoming", "kind": "mla", "counterpart_state": "DEU", "title": "X"}
    answers = []
    for assignee in (987654, people["other_authority"].id, people["other_country"].id):
        response = client.post(
            "/api/v1/cases", json={**body, "assigned_to": assignee}, headers=headers
        )
        answers.append((response.status_code, response.get_json()))
    assert answers[0][0] == 422
    assert answers[1] == answers[0] and answers[2] == answers[0]
    assert db.session.execute(select(Case)).first() is None
    response = client.post(
        "/api/v1/cases", json={**body, "assigned_to": people["colleague"].id}, headers=headers
    )
    assert response.status_code == 201
    assert response.get_json()["assigned_to"] == people["colleague"].id


def test_the_pages_answer_unknown_and_foreign_users_alike(
    client: FlaskClient, people: dict[str, Any], login: Callable[[Any], FlaskClient]
) -> None:
    case = _open(people["owner"])
    login(people["owner"])
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert f'value="{people["other_authority"].id}"' not in page
    token = csrf_token_from(page)
    answers = []
    for user_id in (987654, people["other_authority"].id, people["other_country"].id):
        assign = client.post(
            f"/cases/{case.id}/assign",
            data={"csrf_token": token, "assigned_to": str(user_id)},
            follow_redirects=True,
        ).get_data(as_text=True)
        member = client.post(
            f"/cases/{case.id}/members",
            data={"csrf_token": token, "user_id": str(user_id), "role_in_case": "member"},
            follow_redirects=True,
        ).get_data(as_text=True)
        answers.append(
            (
                assign.count('class="flash flash-error"'),
                "No such user" in assign,
                "No such user" in member,
            )
        )
    assert answers == [(1, True, True)] * 3
    assert _members(case) == {people["owner"].id}


def test_a_new_case_is_given_only_to_a_colleague(
    client: FlaskClient, people: dict[str, Any], login: Callable[[Any], FlaskClient]
) -> None:
    login(people["owner"])
    form = client.get("/cases/new?direction=incoming").get_data(as_text=True)
    assert f'value="{people["colleague"].id}"' in form
    assert f'value="{people["other_authority"].id}"' not in form
    assert f'value="{people["other_country"].id}"' not in form
    for outsider in ("other_authority", "other_country"):
        response = client.post(
            "/cases/new?direction=incoming",
            data={
                "csrf_token": csrf_token_from(form),
                "direction": "incoming",
                "kind": "mla",
                "counterpart_state": "BRA",
                "title": "Hearing of a witness",
                "assigned_to": str(people[outsider].id),
            },
            follow_redirects=True,
        )
        assert "No such user" in response.get_data(as_text=True)
        assert db.session.execute(select(Case)).first() is None
