"""The exchange over the JSON API: transmit, fetch the sealed file, import, status updates."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from mla_tool.auth.service import issue_token
from mla_tool.extensions import db
from tests.factories.exchange import (  # noqa: F401  (fixtures)
    EVIDENCE,
    Installation,
    Pair,
    approved_case,
    attach,
    ministry_a_fixture,
    ministry_b_fixture,
    pair_fixture,
)

#: A request rendered again from the same HTML is rendered once per process (conftest).
pytestmark = pytest.mark.usefixtures("pdf_rendered_once")


def token_headers(installation: Installation) -> dict[str, str]:
    with installation.active():
        token = issue_token(installation.caseworker())
        db.session.commit()
    return {"Authorization": f"Bearer {token}"}


def post_package(client: FlaskClient, headers: dict[str, str], data: bytes) -> Any:
    return client.post(
        "/api/v1/exchange/import",
        data=data,
        headers={**headers, "Content-Type": "application/octet-stream"},
    )


def test_round_trip_over_the_api(pair: Pair, client: FlaskClient, make_user: Any) -> None:
    a_headers = token_headers(pair.a)
    case = approved_case(pair)
    case_id = case.id
    attachment_id = attach(client, a_headers, case_id, EVIDENCE, "statement.txt")

    bad = client.post(
        f"/api/v1/cases/{case_id}/transmit", json={"languages": ["xx"]}, headers=a_headers
    )
    assert bad.status_code == 422 and bad.get_json()["error"]["code"] == "validation_error"
    sent = client.post(
        f"/api/v1/cases/{case_id}/transmit",
        json={"languages": ["en"], "attachment_ids": [attachment_id]},
        headers=a_headers,
    )
    assert sent.status_code == 201, sent.get_json()
    package = sent.get_json()
    assert package["direction"] == "sent" and package["authority_id"] == pair.b_in_a
    again = client.post(f"/api/v1/cases/{case_id}/transmit", json={}, headers=a_headers)
    assert again.status_code == 201  # a transmitted case may be sent again (a lost file)
    sealed = client.get(f"/api/v1/exchange/packages/{package['id']}", headers=a_headers)
    assert sealed.status_code == 200
    listed = client.get(f"/api/v1/cases/{case_id}/packages", headers=a_headers).get_json()
    assert {row["digest"] for row in listed} >= {package["digest"]}

    b_client = pair.b.app.test_client()
    b_headers = token_headers(pair.b)
    imported = post_package(b_client, b_headers, sealed.get_data())
    assert imported.status_code == 201, imported.get_json()
    incoming_id = imported.get_json()["case_id"]
    replay = post_package(b_client, b_headers, sealed.get_data())
    assert replay.status_code == 409 and replay.get_json()["error"]["code"] == "replay"
    garbage = post_package(b_client, b_headers, b"not a package at all")
    assert garbage.status_code == 409
    assert garbage.get_json()["error"]["code"] == "not_a_package"

    no_reason = b_client.post(
        f"/api/v1/cases/{incoming_id}/status-updates", json={"status": "refused"}, headers=b_headers
    )
    assert no_reason.status_code == 422
    assert no_reason.get_json()["error"]["fields"] == {"reason": "required"}
    contradicting = b_client.post(
        f"/api/v1/cases/{incoming_id}/status-updates",
        json={"status": "executed"},
        headers=b_headers,
    )
    assert contradicting.status_code == 422  # B's own case is only "received"
    assert "status" in contradicting.get_json()["error"]["fields"]
    reviewing = b_client.post(
        f"/api/v1/cases/{incoming_id}/transitions", json={"to": "under_review"}, headers=b_headers
    )
    assert reviewing.status_code == 201, reviewing.get_json()
    receipt = b_client.post(
        f"/api/v1/cases/{incoming_id}/status-updates",
        json={"status": "info_requested", "reason": "Please give the account holder's birth date"},
        headers=b_headers,
    )
    assert receipt.status_code == 201, receipt.get_json()
    receipt_file = b_client.get(
        f"/api/v1/exchange/packages/{receipt.get_json()['id']}", headers=b_headers
    ).get_data()

    acknowledged = post_package(client, a_headers, receipt_file)
    assert acknowledged.status_code == 201, acknowledged.get_json()
    body = acknowledged.get_json()
    assert body["type"] == "status" and body["case_id"] == case_id
    assert body["moved_to"] == ["info_requested"]
    events = client.get(f"/api/v1/cases/{case_id}/events", headers=a_headers).get_json()
    assert any("birth date" in (event.get("note") or "") for event in events)

    prosecutor = make_user("prosecutor", country="FRA")
    other = {"Authorization": f"Bearer {issue_token(prosecutor)}"}
    db.session.commit()
    assert post_package(client, other, receipt_file).status_code == 403
    assert client.get(f"/api/v1/cases/{case_id}/packages", headers=other).status_code == 403


def test_openapi_describes_the_exchange(client: FlaskClient) -> None:
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for path in (
        "/exchange/import",
        "/cases/{case_id}/transmit",
        "/cases/{case_id}/status-updates",
        "/cases/{case_id}/packages",
        "/exchange/packages/{package_id}",
    ):
        assert any(key.endswith(path) for key in paths), path


def test_a_role_that_cannot_mark_the_case_transmitted_leaves_nothing(
    pair: Pair, client: FlaskClient, make_user: Any
) -> None:
    from mla_tool.cases.models import Case
    from mla_tool.exchange.models import ExchangePackage
    from mla_tool.exchange.package import OUTBOX_FOLDER

    case = approved_case(pair)
    admin = make_user("admin", country="FRA")  # manages the exchange, supervises, not a caseworker
    headers = {"Authorization": f"Bearer {issue_token(admin)}"}
    db.session.commit()
    refused = client.post(f"/api/v1/cases/{case.id}/transmit", json={}, headers=headers)
    assert refused.status_code == 403, refused.get_json()
    assert refused.get_json()["error"]["code"] == "role_not_allowed"
    assert db.session.get(Case, case.id).status == "approved"
    assert db.session.query(ExchangePackage).count() == 0
    outbox = pair.a.data_dir() / OUTBOX_FOLDER
    assert not outbox.exists() or list(outbox.iterdir()) == []
