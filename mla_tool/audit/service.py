"""Recording to the audit log: an entry with its own MAC in the caller's transaction, chained after.

How an entry is written (format 2, `models.MAC_THEN_CHAINED`):

1. `record()` adds the row to the caller's transaction, with its fields, the active audit key id,
   a random nonce and `entry_mac`, the HMAC-SHA256 of all of them under that key (`hashing.py`).
   No lock is taken: writers do not wait for one another here, nor at their COMMIT.
2. Right after that transaction has committed, a short transaction of its own takes the chain's
   lock and links every committed entry without a `seq` into the chain (`chaining.py`): `seq`,
   `prev_hash`, and `entry_hash`, the HMAC of (seq, previous hash, entry MAC). Writers that
   commit together are chained by one pass: one chaining commit for many audited commits.
3. `mla-tool audit verify` first chains what is committed and unchained, then checks every
   entry's own MAC, every link, the seqs without gap, the head, the signed checkpoints, and
   names any entry it could not chain (`verification.py`).

A rollback, of the transaction or of the savepoint the entry was recorded in, removes the row with
the action. A transaction that reads the log sees its own entries (the session flushes them
first), unchained: `seq`, `prev_hash` and `entry_hash` are None until the pass after its commit.

What someone who can write to the database, but cannot read the audit key file, can do in the
instant between an entry's commit and its chaining (normally milliseconds; longer only if the
process dies between the two, until the next pass or `audit verify`):

- delete the entry, or stop the pass from reaching it (keep it locked; change its format or key
  id so that it cannot be chained). A deleted unchained entry leaves no gap: that deletion is not
  detected, exactly as deleting an entry before its action committed would not be. An entry held
  back unchained is reported by `audit verify`.
- alter it: detected, since its own MAC no longer holds; the pass still chains it, so the
  alteration stays on record at its seq and verification reports it there.
- insert an entry of their own: they cannot compute its MAC, so it is reported, as above; copy a
  genuine entry (MAC and nonce included) to replay it: refused, `entry_mac` is unique.
- reorder entries committed at the same time: the chain orders them by id; their times are
  under their MACs.

Once chained, an entry is as before: its removal leaves a gap or moves the head back, which the
signed checkpoints outside the database reveal even if the head row is rewritten. Entries written
before migration 0026 (format 1) keep their hashes and verify under their own formula.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import Any

from flask import has_request_context
from flask_login import current_user
from sqlalchemy import select

from ..extensions import db
from .chaining import ChainTarget
from .checkpoints import current_keyring, write_checkpoint
from .hashing import GENESIS_HASH, canonical, entry_mac
from .models import MAC_THEN_CHAINED, AuditEntry, AuditHead
from .pending import note_recorded


def _pin_the_unkeyed_head() -> None:
    """When the audit key is first created: sign the committed head, so that entries after it
    are never accepted as legacy (unkeyed) ones. Only keyed entries are chained after the key
    exists, so the head read here is final for the unkeyed ones."""
    head = db.session.execute(
        select(AuditHead.last_seq, AuditHead.last_hash).where(AuditHead.id == 1)
    ).one_or_none()
    write_checkpoint(*(tuple(head) if head is not None else (0, GENESIS_HASH)))


def record(
    action: str,
    object_type: str | None = None,
    object_id: object | None = None,
    details: dict[str, Any] | None = None,
    actor: Any | None = None,
) -> AuditEntry:
    """Record an entry in the caller's transaction: it commits or rolls back with the action.

    The entry is written with its own MAC and no lock; it is chained right after the commit
    (see the module's docstring), so until then `seq`, `prev_hash` and `entry_hash` are None."""
    keyring, key_created = current_keyring()
    if actor is None and has_request_context() and current_user and current_user.is_authenticated:
        actor = current_user
    session = db.session()
    if key_created:
        _pin_the_unkeyed_head()
    if actor is not None and getattr(actor, "id", None) is None and actor in session.new:
        session.flush()  # an actor added in this transaction is named by its id
    entry = AuditEntry(
        at=datetime.now(UTC).replace(tzinfo=None),
        actor_id=getattr(actor, "id", None),
        actor_email=getattr(actor, "email", None),
        action=action,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        details=canonical(details or {}),
        key_id=keyring.active,
        format=MAC_THEN_CHAINED,
        nonce=secrets.token_hex(16),
    )
    entry.entry_mac = entry_mac(entry, keyring)
    session.add(entry)
    note_recorded(session, entry, ChainTarget.of_app())
    return entry


def recent_entries(limit: int = 100, offset: int = 0) -> list[AuditEntry]:
    """The newest entries first: those not chained yet (no seq), then by seq."""
    return list(
        db.session.execute(
            select(AuditEntry)
            .order_by(AuditEntry.seq.desc().nulls_first(), AuditEntry.id.desc())
            .limit(limit)
            .offset(offset)
        ).scalars()
    )
