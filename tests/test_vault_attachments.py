"""Encrypted attachments through the API and pages: real bytes in the store, custody, tampering;
on each storage backend (the data folder, a real SeaweedFS: tests/factories/vault_backends.py)."""

from __future__ import annotations

import io
import json
import os
import secrets
import zipfile
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from mla_tool.audit.models import AuditEntry
from mla_tool.cases import membership, opening
from mla_tool.cases.models import CaseEvent
from mla_tool.extensions import db
from mla_tool.vault import crypto
from mla_tool.vault.models import Attachment, CustodyEntry
from mla_tool.vault.storage import Store
from mla_tool.vault.verification import verify_attachments
from tests.factories.vault_backends import (  # noqa: F401  (storage, s3_server: fixtures)
    every_stored_blob,
    replace_stored,
    s3_server,
    storage,
    stored_bytes,
    stored_files,
)

PDF = b"%PDF-1.7\n" + b"1 0 obj << /Type /Catalog >> endobj\n" * 20 + b"%%EOF\n"


def open_case(user: Any, title: str = "Fraud ring") -> Any:
    case = opening.open_case(
        direction="outgoing", kind="mla", counterpart_state="MAR", title=title, actor=user
    )
    db.session.commit()
    return case


def upload(client, headers, case_id: int, data: bytes, name: str = "evidence.bin", **kw):
    return client.post(
        f"/api/v1/cases/{case_id}/attachments",
        data={"file": (io.BytesIO(data), name, kw.get("content_type", "text/plain"))},
        headers=headers,
        content_type="multipart/form-data",
    )


def audit_actions() -> list[str]:
    return list(db.session.execute(select(AuditEntry.action).order_by(AuditEntry.seq)).scalars())


@pytest.fixture(autouse=True)
def clean_attachments(app: Flask):
    """Tables are emptied after each test; the attachment files go with them (and those that
    other modules' tests left in the session's data folder go before)."""
    import shutil

    shutil.rmtree(Path(app.config["MLA_DATA_DIR"]) / "attachments", ignore_errors=True)
    yield
    shutil.rmtree(Path(app.config["MLA_DATA_DIR"]) / "attachments", ignore_errors=True)


@pytest.fixture
def owner(make_user):
    return make_user("caseworker", country="FRA")


@pytest.fixture
def case(owner):
    return open_case(owner)


def test_upload_download_round_trip_with_custody_and_audit(
    app, client, owner, case, api_headers, storage: Store
) -> None:
    headers = api_headers(owner)
    data = os.urandom(3 * crypto.CHUNK_SIZE + 12345)
    created = upload(client, headers, case.id, data, "scan.bin")
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert body["size"] == len(data) and body["filename"] == "scan.bin"
    assert body["content_type"] == "application/octet-stream"  # not the client's text/plain
    import hashlib

    assert body["sha256"] == hashlib.sha256(data).hexdigest()
    assert [entry["action"] for entry in body["custody"]] == ["upload"]

    got = client.get(f"/api/v1/cases/{case.id}/attachments/{body['id']}", headers=headers)
    assert got.status_code == 200
    assert got.data == data
    assert got.headers["X-Content-SHA256"] == body["sha256"]
    assert got.headers["Content-Disposition"].startswith("attachment;")

    listed = client.get(f"/api/v1/cases/{case.id}/attachments", headers=headers).get_json()
    assert [entry["action"] for entry in listed[0]["custody"]] == ["upload", "download"]
    assert listed[0]["custody"][1]["user_id"] == owner.id
    assert "attachment.upload" in audit_actions() and "attachment.download" in audit_actions()
    events = db.session.execute(
        select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.type == "attachment")
    ).scalars()
    assert [event.details["action"] for event in events] == [
        "attachment.upload",
        "attachment.download",
    ]
    stored = db.session.get(Attachment, body["id"])
    ciphertext = stored_bytes(storage, stored.storage_path)
    assert len(ciphertext) == crypto.HEADER_SIZE + len(data) + 4 * crypto.TAG_SIZE


