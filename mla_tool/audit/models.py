"""Tables of the audit log: its entries and the head of the chain they are linked into."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db

#: `format` of an entry chained as it was written (`entry_hash` keyed over its fields, or plain
#: SHA-256 for a legacy entry before the chain was keyed): every entry before migration 0026.
CHAINED_AT_WRITE = 1
#: `format` of an entry written with its own MAC (`entry_mac`) in the caller's transaction and
#: linked into the chain (`seq`, `prev_hash`, `entry_hash`) by a chaining pass after the commit.
MAC_THEN_CHAINED = 2


class AuditEntry(db.Model):
    """One sensitive action.

    Format 2 (`MAC_THEN_CHAINED`): `entry_mac` is the HMAC of its fields, `key_id` and `nonce`
    under the audit key `key_id`, written with the action; `seq`, `prev_hash` and `entry_hash`
    (the HMAC of the link) are NULL until a chaining pass sets them, an instant after the commit.
    Format 1 (`CHAINED_AT_WRITE`): `entry_hash` covers its fields and the previous entry's hash,
    keyed by `key_id`, or plain SHA-256 when `key_id` is None (a legacy entry, accepted only
    before the first keyed entry).
    """

    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_object", "object_type", "object_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int | None] = mapped_column(Integer, unique=True, nullable=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=False), nullable=False, index=True)
    actor_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    actor_email: Mapped[str | None] = mapped_column(String(320), nullable=True)
    action: Mapped[str] = mapped_column(String(80), nullable=False, index=True)
    object_type: Mapped[str | None] = mapped_column(String(60), nullable=True)
    object_id: Mapped[str | None] = mapped_column(String(80), nullable=True)
    details: Mapped[str] = mapped_column(Text, nullable=False, default="{}")
    prev_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    entry_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    key_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    format: Mapped[int] = mapped_column(Integer, nullable=False, server_default="1")
    # unique: a copy of a genuine entry (same fields, nonce and MAC) is refused, not chained twice
    entry_mac: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    nonce: Mapped[str | None] = mapped_column(String(32), nullable=True)


class AuditHead(db.Model):
    """A single row holding the chain's tip (last seq and hash), moved by each chaining pass."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    last_hash: Mapped[str] = mapped_column(String(64), nullable=False)
