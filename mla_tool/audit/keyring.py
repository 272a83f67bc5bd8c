"""The audit key file: per key id an HMAC key for chain entries and an Ed25519 key for checkpoints.

The file lives outside the database (`MLA_AUDIT_KEY_FILE`, default `<data dir>/audit.key`, 0600),
so whoever can only write to the database cannot recompute the chain or sign a checkpoint. Keys
are never removed: old entries and checkpoints keep verifying under the key id they name.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ..vault.keys import _write_private

AUDIT_KEY_FILE_VERSION = 1


class AuditKeyError(Exception):
    """The audit key file is unreadable, or names no such key."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _new_key_pair() -> dict[str, str]:
    signing = Ed25519PrivateKey.generate()
    return {"mac": _b64(secrets.token_bytes(32)), "signing": _b64(signing.private_bytes_raw())}


def _new_key_id() -> str:
    return datetime.now(UTC).strftime("a%Y%m%d%H%M%S") + secrets.token_hex(3)


@dataclass(frozen=True)
class AuditKeyring:
    """The keys of the audit key file; `active` keys new entries and signs new checkpoints."""

    active: str
    mac_keys: dict[str, bytes]
    signing_keys: dict[str, Ed25519PrivateKey]

    def mac(self, key_id: str, data: bytes) -> str:
        if key_id not in self.mac_keys:
            raise AuditKeyError(f"no audit key {key_id!r} in the audit key file")
        return hmac.new(self.mac_keys[key_id], data, hashlib.sha256).hexdigest()

    def sign(self, data: bytes) -> tuple[str, str]:
        """(key id, base64 Ed25519 signature) of `data` under the active key."""
        return self.active, _b64(self.signing_keys[self.active].sign(data))

    def public_key(self, key_id: str) -> str:
        if key_id not in self.signing_keys:
            raise AuditKeyError(f"no audit key {key_id!r} in the audit key file")
        # the raw bytes, without cryptography's serialization package (its SSH formats' imports
        # were 2% of a command's start-up)
        return _b64(self.signing_keys[key_id].public_key().public_bytes_raw())

    def signature_holds(self, key_id: str, data: bytes, signature: str) -> bool:
        if key_id not in self.signing_keys:
            return False
        public = Ed25519PublicKey.from_public_bytes(base64.b64decode(self.public_key(key_id)))
        try:
            public.verify(base64.b64decode(signature), data)
        except (InvalidSignature, ValueError):
            return False
        return True


def read_audit_key_file(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(Path(path).read_text())
    except (OSError, ValueError) as error:
        raise AuditKeyError(f"{path} is not a readable audit key file") from error
    if data.get("version") != AUDIT_KEY_FILE_VERSION or data.get("active") not in data.get(
        "keys", {}
    ):
        raise AuditKeyError(f"{path} is not a valid mla_tool audit key file")
    return data


def ensure_audit_key(path: Path) -> bool:
    """Create the audit key file (0600) when absent; True when this call created it.

    Created by linking a finished temporary file into place, so two processes starting at once
    cannot each write a different key: the second link fails and both use the first file.
    """
    path = Path(path)
    if path.exists():
        read_audit_key_file(path)
        return False
    key_id = _new_key_id()
    content = {
        "version": AUDIT_KEY_FILE_VERSION,
        "active": key_id,
        "keys": {key_id: _new_key_pair()},
    }
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.new")
    _write_private(temp, json.dumps(content, indent=2, sort_keys=True))
    try:
        os.link(temp, path)
        return True
    except FileExistsError:
        return False
    finally:
        temp.unlink(missing_ok=True)


def rotate_audit_key(path: Path) -> str:
    """Add a new active key; the old ones stay so that what they keyed still verifies."""
    path = Path(path)
    data = read_audit_key_file(path)
    key_id = _new_key_id()
    while key_id in data["keys"]:
        key_id = _new_key_id()
    data["keys"][key_id] = _new_key_pair()
    data["active"] = key_id
    _write_private(path, json.dumps(data, indent=2, sort_keys=True))
    return key_id


_CACHE: dict[Path, tuple[tuple[int, int], AuditKeyring]] = {}


def load_audit_keyring(path: Path) -> AuditKeyring:
    """The keys of `path`, re-read whenever the file changes (a rotation by another process)."""
    path = Path(path)
    try:
        stat = path.stat()
    except OSError as error:
        raise AuditKeyError(f"the audit key file {path} is missing") from error
    stamp = (stat.st_mtime_ns, stat.st_ino)
    cached = _CACHE.get(path)
    if cached and cached[0] == stamp:
        return cached[1]
    data = read_audit_key_file(path)
    try:
        keyring = AuditKeyring(
            active=data["active"],
            mac_keys={kid: base64.b64decode(pair["mac"]) for kid, pair in data["keys"].items()},
            signing_keys={
                kid: Ed25519PrivateKey.from_private_bytes(base64.b64decode(pair["signing"]))
                for kid, pair in data["keys"].items()
            },
        )
    except (KeyError, TypeError, ValueError) as error:
        raise AuditKeyError(f"{path} is not a valid mla_tool audit key file") from error
    _CACHE[path] = (stamp, keyring)
    return keyring
