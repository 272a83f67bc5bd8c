"""Test fixtures shared by the vault's test modules: the store a test runs on, the data folder or
S3-compatible object storage (one SeaweedFS per test session, a fresh prefix per test)."""

from __future__ import annotations

import io
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from mla_tool.vault.object_storage import ObjectStore
from mla_tool.vault.storage import Store, current_store
from tests.object_storage_server import BUCKET, S3Server, s3_server  # noqa: F401  (a fixture)

#: The backends every storage-touching vault test runs on.
BACKENDS = ["folder", "s3"]

_S3_KEYS = (
    "MLA_STORAGE_URL",
    "MLA_S3_ENDPOINT_URL",
    "MLA_S3_ACCESS_KEY_ID",
    "MLA_S3_SECRET_ACCESS_KEY",
)


@pytest.fixture(params=BACKENDS)
def storage(request: pytest.FixtureRequest, app: Flask) -> Iterator[Store]:
    """The vault's configured backend for one test: the data folder, or a fresh S3 prefix."""
    saved = {key: app.config.get(key) for key in _S3_KEYS}
    if request.param == "s3":
        server: S3Server = request.getfixturevalue("s3_server")
        app.config.update(
            MLA_STORAGE_URL=f"s3://{BUCKET}/test-{secrets.token_hex(4)}",
            MLA_S3_ENDPOINT_URL=server.endpoint_url,
            MLA_S3_ACCESS_KEY_ID=server.access_key_id,
            MLA_S3_SECRET_ACCESS_KEY=server.secret_access_key,
        )
    else:
        app.config["MLA_STORAGE_URL"] = ""
    with app.app_context():
        store = current_store()
    yield store
    for name, _ in list(store.names()):
        store.delete(name)
    app.config.update(saved)


@pytest.fixture(params=BACKENDS)
def store_settings(request: pytest.FixtureRequest) -> dict[str, str]:
    """An installation's storage settings for its `mla-tool` processes: none (the data folder),
    or object storage under a fresh prefix."""
    if request.param == "folder":
        return {}
    return s3_settings(request.getfixturevalue("s3_server"), f"site-{secrets.token_hex(4)}")


def s3_settings(server: S3Server, prefix: str) -> dict[str, str]:
    """The environment of an `mla-tool` process whose attachments live under `prefix`."""
    return {
        "MLA_STORAGE_URL": f"s3://{BUCKET}/{prefix}",
        "MLA_S3_ENDPOINT_URL": server.endpoint_url,
        "MLA_S3_ACCESS_KEY_ID": server.access_key_id,
        "MLA_S3_SECRET_ACCESS_KEY": server.secret_access_key,
    }


def stored_bytes(store: Store, name: str) -> bytes:
    with store.open(name) as handle:
        return handle.read()


def replace_stored(store: Store, name: str, content: bytes) -> None:
    """Overwrite a stored ciphertext, as damage or an attacker with access to the store would."""
    store.delete(name)
    store.put_stream(io.BytesIO(content), name)


def stored_files(app: Flask, store: Store) -> list[str]:
    """Everything under the attachments of the data folder and, on object storage, every object
    and unfinished multipart upload under the prefix's attachments (partial files included)."""
    root = Path(app.config["MLA_DATA_DIR"]) / "attachments"
    found = [p.as_posix() for p in root.rglob("*") if p.is_file()] if root.exists() else []
    if isinstance(store, ObjectStore):
        prefix = store.key("attachments/")
        pages = store.client.get_paginator("list_objects_v2").paginate(
            Bucket=store.bucket, Prefix=prefix
        )
        found += [item["Key"] for page in pages for item in page.get("Contents", [])]
        found += [f"pending upload {key}" for key in store.pending_uploads()]
    return sorted(found)


def every_stored_blob(app: Flask, store: Store) -> Iterator[tuple[str, bytes]]:
    """Each file of the data folder and, on object storage, each object under the prefix."""
    for path in Path(app.config["MLA_DATA_DIR"]).rglob("*"):
        if path.is_file():
            yield str(path), path.read_bytes()
    if isinstance(store, ObjectStore):
        pages = store.client.get_paginator("list_objects_v2").paginate(
            Bucket=store.bucket, Prefix=store.key("")
        )
        for page in pages:
            for item in page.get("Contents", []):
                body = store.client.get_object(Bucket=store.bucket, Key=item["Key"])["Body"]
                yield item["Key"], body.read()
