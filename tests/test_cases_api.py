"""The cases API as CONTRACT.md describes it: create, list with filters, read, transitions, events."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient

from mla_tool.cases import membership, opening, review
from mla_tool.cases.models import Case, CaseEvent
from mla_tool.extensions import db


@pytest.fixture
def caseworker(make_user: Callable[..., Any]) -> Any:
    return make_user("caseworker", country="FRA")


@pytest.fixture
def headers(caseworker: Any, api_headers: Callable[[Any], dict[str, str]]) -> dict[str, str]:
    return api_headers(caseworker)


def _create(client: FlaskClient, headers: dict[str, str], **fields: Any) -> Any:
    body = {
        "direction": "incoming",
        "kind": "mla",
        "counterpart_state": "deu",
        "title": "Bank records",
        **fields,
    }
    return client.post("/api/v1/cases", json=body, headers=headers)


def test_create_read_and_timeline(
    client: FlaskClient, headers: dict[str, str], caseworker: Any
) -> None:
    response = _create(client, headers, reference="DE-1", due_date="2030-05-01")
    assert response.status_code == 201, response.json
    case = response.json
    assert case["status"] == "received" and case["direction"] == "incoming"
    assert case["counterpart_state"] == "DEU" and case["reference"] == "DE-1"
    assert case["due_date"] == "2030-05-01" and case["request_ids"] == []
    assert case["created_by"] == caseworker.id
    assert "under_review" in case["allowed_transitions"]
    got = client.get(f"/api/v1/cases/{case['id']}", headers=headers).json
    assert got["title"] == "Bank records" and got["id"] == case["id"]
    moved = client.post(
        f"/api/v1/cases/{case['id']}/transitions",
        json={"to": "under_review", "note": "checking"},
        headers=headers,
    )
    assert moved.status_code == 201
    assert moved.json["from_status"] == "received" and moved.json["to_status"] == "under_review"
    events = client.get(f"/api/v1/cases/{case['id']}/events", headers=headers).json
    kinds = [(e["type"], e["from_status"], e["to_status"], e["note"]) for e in events]
    assert ("transition", "received", "under_review", "checking") in kinds
    assert kinds[-1][0] == "created"
    assert all(e["actor_id"] == caseworker.id for e in events)


def test_an_illegal_transition_is_a_409_and_changes_nothing(
    client: FlaskClient, headers: dict[str, str]
) -> None:
    case_id = _create(client, headers).json["id"]
    for body, code in [
        ({"to": "executed"}, "illegal_transition"),
        ({"to": "closed", "note": "x"}, "illegal_transition"),
        ({"to": "withdrawn"}, "reason_required"),
    ]:
        response = client.post(f"/api/v1/cases/{case_id}/transitions", json=body, headers=headers)
        assert response.status_code == 409, body
        assert response.json["error"]["code"] == code
    db.session.expire_all()
    assert db.session.get(Case, case_id).status == "received"
    assert db.session.query(CaseEvent).filter_by(type="transition").count() == 0
    unknown = client.post(
        f"/api/v1/cases/{case_id}/transitions", json={"to": "flying"}, headers=headers
    )
    assert unknown.status_code == 422


def test_returned_with_field_comments(
    client: FlaskClient,
    make_user: Callable[..., Any],
    api_headers: Callable[[Any], dict[str, str]],
    headers: dict[str, str],
    caseworker: Any,
) -> None:
    prosecutor = make_user("prosecutor", country="FRA")
    mine = api_headers(prosecutor)
    created = _create(client, mine, direction="outgoing", title="Draft")
    assert created.status_code == 201 and created.json["status"] == "draft"
    case_id = created.json["id"]
    assert (
        client.post(
            f"/api/v1/cases/{case_id}/transitions", json={"to": "under_review"}, headers=mine
        ).status_code
        == 201
    )
    # the prosecutor may not approve their own request
    assert (
        client.post(
            f"/api/v1/cases/{case_id}/transitions", json={"to": "approved"}, headers=mine
        ).json["error"]["code"]
        == "role_not_allowed"
    )
    back = client.post(
        f"/api/v1/cases/{case_id}/transitions",
        json={"to": "returned", "field_comments": {"facts": "When?"}},
        headers=headers,
    )
    assert back.status_code == 201, back.json
    assert back.json["details"]["field_comments"] == {"facts": "When?"}
    assert review.review_comments(db.session.get(Case, case_id)) == {"facts": "When?"}


def test_bad_input_is_a_clear_4xx_and_writes_nothing(
    client: FlaskClient,
    headers: dict[str, str],
    make_user: Callable[..., Any],
    api_headers: Callable[[Any], dict[str, str]],
) -> None:
    for fields, status in [
        ({"counterpart_state": "XXX"}, 422),
        ({"counterpart_state": "GERMANY"}, 422),
        ({"kind": "rendition"}, 422),
        ({"direction": "sideways"}, 422),
        ({"title": ""}, 422),
        ({"unknown": 1}, 422),
        ({"assigned_to": 987654}, 422),
    ]:
        response = _create(client, headers, **fields)
        assert response.status_code == status, (fields, response.json)
        assert response.json["error"]["fields"], fields
    prosecutor = make_user("prosecutor")
    incoming = _create(client, api_headers(prosecutor))
    assert incoming.status_code == 403
    assert db.session.query(Case).count() == 0
    assert (
        client.post(
            "/api/v1/cases", data="{", headers={**headers, "Content-Type": "application/json"}
        ).status_code
        == 400
    )


def test_list_filters_search_sort_and_pages(
    client: FlaskClient, headers: dict[str, str], caseworker: Any, make_user: Callable[..., Any]
) -> None:
    other = make_user("prosecutor", country="FRA")
    today = date.today()
    specs = [
        ("incoming", "mla", "DEU", "Alpha bank", None),
        ("incoming", "extradition", "ESP", "Beta person", today - timedelta(days=3)),
        ("outgoing", "mla", "DEU", "Gamma phones", today + timedelta(days=3)),
        ("outgoing", "preservation", "USA", "Delta mail", None),
    ]
    ids = []
    for direction, kind, state, title, due in specs:
        case = opening.open_case(
            direction=direction,
            kind=kind,
            counterpart_state=state,
            title=title,
            actor=caseworker,
            due_date=due,
        )
        ids.append(case.id)
    membership.assign(db.session.get(Case, ids[2]), other, caseworker)
    db.session.commit()

    def listed(query: str) -> list[int]:
        response = client.get(f"/api/v1/cases?{query}", headers=headers)
        assert response.status_code == 200, response.json
        return sorted(item["id"] for item in response.json["items"])

    assert listed("") == sorted(ids)
    assert listed("direction=incoming") == ids[:2]
    assert listed("country=DEU") == [ids[0], ids[2]]
    assert listed("country=deu&kind=mla&direction=outgoing") == [ids[2]]
    assert listed("status=draft") == ids[2:]
    assert listed("overdue=true") == [ids[1]]
    assert listed(f"assigned_to={other.id}") == [ids[2]]
    assert listed("q=GAMMA") == [ids[2]]
    page1 = client.get("/api/v1/cases?per_page=3&sort=id", headers=headers).json
    page2 = client.get("/api/v1/cases?per_page=3&sort=id&page=2", headers=headers).json
    assert [c["id"] for c in page1["items"]] == ids[:3] and page1["has_next"]
    assert [c["id"] for c in page2["items"]] == ids[3:] and not page2["has_next"]
    assert page1["total"] == 4
    by_title_desc = client.get("/api/v1/cases?sort=-id", headers=headers).json["items"]
    assert [c["id"] for c in by_title_desc] == ids[::-1]

    def order(sort: str) -> list[int]:
        return [
            c["id"] for c in client.get(f"/api/v1/cases?sort={sort}", headers=headers).json["items"]
        ]

    # cases with no due date come last whichever way the dates run (the overdue one first)
    assert order("due") == [ids[1], ids[2], ids[0], ids[3]]
    assert order("-due") == [ids[2], ids[1], ids[3], ids[0]]
    for bad in ("status=nope", "per_page=0", "per_page=1000", "country=DE", "page=0", "sort=evil"):
        response = client.get(f"/api/v1/cases?{bad}", headers=headers)
        assert response.status_code == 422, bad
        assert response.json["error"]["code"] == "validation_error"


def test_a_confidential_title_is_null_for_supervisors_who_are_not_members(
    client: FlaskClient,
    caseworker: Any,
    make_user: Callable[..., Any],
    api_headers: Callable[[Any], dict[str, str]],
) -> None:
    opening.open_case(
        direction="incoming",
        kind="mla",
        counterpart_state="DEU",
        title="Hidden",
        actor=caseworker,
        confidential=True,
    )
    db.session.commit()
    colleague = make_user("caseworker", country="FRA")
    items = client.get("/api/v1/cases", headers=api_headers(colleague)).json["items"]
    assert len(items) == 1 and items[0]["title"] is None and items[0]["confidential"]
    own = client.get("/api/v1/cases", headers=api_headers(caseworker)).json["items"]
    assert own[0]["title"] == "Hidden"


def test_openapi_documents_the_case_endpoints(client: FlaskClient) -> None:
    paths = client.get("/api/v1/openapi.json").json["paths"]
    for path, method in [
        ("/cases", "post"),
        ("/cases", "get"),
        ("/cases/{case_id}", "get"),
        ("/cases/{case_id}/transitions", "post"),
        ("/cases/{case_id}/events", "get"),
        ("/stats", "get"),
    ]:
        assert any(p.endswith(path) and method in ops for p, ops in paths.items()), path
