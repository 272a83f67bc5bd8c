"""Appending to the audit log: each entry keyed (HMAC-SHA256 under the audit key) and chained."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from flask import current_app, has_request_context
from flask_login import current_user
from sqlalchemy import event, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..extensions import db
from .checkpoints import current_keyring, schedule_checkpoint, write_checkpoint
from .keyring import AuditKeyring
from .models import AuditEntry, AuditHead
from .pending import has_queued, queue_entry, take_queued

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


def _locked_head(session: Session) -> AuditHead:
    """The chain's head row, locked until the transaction ends (PostgreSQL: a row lock; SQLite:
    the write lock, which `SELECT ... FOR UPDATE` takes first, see mla_tool.transactions)."""
    locked = select(AuditHead).where(AuditHead.id == 1).with_for_update()
    head = session.execute(locked).scalar_one_or_none()
    if head is None:
        try:  # the first entry ever: two appenders may both try to create the head
            with session.begin_nested():
                session.add(AuditHead(id=1, last_seq=0, last_hash=GENESIS_HASH))
        except IntegrityError:
            pass  # the other one did; its row is read and locked below
        head = session.execute(locked).scalar_one()
    return head


def record(
    action: str,
    object_type: str | None = None,
    object_id: object | None = None,
    details: dict[str, Any] | None = None,
    actor: Any | None = None,
) -> AuditEntry:
    """Record an entry in the caller's transaction: it commits or rolls back with the action.

    The entry is written and chained when the transaction commits, as the last thing before the
    COMMIT (`_append_at_commit`): the chain's head is locked only for that instant, not for the
    rest of the caller's work. Until then the returned entry has no `seq`, `at`, `prev_hash` or
    `entry_hash`, and queries do not see it; a rollback (or of the savepoint it was recorded in)
    drops it."""
    keyring, key_created = current_keyring()
    if actor is None and has_request_context() and current_user and current_user.is_authenticated:
        actor = current_user
    session = db.session()
    install_commit_hook()
    if key_created:
        # the head read under the lock is committed: pin it, so that entries before it are the
        # only ones that may verify as legacy (unkeyed) entries (once per installation, this
        # transaction keeps the head locked until it ends)
        head = _locked_head(session)
        write_checkpoint(head.last_seq, head.last_hash)
    if actor is not None and getattr(actor, "id", None) is None and actor in session.new:
        session.flush()  # an actor added in this transaction is named by its id
    entry = AuditEntry(
        actor_id=getattr(actor, "id", None),
        actor_email=getattr(actor, "email", None),
        action=action,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        details=_canonical(details or {}),
    )
    queue_entry(session, entry, keyring)
    return entry


def _append_at_commit(session: Session) -> None:
    """Before the outermost COMMIT: write the queued entries, chained under the locked head."""
    if session.get_nested_transaction() is not None:
        return  # a savepoint is released: its entries wait for the outermost commit
    if not has_queued(session):
        return
    session.flush()  # the action's own rows first: the head is then locked for the append alone
    entries, keyring = take_queued(session)
    assert keyring is not None
    every = int(current_app.config.get("MLA_AUDIT_CHECKPOINT_EVERY", 1000))
    head = _locked_head(session)
    for entry in entries:
        entry.seq = head.last_seq + 1
        entry.at = datetime.now(UTC).replace(tzinfo=None)
        entry.prev_hash = head.last_hash
        entry.key_id = keyring.active
        entry.entry_hash = keyed_entry_hash(entry, keyring)
        session.add(entry)
        session.flush()  # one at a time: ids follow the sequence, which verification checks
        head.last_seq = entry.seq
        head.last_hash = entry.entry_hash
        if entry.seq % every == 0:
            schedule_checkpoint(session, entry.seq, entry.entry_hash)


def install_commit_hook() -> None:
    """Connect the hook that appends the queued entries at commit (idempotent)."""
    if not event.contains(Session, "before_commit", _append_at_commit):
        event.listen(Session, "before_commit", _append_at_commit)


def recent_entries(limit: int = 100, offset: int = 0) -> list[AuditEntry]:
    return list(
        db.session.execute(
            select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(limit).offset(offset)
        ).scalars()
    )
