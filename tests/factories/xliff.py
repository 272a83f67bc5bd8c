"""Test data builders and fixtures shared by several test modules (xliff)."""

from __future__ import annotations

from typing import Any

from translate.storage import xliff

from mla_tool.forms.samples import complete_request
from tests.factories.authorities import make_authority


def create(client: Any, headers: dict[str, str], **changes: Any) -> int:
    document = complete_request("en", requested_authority=make_authority(), **changes)
    response = client.post("/api/v1/requests", json=document, headers=headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def export(client: Any, headers: dict[str, str], request_id: int, lang: str = "fr") -> bytes:
    response = client.get(
        f"/api/v1/requests/{request_id}/translations/{lang}.xliff", headers=headers
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/x-xliff+xml"
    return response.data


def translated(raw: bytes, prefix: str = "[FR] ", target_language: str | None = None) -> bytes:
    """What the translator does: fill each unit's target (here: the source with a prefix)."""
    store = xliff.xlifffile.parsestring(raw)
    for unit in store.units:
        unit.target = prefix + str(unit.source)
    if target_language:
        store.settargetlanguage(target_language)
    return bytes(store)


def put(client: Any, headers: dict[str, str], request_id: int, body: bytes, lang: str = "fr"):
    return client.put(
        f"/api/v1/requests/{request_id}/translations/{lang}.xliff",
        data=body,
        headers={**headers, "Content-Type": "application/x-xliff+xml"},
    )
