"""The hash-chained audit log: appends, and detection of edited, deleted and reordered rows."""

from __future__ import annotations

from sqlalchemy import text

from mla_tool.audit import hashing
from mla_tool.audit import service as audit
from mla_tool.audit.models import AuditEntry
from mla_tool.audit.verification import verify_chain
from mla_tool.extensions import db


def _write_entries(count: int = 5) -> None:
    for index in range(count):
        audit.record("test.action", "thing", index, {"n": index, "text": "نص عربي"})
    db.session.commit()


def test_entries_chain_by_hash() -> None:
    _write_entries()
    entries = db.session.query(AuditEntry).order_by(AuditEntry.seq).all()
    assert [entry.seq for entry in entries] == [1, 2, 3, 4, 5]
    assert entries[0].prev_hash == hashing.GENESIS_HASH
    for before, after in zip(entries, entries[1:], strict=False):
        assert after.prev_hash == before.entry_hash
    assert verify_chain().ok


def test_edited_entry_is_detected() -> None:
    _write_entries()
    db.session.execute(
        text("UPDATE audit_entries SET details = :d WHERE seq = 3"), {"d": '{"n":99}'}
    )
    db.session.commit()
    report = verify_chain()
    assert not report.ok and report.first_broken_seq == 3


def test_deleted_entry_is_detected() -> None:
    _write_entries()
    db.session.execute(text("DELETE FROM audit_entries WHERE seq = 2"))
    db.session.commit()
    report = verify_chain()
    assert not report.ok and report.first_broken_seq == 2


def test_deleted_last_entry_is_detected() -> None:
    _write_entries()
    db.session.execute(text("DELETE FROM audit_entries WHERE seq = 5"))
    db.session.commit()
    assert not verify_chain().ok


def test_reordered_entries_are_detected() -> None:
    _write_entries()
    # swap the sequence numbers (and so the order) of entries 2 and 3
    db.session.execute(text("UPDATE audit_entries SET seq = -1 WHERE seq = 2"))
    db.session.execute(text("UPDATE audit_entries SET seq = 2 WHERE seq = 3"))
    db.session.execute(text("UPDATE audit_entries SET seq = 3 WHERE seq = -1"))
    db.session.commit()
    report = verify_chain()
    assert not report.ok and report.first_broken_seq == 2


def test_entry_rolls_back_with_its_action(make_user) -> None:
    audit.record("test.rolled_back", "thing", 1, {})
    db.session.rollback()
    assert db.session.query(AuditEntry).count() == 0


def test_login_and_logout_are_audited(client, make_user, login) -> None:
    user = make_user()
    login(user)
    actions = [entry.action for entry in db.session.query(AuditEntry).order_by(AuditEntry.seq)]
    assert actions[-1] == "auth.login"
    assert "user.create" in actions
