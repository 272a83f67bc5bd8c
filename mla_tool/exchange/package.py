"""The package format: manifest and files in a payload, sealing it, keeping sent packages.

A package's payload is `u32 manifest length | manifest JSON | file bytes in manifest order`;
the manifest names the SHA-256 of every file. The payload is sealed by `crypto.seal` (X25519 +
HKDF + AES-256-GCM chunks, Ed25519 signature over the whole file).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import crypto
from .identity import data_dir, own_identity
from .models import ExchangePackage
from .refusals import ExchangeError

MANIFEST_FORMAT = 1
OUTBOX_FOLDER = "exchange/outbox"
PACKAGE_SUFFIX = ".mlapkg"
MAX_MANIFEST = 8 * 1024 * 1024


@dataclass
class PackageFile:
    name: str
    content: bytes
    role: str  # request_document | attachment
    content_type: str = "application/octet-stream"
    request_id: int | None = None
    language: str | None = None

    def entry(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "role": self.role,
            "content_type": self.content_type,
            "request_id": self.request_id,
            "language": self.language,
            "size": len(self.content),
            "sha256": hashlib.sha256(self.content).hexdigest(),
        }


def encode_payload(manifest: dict[str, Any], files: list[PackageFile]) -> bytes:
    manifest = {**manifest, "files": [item.entry() for item in files]}
    raw = json.dumps(manifest, sort_keys=True, ensure_ascii=False).encode()
    return struct.pack(">I", len(raw)) + raw + b"".join(item.content for item in files)


def decode_payload(payload: bytes) -> tuple[dict[str, Any], list[tuple[dict[str, Any], bytes]]]:
    """Manifest and (entry, bytes) of every file; ExchangeError when a digest does not match."""
    if len(payload) < 4:
        raise ExchangeError("malformed")
    (length,) = struct.unpack(">I", payload[:4])
    if length > MAX_MANIFEST or 4 + length > len(payload):
        raise ExchangeError("malformed")
    try:
        manifest = json.loads(payload[4 : 4 + length])
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ExchangeError("malformed") from error
    if not isinstance(manifest, dict) or manifest.get("format") != MANIFEST_FORMAT:
        raise ExchangeError("unsupported")
    entries = manifest.get("files")
    if not isinstance(entries, list):
        raise ExchangeError("malformed")
    position = 4 + length
    files: list[tuple[dict[str, Any], bytes]] = []
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("size"), int):
            raise ExchangeError("malformed")
        content = payload[position : position + entry["size"]]
        position += entry["size"]
        if len(content) != entry["size"]:
            raise ExchangeError("digest_mismatch")
        if hashlib.sha256(content).hexdigest() != entry.get("sha256"):
            raise ExchangeError(
                "digest_mismatch", f"{entry.get('name')!r} does not match its recorded SHA-256"
            )
        files.append((entry, content))
    if position != len(payload):
        raise ExchangeError("digest_mismatch", "the package holds bytes no manifest entry names")
    return manifest, files


# ---------------------------------------------------------------------------------------------
# Sealing and keeping sent packages


def seal_to(
    recipient: crypto.PublicBundle, payload: bytes, header: dict[str, Any]
) -> tuple[bytes, str]:
    out = io.BytesIO()
    digest = crypto.seal(io.BytesIO(payload), out, own_identity(), recipient, header)
    return out.getvalue(), digest


def write_outbox(package_id: str, sealed: bytes) -> str:
    """Keep the sealed file (only the recipient can open it) for download; returns its path."""
    relative = f"{OUTBOX_FOLDER}/{package_id}{PACKAGE_SUFFIX}"
    target = data_dir() / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".part")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(sealed)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial, target)
    return relative


def sealed_file(package: ExchangePackage) -> Path | None:
    if not package.storage_path:
        return None
    path = data_dir() / package.storage_path
    return path if path.is_file() else None


def package_filename(package: ExchangePackage) -> str:
    return f"{package.type}-{package.package_id}{PACKAGE_SUFFIX}"