def test_nothing_readable_in_the_store_or_the_database(
    app, client, owner, case, api_headers, storage: Store
) -> None:
    marker = b"SECRET-WITNESS-STATEMENT-" + secrets.token_hex(8).encode()
    data = (marker + b" the witness saw the transfer on 3 May.\n") * 40000  # ~2.6 MB, 3 chunks
    headers = api_headers(owner)
    assert upload(client, headers, case.id, data, "statement.txt").status_code == 201
    assert upload(client, headers, case.id, marker, "tiny.txt").status_code == 201
    db.session.commit()
    scanned = 0
    for where, content in every_stored_blob(app, storage):  # the data folder, any objects
        scanned += len(content)
        assert marker not in content, f"plaintext found in {where}"
    assert scanned > len(data)
    # the database (SQLite file above; on PostgreSQL every attachment-related row as text)
    rows = db.session.execute(select(Attachment)).scalars().all()
    for row in rows:
        assert marker not in row.wrapped_key and marker.decode() not in json.dumps(
            {k: str(v) for k, v in vars(row).items()}
        )
    for entry in db.session.execute(select(AuditEntry)).scalars():
        assert marker.decode() not in entry.details


def test_content_type_is_sniffed_and_filename_sanitised(
    client, owner, case, api_headers, storage: Store
) -> None:
    headers = api_headers(owner)
    pdf = upload(client, headers, case.id, PDF, "../../etc/pass\x00wd.txt").get_json()
    assert pdf["content_type"] == "application/pdf"
    assert pdf["filename"] == "passwd.txt"
    odd = upload(client, headers, case.id, b"x", "..\\re|port?<1>.txt").get_json()
    assert odd["filename"] == "re_port_1_.txt"
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("media/big.bin", os.urandom(2 * crypto.CHUNK_SIZE))  # pushes word/ late
        archive.writestr("word/document.xml", "<w:document/>")
    sniffed = upload(client, headers, case.id, docx.getvalue(), "letter.pdf").get_json()
    assert sniffed["content_type"].endswith("wordprocessingml.document")
    png = upload(client, headers, case.id, b"\x89PNG\r\n\x1a\n" + b"\0" * 50, "x").get_json()
    assert png["content_type"] == "image/png"
    text = upload(client, headers, case.id, "مرحبا بالعالم".encode(), "نص.txt").get_json()
    assert text["content_type"] == "text/plain" and text["filename"] == "نص.txt"
    nameless = upload(client, headers, case.id, b"z", "").get_json()
    assert nameless["size"] == 1 and nameless["filename"] == "attachment"
    got = client.get(f"/api/v1/cases/{case.id}/attachments/{nameless['id']}", headers=headers)
    assert got.status_code == 200 and got.data == b"z"


def test_access_is_need_to_know(client, owner, case, make_user, api_headers) -> None:
    headers = api_headers(owner)
    aid = upload(client, headers, case.id, b"hello", "a.txt").get_json()["id"]
    stranger = make_user("caseworker", country="DEU")  # not a member, other authority
    other = api_headers(stranger)
    for response in (
        upload(client, other, case.id, b"x"),
        client.get(f"/api/v1/cases/{case.id}/attachments", headers=other),
        client.get(f"/api/v1/cases/{case.id}/attachments/{aid}", headers=other),
    ):
        assert response.status_code == 404
    auditor = make_user("auditor", country="FRA")
    membership.add_member(case, auditor, "member", owner)
    db.session.commit()
    assert upload(client, api_headers(auditor), case.id, b"x").status_code == 403
    other_case = open_case(owner, "Another matter")
    wrong_case = client.get(f"/api/v1/cases/{other_case.id}/attachments/{aid}", headers=headers)
    assert wrong_case.status_code == 404
    assert client.get(f"/api/v1/cases/{case.id}/attachments").status_code == 401
    assert db.session.execute(select(CustodyEntry.action)).scalars().all() == ["upload"]


