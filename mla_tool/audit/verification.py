"""Verifying the audit log: chain what is pending, then every entry's MAC and link, the seqs
without gap, the head, every checkpoint, and the entries that could not be chained."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from ..extensions import db
from .chaining import ChainTarget, chain_pending
from .checkpoints import Checkpoint, audit_key_path, checkpoint_path, read_checkpoints
from .entry_checks import chain_entry_problem, unchained_entry_problem
from .hashing import GENESIS_HASH
from .keyring import AuditKeyError, AuditKeyring, load_audit_keyring
from .models import CHAINED_AT_WRITE, AuditEntry, AuditHead

#: Unchained entries read per statement when looking for those that could not be chained.
UNCHAINED_BATCH = 1000


@dataclass
class ChainReport:
    """The outcome of a verification. `first_broken_seq` names a chained entry that does not
    hold; `first_broken_id` an unchained one; both None with `ok` False: the checkpoint file (or
    the key file) is bad, or the chaining pass could not run."""

    ok: bool
    checked: int
    first_broken_seq: int | None = None
    reason: str = ""
    legacy: int = 0  # entries 1..legacy are unkeyed entries from before the keyed chain
    head_seq: int = 0
    head_hash: str = GENESIS_HASH
    checkpoints_matched: int = 0
    last_checkpoint: Checkpoint | None = field(default=None)
    first_broken_id: int | None = None
    pending: int = 0  # committed after the chaining pass (or this session's own): not yet chained


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


def _read(query):  # type: ignore[no-untyped-def]
    # another connection (the chaining pass) may have changed rows this session holds
    return db.session.execute(query.execution_options(populate_existing=True)).scalars()


def _unchained(report: ChainReport, keyring: AuditKeyring | None, pass_problem: str) -> None:
    """Every entry still without a seq: one that cannot be chained, or whose own MAC fails,
    breaks the log; the others committed after the pass (or are this session's own)."""
    after_id = 0
    while True:
        entries = list(
            _read(
                select(AuditEntry)
                .where(AuditEntry.seq.is_(None), AuditEntry.id > after_id)
                .order_by(AuditEntry.id)
                .limit(UNCHAINED_BATCH)
            )
        )
        for entry in entries:
            reason = unchained_entry_problem(entry, keyring)
            if reason is None and pass_problem:
                reason = f"not chained: {pass_problem}"
            if reason is not None:
                report.ok, report.first_broken_id = False, entry.id
                report.reason = f"entry id {entry.id}, not chained: {reason}"
                return
            report.pending += 1
        if len(entries) < UNCHAINED_BATCH:
            return
        after_id = entries[-1].id


def verify_chain(batch_size: int = 5000) -> ChainReport:
    """Chain the committed unchained entries, then walk the log up to its head; report the
    first entry that does not hold, and why."""
    try:
        keyring = _keyring()
    except AuditKeyError as error:
        return ChainReport(False, 0, None, str(error))
    pass_problem = chain_pending(ChainTarget.of_app()).problem if keyring is not None else ""
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
    head = db.session.execute(
        select(AuditHead.last_seq, AuditHead.last_hash).where(AuditHead.id == 1)
    ).one_or_none()
    head_seq = head.last_seq if head is not None else 0
    expected_prev, expected_seq = GENESIS_HASH, 1
    checked = legacy = matched = last_id = 0

    def broken(seq: int, reason: str) -> ChainReport:
        return ChainReport(False, checked, seq, reason, legacy, last_checkpoint=last_checkpoint)

    while expected_seq <= head_seq:
        entries = _read(
            select(AuditEntry)
            .where(AuditEntry.seq >= expected_seq, AuditEntry.seq <= head_seq)
            .order_by(AuditEntry.seq)
            .limit(batch_size)
        )
        progressed = False
        for entry in entries:
            progressed = True
            if entry.seq != expected_seq:
                return broken(expected_seq, "entry missing (sequence gap)")
            if entry.prev_hash != expected_prev:
                return broken(entry.seq, "link to previous entry broken")
            reason = chain_entry_problem(entry, keyring, checked > legacy, legacy_until)
            if reason:
                return broken(entry.seq, reason)
            if entry.format == CHAINED_AT_WRITE:
                # chained as they were written: their ids follow their seqs (format 2 entries
                # are chained in commit order, which ids need not follow)
                if entry.id <= last_id:
                    return broken(entry.seq, "entries reordered")
                last_id = entry.id
            pin = pins.get(entry.seq)
            if pin is not None:
                if pin.entry_hash != entry.entry_hash:
                    return broken(
                        entry.seq, f"entry differs from the checkpoint signed at {pin.at}"
                    )
                matched += 1
            legacy += entry.key_id is None
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
    if (
        head is None
        and db.session.execute(
            select(AuditEntry.id).where(AuditEntry.seq.is_not(None)).limit(1)
        ).first()
    ):
        return broken(1, "the chain head is missing")
    report = ChainReport(
        True, checked, None, "", legacy, checked, expected_prev, matched, last_checkpoint
    )
    _unchained(report, keyring, pass_problem)
    return report


def last_signed_checkpoint() -> Checkpoint | None:
    """The checkpoint of the highest entry whose signature holds (None when there is none)."""
    try:
        checkpoints, _ = read_checkpoints(checkpoint_path(), _keyring())
    except AuditKeyError:
        return None
    return max(checkpoints, key=lambda c: c.seq, default=None)
