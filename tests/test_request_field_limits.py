"""Request documents are bounded (per field, per list, in all): the wizard and the API refuse more."""

from __future__ import annotations

from mla_tool.extensions import db
from mla_tool.forms.limits import MAX_DOCUMENT_TEXT, MAX_ENTRIES, MAX_LINE
from mla_tool.forms.models import MlaRequest
from tests.conftest import csrf_token_from
from tests.factories.drafts import new_draft

NARRATIVE = ("The accused moved the funds through shell companies. " * 400)[:20000]


def nearly_full() -> dict:
    """A document just under the limit in all, each field within its own limit."""
    persons = [{"name": f"Person {n}", "description": NARRATIVE} for n in range(9)]
    return {"persons": persons, "subject": NARRATIVE[:10000]}


def test_the_api_refuses_a_document_over_the_limit_in_all(client, make_user, api_headers) -> None:
    headers = api_headers(make_user("prosecutor"))
    persons = [{"name": "X", "description": NARRATIVE} for _ in range(50)]  # a megabyte of text
    refused = client.post(
        "/api/v1/requests", json={"kind": "mla", "persons": persons}, headers=headers
    )
    assert refused.status_code == 422
    message = refused.get_json()["error"]["fields"]["body"]
    assert str(MAX_DOCUMENT_TEXT) in message
    assert db.session.query(MlaRequest).count() == 0

    created = client.post(
        "/api/v1/requests", json={"kind": "mla", **nearly_full()}, headers=headers
    )
    assert created.status_code == 201, created.get_json()
    request_id = created.get_json()["id"]
    patched = client.patch(
        f"/api/v1/requests/{request_id}", json={"facts": NARRATIVE}, headers=headers
    )
    assert patched.status_code == 422
    assert str(MAX_DOCUMENT_TEXT) in patched.get_json()["error"]["fields"]["body"]
    assert "facts" not in client.get(f"/api/v1/requests/{request_id}", headers=headers).get_json()


def test_the_api_refuses_long_lines_and_long_lists(client, make_user, api_headers) -> None:
    headers = api_headers(make_user("prosecutor"))

    def measure(identifiers: list[dict]) -> dict:
        details = {"identifiers": identifiers, "provider": {"name": "Mail Co", "country": "USA"}}
        return {"kind": "mla", "measures": [{"type": "subscriber_information", "details": details}]}

    many = [{"type": "ip", "value": f"192.0.2.{n % 250}"} for n in range(MAX_ENTRIES + 1)]
    refused = client.post("/api/v1/requests", json=measure(many), headers=headers)
    assert refused.status_code == 422, refused.get_json()
    (field, message), *_ = refused.get_json()["error"]["fields"].items()
    assert field.startswith("measures.0.details")
    assert "identifiers" in message and f"at most {MAX_ENTRIES} entries" in message

    long_value = [{"type": "account", "value": "a" * (MAX_LINE + 1)}]
    refused = client.post("/api/v1/requests", json=measure(long_value), headers=headers)
    assert refused.status_code == 422
    assert f"at most {MAX_LINE} characters" in str(refused.get_json()["error"]["fields"])
    accepted = client.post("/api/v1/requests", json=measure(many[:MAX_ENTRIES]), headers=headers)
    assert accepted.status_code == 201, accepted.get_json()

    too_many_assurances = [{"type": "other", "text": "x"}] * 51
    refused = client.post(
        "/api/v1/requests",
        json={"kind": "extradition", "assurances": too_many_assurances},
        headers=headers,
    )
    assert refused.status_code == 422 and "assurances" in refused.get_json()["error"]["fields"]


def test_the_wizard_refuses_a_save_over_the_limit_in_all(
    client, make_user, login, api_headers
) -> None:
    user = make_user("prosecutor")
    login(user)
    request_id = new_draft(client)
    filled = client.patch(
        f"/api/v1/requests/{request_id}", json=nearly_full(), headers=api_headers(user)
    )
    assert filled.status_code == 200, filled.get_json()
    page = client.get(f"/requests/{request_id}/step/facts")
    token = csrf_token_from(page.get_data(as_text=True))
    refused = client.post(
        f"/requests/{request_id}/step/facts", data={"csrf_token": token, "facts": NARRATIVE}
    )
    assert refused.status_code == 422
    assert str(MAX_DOCUMENT_TEXT) in refused.get_data(as_text=True)
    item = db.session.get(MlaRequest, request_id)
    db.session.refresh(item)
    assert "facts" not in item.data

    too_long = client.post(
        f"/requests/{request_id}/step/facts",
        data={"csrf_token": token, "facts": NARRATIVE + "!"},
    )
    assert too_long.status_code == 422
    html = too_long.get_data(as_text=True)
    assert "At most 20,000 characters (this text has 20,001)." in html
