"""Where the vault keeps its files and keys, and how large an upload may be (from the config)."""

from __future__ import annotations

from pathlib import Path

from flask import current_app

from . import crypto, keys

ATTACHMENTS_FOLDER = "attachments"
INCOMING_FOLDER = ".incoming"
FILE_SUFFIX = ".mlav"


def data_dir() -> Path:
    return Path(current_app.config["MLA_DATA_DIR"])


def attachments_dir(base: Path | None = None) -> Path:
    return (base or data_dir()) / ATTACHMENTS_FOLDER


def storage_path_for(uid: str) -> str:
    """Relative to the data folder, fanned out by the first two hex digits of the uid."""
    return f"{ATTACHMENTS_FOLDER}/{uid[:2]}/{uid}{FILE_SUFFIX}"


def master_key_file() -> Path:
    return Path(current_app.config["MLA_MASTER_KEY_FILE"])


def keyring() -> crypto.Keyring:
    return keys.load_keyring(master_key_file())


def max_upload_bytes() -> int | None:
    value = current_app.config.get("MLA_MAX_UPLOAD_BYTES") or current_app.config.get(
        "MAX_CONTENT_LENGTH"
    )
    return int(value) if value else None
