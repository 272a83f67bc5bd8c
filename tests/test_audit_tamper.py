"""An insider with write access to the database (raw SQL) but not to the audit key file: each
attack on the keyed chain and its signed checkpoints is detected, with the first bad entry."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select, text

from mla_tool.audit import hashing
from mla_tool.audit import service as audit
from mla_tool.audit.checkpoints import write_checkpoint
from mla_tool.audit.keyring import load_audit_keyring, rotate_audit_key
from mla_tool.audit.models import AuditEntry, AuditHead
from mla_tool.audit.verification import verify_chain
from mla_tool.extensions import db
from tests.factories.audit_files import audit_files  # noqa: F401 -- the fixture

pytestmark = pytest.mark.usefixtures("audit_files")


def write_entries(count: int) -> None:
    for index in range(count):
        audit.record("attachment.download", "attachment", index, {"n": index})
        db.session.commit()


def checkpoint_now() -> None:
    report = verify_chain()
    db.session.rollback()
    assert report.ok, report
    write_checkpoint(report.head_seq, report.head_hash)


def checkpoint_lines(folder: Path) -> list[dict]:
    return [
        json.loads(line) for line in (folder / "audit-checkpoints.jsonl").read_text().splitlines()
    ]


def entry_hash(seq: int) -> str:
    return db.session.execute(
        select(AuditEntry.entry_hash).where(AuditEntry.seq == seq)
    ).scalar_one()


def recompute_without_the_key(from_seq: int, *, unkeyed: bool = False) -> None:
    """What an insider can do with the source code but not the key: relink the chain by SHA-256."""
    db.session.expire_all()
    entries = db.session.execute(select(AuditEntry).order_by(AuditEntry.seq)).scalars().all()
    previous = hashing.GENESIS_HASH
    for entry in entries:
        if entry.seq >= from_seq:
            entry.prev_hash = previous
            if unkeyed:
                entry.key_id = None
            entry.entry_hash = hashing.compute_entry_hash(entry)
        previous = entry.entry_hash
    head = db.session.get(AuditHead, 1)
    head.last_seq, head.last_hash = entries[-1].seq, previous
    db.session.commit()


def set_head(seq: int) -> None:
    db.session.execute(
        text("UPDATE audit_head SET last_seq = :s, last_hash = :h WHERE id = 1"),
        {"s": seq, "h": entry_hash(seq)},
    )
    db.session.commit()


def test_a_clean_log_is_keyed_verifies_and_matches_its_checkpoints(audit_files: Path) -> None:
    write_entries(5)
    checkpoint_now()
    write_entries(2)
    report = verify_chain()
    assert report.ok and report.checked == 7 and report.legacy == 0
    assert report.checkpoints_matched == 1 and report.last_checkpoint.seq == 5
    active = load_audit_keyring(audit_files / "audit.key").active
    key_ids = db.session.execute(select(AuditEntry.key_id)).scalars().all()
    assert key_ids == [active] * 7
    for name in ("audit.key", "audit-checkpoints.jsonl"):
        assert stat.S_IMODE(os.stat(audit_files / name).st_mode) == 0o600
    # the key's creation pinned the empty head; the checkpoint names entry 5 and its hash
    lines = checkpoint_lines(audit_files)
    assert [(line["seq"], line["key_id"]) for line in lines] == [(0, active), (5, active)]
    assert lines[1]["hash"] == entry_hash(5)
    assert "mac" not in (audit_files / "audit-checkpoints.jsonl").read_text()


def test_truncation_behind_a_checkpoint_is_detected(audit_files: Path) -> None:
    write_entries(6)
    checkpoint_now()
    db.session.execute(text("DELETE FROM audit_entries WHERE seq > 4"))
    db.session.commit()
    set_head(4)  # the head row agrees with the shortened chain
    report = verify_chain()
    assert not report.ok and report.first_broken_seq == 5
    assert "ends at entry 4" in report.reason and "covers entry 6" in report.reason


def test_deletion_in_the_middle_is_detected(audit_files: Path) -> None:
    write_entries(6)
    db.session.execute(text("DELETE FROM audit_entries WHERE seq = 3"))
    db.session.commit()
    report = verify_chain()
    assert not report.ok and report.first_broken_seq == 3 and "missing" in report.reason


def test_deleting_downloads_and_recomputing_the_chain_is_detected(audit_files: Path) -> None:
    write_entries(6)
    db.session.execute(text("DELETE FROM audit_entries WHERE seq = 3"))
    db.session.execute(text("UPDATE audit_entries SET seq = seq - 1 WHERE seq > 3"))
    db.session.commit()
    recompute_without_the_key(3)
    report = verify_chain()
    assert not report.ok and report.first_broken_seq == 3
    assert "without the audit key" in report.reason


def test_rewriting_the_whole_log_as_unkeyed_entries_is_detected(audit_files: Path) -> None:
    write_entries(6)
    db.session.execute(text("DELETE FROM audit_entries WHERE seq = 6"))
    db.session.commit()
    recompute_without_the_key(1, unkeyed=True)
    report = verify_chain()
    assert not report.ok and report.first_broken_seq == 1
    assert "unkeyed entry after the audit key was created" in report.reason


def test_unkeyed_entries_spliced_after_keyed_ones_are_detected(audit_files: Path) -> None:
    write_entries(6)
    db.session.execute(text("UPDATE audit_entries SET details = '{}' WHERE seq = 4"))
    db.session.commit()
    recompute_without_the_key(4, unkeyed=True)
    report = verify_chain()
    assert not report.ok and report.first_broken_seq == 4
    assert "unkeyed entry after keyed ones" in report.reason


def test_a_rolled_back_head_is_detected_even_when_new_entries_follow(audit_files: Path) -> None:
    write_entries(6)
    checkpoint_now()
    db.session.execute(text("DELETE FROM audit_entries WHERE seq > 3"))
    db.session.commit()
    set_head(3)
    write_entries(3)  # the application carries on from entry 3, keyed with the real key
    report = verify_chain()
    assert not report.ok and report.first_broken_seq == 6
    assert "differs from the checkpoint" in report.reason


def test_a_forged_checkpoint_line_is_refused(audit_files: Path) -> None:
    write_entries(3)
    checkpoint_now()
    path = audit_files / "audit-checkpoints.jsonl"
    lines = checkpoint_lines(audit_files)
    lines[-1]["seq"] = 2
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    report = verify_chain()
    assert not report.ok and report.first_broken_seq is None
    assert "line 2" in report.reason and "signature" in report.reason


def _write_legacy_entries(count: int) -> None:
    """Entries as the application wrote them before the chain was keyed."""
    head = AuditHead(id=1, last_seq=0, last_hash=hashing.GENESIS_HASH)
    db.session.add(head)
    for seq in range(1, count + 1):
        entry = AuditEntry(
            seq=seq,
            at=AuditEntry.at.type.python_type.now(),
            action="case.view",
            details="{}",
            prev_hash=head.last_hash,
        )
        entry.entry_hash = hashing.compute_entry_hash(entry)
        db.session.add(entry)
        db.session.flush()
        head.last_seq, head.last_hash = seq, entry.entry_hash
    db.session.commit()


def test_legacy_entries_verify_up_to_the_first_keyed_one(audit_files: Path) -> None:
    _write_legacy_entries(3)
    assert not (audit_files / "audit.key").exists()
    write_entries(2)  # the first keyed append creates the key and pins the legacy head
    report = verify_chain()
    assert report.ok and report.checked == 5 and report.legacy == 3
    assert checkpoint_lines(audit_files)[0]["seq"] == 3
    # a legacy entry edited and the legacy chain recomputed: the pin at entry 3 no longer holds
    db.session.execute(text("UPDATE audit_entries SET action = 'case.edit' WHERE seq = 2"))
    db.session.commit()
    recompute_without_the_key(2, unkeyed=True)
    report = verify_chain()
    assert not report.ok and report.first_broken_seq in (3, 4)


def test_rotation_keys_new_entries_and_old_ones_still_verify(audit_files: Path) -> None:
    write_entries(2)
    checkpoint_now()
    old = load_audit_keyring(audit_files / "audit.key").active
    new = rotate_audit_key(audit_files / "audit.key")
    write_entries(2)
    checkpoint_now()
    key_ids = db.session.execute(select(AuditEntry.key_id).order_by(AuditEntry.seq)).scalars()
    assert list(key_ids) == [old, old, new, new]
    report = verify_chain()
    assert report.ok and report.checkpoints_matched == 2
    assert [line["key_id"] for line in checkpoint_lines(audit_files)] == [old, old, new]


def test_a_checkpoint_every_n_entries_after_commit_only(app: Flask, audit_files: Path) -> None:
    app.config["MLA_AUDIT_CHECKPOINT_EVERY"] = 3
    write_entries(2)
    audit.record("test.rolled_back", "thing", 1, {})  # entry 3, never committed
    db.session.rollback()
    assert [line["seq"] for line in checkpoint_lines(audit_files)] == [0]
    write_entries(5)
    assert [line["seq"] for line in checkpoint_lines(audit_files)] == [0, 3, 6]
    assert checkpoint_lines(audit_files)[1]["hash"] == entry_hash(3)
    assert verify_chain().ok
