"""What is wrong with one audit entry, if anything: its own MAC, its link, its format and key."""

from __future__ import annotations

from .hashing import compute_entry_hash, entry_mac, keyed_entry_hash, link_hash
from .keyring import AuditKeyError, AuditKeyring
from .models import CHAINED_AT_WRITE, MAC_THEN_CHAINED, AuditEntry


def _key_problem(entry: AuditEntry, keyring: AuditKeyring | None) -> str | None:
    if keyring is None:
        return "the entry is keyed but the audit key file is missing"
    if entry.key_id not in keyring.mac_keys:
        return f"the entry names audit key {entry.key_id}, which the audit key file does not hold"
    return None


def _own_mac_problem(entry: AuditEntry, keyring: AuditKeyring) -> str | None:
    try:
        holds = entry_mac(entry, keyring) == entry.entry_mac
    except AuditKeyError as error:
        return str(error)
    if not holds:
        return (
            "its own MAC does not hold: content altered (before or after it was chained), "
            "or written without the audit key"
        )
    return None


def _legacy_problem(entry: AuditEntry, keyed_seen: bool, legacy_until: int | None) -> str | None:
    if keyed_seen:
        return "unkeyed entry after keyed ones: rewritten by someone without the audit key"
    if legacy_until is not None and entry.seq is not None and entry.seq > legacy_until:
        return (
            f"unkeyed entry after the audit key was created (at entry {legacy_until}): "
            "rewritten by someone without the audit key"
        )
    if compute_entry_hash(entry) != entry.entry_hash:
        return "legacy (unkeyed) entry content altered"
    return None


def chain_entry_problem(
    entry: AuditEntry, keyring: AuditKeyring | None, keyed_seen: bool, legacy_until: int | None
) -> str | None:
    """A chained entry, by its format: None when its hashes hold under the audit key."""
    if entry.key_id is None:
        problem = _legacy_problem(entry, keyed_seen, legacy_until)
        if problem is None and entry.format != CHAINED_AT_WRITE:
            problem = "an entry written with its own MAC names no audit key: rewritten without it"
        return problem
    if entry.format not in (CHAINED_AT_WRITE, MAC_THEN_CHAINED):
        return f"unknown entry format {entry.format}"
    problem = _key_problem(entry, keyring)
    if problem is not None:
        return problem
    assert keyring is not None and entry.key_id is not None and entry.seq is not None
    if entry.format == CHAINED_AT_WRITE:
        if keyed_entry_hash(entry, keyring) != entry.entry_hash:
            return "entry content altered, or recomputed without the audit key"
        return None
    problem = _own_mac_problem(entry, keyring)
    if problem is not None:
        return problem
    expected = link_hash(entry.key_id, entry.seq, str(entry.prev_hash), entry.entry_mac, keyring)
    if expected != entry.entry_hash:
        return "its link (seq, previous hash) altered, or recomputed without the audit key"
    return None


def unchained_entry_problem(entry: AuditEntry, keyring: AuditKeyring | None) -> str | None:
    """An entry without a seq: None when it can be chained and its own MAC holds."""
    if entry.format != MAC_THEN_CHAINED:
        return f"an entry of format {entry.format} is always chained as written: inserted by hand"
    return _key_problem(entry, keyring) or _own_mac_problem(entry, keyring)  # type: ignore[arg-type]
