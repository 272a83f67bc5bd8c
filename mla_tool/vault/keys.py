"""The master key file: key-encryption keys by id, one of them active. Only vault code reads it."""

from __future__ import annotations

import base64
import json
import os
import secrets
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .crypto import Keyring, new_master_key

KEY_FILE_VERSION = 1


def write_private_file(path: Path, content: str) -> None:
    """Write a file only its owner may read, atomically (temp file in the same folder, rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    finally:
        if temp.exists():
            temp.unlink()
    os.chmod(path, 0o600)


#: The former private name, still used by the audit and backup modules.
_write_private = write_private_file


def new_key_id() -> str:
    return datetime.now(UTC).strftime("k%Y%m%d%H%M%S") + secrets.token_hex(3)


def read_key_file(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text())
    if data.get("version") != KEY_FILE_VERSION or data.get("active") not in data.get("keys", {}):
        raise ValueError(f"{path} is not a valid mla_tool master key file")
    return data


def write_key_file(path: Path, data: dict[str, Any]) -> None:
    _write_private(path, json.dumps(data, indent=2, sort_keys=True))


def ensure_master_key(path: Path) -> bool:
    """Create the master key file (mode 0600) when absent. Returns True when it was created."""
    if path.exists():
        read_key_file(path)
        return False
    key_id = new_key_id()
    write_key_file(
        path,
        {
            "version": KEY_FILE_VERSION,
            "active": key_id,
            "keys": {key_id: base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()},
        },
    )
    return True


# --- the keyring the vault works with, and the rotation state kept in the same file ---------
#
# During a rotation the file holds the new key as `active` and the old ones under `retiring`:
# new uploads are wrapped under the new key at once, old wraps still open, and a rotation that
# was interrupted resumes from the file alone. Old keys leave the file only when no attachment
# is wrapped under them any more.

_KEYRING_CACHE: dict[Path, tuple[bytes, Any]] = {}


def load_keyring(path: Path) -> Any:
    """The master keys of `path` as a crypto.Keyring, re-parsed whenever the file's bytes change.

    The file is read on every call (it is a few hundred bytes): a cache keyed on modification
    time and inode can miss a rewrite, as a rename may reuse an inode within one clock tick.
    """
    path = Path(path)
    content = path.read_bytes()
    cached = _KEYRING_CACHE.get(path)
    if cached and cached[0] == content:
        return cached[1]
    data = read_key_file(path)
    keyring = Keyring(
        active=data["active"],
        keys={key_id: base64.urlsafe_b64decode(value) for key_id, value in data["keys"].items()},
    )
    _KEYRING_CACHE[path] = (content, keyring)
    return keyring


def retiring_key_ids(path: Path) -> list[str]:
    """Key ids a rotation in progress is moving away from (empty when none is in progress)."""
    return list(read_key_file(Path(path)).get("retiring", []))


def begin_rotation(path: Path) -> tuple[str, list[str], bool]:
    """Add a new active key unless a rotation is already under way: (active, retiring, resumed)."""
    path = Path(path)
    data = read_key_file(path)
    if data.get("retiring"):
        return data["active"], list(data["retiring"]), True
    key_id = new_key_id()
    while key_id in data["keys"]:
        key_id = new_key_id()
    retiring = sorted(data["keys"])
    data["keys"][key_id] = base64.urlsafe_b64encode(new_master_key()).decode()
    data["active"] = key_id
    data["retiring"] = retiring
    data["rotation_started"] = datetime.now(UTC).isoformat(timespec="seconds")
    write_key_file(path, data)
    return key_id, retiring, False


def finish_rotation(path: Path) -> list[str]:
    """Drop the retired keys from the file; returns their ids."""
    path = Path(path)
    data = read_key_file(path)
    retired = [key_id for key_id in data.get("retiring", []) if key_id != data["active"]]
    for key_id in retired:
        data["keys"].pop(key_id, None)
    data.pop("retiring", None)
    data.pop("rotation_started", None)
    write_key_file(path, data)
    return retired
