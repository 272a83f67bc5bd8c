"""Appending to the audit log: each entry keyed (HMAC-SHA256 under the audit key) and chained."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from flask import current_app, has_request_context
from flask_login import current_user
from sqlalchemy import event, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import ORMExecuteState, Session

from ..extensions import db
from .checkpoints import current_keyring, schedule_checkpoint, write_checkpoint
from .keyring import AuditKeyring
from .models import AuditEntry, AuditHead
from .pending import has_queued, queue_entry, take_queued

GENESIS_HASH = "0" * 64
#: The columns an appended entry is written with (its id comes from the database).
ENTRY_COLUMNS = (
    "seq",
    "at",
    "actor_id",
    "actor_email",
    "action",
    "object_type",
    "object_id",
    "details",
    "prev_hash",
    "entry_hash",
    "key_id",
)


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


def _locked_head(session: Session) -> tuple[int, str]:
    """The chain's head (last seq and hash), its row locked until the transaction ends
    (PostgreSQL: a row lock; SQLite: the write lock, which `SELECT ... FOR UPDATE` takes first,
    see mla_tool.transactions)."""
    locked = (
        select(AuditHead.last_seq, AuditHead.last_hash).where(AuditHead.id == 1).with_for_update()
    )
    head = session.execute(locked).one_or_none()
    if head is None:
        try:  # the first entry ever: two appenders may both try to create the head
            with session.begin_nested():
                session.execute(insert(AuditHead).values(id=1, last_seq=0, last_hash=GENESIS_HASH))
        except IntegrityError:
            pass  # the other one did; its row is read and locked below
        head = session.execute(locked).one()
    return int(head.last_seq), str(head.last_hash)


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
    `entry_hash` (it never has an `id`); a rollback (or of the savepoint it was recorded in)
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
        write_checkpoint(*_locked_head(session))
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
    if session.get_nested_transaction() is None and has_queued(session):
        _append_queued(session)  # else a savepoint is released: its entries wait for the COMMIT


def _append_before_reading_the_log(state: ORMExecuteState) -> None:
    """A transaction that reads the audit log sees the entries it recorded, as before they were
    deferred: they are appended then (and the head stays locked until it ends). Nothing in the
    app reads the log in a writing transaction; tests and commands may."""
    session = state.session
    if not (state.is_select and has_queued(session)) or session.get_nested_transaction():
        return
    if any(mapper.class_ in (AuditEntry, AuditHead) for mapper in state.all_mappers):
        _append_queued(session)


def _append_queued(session: Session) -> None:
    session.flush()  # the action's own rows first: the head is then locked for the append alone
    entries, keyring = take_queued(session)
    assert keyring is not None
    every = int(current_app.config.get("MLA_AUDIT_CHECKPOINT_EVERY", 1000))
    # from here to the COMMIT the head is locked: plain statements, no unit of work
    last_seq, last_hash = _locked_head(session)
    rows = []
    for entry in entries:
        entry.seq = last_seq = last_seq + 1
        entry.at = datetime.now(UTC).replace(tzinfo=None)
        entry.prev_hash = last_hash
        entry.key_id = keyring.active
        entry.entry_hash = last_hash = keyed_entry_hash(entry, keyring)
        rows.append({column: getattr(entry, column) for column in ENTRY_COLUMNS})
        if entry.seq % every == 0:
            schedule_checkpoint(session, entry.seq, entry.entry_hash)
    session.execute(AuditEntry.__table__.insert(), rows)  # ids in row order, as the seqs
    session.execute(
        update(AuditHead.__table__)
        .where(AuditHead.id == 1)
        .values(last_seq=last_seq, last_hash=last_hash)
    )


def install_commit_hook() -> None:
    """Connect the hooks that append the queued entries at commit, or when the transaction reads
    the log first (idempotent)."""
    if not event.contains(Session, "before_commit", _append_at_commit):
        event.listen(Session, "before_commit", _append_at_commit)
        event.listen(Session, "do_orm_execute", _append_before_reading_the_log)


def recent_entries(limit: int = 100, offset: int = 0) -> list[AuditEntry]:
    return list(
        db.session.execute(
            select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(limit).offset(offset)
        ).scalars()
    )
