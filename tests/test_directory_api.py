"""The directory's HTTP API per CONTRACT.md: search, CRUD with history, instruments, legal basis,
JSON 4xx errors and role permissions."""

from __future__ import annotations

import pytest

from tests.factories.loaded_once import reference_data_fixture  # noqa: F401  (fixtures)

BODY = {
    "country": "EGY",
    "functions": ["central_authority_mla", "central_authority_extradition"],
    "name": "مكتب التعاون الدولي، مكتب النائب العام",
    "name_en": "International Cooperation Office, Office of the Public Prosecutor",
    "name_ar": "مكتب التعاون الدولي، مكتب النائب العام",
    "languages": ["ar", "en"],
    "channels": ["central_authority", "diplomatic"],
    "email": "ca@example.org",
    "phone": "+000 1",
    "verified_on": "2026-06-01",
    "requirements": "Arabic translation required.",
    "legal_texts": [{"title": "Law 2/2000", "url": "https://example.org/law"}],
}


@pytest.fixture
def maintainer_headers(make_user, api_headers):
    return api_headers(make_user("maintainer"))


@pytest.fixture
def prosecutor_headers(make_user, api_headers):
    return api_headers(make_user("prosecutor"))


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.get_json()
    error = response.get_json()["error"]
    assert error["code"] == code
    assert isinstance(error["message"], str) and error["message"]
    assert isinstance(error["fields"], dict)
    return error


def test_create_read_search_update_retire_history(
    client, maintainer_headers, prosecutor_headers
) -> None:
    created = client.post("/api/v1/authorities", json=BODY, headers=maintainer_headers)
    assert created.status_code == 201, created.get_json()
    entry = created.get_json()
    assert entry["country"] == "EGY" and entry["version"] == 1 and entry["stale"] is False
    assert entry["legal_texts"] == BODY["legal_texts"]
    entry_id = entry["id"]

    got = client.get(f"/api/v1/authorities/{entry_id}", headers=prosecutor_headers)
    assert got.status_code == 200 and got.get_json()["name"] == BODY["name"]

    # a prosecutor types part of the Arabic name, with a diacritic and a hamza variant
    found = client.get(
        "/api/v1/authorities", query_string={"q": "النَّائب الدولى"}, headers=prosecutor_headers
    )
    assert [item["id"] for item in found.get_json()] == [entry_id]
    found = client.get(
        "/api/v1/authorities",
        query_string={"country": "EGY", "function": "central_authority_extradition"},
        headers=prosecutor_headers,
    )
    assert [item["id"] for item in found.get_json()] == [entry_id]
    assert (
        client.get(
            "/api/v1/authorities", query_string={"country": "MAR"}, headers=prosecutor_headers
        ).get_json()
        == []
    )

    updated = client.put(
        f"/api/v1/authorities/{entry_id}",
        json={"email": "new@example.org"},
        headers=maintainer_headers,
    )
    assert updated.status_code == 200, updated.get_json()
    assert updated.get_json()["email"] == "new@example.org"
    assert updated.get_json()["version"] == 2
    assert updated.get_json()["name"] == BODY["name"]  # fields not given are kept

    retired = client.delete(f"/api/v1/authorities/{entry_id}", headers=maintainer_headers)
    assert retired.status_code == 200 and retired.get_json()["retired"] is True
    # retired, not deleted: still readable, out of the default search
    assert (
        client.get(f"/api/v1/authorities/{entry_id}", headers=prosecutor_headers).status_code == 200
    )
    assert client.get("/api/v1/authorities", headers=prosecutor_headers).get_json() == []
    assert (
        len(
            client.get(
                "/api/v1/authorities",
                query_string={"include_retired": "true"},
                headers=prosecutor_headers,
            ).get_json()
        )
        == 1
    )

    history = client.get(f"/api/v1/authorities/{entry_id}/history", headers=prosecutor_headers)
    versions = history.get_json()
    assert [v["version"] for v in versions] == [3, 2, 1]
    assert [v["action"] for v in versions] == ["retire", "update", "create"]
    assert versions[1]["changed_fields"] == ["email"]
    assert versions[2]["snapshot"]["email"] == "ca@example.org"
    assert versions[0]["actor_email"].startswith("maintainer")


