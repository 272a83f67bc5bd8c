"""`mla-tool storage migrate --to URL`: attachments move from the data folder to object storage
(a real SeaweedFS) and back, resume where they stopped, and are verified in the target."""

from __future__ import annotations

import io
import os
import secrets
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from mla_tool.cases import opening
from mla_tool.extensions import db
from mla_tool.vault.models import Attachment
from mla_tool.vault.storage import current_store, store_at
from mla_tool.vault.storage_cli import storage_group
from mla_tool.vault.storage_migration import migrate_storage
from tests.object_storage_server import BUCKET, S3Server, s3_server  # noqa: F401 - a fixture


@pytest.fixture
def s3_settings(app: Flask, s3_server: S3Server) -> Iterator[str]:  # noqa: F811
    """Object-storage settings in force, the folder still the store in use; a fresh prefix."""
    keys = ("MLA_STORAGE_URL", "MLA_S3_ENDPOINT_URL", "MLA_S3_ACCESS_KEY_ID")
    saved = {key: app.config.get(key) for key in (*keys, "MLA_S3_SECRET_ACCESS_KEY")}
    app.config.update(
        MLA_STORAGE_URL="",
        MLA_S3_ENDPOINT_URL=s3_server.endpoint_url,
        MLA_S3_ACCESS_KEY_ID=s3_server.access_key_id,
        MLA_S3_SECRET_ACCESS_KEY=s3_server.secret_access_key,
    )
    url = f"s3://{BUCKET}/migrated-{secrets.token_hex(4)}"
    yield url
    app.config["MLA_STORAGE_URL"] = ""
    for store in (current_store(), store_at(url)):
        for name, _ in list(store.names()):
            store.delete(name)
    app.config.update(saved)


def _uploaded(client: Any, make_user: Any, api_headers: Any, count: int) -> list[dict[str, Any]]:
    owner = make_user("caseworker", country="FRA")
    case = opening.open_case(
        direction="outgoing", kind="mla", counterpart_state="MAR", title="Move", actor=owner
    )
    db.session.commit()
    headers = api_headers(owner)
    bodies = []
    for n in range(count):
        data = os.urandom(40_000 + n)
        response = client.post(
            f"/api/v1/cases/{case.id}/attachments",
            data={"file": (io.BytesIO(data), f"f{n}.bin", "application/octet-stream")},
            headers=headers,
            content_type="multipart/form-data",
        )
        assert response.status_code == 201
        bodies.append({**response.get_json(), "data": data, "url": f"/api/v1/cases/{case.id}"})
    return [{**body, "headers": headers} for body in bodies]


def test_migrate_to_object_storage_resumes_and_verifies(
    app: Flask, client: Any, make_user: Any, api_headers: Any, s3_settings: str
) -> None:
    bodies = _uploaded(client, make_user, api_headers, 4)
    target = store_at(s3_settings)
    # an earlier run stopped after two attachments
    for attachment in db.session.query(Attachment).order_by(Attachment.id).limit(2):
        with current_store().open(attachment.storage_path) as handle:
            target.put_stream(handle, attachment.storage_path)
    report = migrate_storage(s3_settings)
    assert (report.copied, report.already_there, report.verified) == (2, 2, 4) and report.ok
    app.config["MLA_STORAGE_URL"] = s3_settings
    for body in bodies:
        got = client.get(f"{body['url']}/attachments/{body['id']}", headers=body["headers"])
        assert got.status_code == 200 and got.data == body["data"]


def test_a_target_copy_that_does_not_decrypt_fails_the_verification(
    client: Any, make_user: Any, api_headers: Any, s3_settings: str
) -> None:
    bodies = _uploaded(client, make_user, api_headers, 2)
    target = store_at(s3_settings)
    name = db.session.get(Attachment, bodies[1]["id"]).storage_path
    target.put_stream(io.BytesIO(b"not the ciphertext"), name)
    report = migrate_storage(s3_settings)
    assert not report.ok and [aid for aid, _ in report.failures] == [bodies[1]["id"]]


def test_the_command_shows_progress_and_moves_back_to_a_folder(
    app: Flask, client: Any, make_user: Any, api_headers: Any, s3_settings: str, tmp_path: Any
) -> None:
    bodies = _uploaded(client, make_user, api_headers, 3)
    runner = app.test_cli_runner()
    result = runner.invoke(storage_group, ["migrate", "--to", s3_settings])
    assert result.exit_code == 0, result.output
    assert "copying" in result.output and "verifying" in result.output
    assert "copied 3, already there 0, verified 3 of 3" in result.output
    app.config["MLA_STORAGE_URL"] = s3_settings
    back = tmp_path / "vault"
    result = runner.invoke(storage_group, ["migrate", "--to", back.as_uri()])
    assert result.exit_code == 0, result.output
    app.config["MLA_STORAGE_URL"] = back.as_uri()
    for body in bodies:
        got = client.get(f"{body['url']}/attachments/{body['id']}", headers=body["headers"])
        assert got.status_code == 200 and got.data == body["data"]
