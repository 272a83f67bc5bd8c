"""The audit log's formulas: an entry's own MAC, its chain link, and the two older chain hashes."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from .keyring import AuditKeyring
from .models import MAC_THEN_CHAINED, AuditEntry

GENESIS_HASH = "0" * 64


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def _fields(entry: AuditEntry) -> dict[str, Any]:
    return {
        "at": entry.at.isoformat(timespec="microseconds"),
        "actor_id": entry.actor_id,
        "actor_email": entry.actor_email,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "details": entry.details,
    }


# --- format 2: a MAC of the entry when it is written, then a MAC of its link when chained ------


def entry_mac(entry: AuditEntry, keyring: AuditKeyring) -> str:
    """HMAC-SHA256, under the key the entry names, of its fields, format, key id and nonce."""
    payload = {
        **_fields(entry),
        "format": MAC_THEN_CHAINED,
        "key_id": entry.key_id,
        "nonce": entry.nonce,
    }
    return keyring.mac(str(entry.key_id), canonical(payload).encode())


def link_hash(key_id: str, seq: int, prev_hash: str, mac: str | None, keyring: AuditKeyring) -> str:
    """HMAC-SHA256 of a format 2 entry's place in the chain: its seq, the previous entry's hash
    and its own MAC (which covers its content), under the key the entry names."""
    payload = {"format": MAC_THEN_CHAINED, "seq": seq, "prev_hash": prev_hash, "entry_mac": mac}
    return keyring.mac(key_id, canonical(payload).encode())


# --- format 1: the entry and its link hashed together when it was written -------------------


def _payload(entry: AuditEntry) -> dict[str, Any]:
    return {"seq": entry.seq, **_fields(entry), "prev_hash": entry.prev_hash}


def compute_entry_hash(entry: AuditEntry) -> str:
    """The plain SHA-256 of a legacy entry (written before the chain was keyed)."""
    return hashlib.sha256(canonical(_payload(entry)).encode()).hexdigest()


def keyed_entry_hash(entry: AuditEntry, keyring: AuditKeyring) -> str:
    """HMAC-SHA256 of a format 1 entry under the key it names; the key id is covered too."""
    payload = {**_payload(entry), "key_id": entry.key_id}
    return keyring.mac(str(entry.key_id), canonical(payload).encode())