def test_validation_errors_are_422_with_fields_and_write_nothing(
    client, maintainer_headers
) -> None:
    bad = {**BODY, "country": "XXX", "languages": ["arabic"], "channels": ["pigeon"]}
    error = assert_error(
        client.post("/api/v1/authorities", json=bad, headers=maintainer_headers),
        422,
        "validation_error",
    )
    assert {"country", "languages"} <= set(error["fields"])
    assert any(key.startswith("channels") for key in error["fields"])
    unknown = {**BODY, "colour": "blue"}
    assert_error(
        client.post("/api/v1/authorities", json=unknown, headers=maintainer_headers),
        422,
        "validation_error",
    )
    response = client.post(
        "/api/v1/authorities",
        data="{not json",
        headers=maintainer_headers,
        content_type="application/json",
    )
    assert_error(response, 400, "malformed_json")
    assert client.get("/api/v1/authorities", headers=maintainer_headers).get_json() == []

    created = client.post("/api/v1/authorities", json=BODY, headers=maintainer_headers).get_json()
    error = assert_error(
        client.put(
            f"/api/v1/authorities/{created['id']}",
            json={"email": "not an email"},
            headers=maintainer_headers,
        ),
        422,
        "validation_error",
    )
    assert "email" in error["fields"]
    # values that look like data but cannot be: a made-up zone, a verification in the future,
    # a PEM frame around text that is no key
    impossible = {
        "timezone": "Mars/Base",
        "verified_on": "2099-01-01",
        "public_key": "-----BEGIN PUBLIC KEY-----\nnot base64 !!\n-----END PUBLIC KEY-----\n",
    }
    for field, value in impossible.items():
        error = assert_error(
            client.put(
                f"/api/v1/authorities/{created['id']}",
                json={field: value},
                headers=maintainer_headers,
            ),
            422,
            "validation_error",
        )
        assert field in error["fields"], field
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    real_key = (
        Ed25519PrivateKey.generate()
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    accepted = client.put(
        f"/api/v1/authorities/{created['id']}",
        json={"public_key": real_key, "timezone": "Africa/Cairo", "verified_on": "2026-01-05"},
        headers=maintainer_headers,
    )
    assert accepted.status_code == 200, accepted.get_json()
    history = client.get(
        f"/api/v1/authorities/{created['id']}/history", headers=maintainer_headers
    ).get_json()
    assert len(history) == 2  # the refused changes left no version

    duplicate = {**BODY, "external_id": "x-1"}
    assert (
        client.post("/api/v1/authorities", json=duplicate, headers=maintainer_headers).status_code
        == 201
    )
    assert_error(
        client.post(
            "/api/v1/authorities", json={**duplicate, "name": "Other"}, headers=maintainer_headers
        ),
        409,
        "conflict",
    )


def test_missing_entries_are_404(client, maintainer_headers) -> None:
    for method in ("get", "put", "delete"):
        kwargs = {"json": {"email": "a@example.org"}} if method == "put" else {}
        response = getattr(client, method)(
            "/api/v1/authorities/999", headers=maintainer_headers, **kwargs
        )
        assert_error(response, 404, "not_found")
    assert_error(
        client.get("/api/v1/authorities/999/history", headers=maintainer_headers), 404, "not_found"
    )


def test_permissions(client, prosecutor_headers, maintainer_headers) -> None:
    assert_error(client.get("/api/v1/authorities"), 401, "unauthorized")
    assert_error(
        client.post("/api/v1/authorities", json=BODY, headers=prosecutor_headers), 403, "forbidden"
    )
    created = client.post("/api/v1/authorities", json=BODY, headers=maintainer_headers).get_json()
    assert_error(
        client.put(
            f"/api/v1/authorities/{created['id']}", json={"name": "x"}, headers=prosecutor_headers
        ),
        403,
        "forbidden",
    )
    assert_error(
        client.delete(f"/api/v1/authorities/{created['id']}", headers=prosecutor_headers),
        403,
        "forbidden",
    )
    assert client.get("/api/v1/instruments", headers=prosecutor_headers).status_code == 200


def test_instruments_and_legal_basis(reference_data, client, prosecutor_headers) -> None:
    instruments = client.get("/api/v1/instruments", headers=prosecutor_headers).get_json()
    by_code = {item["code"]: item for item in instruments}
    assert {"UNTOC", "UNCAC", "BUDAPEST", "DRUGS1988", "UNCC", "RIYADH1983"} <= set(by_code)
    assert by_code["UNTOC"]["articles"]["mla"] == "art. 18"
    assert by_code["UNTOC"]["names"]["ar"]
    assert by_code["UNTOC"]["parties"] > 150

    response = client.get(
        "/api/v1/legal-basis",
        query_string={"requesting": "FRA", "requested": "EGY", "kind": "mla"},
        headers=prosecutor_headers,
    )
    assert response.status_code == 200
    results = response.get_json()
    assert [item["code"] for item in results[:2]] == ["UNTOC", "UNCAC"]
    assert results[0]["article"] == "art. 18"
    assert results[0]["requested"]["source"] and results[0]["requested"]["data_as_of"]
    assert results[-1]["code"] == "reciprocity"
    # each side's participation fact, dated and flagged when older than MLA_FACT_MAX_AGE_DAYS
    party = results[0]["requested_party"]
    assert party["state"] == "EGY" and party["status"] == "party"
    assert party["as_of"] == results[0]["requested"]["data_as_of"]
    assert party["source"] == results[0]["requested"]["source"]
    assert party["stale"] is (party["age_days"] > party["max_age_days"])
    assert results[0]["requesting_party"]["state"] == "FRA"
    assert results[-1]["requesting_party"] is None and results[-1]["requested_party"] is None

    error = assert_error(
        client.get(
            "/api/v1/legal-basis",
            query_string={"requesting": "FRA", "requested": "ZZZ", "kind": "mla"},
            headers=prosecutor_headers,
        ),
        422,
        "validation_error",
    )
    assert "requested" in error["fields"]
    assert_error(
        client.get(
            "/api/v1/legal-basis",
            query_string={"requesting": "FRA", "requested": "EGY", "kind": "letters"},
            headers=prosecutor_headers,
        ),
        422,
        "validation_error",
    )
    assert_error(
        client.get(
            "/api/v1/legal-basis", query_string={"requesting": "FRA"}, headers=prosecutor_headers
        ),
        422,
        "validation_error",
    )


def test_openapi_documents_the_directory(client) -> None:
    document = client.get("/api/v1/openapi.json").get_json()
    paths = document["paths"]
    prefix = "/api/v1" if "/api/v1/authorities" in paths else ""
    assert {"get", "post"} <= set(paths[f"{prefix}/authorities"])
    assert {"get", "put", "delete"} <= set(paths[f"{prefix}/authorities/{{authority_id}}"])
    for path in ("/instruments", "/legal-basis", "/authorities/{authority_id}/history"):
        assert "get" in paths[f"{prefix}{path}"]
    schemas = document["components"]["schemas"]
    item = schemas["LegalBasisOut"]["properties"]
    assert {"requesting", "requested", "requesting_party", "requested_party"} <= set(item)
    assert {"status", "as_of", "age_days", "stale", "source"} <= set(
        schemas["PartyFactOut"]["properties"]
    )