def test_bad_uploads_are_refused_and_leave_nothing(
    app, client, owner, case, api_headers, storage: Store
) -> None:
    headers = api_headers(owner)
    url = f"/api/v1/cases/{case.id}/attachments"
    no_file = client.post(
        url, data={"other": "x"}, headers=headers, content_type="multipart/form-data"
    )
    assert no_file.status_code == 422
    assert no_file.get_json()["error"]["code"] == "validation_error"
    assert "file" in no_file.get_json()["error"]["fields"]
    wrong_field = client.post(url, data={"document": (io.BytesIO(b"x"), "a.txt")}, headers=headers)
    assert wrong_field.status_code == 422
    as_json = client.post(url, json={"file": "x"}, headers=headers)
    assert as_json.status_code == 415
    empty = upload(client, headers, case.id, b"", name="empty.bin")
    assert empty.status_code == 422 and "empty" in empty.get_json()["error"]["message"]
    # what a browser sends when no file was chosen: a nameless, empty part
    unchosen = upload(client, headers, case.id, b"", name="")
    assert unchosen.status_code == 422 and unchosen.get_json()["error"]["fields"] == {
        "file": "empty"
    }
    app.config["MLA_MAX_UPLOAD_BYTES"] = 1000
    try:
        too_big = upload(client, headers, case.id, b"y" * 1001)
        assert too_big.status_code == 413
        assert too_big.get_json()["error"]["code"] == "payload_too_large"
        assert upload(client, headers, case.id, b"y" * 1000).status_code == 201
    finally:
        app.config.pop("MLA_MAX_UPLOAD_BYTES")
    assert db.session.execute(select(Attachment.size)).scalars().all() == [1000]
    assert len(stored_files(app, storage)) == 1


def test_uploads_are_never_given_to_werkzeugs_clear_temporary_file(
    client, owner, case, api_headers, monkeypatch, storage: Store
) -> None:
    import werkzeug.formparser
    from flask import Request

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the upload went to a clear temporary file")

    monkeypatch.setattr(werkzeug.formparser, "default_stream_factory", refuse)
    monkeypatch.setattr(Request, "_get_file_stream", refuse)
    data = os.urandom(2 * crypto.CHUNK_SIZE)
    response = upload(client, api_headers(owner), case.id, data)
    assert response.status_code == 201


