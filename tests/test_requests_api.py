"""The requests API per CONTRACT.md: create, list, read, patch, check, document, submit."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from mla_tool.extensions import db
from mla_tool.forms.models import MlaRequest, RequestVersion
from mla_tool.forms.samples import complete_request
from tests.factories.authorities import make_authority


def error_of(response: Any) -> dict[str, Any]:
    body = response.get_json()
    assert set(body) == {"error"}, body
    assert {"code", "message", "fields"} <= set(body["error"])
    return body["error"]


def test_create_read_list_and_patch(client, make_user, api_headers) -> None:
    user = make_user("prosecutor")
    headers = api_headers(user)
    created = client.post("/api/v1/requests", json={"kind": "mla"}, headers=headers)
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert body["kind"] == "mla" and body["status"] == "draft" and body["version"] == 1
    request_id = body["id"]

    patch = client.patch(
        f"/api/v1/requests/{request_id}",
        json={"requested_state": "are", "urgent": {"is_urgent": True}, "facts": "Facts."},
        headers=headers,
    )
    assert patch.status_code == 200, patch.get_json()
    assert patch.get_json()["requested_state"] == "ARE"
    # objects merge one level: the reason joins is_urgent
    patch = client.patch(
        f"/api/v1/requests/{request_id}",
        json={"urgent": {"reason": "Funds may move."}},
        headers=headers,
    )
    data = patch.get_json()
    assert data["urgent"] == {"is_urgent": True, "reason": "Funds may move."}
    assert data["facts"] == "Facts." and data["version"] == 3
    # null clears
    data = client.patch(
        f"/api/v1/requests/{request_id}", json={"facts": None}, headers=headers
    ).get_json()
    assert "facts" not in data

    read = client.get(f"/api/v1/requests/{request_id}", headers=headers)
    assert read.status_code == 200 and read.get_json()["id"] == request_id
    listed = client.get("/api/v1/requests?kind=mla&status=draft", headers=headers).get_json()
    assert [item["id"] for item in listed] == [request_id]
    assert client.get("/api/v1/requests?status=submitted", headers=headers).get_json() == []
    versions = client.get(f"/api/v1/requests/{request_id}/versions", headers=headers).get_json()
    assert [v["number"] for v in versions] == [4, 3, 2, 1]


def test_bad_input_is_a_4xx_json_error_and_writes_nothing(client, make_user, api_headers) -> None:
    user = make_user("prosecutor")
    headers = api_headers(user)
    bad_bodies = [
        {"kind": "nope"},
        {"kind": "mla", "requested_state": "XXX"},
        {"kind": "mla", "language": "english"},
        {"kind": "mla", "unknown": 1},
        {"kind": "mla", "urgent": {"is_urgent": True, "respond_by": "tomorrow"}},
        {"kind": "mla", "persons": [{"role": "boss"}]},
        {"kind": "mla", "measures": [{"type": "teleport"}]},
        {"kind": "mla", "measures": [{"type": "records", "details": {"colour": "red"}}]},
        {"kind": "mla", "measures": [{"type": "records", "details": {"period_from": "1 May"}}]},
        {"kind": "mla", "proceedings": {"stage": "x", "extra": 1}},
        {"kind": "mla", "requested_authority": 99999},
    ]
    for body in bad_bodies:
        response = client.post("/api/v1/requests", json=body, headers=headers)
        assert response.status_code == 422, (body, response.status_code)
        assert error_of(response)["fields"], body
    assert (
        client.post(
            "/api/v1/requests", data="{", headers={**headers, "Content-Type": "application/json"}
        ).status_code
        == 400
    )
    assert client.post("/api/v1/requests", data="kind=mla", headers=headers).status_code == 415
    assert db.session.scalar(select(func.count()).select_from(MlaRequest)) == 0

    created = client.post(
        "/api/v1/requests", json={"kind": "mla", "facts": "Kept."}, headers=headers
    )
    request_id = created.get_json()["id"]
    response = client.patch(
        f"/api/v1/requests/{request_id}",
        json={"facts": "Changed.", "requested_state": "ZZZ"},
        headers=headers,
    )
    assert response.status_code == 422
    assert "requested_state" in error_of(response)["fields"]
    kept = client.get(f"/api/v1/requests/{request_id}", headers=headers).get_json()
    assert kept["facts"] == "Kept." and kept["version"] == 1
    assert db.session.scalar(select(func.count()).select_from(RequestVersion)) == 1
    assert client.get("/api/v1/requests/999999", headers=headers).status_code == 404
    assert client.get("/api/v1/requests?status=bogus", headers=headers).status_code == 422


def test_need_to_know_and_roles(client, make_user, api_headers) -> None:
    owner = make_user("prosecutor")
    other = make_user("prosecutor")
    auditor = make_user("auditor")
    request_id = client.post(
        "/api/v1/requests", json={"kind": "mla"}, headers=api_headers(owner)
    ).get_json()["id"]
    assert (
        client.get(f"/api/v1/requests/{request_id}", headers=api_headers(other)).status_code == 404
    )
    assert (
        client.patch(
            f"/api/v1/requests/{request_id}", json={"facts": "x"}, headers=api_headers(other)
        ).status_code
        == 404
    )
    assert client.get("/api/v1/requests", headers=api_headers(other)).get_json() == []
    assert (
        client.post(
            "/api/v1/requests", json={"kind": "mla"}, headers=api_headers(auditor)
        ).status_code
        == 403
    )
    assert client.get("/api/v1/requests").status_code == 401


def test_check_reports_findings_per_contract(client, make_user, api_headers) -> None:
    user = make_user("prosecutor")
    headers = api_headers(user)
    request_id = client.post("/api/v1/requests", json={"kind": "mla"}, headers=headers).get_json()[
        "id"
    ]
    check = client.get(f"/api/v1/requests/{request_id}/check", headers=headers).get_json()
    assert check["complete"] is False
    assert 0 <= check["score"] < 50 and len(check["next_fixes"]) == 3
    for finding in check["findings"]:
        assert set(finding) == {"field", "severity", "code", "message", "reference"}
        assert finding["severity"] in ("error", "warning")
    codes = {finding["code"] for finding in check["findings"]}
    assert {"facts_missing", "purpose_missing", "measures_missing"} <= codes

    authority = make_authority()
    document = complete_request(requested_authority=authority)
    document.pop("kind")
    client.patch(f"/api/v1/requests/{request_id}", json=document, headers=headers)
    check = client.get(f"/api/v1/requests/{request_id}/check", headers=headers).get_json()
    assert check["complete"] is True, check["findings"]
    assert check["findings"] == [] and check["score"] == 100

    # a language the requested state does not accept is an error
    client.patch(f"/api/v1/requests/{request_id}", json={"language": "de"}, headers=headers)
    check = client.get(f"/api/v1/requests/{request_id}/check", headers=headers).get_json()
    assert not check["complete"]
    finding = next(f for f in check["findings"] if f["code"] == "language_not_accepted")
    assert finding["field"] == "language" and "Arabic" in finding["message"]
    assert finding["reference"] == "UNTOC art. 18(14)"


def test_requirements_from_the_directory_are_warnings_to_confirm(
    client, make_user, api_headers
) -> None:
    user = make_user("prosecutor")
    headers = api_headers(user)
    authority = make_authority(requirements="Requests in Arabic.\nCertified copies only.")
    body = complete_request(requested_authority=authority)
    request_id = client.post("/api/v1/requests", json=body, headers=headers).get_json()["id"]
    check = client.get(f"/api/v1/requests/{request_id}/check", headers=headers).get_json()
    todo = [f for f in check["findings"] if f["code"] == "state_requirement_to_confirm"]
    assert len(todo) == 2 and all(f["severity"] == "warning" for f in todo)
    assert check["complete"] is True
    client.patch(
        f"/api/v1/requests/{request_id}",
        json={"requirements_confirmed": ["Requests in Arabic.", "Certified copies only."]},
        headers=headers,
    )
    check = client.get(f"/api/v1/requests/{request_id}/check", headers=headers).get_json()
    assert not [f for f in check["findings"] if f["code"] == "state_requirement_to_confirm"]


def test_submit_opens_the_outgoing_case_under_review(client, make_user, api_headers) -> None:
    user = make_user("prosecutor")
    headers = api_headers(user)
    request_id = client.post("/api/v1/requests", json={"kind": "mla"}, headers=headers).get_json()[
        "id"
    ]
    refused = client.post(f"/api/v1/requests/{request_id}/submit", json={}, headers=headers)
    assert refused.status_code == 409 and error_of(refused)["code"] == "incomplete"
    assert (
        client.get(f"/api/v1/requests/{request_id}", headers=headers).get_json()["case_id"] is None
    )

    authority = make_authority()
    document = complete_request(requested_authority=authority)
    document.pop("kind")
    client.patch(f"/api/v1/requests/{request_id}", json=document, headers=headers)
    submitted = client.post(
        f"/api/v1/requests/{request_id}/submit", json={"note": "Please review."}, headers=headers
    )
    assert submitted.status_code == 200, submitted.get_json()
    data = submitted.get_json()
    assert data["status"] == "submitted" and data["case_id"]
    case = client.get(f"/api/v1/cases/{data['case_id']}", headers=headers).get_json()
    assert case["status"] == "under_review" and case["direction"] == "outgoing"
    assert case["counterpart_state"] == "ARE"
    assert request_id in case.get("request_ids", [request_id])
    # no longer editable, and not submitted twice
    assert (
        client.patch(
            f"/api/v1/requests/{request_id}", json={"facts": "x"}, headers=headers
        ).status_code
        == 409
    )
    assert (
        client.post(f"/api/v1/requests/{request_id}/submit", json={}, headers=headers).status_code
        == 409
    )


def test_duplicate_keeps_the_facts_for_another_state(client, make_user, api_headers) -> None:
    user = make_user("prosecutor")
    headers = api_headers(user)
    request_id = client.post(
        "/api/v1/requests", json=complete_request(), headers=headers
    ).get_json()["id"]
    copy = client.post(
        f"/api/v1/requests/{request_id}/duplicate", json={"requested_state": "QAT"}, headers=headers
    )
    assert copy.status_code == 201
    data = copy.get_json()
    assert data["id"] != request_id and data["requested_state"] == "QAT"
    assert data["facts"] == complete_request()["facts"]
    assert "legal_basis" not in data and data["status"] == "draft"


def test_openapi_describes_the_request_endpoints(client) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    for path in (
        "/api/v1/requests",
        "/api/v1/requests/{request_id}",
        "/api/v1/requests/{request_id}/check",
        "/api/v1/requests/{request_id}/document",
        "/api/v1/requests/{request_id}/submit",
    ):
        assert any(key.endswith(path.removeprefix("/api/v1")) for key in spec["paths"]), path


def test_a_reply_address_that_is_no_email_is_refused(client, make_user, api_headers) -> None:
    headers = api_headers(make_user("prosecutor"))
    created = client.post("/api/v1/requests", json={"kind": "mla"}, headers=headers)
    request_id = created.get_json()["id"]
    bad = client.patch(
        f"/api/v1/requests/{request_id}",
        json={"requesting_authority": {"email": "not-an-email"}},
        headers=headers,
    )
    assert bad.status_code == 422
    assert any("email" in key for key in bad.get_json()["error"]["fields"])
    good = client.patch(
        f"/api/v1/requests/{request_id}",
        json={"requesting_authority": {"email": " pnf@justice.example.fr "}},
        headers=headers,
    )
    assert good.status_code == 200
    assert good.get_json()["requesting_authority"]["email"] == "pnf@justice.example.fr"
