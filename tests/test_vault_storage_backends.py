"""The vault on each storage backend: the data folder and S3-compatible object storage (a real
SeaweedFS started here). Only ciphertext reaches the store; reads check the digest; an
interrupted upload leaves no object; rotation and `keys verify` work on both."""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from mla_tool.cases import opening
from mla_tool.extensions import db
from mla_tool.vault import crypto
from mla_tool.vault.models import Attachment
from mla_tool.vault.object_storage import ObjectStore
from mla_tool.vault.rotation import rotate_keys
from mla_tool.vault.storage import LocalStore, Store
from mla_tool.vault.verification import sweep_orphans, verify_attachments
from tests.factories.vault_backends import (  # noqa: F401  (storage, s3_server: fixtures)
    replace_stored,
    s3_server,
    storage,
    stored_bytes,
    stored_files,
)


@pytest.fixture
def owner(make_user: Any) -> Any:
    return make_user("caseworker", country="FRA")


@pytest.fixture
def case(owner: Any) -> Any:
    case = opening.open_case(
        direction="outgoing", kind="mla", counterpart_state="MAR", title="Ledger", actor=owner
    )
    db.session.commit()
    return case


def _upload(client: Any, headers: dict[str, str], case_id: int, data: bytes) -> dict[str, Any]:
    response = client.post(
        f"/api/v1/cases/{case_id}/attachments",
        data={"file": (io.BytesIO(data), "ledger.bin", "application/octet-stream")},
        headers=headers,
        content_type="multipart/form-data",
    )
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_round_trip_stores_only_ciphertext(
    app: Flask, client: Any, owner: Any, case: Any, api_headers: Any, storage: Store
) -> None:
    headers = api_headers(owner)
    data = os.urandom(3 * crypto.CHUNK_SIZE + 777)
    body = _upload(client, headers, case.id, data)
    row = db.session.get(Attachment, body["id"])
    sealed = stored_bytes(storage, row.storage_path)
    assert len(sealed) == crypto.HEADER_SIZE + len(data) + 4 * crypto.TAG_SIZE
    assert data[:64] not in sealed and row.wrapped_key not in sealed
    local = Path(app.config["MLA_DATA_DIR"]) / row.storage_path
    assert local.exists() == isinstance(storage, LocalStore)
    got = client.get(f"/api/v1/cases/{case.id}/attachments/{body['id']}", headers=headers)
    assert got.status_code == 200 and got.data == data
    assert got.headers["X-Content-SHA256"] == hashlib.sha256(data).hexdigest()


