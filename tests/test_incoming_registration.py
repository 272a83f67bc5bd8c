"""Registering an incoming request by hand: its sender from the directory, legal basis, language,
measures, persons and offences, executing authority, assignee and a due date from its kind; the
documents received are encrypted as they arrive, and nothing is registered unless all is."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from mla_tool.cases import transitions
from mla_tool.cases.dates import today
from mla_tool.cases.models import Case
from mla_tool.directory.models import Instrument
from mla_tool.extensions import db
from mla_tool.forms.incoming.due_dates import INCOMING_DUE_DAYS, parse_due_days
from mla_tool.forms.models import MlaRequest
from mla_tool.vault.models import Attachment
from mla_tool.vault.service import read_plaintext
from tests.conftest import csrf_token_from
from tests.factories.authorities import make_authority

LETTER = b"%PDF-1.4 letter of request from Amman: secret content"


@pytest.fixture
def world(make_user: Any) -> dict[str, Any]:
    db.session.add(
        Instrument(
            code="UNTOC",
            name_en="UN Convention against Transnational Organized Crime",
            kind="multilateral",
        )
    )
    db.session.commit()
    caseworker = make_user("caseworker", country="FRA")
    colleague = make_user("prosecutor", country="FRA", display_name="Paul Procureur")
    sender = make_authority("JOR", name_en="Ministry of Justice of Jordan")
    executing = make_authority("FRA", name="Parquet de Paris", name_en="Paris prosecutor")
    return {
        "caseworker": caseworker,
        "colleague": colleague,
        "sender": sender,
        "executing": executing,
    }


def _form(world: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {
        "kind": "mla",
        "requesting_state": "JOR",
        "requesting_authority_id": str(world["sender"]),
        "title": "Bank records of Omar Haddad",
        "reference": "JOR/2026/17",
        "channel": "diplomatic",
        "legal_basis": ["UNTOC"],
        "language": "ar",
        "measures": ["records", "take_evidence"],
        "persons": "Omar Haddad\nعمر حداد",
        "offences": "Money laundering",
        "executing_authority_id": str(world["executing"]),
        "assigned_to": str(world["colleague"].id),
        **changes,
    }


def _files(world_dir: Path) -> list[Path]:
    return [p for p in world_dir.rglob("*") if p.is_file()]


def _vault_files(app: Flask) -> list[Path]:
    root = Path(app.config["MLA_DATA_DIR"]) / "attachments"
    return _files(root) if root.exists() else []


def test_the_page_registers_a_request_with_its_documents_encrypted(
    app: Flask, world: dict[str, Any], login: Any
) -> None:
    client: FlaskClient = login(world["caseworker"])
    page = client.get("/requests/incoming/new")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert f'value="{world["sender"]}"' in html and 'name="documents"' in html
    data = _form(world, csrf_token=csrf_token_from(html))
    data["documents"] = [
        (io.BytesIO(LETTER), "letter.pdf"),
        (io.BytesIO(b"annex: account statements"), "annex.txt"),
    ]
    answer = client.post("/requests/incoming/new", data=data, content_type="multipart/form-data")
    assert answer.status_code == 302, answer.get_data(as_text=True)[:2000]
    case = db.session.query(Case).one()
    assert answer.headers["Location"].endswith(f"/cases/{case.id}")
    assert (case.direction, case.status, case.counterpart_state) == ("incoming", "received", "JOR")
    assert case.reference == "JOR/2026/17" and case.assigned_to == world["colleague"].id
    assert case.due_date == today() + timedelta(days=INCOMING_DUE_DAYS["mla"])
    request = db.session.query(MlaRequest).filter_by(case_id=case.id).one()
    data = request.data
    assert data["requesting_authority"]["name"] == "إدارة التعاون الدولي"
    assert data["requesting_state"] == "JOR" and data["requested_state"] == "FRA"
    assert data["legal_basis"] == ["UNTOC"] and data["language"] == "ar"
    assert [m["type"] for m in data["measures"]] == ["records", "take_evidence"]
    assert [p["name"] for p in data["persons"]] == ["Omar Haddad", "عمر حداد"]
    assert data["offences"] == [{"name": "Money laundering"}]
    assert data["requested_authority"] == world["executing"]
    attachments = db.session.query(Attachment).filter_by(case_id=case.id).all()
    assert sorted(a.filename for a in attachments) == ["annex.txt", "letter.pdf"]
    letter = next(a for a in attachments if a.filename == "letter.pdf")
    assert read_plaintext(letter) == LETTER
    for path in _vault_files(app):
        assert b"secret content" not in path.read_bytes()  # encrypted at rest


def test_an_invalid_registration_leaves_no_case_no_request_and_no_file(
    app: Flask, world: dict[str, Any], login: Any
) -> None:
    client = login(world["caseworker"])
    before = _vault_files(app)
    token = csrf_token_from(client.get("/requests/incoming/new").get_data(as_text=True))
    other = make_authority("DEU")  # not of the requesting state
    data = _form(world, csrf_token=token, requesting_authority_id=str(other))
    data["documents"] = [(io.BytesIO(LETTER), "letter.pdf")]
    answer = client.post("/requests/incoming/new", data=data, content_type="multipart/form-data")
    assert answer.status_code == 422
    assert "no directory entry of the requesting state" in answer.get_data(as_text=True)
    assert db.session.query(Case).count() == 0 and db.session.query(MlaRequest).count() == 0
    assert db.session.query(Attachment).count() == 0
    assert _vault_files(app) == before


def test_an_empty_document_is_refused_and_nothing_is_registered(
    app: Flask, world: dict[str, Any], login: Any
) -> None:
    client = login(world["caseworker"])
    token = csrf_token_from(client.get("/requests/incoming/new").get_data(as_text=True))
    data = _form(world, csrf_token=token)
    data["documents"] = [(io.BytesIO(LETTER), "letter.pdf"), (io.BytesIO(b""), "empty.pdf")]
    answer = client.post("/requests/incoming/new", data=data, content_type="multipart/form-data")
    assert answer.status_code == 422
    assert db.session.query(Case).count() == 0 and db.session.query(Attachment).count() == 0


def test_the_page_is_the_caseworkers(world: dict[str, Any], login: Any) -> None:
    client = login(world["colleague"])  # a prosecutor does not register incoming requests
    assert client.get("/requests/incoming/new").status_code == 403


def test_the_api_registers_with_documents_all_or_nothing(
    app: Flask, world: dict[str, Any], client: FlaskClient, api_headers: Any
) -> None:
    headers = api_headers(world["caseworker"])
    registration = {
        "kind": "preservation",
        "requesting_state": "JOR",
        "requesting_authority_id": world["sender"],
        "title": "Preserve the mailbox",
        "received_on": "2026-11-30",
        "persons": [{"name": "Omar Haddad", "role": "suspect"}],
        "offences": [{"name": "Fraud"}],
    }
    bad = client.post(
        "/api/v1/incoming-requests",
        data={
            "registration": json.dumps({**registration, "legal_basis": ["NOPE"]}),
            "documents": (io.BytesIO(LETTER), "letter.pdf"),
        },
        headers=headers,
        content_type="multipart/form-data",
    )
    assert bad.status_code == 422 and "legal_basis" in bad.get_json()["error"]["fields"]
    assert db.session.query(Case).count() == 0 and db.session.query(Attachment).count() == 0

    good = client.post(
        "/api/v1/incoming-requests",
        data={
            "registration": json.dumps(registration),
            "documents": [(io.BytesIO(LETTER), "letter.pdf"), (io.BytesIO(b"x"), "b.txt")],
        },
        headers=headers,
        content_type="multipart/form-data",
    )
    assert good.status_code == 201, good.get_json()
    body = good.get_json()
    days = INCOMING_DUE_DAYS["preservation"]
    assert body["due_date"] == (today().replace(2026, 11, 30) + timedelta(days=days)).isoformat()
    assert [d["filename"] for d in body["documents"]] == ["letter.pdf", "b.txt"]
    json_only = client.post(
        "/api/v1/incoming-requests", json={**registration, "title": "Again"}, headers=headers
    )
    assert json_only.status_code == 201 and json_only.get_json()["documents"] == []
    missing = client.post("/api/v1/incoming-requests", json={"kind": "mla"}, headers=headers)
    assert missing.status_code == 422
    assert "requesting_authority_id" in missing.get_json()["error"]["fields"]


def test_an_interrupted_upload_registers_nothing(
    app: Flask, world: dict[str, Any], client: FlaskClient, api_headers: Any
) -> None:
    headers = api_headers(world["caseworker"])
    boundary = "XyZ"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="registration"\r\n\r\n'
        + json.dumps(
            {
                "kind": "mla",
                "requesting_state": "JOR",
                "requesting_authority_id": world["sender"],
                "title": "Cut short",
            }
        )
        + f'\r\n--{boundary}\r\nContent-Disposition: form-data; name="documents"; '
        'filename="letter.pdf"\r\n\r\n'
    ).encode() + LETTER  # no closing boundary: the connection dropped
    answer = client.post(
        "/api/v1/incoming-requests",
        data=body,
        headers={**headers, "Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    assert answer.status_code == 400
    assert db.session.query(Case).count() == 0 and db.session.query(Attachment).count() == 0


def test_the_due_days_of_a_kind_come_from_the_setting(
    app: Flask, world: dict[str, Any], client: FlaskClient, api_headers: Any
) -> None:
    assert parse_due_days("mla=45, extradition = 30") == {"mla": 45, "extradition": 30}
    with pytest.raises(ValueError):
        parse_due_days("mla=soon")
    app.config["MLA_INCOMING_DUE_DAYS"] = "mla=10"
    try:
        answer = client.post(
            "/api/v1/incoming-requests",
            json={
                "kind": "mla",
                "requesting_state": "JOR",
                "requesting_authority_id": world["sender"],
                "title": "Ten days",
            },
            headers=api_headers(world["caseworker"]),
        )
    finally:
        app.config["MLA_INCOMING_DUE_DAYS"] = ""
    assert answer.get_json()["due_date"] == (today() + timedelta(days=10)).isoformat()


def test_refusing_a_registered_request_still_asks_for_consultation_first(
    world: dict[str, Any], client: FlaskClient, api_headers: Any, login: Any
) -> None:
    answer = client.post(
        "/api/v1/incoming-requests",
        json={
            "kind": "mla",
            "requesting_state": "JOR",
            "requesting_authority_id": world["sender"],
            "title": "To refuse",
        },
        headers=api_headers(world["caseworker"]),
    )
    case = db.session.get(Case, answer.get_json()["case_id"])
    transitions.transition(case, "under_review", world["caseworker"])
    db.session.commit()
    page = login(world["caseworker"]).get(f"/cases/{case.id}").get_data(as_text=True)
    assert 'id="consult-before-refused"' in page
