"""The master key file: key-encryption keys by id, one of them active. Only vault code reads it."""

from __future__ import annotations

import base64
import json
import os
import secrets
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

KEY_FILE_VERSION = 1


def _write_private(path: Path, content: str) -> None:
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