def test_a_flipped_byte_in_the_store_is_refused_and_reported(
    client: Any, owner: Any, case: Any, api_headers: Any, storage: Store
) -> None:
    headers = api_headers(owner)
    body = _upload(client, headers, case.id, b"the ledger" * 1000)
    name = db.session.get(Attachment, body["id"]).storage_path
    sealed = bytearray(stored_bytes(storage, name))
    sealed[len(sealed) // 2] ^= 0x80
    replace_stored(storage, name, bytes(sealed))
    response = client.get(f"/api/v1/cases/{case.id}/attachments/{body['id']}", headers=headers)
    assert response.status_code == 500
    assert response.get_json()["error"]["code"] == "integrity_failure"
    report = verify_attachments()
    assert [attachment_id for attachment_id, _ in report.failures] == [body["id"]]


def test_a_missing_object_is_an_integrity_failure(
    client: Any, owner: Any, case: Any, api_headers: Any, storage: Store
) -> None:
    body = _upload(client, api_headers(owner), case.id, b"gone" * 100)
    storage.delete(db.session.get(Attachment, body["id"]).storage_path)
    report = verify_attachments()
    assert report.failures == [(body["id"], "the encrypted file is missing")]


class _Interrupted(io.RawIOBase):
    """A source that gives `good` bytes, then fails as a dropped connection would."""

    def __init__(self, good: int) -> None:
        self.left = good

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self.left <= 0:
            raise ConnectionResetError("the source went away")
        size = self.left if size < 0 else min(size, self.left)
        self.left -= size
        return b"\x5a" * size


def test_an_interrupted_upload_leaves_no_visible_object(storage: Store) -> None:
    name = "attachments/ab/abinterrupted.mlav"
    # the session's data folder may hold other tests' attachments: none is added
    earlier = {stored for stored, _ in storage.names()}
    with pytest.raises(ConnectionResetError):
        storage.put_stream(_Interrupted(12 * 1024 * 1024), name)  # past the first 8 MiB part
    assert not storage.exists(name)
    assert {stored for stored, _ in storage.names()} == earlier
    if isinstance(storage, ObjectStore):
        assert storage.pending_uploads() == []  # aborted, not left to linger
    else:
        assert not any(storage.base.joinpath("attachments/ab").glob("*abinterrupted*"))


def test_a_large_file_goes_up_in_several_parts_and_reads_back(
    client: Any, owner: Any, case: Any, api_headers: Any, storage: Store
) -> None:
    headers = api_headers(owner)
    data = os.urandom(17 * 1024 * 1024 + 5)  # three 8 MiB parts on object storage
    body = _upload(client, headers, case.id, data)
    got = client.get(f"/api/v1/cases/{case.id}/attachments/{body['id']}", headers=headers)
    assert (
        got.status_code == 200
        and hashlib.sha256(got.data).digest() == hashlib.sha256(data).digest()
    )


def test_rotation_and_verify_work_on_the_backend(
    client: Any, owner: Any, case: Any, api_headers: Any, storage: Store
) -> None:
    headers = api_headers(owner)
    bodies = [_upload(client, headers, case.id, os.urandom(5000 + n)) for n in range(3)]
    before = {name: stored_bytes(storage, name) for name, _ in storage.names()}
    report = rotate_keys()
    assert report.rewrapped == 3 and report.remaining == 0
    assert {name: stored_bytes(storage, name) for name, _ in storage.names()} == before
    verified = verify_attachments()
    assert verified.ok and verified.checked == 3 and verified.orphans == []
    for body in bodies:
        got = client.get(f"/api/v1/cases/{case.id}/attachments/{body['id']}", headers=headers)
        assert got.status_code == 200 and len(got.data) == body["size"]


def test_an_object_no_row_points_at_is_an_orphan_and_is_swept(storage: Store) -> None:
    name = "attachments/cd/cdorphan.mlav"
    storage.put_stream(io.BytesIO(b"sealed bytes"), name)
    assert verify_attachments().orphans == [name]
    assert sweep_orphans(grace_seconds=3600) == []
    assert sweep_orphans(grace_seconds=-1) == [name]
    assert not storage.exists(name)


@pytest.mark.parametrize("storage", ["s3"], indirect=True)
def test_an_object_server_failing_mid_upload_leaves_no_row_and_no_object(
    app: Flask, client: Any, owner: Any, case: Any, api_headers: Any, storage: Store, monkeypatch
) -> None:
    assert isinstance(storage, ObjectStore)
    real = storage.client.upload_part
    sent: list[int] = []

    def failing(**part: Any) -> Any:
        sent.append(part["PartNumber"])
        if part["PartNumber"] == 2:
            raise ConnectionResetError("the object server went away")
        return real(**part)

    monkeypatch.setattr(storage.client, "upload_part", failing)
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)  # answered as in production
    data = os.urandom(storage.part_size + 1000)  # two parts: the first is sent, then it fails
    response = client.post(
        f"/api/v1/cases/{case.id}/attachments",
        data={"file": (io.BytesIO(data), "ledger.bin", "application/octet-stream")},
        headers=api_headers(owner),
        content_type="multipart/form-data",
    )
    assert response.status_code == 500, response.get_json()
    assert sorted(sent) == [1, 2]
    assert db.session.query(Attachment).count() == 0
    assert stored_files(app, storage) == []  # no object, no multipart upload left open
