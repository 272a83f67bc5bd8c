"""The API's foundation: bearer tokens, error format, bad input, OpenAPI, states."""

from __future__ import annotations

import json

from mla_tool.api.routing import app_endpoints


def test_api_refuses_requests_without_a_token(client) -> None:
    response = client.get("/api/v1/states")
    assert response.status_code == 401
    body = response.get_json()
    assert body["error"]["code"] == "unauthorized"
    assert set(body["error"]) == {"code", "message", "fields"}


def test_api_refuses_a_wrong_token(client) -> None:
    response = client.get("/api/v1/states", headers={"Authorization": "Bearer mla_nope"})
    assert response.status_code == 401


def test_api_ignores_session_cookies(client, make_user, login) -> None:
    login(make_user("caseworker"))
    assert client.get("/api/v1/me").status_code == 401


def test_token_authenticates_the_user(client, make_user, api_headers) -> None:
    user = make_user("maintainer")
    response = client.get("/api/v1/me", headers=api_headers(user))
    assert response.status_code == 200
    assert response.get_json()["email"] == user.email
    assert response.get_json()["role"] == "maintainer"


def test_tokens_are_stored_only_as_digests(make_user) -> None:
    from mla_tool.auth.models import ApiToken
    from mla_tool.auth.service import issue_token
    from mla_tool.extensions import db

    token = issue_token(make_user())
    db.session.commit()
    stored = db.session.query(ApiToken).one()
    assert token not in stored.token_hash and len(stored.token_hash) == 64


def test_states_have_english_and_arabic_names(client, make_user, api_headers) -> None:
    response = client.get("/api/v1/states", headers=api_headers(make_user()))
    states = {state["iso3"]: state for state in response.get_json()}
    assert len(states) >= 249
    assert states["EGY"]["names"]["en"] == "Egypt"
    assert states["EGY"]["names"]["ar"] == "مصر"
    assert states["MAR"]["names"]["ar"] == "المغرب"


def test_states_can_be_searched_in_arabic(client, make_user, api_headers) -> None:
    response = client.get("/api/v1/states?q=مصر", headers=api_headers(make_user()))
    assert [state["iso3"] for state in response.get_json()] == ["EGY"]


def test_unknown_query_parameter_is_a_validation_error(client, make_user, api_headers) -> None:
    response = client.get("/api/v1/states?colour=red", headers=api_headers(make_user()))
    assert response.status_code == 422
    assert "colour" in response.get_json()["error"]["fields"]


def test_unknown_api_path_is_a_json_404(client) -> None:
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_wrong_method_is_a_json_405(client) -> None:
    response = client.delete("/api/v1/states")
    assert response.status_code == 405
    assert response.get_json()["error"]["code"] == "method_not_allowed"


def test_openapi_document_describes_every_endpoint(app, client) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.get_json()
    assert document["openapi"].startswith("3.")
    for endpoint in app_endpoints(app):
        path = endpoint.path
        for part in ("<int:", "<"):
            path = path.replace(part, "{")
        path = path.replace(">", "}")
        assert endpoint.method in document["paths"][path], (path, endpoint.method)
    states = document["paths"]["/states"]["get"]
    assert states["security"] == [{"bearerAuth": []}]
    assert "401" in states["responses"]
    json.dumps(document)  # serialisable


def test_openapi_schemas_resolve(client) -> None:
    document = client.get("/api/v1/openapi.json").get_json()
    text = json.dumps(document)
    import re

    for ref in set(re.findall(r'"\$ref": "#/components/schemas/([^"]+)"', text)):
        assert ref in document["components"]["schemas"], ref


def test_token_use_is_recorded_without_a_write_per_call(client, make_user, api_headers) -> None:
    from datetime import timedelta

    from mla_tool.auth.models import ApiToken
    from mla_tool.extensions import db

    headers = api_headers(make_user("caseworker"))
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    row = db.session.execute(db.select(ApiToken)).scalar_one()
    first = row.last_used_at
    assert first is not None
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    db.session.refresh(row)
    assert row.last_used_at == first  # a read stays a read
    row.last_used_at = first - timedelta(minutes=6)
    db.session.commit()
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    db.session.refresh(row)
    assert row.last_used_at > first - timedelta(minutes=6)  # stale: recorded again
