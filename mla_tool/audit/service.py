"""Appending to the audit log and verifying its hash chain."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask import has_request_context
from flask_login import current_user
from sqlalchemy import select

from ..extensions import db
from .models import AuditEntry, AuditHead

GENESIS_HASH = "0" * 64


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def compute_entry_hash(entry: AuditEntry) -> str:
    payload = {
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
    return hashlib.sha256(_canonical(payload).encode()).hexdigest()


def _locked_head() -> AuditHead:
    head = db.session.execute(
        select(AuditHead).where(AuditHead.id == 1).with_for_update()
    ).scalar_one_or_none()
    if head is None:
        head = AuditHead(id=1, last_seq=0, last_hash=GENESIS_HASH)
        db.session.add(head)
        db.session.flush()
    return head


def record(
    action: str,
    object_type: str | None = None,
    object_id: object | None = None,
    details: dict[str, Any] | None = None,
    actor: Any | None = None,
) -> AuditEntry:
    """Append an entry in the caller's transaction: it commits or rolls back with the action."""
    if actor is None and has_request_context() and current_user and current_user.is_authenticated:
        actor = current_user
    head = _locked_head()
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
    )
    entry.entry_hash = compute_entry_hash(entry)
    db.session.add(entry)
    db.session.flush()
    head.last_seq = entry.seq
    head.last_hash = entry.entry_hash
    return entry


@dataclass
class ChainReport:
    ok: bool
    checked: int
    first_broken_seq: int | None = None
    reason: str = ""


def verify_chain(batch_size: int = 5000) -> ChainReport:
    """Walk the log in order; report the first entry whose hash or link does not hold."""
    expected_prev = GENESIS_HASH
    expected_seq = 1
    checked = 0
    last_id = 0
    while True:
        entries = (
            db.session.execute(
                select(AuditEntry)
                .where(AuditEntry.seq >= expected_seq)
                .order_by(AuditEntry.seq)
                .limit(batch_size)
            )
            .scalars()
            .all()
        )
        if not entries:
            break
        for entry in entries:
            if entry.seq != expected_seq:
                return ChainReport(False, checked, expected_seq, "entry missing (sequence gap)")
            if entry.prev_hash != expected_prev:
                return ChainReport(False, checked, entry.seq, "link to previous entry broken")
            if compute_entry_hash(entry) != entry.entry_hash:
                return ChainReport(False, checked, entry.seq, "entry content altered")
            if entry.id <= last_id:
                return ChainReport(False, checked, entry.seq, "entries reordered")
            last_id = entry.id
            expected_prev = entry.entry_hash
            expected_seq += 1
            checked += 1
    head = db.session.get(AuditHead, 1)
    if head is not None and (head.last_seq != checked or head.last_hash != expected_prev):
        return ChainReport(False, checked, checked + 1, "entries removed from the end of the log")
    return ChainReport(True, checked)


def recent_entries(limit: int = 100, offset: int = 0) -> list[AuditEntry]:
    return list(
        db.session.execute(
            select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(limit).offset(offset)
        ).scalars()
    )
