"""This installation's exchange identity, its data folder, size limit and clock."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from flask import current_app

from . import crypto
from .refusals import ExchangeError


def identity_path() -> Path:
    return Path(current_app.config["MLA_EXCHANGE_KEY_FILE"])


def own_identity() -> crypto.ExchangeIdentity:
    path = identity_path()
    if not path.exists():
        raise ExchangeError("no_identity")
    return crypto.load_identity(path)


def data_dir() -> Path:
    return Path(current_app.config["MLA_DATA_DIR"])


def max_package_bytes() -> int:
    """The largest package accepted (MLA_MAX_PACKAGE_BYTES, else the upload limit, else 1 GiB)."""
    value = current_app.config.get("MLA_MAX_PACKAGE_BYTES") or current_app.config.get(
        "MAX_CONTENT_LENGTH"
    )
    return int(value) if value else 1024**3


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()
