"""Appending to the audit log: each entry keyed (HMAC-SHA256 under the audit key) and chained."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from flask import current_app, has_request_context
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from .checkpoints import current_keyring, schedule_checkpoint, write_checkpoint
from .keyring import AuditKeyring
from .models import AuditEntry, AuditHead

GENESIS_HASH = "0" * 64


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def _payload(entry: AuditEntry) -> dict[str, Any]:
    return {
        "seq": entry.seq,
        "at": entry.at.isoformat(timespec="microseconds"),
        "actor_id": entry.actor_id,
        "actor_email": entry.actor_email,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "details": entry.details,
        "prev_hash": entry.prev_hash,
    }


def compute_entry_hash(entry: AuditEntry) -> str:
    """The plain SHA-256 of a legacy entry (written before the chain was keyed)."""
    return hashlib.sha256(_canonical(_payload(entry)).encode()).hexdigest()


def keyed_entry_hash(entry: AuditEntry, keyring: AuditKeyring) -> str:
    """HMAC-SHA256 under the key the entry names; the key id is covered too."""
    payload = {**_payload(entry), "key_id": entry.key_id}
    return keyring.mac(str(entry.key_id), _canonical(payload).encode())


def _locked_head() -> AuditHead:
    """The chain's head row, locked until the transaction ends (PostgreSQL: a row lock; SQLite:
    the writing transaction already holds the database's write lock, see mla_tool.transactions)."""
    locked = select(AuditHead).where(AuditHead.id == 1).with_for_update()
    head = db.session.execute(locked).scalar_one_or_none()
    if head is None:
        try:  # the first entry ever: two appenders may both try to create the head
            with db.session.begin_nested():
                db.session.add(AuditHead(id=1, last_seq=0, last_hash=GENESIS_HASH))
        except IntegrityError:
            pass  # the other one did; its row is read and locked below
        head = db.session.execute(locked).scalar_one()
    return head


def record(
    action: str,
    object_type: str | None = None,
    object_id: object | None = None,
    details: dict[str, Any] | None = None,
    actor: Any | None = None,
) -> AuditEntry:
    """Append an entry in the caller's transaction: it commits or rolls back with the action."""
    keyring, key_created = current_keyring()
    if actor is None and has_request_context() and current_user and current_user.is_authenticated:
        actor = current_user
    head = _locked_head()
    if key_created:
        # the head read under the lock is committed: pin it, so that entries before it are the
        # only ones that may verify as legacy (unkeyed) entries
        write_checkpoint(head.last_seq, head.last_hash)
    entry = AuditEntry(
        seq=head.last_seq + 1,
        at=datetime.now(UTC).replace(tzinfo=None),
        actor_id=getattr(actor, "id", None),
        actor_email=getattr(actor, "email", None),
        action=action,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        details=_canonical(details or {}),
        prev_hash=head.last_hash,
        key_id=keyring.active,
    )
    entry.entry_hash = keyed_entry_hash(entry, keyring)
    db.session.add(entry)
    db.session.flush()
    head.last_seq = entry.seq
    head.last_hash = entry.entry_hash
    if entry.seq % int(current_app.config.get("MLA_AUDIT_CHECKPOINT_EVERY", 1000)) == 0:
        schedule_checkpoint(db.session(), entry.seq, entry.entry_hash)
    return entry


def recent_entries(limit: int = 100, offset: int = 0) -> list[AuditEntry]:
    return list(
        db.session.execute(
            select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(limit).offset(offset)
        ).scalars()
    )
