"""An attachment's plaintext, decrypted chunk by chunk and checked against its size and SHA-256.

A failed check is logged in its own transaction."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from flask import current_app

from ..audit import service as audit
from ..extensions import db
from . import crypto, keys
from .background_pieces import BackgroundDigest
from .models import Attachment, CustodyEntry
from .places import keyring
from .storage import Store, current_store


def plain_chunks(
    attachment: Attachment, base: Path | None = None, store: Store | None = None
) -> Iterator[bytes]:
    """Chunks that passed their tag; the last is held back until size and digest match.
    Read from the configured store, a backup folder `base`, or another `store`."""
    # Everything is read now: the rows expire when the request commits, mid-stream.
    uid, expected_size, expected_sha256 = attachment.uid, attachment.size, attachment.sha256
    ring = keyring() if base is None else keys.load_keyring(base / "master.key")
    data_key = crypto.unwrap_data_key(ring, attachment.key_id, attachment.wrapped_key, uid)
    try:
        handle = (store or current_store(base)).open(attachment.storage_path)
    except FileNotFoundError:
        raise crypto.IntegrityError("the encrypted file is missing") from None
    digest = BackgroundDigest()  # hashes chunk i while chunk i+1 is decrypted and i is sent
    with handle:
        try:
            size = 0
            previous: bytes | None = None
            for chunk in crypto.decrypt_chunks(data_key, uid, handle):
                digest.update(chunk)
                size += len(chunk)
                if previous is not None:
                    yield previous
                previous = chunk
            if size != expected_size or digest.hexdigest() != expected_sha256:
                raise crypto.IntegrityError("the plaintext does not match its recorded SHA-256")
        finally:
            digest.close()
        if previous:
            yield previous


def record_integrity_failure(attachment: Attachment, user: Any, reason: str) -> None:
    """Log a failed check in its own transaction: it must outlive the refused request."""
    db.session.rollback()
    db.session.add(
        CustodyEntry(
            attachment_id=attachment.id,
            action="integrity_failure",
            user_id=getattr(user, "id", None),
            detail=reason[:300],
        )
    )
    audit.record(
        "attachment.integrity_failure",
        "attachment",
        attachment.id,
        {"case_id": attachment.case_id, "reason": reason, "sha256": attachment.sha256},
        actor=user,
    )
    db.session.commit()
    current_app.logger.error("attachment %s failed its integrity check: %s", attachment.id, reason)