def test_a_flipped_byte_is_never_served_and_is_logged(
    client, owner, case, api_headers, storage: Store
) -> None:
    headers = api_headers(owner)
    aid = upload(client, headers, case.id, b"the ledger" * 1000).get_json()["id"]
    name = db.session.get(Attachment, aid).storage_path
    sealed = bytearray(stored_bytes(storage, name))
    sealed[len(sealed) // 2] ^= 0x80
    replace_stored(storage, name, bytes(sealed))
    response = client.get(f"/api/v1/cases/{case.id}/attachments/{aid}", headers=headers)
    assert response.status_code == 500
    assert response.get_json()["error"]["code"] == "integrity_failure"
    assert b"the ledger" not in response.data
    assert "attachment.integrity_failure" in audit_actions()
    assert "attachment.download" not in audit_actions()
    failure = db.session.execute(
        select(CustodyEntry).where(CustodyEntry.action == "integrity_failure")
    ).scalar_one()
    assert failure.user_id == owner.id and "chunk 0" in failure.detail


def test_a_wrong_digest_stops_the_stream_before_its_last_chunk(
    client, owner, case, api_headers, storage: Store
) -> None:
    headers = api_headers(owner)
    data = os.urandom(2 * crypto.CHUNK_SIZE + 10)
    aid = upload(client, headers, case.id, data).get_json()["id"]
    row = db.session.get(Attachment, aid)
    row.sha256 = "0" * 64
    db.session.commit()
    response = client.get(
        f"/api/v1/cases/{case.id}/attachments/{aid}", headers=headers, buffered=False
    )
    assert response.status_code == 200  # headers went out with the first verified chunk
    received = b""
    with pytest.raises(crypto.IntegrityError, match="SHA-256"):
        for piece in response.response:
            received += piece
    assert len(received) < len(data)  # the final chunk was held back
    assert received == data[: len(received)]
    assert audit_actions()[-1] == "attachment.integrity_failure"


def test_a_data_key_wrapped_for_another_attachment_does_not_open(
    client, owner, case, api_headers, storage: Store
) -> None:
    headers = api_headers(owner)
    first = upload(client, headers, case.id, b"first file").get_json()["id"]
    second = upload(client, headers, case.id, b"second file").get_json()["id"]
    row_a = db.session.get(Attachment, first)
    row_b = db.session.get(Attachment, second)
    row_b.wrapped_key, row_b.key_id = row_a.wrapped_key, row_a.key_id
    db.session.commit()
    response = client.get(f"/api/v1/cases/{case.id}/attachments/{second}", headers=headers)
    assert response.status_code == 500
    report = verify_attachments()
    assert [failure[0] for failure in report.failures] == [second]


def test_openapi_documents_the_attachment_operations(client) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    upload_op = spec["paths"]["/cases/{case_id}/attachments"]["post"]
    assert "multipart/form-data" in upload_op["requestBody"]["content"]
    assert {"201", "404", "413"} <= set(upload_op["responses"])
    download_op = spec["paths"]["/cases/{case_id}/attachments/{attachment_id}"]["get"]
    assert "application/octet-stream" in download_op["responses"]["200"]["content"]
    assert "get" in spec["paths"]["/cases/{case_id}/attachments"]


def test_pages_upload_with_csrf_and_download(
    app, client, owner, case, login, page_csrf, storage: Store
) -> None:
    login(owner)
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert f'action="/cases/{case.id}/attachments"' in page and "No attachments yet" in page
    token = page_csrf(f"/cases/{case.id}")
    url = f"/cases/{case.id}/attachments"
    refused = client.post(
        url,
        data={"file": (io.BytesIO(PDF), "a.pdf")},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 400
    assert stored_files(app, storage) == []
    empty = client.post(
        url,
        data={"csrf_token": token, "file": (io.BytesIO(b""), "empty.pdf")},
        content_type="multipart/form-data",
    )
    assert empty.status_code == 302
    assert "the file is empty (0 bytes)" in client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert stored_files(app, storage) == [] and not db.session.execute(select(Attachment)).first()
    done = client.post(
        url,
        data={
            "csrf_token": token,
            "next": f"/cases/{case.id}",
            "file": (io.BytesIO(PDF), "request letter.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert done.status_code == 302, done.get_data(as_text=True)[:300]
    assert done.headers["Location"].endswith(f"/cases/{case.id}#attachments")
    row = db.session.execute(select(Attachment)).scalar_one()
    got = client.get(f"/cases/{case.id}/attachments/{row.id}")
    assert got.status_code == 200 and got.data == PDF
    assert "request%20letter.pdf" in got.headers["Content-Disposition"]
    html = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "request letter.pdf" in html and row.sha256[:16] in html
    assert "Downloaded by" in html and "Uploaded by" in html


def test_live_server_streams_the_file_and_cuts_a_bad_one_short(
    client, owner, case, api_headers, live_server, storage: Store
) -> None:
    import http.client
    from urllib.parse import urlsplit

    headers = api_headers(owner)
    data = os.urandom(2 * crypto.CHUNK_SIZE + 77)
    aid = upload(client, headers, case.id, data, "big.bin").get_json()["id"]
    server = urlsplit(live_server)
    path = f"/api/v1/cases/{case.id}/attachments/{aid}"

    def fetch() -> http.client.HTTPResponse:
        connection = http.client.HTTPConnection(server.hostname, server.port, timeout=30)
        connection.request("GET", path, headers=headers)
        return connection.getresponse()

    response = fetch()
    assert response.status == 200
    assert response.headers["Content-Length"] == str(len(data))
    assert response.read() == data
    row = db.session.get(Attachment, aid)
    row.sha256 = "f" * 64
    db.session.commit()
    response = fetch()
    with pytest.raises(http.client.IncompleteRead) as cut:
        response.read()
    assert len(cut.value.partial) <= 2 * crypto.CHUNK_SIZE  # the last chunk never went out
    db.session.rollback()
    assert db.session.execute(
        select(CustodyEntry.action).where(CustodyEntry.attachment_id == aid)
    ).scalars().all() == ["upload", "download", "download", "integrity_failure"]
