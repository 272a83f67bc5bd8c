"""The backup manifest's MAC and path rules: restore trusts a manifest only when both hold.

The MAC is HMAC-SHA256 over the manifest's canonical JSON, keyed by HKDF from the master key that
was active when the backup was made. Restore looks that key up in the *installation's* key file
(never the backup's own copy, which whoever edits the backup could replace), so a manifest edited
without the key is refused before anything is written. Every path it names must stay inside the
backup and the data folder: relative, no `..`, under a folder a backup writes.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from pathlib import Path, PurePosixPath
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from . import keys

MAC_FIELD = "mac"
_MAC_CONTEXT = b"mla_tool backup manifest v1"
#: Top-level names and folders a backup holds; anything else in a manifest is refused.
ALLOWED_FILES = frozenset(
    {"database.sqlite", "database.pgdump", "master.key", "exchange.key"}
    | {"audit.key", "audit-checkpoints.jsonl"}  # mla_tool.audit.backup_files
)
ALLOWED_FOLDERS = (("attachments",), ("exchange", "outbox"))


class ManifestRefused(Exception):
    """The manifest is not the one this installation's key sealed, or names an unsafe path."""


def _mac_key(key_file: Path, key_id: str) -> bytes:
    try:
        data = keys.read_key_file(key_file)
    except (OSError, ValueError) as error:
        raise ManifestRefused(
            f"this installation's key file ({key_file}) cannot be read, so the backup manifest "
            "cannot be verified: put the key file kept apart from the backup in place first"
        ) from error
    encoded = data["keys"].get(key_id)
    if encoded is None:
        raise ManifestRefused(
            f"this installation's key file does not hold the key {key_id} that sealed the backup "
            "manifest: put the key file kept apart from the backup in place first"
        )
    master = base64.urlsafe_b64decode(encoded)
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_MAC_CONTEXT).derive(master)


def _canonical(manifest: dict[str, Any], key_id: str) -> bytes:
    body = {name: value for name, value in manifest.items() if name != MAC_FIELD}
    return json.dumps([key_id, body], sort_keys=True, separators=(",", ":")).encode()


def seal(manifest: dict[str, Any], key_file: Path) -> dict[str, Any]:
    """The manifest with its MAC under the active master key of `key_file`."""
    key_id = keys.read_key_file(key_file)["active"]
    value = hmac.new(_mac_key(key_file, key_id), _canonical(manifest, key_id), hashlib.sha256)
    return {**manifest, MAC_FIELD: {"key_id": key_id, "hmac_sha256": value.hexdigest()}}


def verify(manifest: dict[str, Any], key_file: Path) -> None:
    """Raise ManifestRefused unless the MAC matches and every path is safe."""
    mac = manifest.get(MAC_FIELD)
    if not isinstance(mac, dict) or not isinstance(mac.get("key_id"), str):
        raise ManifestRefused("the backup manifest carries no MAC: it was not written by backup")
    expected = hmac.new(
        _mac_key(key_file, mac["key_id"]), _canonical(manifest, mac["key_id"]), hashlib.sha256
    ).hexdigest()
    if not hmac.compare_digest(expected, str(mac.get("hmac_sha256", ""))):
        raise ManifestRefused("the backup manifest does not match its MAC: it has been altered")
    check_paths(manifest)


def check_paths(manifest: dict[str, Any]) -> None:
    """Refuse absolute, `..`, backslash or unexpected paths before any file is touched."""
    files = manifest.get("files")
    if not isinstance(files, dict):
        raise ManifestRefused("the backup manifest lists no files")
    names = [*files, str(manifest.get("database_file", ""))]
    for name in names:
        path = PurePosixPath(name)
        unsafe = (
            not name
            or "\\" in name
            or "\x00" in name
            or path.is_absolute()
            or any(part in {"..", "."} for part in path.parts)
            or (
                name not in ALLOWED_FILES
                and not any(
                    path.parts[: len(folder)] == folder and len(path.parts) > len(folder)
                    for folder in ALLOWED_FOLDERS
                )
            )
        )
        if unsafe:
            raise ManifestRefused(f"the backup manifest names an unsafe path: {name!r}")
