"""The exchange pages: key verification, Transmit securely, Receive package, status updates;
CSRF, the exchange.manage permission and case membership on each."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from mla_tool.audit.models import AuditEntry
from mla_tool.cases.models import Case
from mla_tool.directory.models import Authority
from mla_tool.exchange import crypto
from mla_tool.exchange.models import ExchangePackage
from mla_tool.extensions import db
from tests.conftest import csrf_token_from, sign_in
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


def upload_package(client: FlaskClient, data: bytes, name: str = "p.mlapkg") -> Any:
    token = csrf_token_from(client.get("/exchange/receive").get_data(as_text=True))
    return client.post(
        "/exchange/receive",
        data={"csrf_token": token, "package": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def signed_in_b(b: Installation) -> FlaskClient:
    client = b.app.test_client()
    with b.active():
        email = b.caseworker().email
    response = sign_in(client, email)
    assert response.status_code == 302
    return client


def test_transmit_receive_and_acknowledge_through_the_pages(
    pair: Pair, client: FlaskClient, login: Any, api_headers: Any
) -> None:
    a, b = pair.a, pair.b
    case = approved_case(pair)
    case_id = case.id
    attachment_id = attach(client, api_headers(a.caseworker()), case_id, EVIDENCE, "statement.txt")
    login(a.caseworker())

    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert 'id="transmit-securely"' in page
    form = client.get(f"/exchange/cases/{case_id}/transmit").get_data(as_text=True)
    assert "Ministry of Justice, International Cooperation" in form
    assert "statement.txt" in form
    # each group of checkboxes is a fieldset named by its legend (no bulleted list in a label)
    assert '<fieldset class="field checkbox-group" id="languages-group">' in form
    assert "<legend>Attachments to include</legend>" in form
    response = client.post(
        f"/exchange/cases/{case_id}/transmit",
        data={
            "csrf_token": csrf_token_from(form),
            "recipient": str(pair.b_in_a),
            "languages": ["en"],
            "attachments": [str(attachment_id)],
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert db.session.get(Case, case_id).status == "transmitted"
    sent = db.session.execute(select(ExchangePackage)).scalar_one()
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert sent.digest[:16] in page
    download = client.get(f"/exchange/packages/{sent.id}/download")
    assert download.status_code == 200
    package_bytes = download.get_data()
    assert package_bytes.startswith(crypto.MAGIC)
    assert db.session.execute(
        select(AuditEntry).where(AuditEntry.action == "exchange.download")
    ).scalar_one()

    b_client = signed_in_b(b)
    imported = upload_package(b_client, package_bytes)
    assert imported.status_code == 302, imported.get_data(as_text=True)[:2000]
    incoming_url = imported.headers["Location"].split("#")[0]
    incoming_page = b_client.get(incoming_url).get_data(as_text=True)
    assert "statement.txt" in incoming_page and "request-" in incoming_page
    assert "Report to the requesting authority" in incoming_page
    again = upload_package(b_client, package_bytes)
    assert again.status_code == 422
    assert 'data-code="replay"' in again.get_data(as_text=True)
    assert "already been imported" in again.get_data(as_text=True)

    status = b_client.post(
        incoming_url.replace("/cases/", "/exchange/cases/") + "/status",
        data={"csrf_token": csrf_token_from(incoming_page), "status": "received"},
    )
    assert status.status_code == 302
    with b.active():
        receipt = db.session.execute(
            select(ExchangePackage).where(ExchangePackage.type == "status")
        ).scalar_one()
        receipt_id = receipt.id
    receipt_bytes = b_client.get(f"/exchange/packages/{receipt_id}/download").get_data()

    acknowledged = upload_package(client, receipt_bytes, "receipt.mlapkg")
    assert acknowledged.status_code == 302, acknowledged.get_data(as_text=True)[:2000]
    assert acknowledged.headers["Location"].startswith(f"/cases/{case_id}")
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "status update received" in page
    assert "Status received: Received" in page


def test_refusals_on_the_receive_page_are_clear_and_logged(
    pair: Pair, client: FlaskClient, login: Any
) -> None:
    login(pair.a.caseworker())
    refused = upload_package(client, b"hello, not a package")
    assert refused.status_code == 422
    body = refused.get_data(as_text=True)
    assert 'data-code="not_a_package"' in body and "not an mla_tool package" in body
    stranger = crypto.generate_identity()
    out = io.BytesIO()
    crypto.seal(
        io.BytesIO(b"x"),
        out,
        stranger,
        crypto.parse_public_bundle(pair.a.pem),
        {"type": "request", "package_id": "z"},
    )
    refused = upload_package(client, out.getvalue())
    assert 'data-code="unknown_sender"' in refused.get_data(as_text=True)
    codes = [
        json.loads(row.details)["code"]
        for row in db.session.execute(
            select(AuditEntry).where(AuditEntry.action == "exchange.refused")
        ).scalars()
    ]
    assert codes == ["not_a_package", "unknown_sender"]
    assert db.session.execute(select(Case)).first() is None


def test_csrf_permission_and_membership(pair: Pair, make_user: Any) -> None:
    case = approved_case(pair)
    case_id = case.id

    def client_of(user: Any) -> FlaskClient:
        own = pair.a.app.test_client()
        assert sign_in(own, user.email).status_code == 302
        return own

    prosecutor = client_of(make_user("prosecutor", country="FRA"))
    assert prosecutor.get("/exchange/receive").status_code == 403
    assert prosecutor.get(f"/exchange/cases/{case_id}/transmit").status_code == 403
    assert prosecutor.get("/exchange/").status_code == 403

    outsider = client_of(make_user("caseworker", country="ESP"))  # not on the case
    assert outsider.get(f"/exchange/cases/{case_id}/transmit").status_code == 404
    token = csrf_token_from(outsider.get("/exchange/receive").get_data(as_text=True))
    posted = outsider.post(
        f"/exchange/cases/{case_id}/transmit",
        data={"csrf_token": token, "recipient": str(pair.b_in_a), "languages": ["en"]},
    )
    assert posted.status_code == 404

    member = client_of(pair.a.caseworker())
    no_token = member.post(
        f"/exchange/cases/{case_id}/transmit",
        data={"recipient": str(pair.b_in_a), "languages": ["en"]},
    )
    assert no_token.status_code in (400, 422)
    assert db.session.get(Case, case_id).status == "approved"
    assert db.session.execute(select(ExchangePackage)).first() is None


def test_recording_a_fingerprint_verification(pair: Pair, client: FlaskClient, login: Any) -> None:
    other = crypto.generate_identity().public
    authority = Authority(
        country_iso3="MAR",
        functions=["central_authority_mla"],
        name="Direction des affaires pénales",
        public_key=other.pem(),
    )
    db.session.add(authority)
    db.session.commit()
    login(pair.a.caseworker())
    url = f"/exchange/keys/{authority.id}"
    page = client.get(url).get_data(as_text=True)
    assert "not verified" in page and other.fingerprint in page
    wrong = client.post(
        url,
        data={
            "csrf_token": csrf_token_from(page),
            "fingerprint": crypto.generate_identity().public.fingerprint,
            "verified_on": "2026-01-05",
            "method": "phone",
        },
    )
    assert wrong.status_code == 422
    assert "does not match the directory key" in wrong.get_data(as_text=True)
    right = client.post(
        url,
        data={
            "csrf_token": csrf_token_from(page),
            "fingerprint": other.fingerprint.lower(),
            "verified_on": "2026-01-05",
            "method": "phone",
            "note": "read out by the duty prosecutor",
        },
    )
    assert right.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert 'id="key-state">verified' in page and "2026-01-05" in page
    entry = client.get(f"/directory/{authority.id}").get_data(as_text=True)
    assert (
        other.fingerprint in entry
        and 'verified on <time datetime="2026-01-05">2026-01-05</time> (By telephone)' in entry
    )
    overview = client.get("/exchange/").get_data(as_text=True)
    assert pair.a.fingerprint in overview
    revoked = client.post(
        f"{url}/revoke", data={"csrf_token": csrf_token_from(page), "reason": "replaced"}
    )
    assert revoked.status_code == 302
    assert 'id="key-state">revoked' in client.get(url).get_data(as_text=True)
