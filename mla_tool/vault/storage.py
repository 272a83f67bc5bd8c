"""Where the vault's ciphertext lives: the storage backend interface, the local folder backend,
and the backend the settings name (MLA_STORAGE_URL: empty for the data folder, s3://bucket/prefix).

A backend only ever sees ciphertext sealed in this process and names relative to the data folder
(`attachments/ab/<uid>.mlav`); keys and plaintext never reach it."""

from __future__ import annotations

import os
import secrets
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO, Protocol

from flask import current_app

from .places import ATTACHMENTS_FOLDER, FILE_SUFFIX, data_dir


class SealedFile(Protocol):
    """A finished encrypting temporary file (uploads.EncryptingTemporaryFile)."""

    def link_into(self, target: Path) -> None: ...
    def ciphertext(self) -> BinaryIO: ...


class Store(Protocol):
    """What the vault asks of a place for ciphertext."""

    url: str

    def put(self, sealed: SealedFile, name: str) -> None:
        """Store a complete ciphertext under `name`, all or nothing; never overwrites."""

    def put_stream(self, source: BinaryIO, name: str) -> None:
        """Store the bytes `source` reads under `name`, all or nothing (a migration's copy)."""

    def open(self, name: str) -> BinaryIO:
        """A stream of the ciphertext; FileNotFoundError when there is none."""

    def delete(self, name: str) -> None: ...

    def exists(self, name: str) -> bool: ...

    def names(self) -> Iterator[tuple[str, datetime]]:
        """Every stored ciphertext's name and when it was written."""


class LocalStore:
    """Ciphertext files in the data folder (the default)."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.url = base.as_uri()

    def put(self, sealed: SealedFile, name: str) -> None:
        sealed.link_into(self.base / name)

    def put_stream(self, source: BinaryIO, name: str) -> None:
        target = self.base / name
        target.parent.mkdir(parents=True, exist_ok=True)
        # a name of its own per writer: two processes may write the same cache entry at once
        partial = target.with_name(f".partial-{target.name}.{secrets.token_hex(4)}")
        try:
            with partial.open("wb") as handle:
                while block := source.read(1 << 20):
                    handle.write(block)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(partial, target)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise

    def open(self, name: str) -> BinaryIO:
        return (self.base / name).open("rb")

    def delete(self, name: str) -> None:
        (self.base / name).unlink(missing_ok=True)

    def exists(self, name: str) -> bool:
        return (self.base / name).is_file()

    def names(self) -> Iterator[tuple[str, datetime]]:
        root = self.base / ATTACHMENTS_FOLDER
        if not root.is_dir():
            return
        for path in sorted(root.glob(f"*/*{FILE_SUFFIX}")):
            written = datetime.fromtimestamp(path.stat().st_mtime, UTC)
            yield path.relative_to(self.base).as_posix(), written


def store_errors() -> tuple[type[BaseException], ...]:
    """What a store raises when it cannot read or write: the disk's errors, and the object
    server's once boto is loaded (it is not loaded unless an object store was made)."""
    errors: list[type[BaseException]] = [OSError]
    boto = sys.modules.get("botocore.exceptions")
    if boto is not None:
        errors += [boto.BotoCoreError, boto.ClientError]
    return tuple(errors)


_object_stores_lock = threading.Lock()


@lru_cache(maxsize=16)
def _object_store(url: str, endpoint_url: str, region: str, key_id: str, secret: str) -> Store:
    from .object_storage import ObjectStore

    return ObjectStore(
        url,
        endpoint_url=endpoint_url or None,
        region=region,
        access_key_id=key_id or None,
        secret_access_key=secret or None,
    )


def store_at(url: str, base: Path | None = None) -> Store:
    """The backend a URL names: "" or file:// a folder, s3://bucket/prefix object storage."""
    if url.startswith("s3://"):
        config = current_app.config
        settings = (
            url,
            config.get("MLA_S3_ENDPOINT_URL") or "",
            config.get("MLA_S3_REGION") or "us-east-1",
            config.get("MLA_S3_ACCESS_KEY_ID") or "",
            config.get("MLA_S3_SECRET_ACCESS_KEY") or "",
        )
        # one client per store, made once: a boto3 client is thread-safe, but making one from
        # boto3's default session is not, and costs tens of milliseconds each request
        with _object_stores_lock:
            return _object_store(*settings)
    if url.startswith("file://"):
        return LocalStore(Path(url.removeprefix("file://")))
    if url:
        return LocalStore(Path(url))
    return LocalStore(base or data_dir())


def current_store(base: Path | None = None) -> Store:
    """The configured backend; a folder `base` (a backup's copy) is always read as a folder."""
    if base is not None:
        return LocalStore(base)
    return store_at(current_app.config.get("MLA_STORAGE_URL") or "")
