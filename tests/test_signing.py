"""Signed PDFs (PAdES): a throwaway CA and signing certificate, a real WeasyPrint document
signed through the page and the API, verified by pyHanko (trusting the CA) and by poppler's
`pdfsig` as an independent verifier; one changed byte makes both report it invalid."""

from __future__ import annotations

import json
import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from mla_tool.audit.models import AuditEntry
from mla_tool.cases.models import Case, CaseEvent
from mla_tool.extensions import db
from mla_tool.forms.access import get_request_for
from mla_tool.forms.drafting import create_request
from mla_tool.forms.samples import complete_request
from mla_tool.signing import config as signing_config
from mla_tool.vault import service as vault
from mla_tool.vault.places import data_dir
from tests.factories.signing import (  # noqa: F401  (fixtures)
    SIGNER,
    approved_request,
    configured,
    pdfsig,
    pki,
    pyhanko_status,
    review_page,
    sign_on_page,
    submitted_request,
)

# -- a throwaway PKI ------------------------------------------------------------------------------


#: A request rendered again from the same HTML is rendered once per process (conftest).
pytestmark = pytest.mark.usefixtures("pdf_rendered_once")


@pytest.fixture
def unconfigured(app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in signing_config.SETTINGS:
        monkeypatch.delitem(app.config, name, raising=False)
        monkeypatch.delenv(name, raising=False)


# -- requests -------------------------------------------------------------------------------------


def case_of(caseworker: Any, request_id: int) -> Case:
    item = get_request_for(caseworker, request_id)
    case = db.session.get(Case, item.case_id)
    assert case is not None
    return case


def sign_entries() -> list[AuditEntry]:
    return list(
        db.session.execute(select(AuditEntry).where(AuditEntry.action == "request.sign")).scalars()
    )


# -- verifiers ------------------------------------------------------------------------------------


def last_page_text(pdf: bytes, folder: Path) -> str:
    path = folder / "text.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    pages = re.search(r"^Pages:\s+(\d+)", info.stdout, re.M)
    assert pages
    out = subprocess.run(
        ["pdftotext", "-f", pages[1], "-l", pages[1], str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    return re.sub(r"\s+", " ", out.stdout)


def tampered(pdf: bytes) -> bytes:
    """One byte changed inside the first signed range: in the document's first comment line
    (WeasyPrint's binary marker), which no parser needs, so the file still opens."""
    byte_range = re.search(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", pdf)
    assert byte_range and int(byte_range[1]) == 0
    offset = pdf.index(b"\n%", 0) + 2
    assert offset < int(byte_range[2])
    changed = bytearray(pdf)
    changed[offset] ^= 0x01
    return bytes(changed)


# -- the tests ------------------------------------------------------------------------------------


def test_an_approved_request_is_signed_on_its_page_and_verifies_in_both_verifiers(
    client: Any, make_user: Any, login: Any, configured: dict[str, Any], tmp_path: Path
) -> None:
    caseworker = make_user("caseworker")
    request_id = approved_request(caseworker)
    login(caseworker)
    page = review_page(client, request_id)
    assert 'id="sign-pdf"' in page and 'id="sign-form"' in page
    posted = sign_on_page(client, request_id, "en")
    assert posted.status_code == 303, posted.get_data(as_text=True)[:800]
    case = case_of(caseworker, request_id)
    (attachment,) = vault.list_attachments(case)
    assert posted.location.endswith(f"/cases/{case.id}/attachments/{attachment.id}")
    response = client.get(posted.location)  # the kept file, from the vault
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    signed = response.data
    fingerprint = signing_config.certificate_fingerprint(configured["cert"])

    status = pyhanko_status(signed, configured["ca"])
    assert status.intact and status.valid and status.trusted, status.pretty_print_details()
    assert status.coverage.name == "ENTIRE_FILE"
    assert status.signing_cert.subject.native["common_name"] == SIGNER
    report = pdfsig(signed, tmp_path)
    assert "Signature Validation: Signature is Valid." in report, report
    assert "Total document signed" in report, report
    assert SIGNER in report and "ETSI.CAdES.detached" in report, report

    stamp = last_page_text(signed, tmp_path)
    assert "Digitally signed" in stamp and SIGNER in stamp and "UTC" in stamp, stamp

    # the signed file sent is kept, encrypted, in the case's vault
    assert attachment.filename == f"request-{request_id}-en-signed.pdf"
    assert vault.read_plaintext(attachment) == signed
    stored = (data_dir() / attachment.storage_path).read_bytes()
    assert b"%PDF" not in stored[:64] and SIGNER.encode() not in stored

    # who, when and which certificate: in the audit log and the case timeline
    (entry,) = sign_entries()
    details = json.loads(entry.details)
    assert entry.actor_id == caseworker.id and entry.object_id == str(request_id)
    assert details["certificate_sha256"] == fingerprint and details["signer"] == SIGNER
    assert details["attachment_id"] == attachment.id and details["signed_at"].endswith("Z")
    events = db.session.execute(
        select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.type == "signature")
    ).scalars()
    (event,) = list(events)
    assert event.actor_id == caseworker.id
    assert event.details["certificate_sha256"] == fingerprint
    assert fingerprint in (event.note or "") and SIGNER in (event.note or "")
    timeline = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert fingerprint in timeline


def test_one_changed_byte_makes_both_verifiers_report_the_signature_invalid(
    client: Any, make_user: Any, api_headers: Any, configured: dict[str, Any], tmp_path: Path
) -> None:
    caseworker = make_user("caseworker")
    request_id = approved_request(caseworker)
    response = client.post(
        f"/api/v1/requests/{request_id}/document/signed?lang=fr", headers=api_headers(caseworker)
    )
    assert response.status_code == 200, response.get_data(as_text=True)[:800]
    assert response.mimetype == "application/pdf"
    assert response.headers["X-Certificate-SHA256"] == signing_config.certificate_fingerprint(
        configured["cert"]
    )
    signed = response.data
    assert "Signature is Valid." in pdfsig(signed, tmp_path)
    assert pyhanko_status(signed, configured["ca"]).intact
    assert "Signé numériquement" in last_page_text(signed, tmp_path)

    broken = tampered(signed)
    status = pyhanko_status(broken, configured["ca"])
    assert not status.intact and not status.bottom_line  # the digest no longer matches
    report = pdfsig(broken, tmp_path)
    assert "Signature is Valid." not in report, report
    assert re.search(r"Signature Validation: (Digest Mismatch|Signature is Invalid)", report), (
        report
    )


def test_a_draft_or_submitted_request_cannot_be_signed(
    client: Any, make_user: Any, login: Any, api_headers: Any, configured: dict[str, Any]
) -> None:
    caseworker = make_user("caseworker")
    prosecutor = make_user("prosecutor")
    draft = create_request(prosecutor, complete_request("en"))
    db.session.commit()
    response = client.post(
        f"/api/v1/requests/{draft.id}/document/signed", headers=api_headers(prosecutor)
    )
    assert response.status_code == 403  # a prosecutor does not sign for the central authority
    request_id = submitted_request(caseworker)
    response = client.post(
        f"/api/v1/requests/{request_id}/document/signed", headers=api_headers(caseworker)
    )
    assert response.status_code == 409
    assert "approved" in response.get_json()["error"]["message"]
    login(caseworker)
    assert 'id="signing-not-yet"' in review_page(client, request_id)
    page = sign_on_page(client, request_id)
    assert page.status_code == 409 and "approved" in page.get_data(as_text=True)
    assert not vault.list_attachments(case_of(caseworker, request_id))
    assert not sign_entries()


def test_without_a_certificate_the_page_says_how_to_configure_one_and_nothing_is_stored(
    client: Any, make_user: Any, login: Any, api_headers: Any, unconfigured: None
) -> None:
    caseworker = make_user("caseworker")
    request_id = approved_request(caseworker)
    login(caseworker)
    page = review_page(client, request_id)
    assert 'id="signing-help"' in page
    assert "MLA_SIGNING_KEY_FILE" in page and "MLA_SIGNING_PASSPHRASE_FILE" in page
    response = sign_on_page(client, request_id)
    assert response.status_code == 409
    text = response.get_data(as_text=True)
    assert "MLA_SIGNING_KEY_FILE" in text and "MLA_SIGNING_PASSPHRASE_FILE" in text
    api = client.post(
        f"/api/v1/requests/{request_id}/document/signed", headers=api_headers(caseworker)
    )
    assert api.status_code == 409
    assert api.get_json()["error"]["code"] == "signing_not_configured"
    assert "MLA_SIGNING_KEY_FILE" in api.get_json()["error"]["message"]
    assert not vault.list_attachments(case_of(caseworker, request_id))
    assert not sign_entries()


def test_a_wrong_passphrase_is_explained_and_nothing_is_stored(
    app: Any,
    client: Any,
    make_user: Any,
    api_headers: Any,
    configured: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(
        app.config, signing_config.PASSPHRASE_FILE_SETTING, configured["wrong_passphrase_file"]
    )
    caseworker = make_user("caseworker")
    request_id = approved_request(caseworker)
    response = client.post(
        f"/api/v1/requests/{request_id}/document/signed", headers=api_headers(caseworker)
    )
    assert response.status_code == 409
    assert "passphrase" in response.get_json()["error"]["message"]
    assert not vault.list_attachments(case_of(caseworker, request_id))
    assert not sign_entries()


def test_the_signing_route_is_in_the_openapi_document(client: Any) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    operation = spec["paths"]["/requests/{request_id}/document/signed"]["post"]
    assert "application/pdf" in json.dumps(operation["responses"])


@pytest.mark.parametrize(("space", "added"), [(10, 0), (690, 1)])
def test_the_block_never_covers_text_a_full_last_page_gets_a_page_of_its_own(
    space: int, added: int, configured: dict[str, Any], tmp_path: Path
) -> None:
    from mla_tool.forms import documents
    from mla_tool.signing import pades, stamp

    body = f"<div style='height: {space}pt'></div><p>line at the end</p>"  # then the bottom
    style = "<style>@page { size: A4; margin: 20mm } body { margin: 0 }</style>"
    pdf = documents.html_to_pdf(f"<html><head>{style}</head><body>{body}</body></html>")
    signer = signing_config.load_signer()
    face = stamp.stamp_pdf(signer.name, datetime.now(UTC), "ar")
    signed = pades.sign_pdf(pdf, signer, face, stamp.STAMP_SIZE, rtl=True)

    def pages(data: bytes) -> int:
        path = tmp_path / "count.pdf"
        path.write_bytes(data)
        out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
        found = re.search(r"^Pages:\s+(\d+)", out.stdout, re.M)
        assert found
        return int(found[1])

    assert pages(signed) == pages(pdf) + added
    status = pyhanko_status(signed, configured["ca"])
    assert status.intact and status.valid and status.trusted
    assert "Signature Validation: Signature is Valid." in pdfsig(signed, tmp_path)
    last = last_page_text(signed, tmp_path)
    assert SIGNER in last and ("line" in last) == (added == 0), last


@pytest.mark.browser
def test_a_caseworker_signs_in_chromium_and_downloads_a_valid_signed_pdf(
    browser: Any,
    live_server: str,
    make_user: Any,
    configured: dict[str, Any],
    artifacts_dir: Path,
    tmp_path: Path,
) -> None:
    from tests.conftest import DEFAULT_PASSWORD

    caseworker = make_user("caseworker")
    request_id = approved_request(caseworker)
    case_id = case_of(caseworker, request_id).id
    context = browser.new_context(locale="en-GB", accept_downloads=True)
    page = context.new_page()
    page.goto(f"{live_server}/login")
    page.fill("#email", caseworker.email)
    page.fill("#password", DEFAULT_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/dashboard")
    page.goto(f"{live_server}/requests/{request_id}/step/review")
    page.select_option("#sign-lang", "ar")
    page.locator("#documents").screenshot(path=str(artifacts_dir / "signing-button.png"))
    with page.expect_download() as download:
        page.click("#sign-pdf")
    path = tmp_path / "downloaded.pdf"
    download.value.save_as(path)
    assert download.value.suggested_filename == f"request-{request_id}-ar-signed.pdf"
    signed = path.read_bytes()
    (artifacts_dir / "signed-request.pdf").write_bytes(signed)
    assert "Signature Validation: Signature is Valid." in pdfsig(signed, tmp_path)
    assert pyhanko_status(signed, configured["ca"]).bottom_line
    page.goto(f"{live_server}/cases/{case_id}")
    timeline = page.locator(".timeline").inner_text()
    assert signing_config.certificate_fingerprint(configured["cert"]) in timeline
    assert f"request-{request_id}-ar-signed.pdf" in page.content()
    context.close()


def test_the_command_line_checks_the_configured_certificate(
    app: Any, configured: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from mla_tool.signing.cli import signing_group

    result = app.test_cli_runner().invoke(signing_group, ["check"])
    assert result.exit_code == 0, result.output
    assert f"signer: {SIGNER}" in result.output
    assert signing_config.certificate_fingerprint(configured["cert"]) in result.output
    monkeypatch.setitem(
        app.config, signing_config.PASSPHRASE_FILE_SETTING, configured["wrong_passphrase_file"]
    )
    result = app.test_cli_runner().invoke(signing_group, ["check"])
    assert result.exit_code == 1 and "passphrase" in result.output
