"""Finished documents kept encrypted in the vault's store, so that a request's PDF is rendered
once for every process and host: in the data folder by default, in object storage when
MLA_STORAGE_URL names it (`document-cache/<2 hex>/<digest>.mldc` beside the attachments).

An entry's key names everything its bytes depend on: the request, its version, the language, the
format, the draft mark and the SHA-256 of the document's HTML (which holds whatever the directory,
the translations or a template change adds). A key therefore never goes stale and nothing
invalidates it. Each entry is encrypted with a data key of its own (vault/crypto.py), wrapped
under the vault's active master key and bound to the entry's key; an entry that does not open
(a retired master key, a damaged file) is a miss and is rendered again."""

from __future__ import annotations

import hashlib
import io
import struct
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from ..vault import crypto
from ..vault.places import data_dir, keyring
from ..vault.storage import current_store, store_errors

CACHE_FOLDER = "document-cache"
_MAGIC = b"MLDC"
_LENGTHS = struct.Struct(">4sHH")


@dataclass(frozen=True)
class DocumentKey:
    """What a finished document's bytes depend on."""

    request_id: int
    version: int
    language: str
    fmt: str
    draft: bool
    html: str

    def digest(self) -> str:
        html_digest = hashlib.sha256(self.html.encode()).hexdigest()
        parts = (self.request_id, self.version, self.language, self.fmt, int(self.draft))
        return hashlib.sha256(("|".join(map(str, parts)) + "|" + html_digest).encode()).hexdigest()


def cache_dir() -> Path:
    """Where the entries are when the store is the data folder (the default)."""
    return data_dir() / CACHE_FOLDER


def entry_name(digest: str) -> str:
    """The entry's name in the store, relative to its root (as attachments are)."""
    return f"{CACHE_FOLDER}/{digest[:2]}/{digest}.mldc"


def _seal(digest: str, content: bytes) -> bytes:
    data_key = crypto.new_data_key()
    key_id, wrapped = crypto.wrap_data_key(keyring(), data_key, digest)
    head = _LENGTHS.pack(_MAGIC, len(key_id.encode()), len(wrapped))
    return head + key_id.encode() + wrapped + crypto.encrypt_bytes(data_key, digest, content)


def _open(digest: str, sealed: bytes) -> bytes:
    magic, id_length, wrap_length = _LENGTHS.unpack_from(sealed)
    if magic != _MAGIC:
        raise crypto.IntegrityError("not a document cache entry")
    start = _LENGTHS.size
    key_id = sealed[start : start + id_length].decode()
    wrapped = sealed[start + id_length : start + id_length + wrap_length]
    data_key = crypto.unwrap_data_key(keyring(), key_id, wrapped, digest)
    return crypto.decrypt_bytes(data_key, digest, sealed[start + id_length + wrap_length :])


def cached(key: DocumentKey) -> bytes | None:
    """The entry's bytes, or None when there is none or it does not open."""
    digest = key.digest()
    try:
        with current_store().open(entry_name(digest)) as handle:
            sealed = handle.read()
        return _open(digest, sealed)
    except (*store_errors(), ValueError, struct.error, crypto.IntegrityError):
        return None


def store(key: DocumentKey, content: bytes) -> None:
    """Keep the bytes under the key, all or nothing (a reader sees the whole entry or none)."""
    digest = key.digest()
    current_store().put_stream(io.BytesIO(_seal(digest, content)), entry_name(digest))


def rendered_once(key: DocumentKey, render: Callable[[str], bytes]) -> bytes:
    """The cached document, else `render(key.html)` kept for the next reader."""
    found = cached(key)
    if found is not None:
        return found
    content = render(key.html)
    with suppress(*store_errors()):  # a full disk or a store down costs a render, not the download
        store(key, content)
    return content
