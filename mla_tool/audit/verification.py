"""Verifying the audit log: every entry's key and link, and that it extends every checkpoint."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from ..extensions import db
from .checkpoints import Checkpoint, audit_key_path, checkpoint_path, read_checkpoints
from .keyring import AuditKeyError, AuditKeyring, load_audit_keyring
from .models import AuditEntry, AuditHead
from .service import GENESIS_HASH, compute_entry_hash, keyed_entry_hash


@dataclass
class ChainReport:
    """The outcome of a verification; `first_broken_seq` is None when the checkpoint file is bad."""

    ok: bool
    checked: int
    first_broken_seq: int | None = None
    reason: str = ""
    legacy: int = 0  # entries 1..legacy are unkeyed entries from before the keyed chain
    head_seq: int = 0
    head_hash: str = GENESIS_HASH
    checkpoints_matched: int = 0
    last_checkpoint: Checkpoint | None = field(default=None)


def _keyring() -> AuditKeyring | None:
    path = audit_key_path()
    return load_audit_keyring(path) if path.exists() else None


def _checkpoint_pins(
    checkpoints: list[Checkpoint],
) -> tuple[dict[int, Checkpoint], ChainReport | None]:
    pins: dict[int, Checkpoint] = {}
    for checkpoint in checkpoints:
        known = pins.get(checkpoint.seq)
        if known is not None and known.entry_hash != checkpoint.entry_hash:
            reason = "two signed checkpoints disagree on this entry (the log was forked)"
            return pins, ChainReport(False, 0, checkpoint.seq, reason)
        pins[checkpoint.seq] = checkpoint
    return pins, None


def _entry_problem(
    entry: AuditEntry, keyring: AuditKeyring | None, keyed_seen: bool, legacy_until: int | None
) -> str | None:
    if entry.key_id is None:
        if keyed_seen:
            return "unkeyed entry after keyed ones: rewritten by someone without the audit key"
        if legacy_until is not None and entry.seq > legacy_until:
            return (
                f"unkeyed entry after the audit key was created (at entry {legacy_until}): "
                "rewritten by someone without the audit key"
            )
        if compute_entry_hash(entry) != entry.entry_hash:
            return "legacy (unkeyed) entry content altered"
        return None
    if keyring is None:
        return "the entry is keyed but the audit key file is missing"
    try:
        expected = keyed_entry_hash(entry, keyring)
    except AuditKeyError:
        return f"the entry names audit key {entry.key_id}, which the audit key file does not hold"
    if expected != entry.entry_hash:
        return "entry content altered, or recomputed without the audit key"
    return None


def verify_chain(batch_size: int = 5000) -> ChainReport:
    """Walk the log up to its head; report the first entry that does not hold, and why."""
    try:
        keyring = _keyring()
    except AuditKeyError as error:
        return ChainReport(False, 0, None, str(error))
    # read the checkpoints before the head: each names an entry committed before the head was read
    checkpoints, problem = read_checkpoints(checkpoint_path(), keyring)
    if problem is not None:
        return ChainReport(
            False, 0, None, f"checkpoint file, line {problem.line}: {problem.reason}"
        )
    pins, conflict = _checkpoint_pins(checkpoints)
    if conflict is not None:
        return conflict
    last_checkpoint = max(checkpoints, key=lambda c: c.seq, default=None)
    # the first checkpoint is written when the audit key is created: later entries are all keyed
    legacy_until = min((c.seq for c in checkpoints), default=None)
    head = db.session.get(AuditHead, 1)
    head_seq = head.last_seq if head is not None else 0
    expected_prev, expected_seq = GENESIS_HASH, 1
    checked = legacy = matched = last_id = 0

    def broken(seq: int, reason: str) -> ChainReport:
        return ChainReport(False, checked, seq, reason, legacy, last_checkpoint=last_checkpoint)

    while expected_seq <= head_seq:
        entries = db.session.execute(
            select(AuditEntry)
            .where(AuditEntry.seq >= expected_seq, AuditEntry.seq <= head_seq)
            .order_by(AuditEntry.seq)
            .limit(batch_size)
        ).scalars()
        progressed = False
        for entry in entries:
            progressed = True
            if entry.seq != expected_seq:
                return broken(expected_seq, "entry missing (sequence gap)")
            if entry.prev_hash != expected_prev:
                return broken(entry.seq, "link to previous entry broken")
            reason = _entry_problem(entry, keyring, checked > legacy, legacy_until)
            if reason:
                return broken(entry.seq, reason)
            if entry.id <= last_id:
                return broken(entry.seq, "entries reordered")
            pin = pins.get(entry.seq)
            if pin is not None:
                if pin.entry_hash != entry.entry_hash:
                    return broken(
                        entry.seq, f"entry differs from the checkpoint signed at {pin.at}"
                    )
                matched += 1
            legacy += entry.key_id is None
            last_id = entry.id
            expected_prev = entry.entry_hash
            expected_seq += 1
            checked += 1
        if not progressed:
            break
    if last_checkpoint is not None and last_checkpoint.seq > checked:
        return broken(
            checked + 1,
            f"the log ends at entry {checked} but the checkpoint signed at {last_checkpoint.at} "
            f"covers entry {last_checkpoint.seq}: entries removed from the end, or the database "
            "rolled back",
        )
    if head is not None and (head.last_seq != checked or head.last_hash != expected_prev):
        return broken(checked + 1, "entries removed from the end of the log")
    if head is None and db.session.execute(select(AuditEntry.id).limit(1)).first():
        return broken(1, "the chain head is missing")
    return ChainReport(
        True, checked, None, "", legacy, checked, expected_prev, matched, last_checkpoint
    )


def last_signed_checkpoint() -> Checkpoint | None:
    """The checkpoint of the highest entry whose signature holds (None when there is none)."""
    try:
        checkpoints, _ = read_checkpoints(checkpoint_path(), _keyring())
    except AuditKeyError:
        return None
    return max(checkpoints, key=lambda c: c.seq, default=None)
