"""Entries written with their own MAC and chained after their commit: what the instant between the
two looks like, what an insider can do in it and what is reported, the readers of the log during
it, and entries chained as written (before migration 0026) next to the new ones."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from mla_tool.audit import pending
from mla_tool.audit import service as audit
from mla_tool.audit.chaining import ChainPass, ChainTarget, chain_pending
from mla_tool.audit.hashing import GENESIS_HASH, entry_mac, keyed_entry_hash
from mla_tool.audit.keyring import ensure_audit_key, load_audit_keyring
from mla_tool.audit.models import CHAINED_AT_WRITE, MAC_THEN_CHAINED, AuditEntry, AuditHead
from mla_tool.audit.verification import verify_chain
from mla_tool.extensions import db
from tests.factories.audit_files import audit_files, chaining_paused  # noqa: F401 -- fixtures
from tests.factories.migration_app import (  # noqa: F401 -- the fixtures
    empty_database_url,
    migration_app,
)

pytestmark = pytest.mark.usefixtures("audit_files")


def commit_entries(count: int, action: str = "attachment.download") -> list[int]:
    """`count` transactions, each recording one entry; their ids."""
    ids = []
    for index in range(count):
        ids.append(audit.record(action, "attachment", index, {"n": index}))
        db.session.flush()
        ids[-1] = ids[-1].id
        db.session.commit()
    return ids


def unchained_ids() -> list[int]:
    db.session.rollback()
    query = select(AuditEntry.id).where(AuditEntry.seq.is_(None)).order_by(AuditEntry.id)
    return list(db.session.execute(query).scalars())


def test_an_entry_is_written_with_its_mac_unchained_and_chained_at_its_commit(
    audit_files: Path,  # noqa: F811
) -> None:
    entry = audit.record("case.view", "case", 7, {"why": "review"})
    seen = db.session.execute(select(AuditEntry).where(AuditEntry.action == "case.view")).scalar()
    assert seen is entry and entry.id is not None  # the transaction reads its own entry
    assert (entry.seq, entry.prev_hash, entry.entry_hash) == (None, None, None)
    assert entry.format == MAC_THEN_CHAINED and len(entry.entry_mac) == 64
    keyring = load_audit_keyring(audit_files / "audit.key")
    assert entry.entry_mac == entry_mac(entry, keyring)
    db.session.commit()
    assert entry.seq == 1 and entry.prev_hash == GENESIS_HASH and entry.entry_hash
    assert db.session.get(AuditHead, 1).last_hash == entry.entry_hash
    report = verify_chain()
    assert report.ok and report.checked == 1 and report.pending == 0


@pytest.mark.usefixtures("chaining_paused")
def test_entries_committed_unchained_are_all_chained_by_one_pass_in_id_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ids = commit_entries(3)
    assert unchained_ids() == ids
    assert db.session.get(AuditHead, 1) is None  # nothing chained yet
    monkeypatch.undo()
    outcome = chain_pending(ChainTarget.of_app())
    assert outcome.problem == "" and outcome.chained == 3
    rows = db.session.execute(select(AuditEntry.id, AuditEntry.seq).order_by(AuditEntry.seq))
    assert [tuple(row) for row in rows] == [(ids[0], 1), (ids[1], 2), (ids[2], 3)]
    assert chain_pending(ChainTarget.of_app()).chained == 0  # nothing left
    assert verify_chain().ok


@pytest.mark.usefixtures("chaining_paused")
def test_verify_chains_what_is_pending_then_reports_an_entry_altered_before_it() -> None:
    ids = commit_entries(3)
    db.session.execute(
        text("UPDATE audit_entries SET details = :d WHERE id = :id"), {"d": '{"n":9}', "id": ids[1]}
    )
    db.session.commit()
    report = verify_chain()
    assert unchained_ids() == []  # all three chained: the alteration stays on record at its seq
    assert not report.ok and report.first_broken_seq == 2 and report.checked == 1
    assert "own MAC does not hold" in report.reason


def _insert_by_hand(values: dict[str, object]) -> None:
    row = {
        "at": datetime(2026, 12, 5, 12, 0),
        "action": "case.view",
        "details": "{}",
        "format": MAC_THEN_CHAINED,
        "entry_mac": "ab" * 32,
        "nonce": "00" * 16,
        "key_id": None,
        **values,
    }
    db.session.execute(
        text(
            "INSERT INTO audit_entries (at, action, details, format, entry_mac, nonce, key_id) "
            "VALUES (:at, :action, :details, :format, :entry_mac, :nonce, :key_id)"
        ),
        row,
    )
    db.session.commit()


def test_an_entry_inserted_without_the_key_is_chained_and_reported(
    audit_files: Path,  # noqa: F811
) -> None:
    commit_entries(2)
    active = load_audit_keyring(audit_files / "audit.key").active
    _insert_by_hand({"key_id": active})
    report = verify_chain()
    assert not report.ok and report.first_broken_seq == 3 and "own MAC" in report.reason


def test_an_entry_that_cannot_be_chained_is_named_by_its_id_and_holds_no_one_up() -> None:
    commit_entries(1)
    _insert_by_hand({"key_id": "a-key-nobody-has"})
    stuck = unchained_ids()
    commit_entries(2)  # chained past the stuck entry
    assert unchained_ids() == stuck
    report = verify_chain()
    assert not report.ok and report.first_broken_id == stuck[0] and report.checked == 3
    assert "a-key-nobody-has" in report.reason and "not chained" in report.reason


def test_an_unchained_entry_of_the_earlier_format_is_reported() -> None:
    commit_entries(1)
    _insert_by_hand({"format": CHAINED_AT_WRITE, "entry_mac": None})
    report = verify_chain()
    assert not report.ok and report.first_broken_id == unchained_ids()[0]
    assert "inserted by hand" in report.reason


def test_a_copy_of_a_genuine_entry_is_refused_not_chained_twice() -> None:
    commit_entries(2)
    with pytest.raises(IntegrityError):
        db.session.execute(
            text(
                "INSERT INTO audit_entries (at, actor_id, actor_email, action, object_type, "
                "object_id, details, key_id, format, entry_mac, nonce) "
                "SELECT at, actor_id, actor_email, action, object_type, object_id, details, "
                "key_id, format, entry_mac, nonce FROM audit_entries WHERE seq = 1"
            )
        )
    db.session.rollback()
    assert verify_chain().ok


def test_the_auditor_sees_entries_not_chained_yet_first(
    client, make_user, login, api_headers, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from mla_tool.audit import views

    auditor = make_user("auditor")
    headers = api_headers(auditor)
    commit_entries(2)
    monkeypatch.setattr(pending, "chain_pending", lambda *args: ChainPass())
    [waiting] = commit_entries(1, "keys.rotated")
    listed = client.get("/api/v1/audit", headers=headers).get_json()
    assert [(item["id"], item["seq"], item["entry_hash"]) for item in listed["items"][:1]] == [
        (waiting, None, None)
    ]
    seqs = [item["seq"] for item in listed["items"][1:]]
    assert None not in seqs and seqs == sorted(seqs, reverse=True)
    login(auditor)  # its entry (auth.login) is not chained either
    monkeypatch.setattr(views, "AUTO_VERIFY_LIMIT", 0)  # the page does not verify by itself
    rows = client.get("/audit/").get_data(as_text=True).split("<tbody>")[1].split("</tr>")
    assert ["not chained yet" in row for row in rows[:3]] == [True, True, False]
    assert "auth.login" in rows[0] and "keys.rotated" in rows[1]
    verified = client.get("/audit/?verify=1").get_data(as_text=True)
    assert "The chain verifies" in verified and "not chained yet" not in verified
    assert unchained_ids() == []
    status = client.get("/api/v1/audit/verification", headers=headers).get_json()
    assert status["ok"] and status["pending"] == 0 and status["first_broken_id"] is None


def _old_row(keyring, seq: int, prev_hash: str) -> dict[str, object]:  # type: ignore[no-untyped-def]
    entry = AuditEntry(
        seq=seq,
        at=datetime(2026, 11, 30, 9, seq),
        actor_id=None,
        actor_email="clerk@example.org",
        action="case.view",
        object_type="case",
        object_id=str(seq),
        details=json.dumps({"n": seq}),
        prev_hash=prev_hash,
        key_id=keyring.active,
    )
    entry.entry_hash = keyed_entry_hash(entry, keyring)
    columns = ("seq", "at", "actor_id", "actor_email", "action", "object_type", "object_id")
    return {
        name: getattr(entry, name)
        for name in (*columns, "details", "prev_hash", "entry_hash", "key_id")
    }


def test_entries_chained_as_written_before_0026_verify_next_to_new_ones(
    migration_app: Flask,  # noqa: F811
) -> None:
    with migration_app.app_context():
        upgrade(revision="0025")
        key_path = Path(migration_app.config["MLA_AUDIT_KEY_FILE"])
        ensure_audit_key(key_path)
        keyring = load_audit_keyring(key_path)
        rows, previous = [], GENESIS_HASH
        for seq in (1, 2, 3):
            rows.append(_old_row(keyring, seq, previous))
            previous = str(rows[-1]["entry_hash"])
        db.session.execute(
            text(
                "INSERT INTO audit_entries (seq, at, actor_id, actor_email, action, object_type, "
                "object_id, details, prev_hash, entry_hash, key_id) VALUES (:seq, :at, "
                ":actor_id, :actor_email, :action, :object_type, :object_id, :details, "
                ":prev_hash, :entry_hash, :key_id)"
            ),
            rows,
        )
        db.session.execute(
            text("INSERT INTO audit_head (id, last_seq, last_hash) VALUES (1, 3, :h)"),
            {"h": previous},
        )
        db.session.commit()
        upgrade(revision="0026")
        old = db.session.execute(
            select(AuditEntry.format, AuditEntry.entry_hash).order_by(AuditEntry.seq)
        ).all()
        assert [tuple(row) for row in old] == [(CHAINED_AT_WRITE, r["entry_hash"]) for r in rows]
        assert verify_chain().ok
        audit.record("case.view", "case", 4, {})
        db.session.commit()
        entries = db.session.execute(select(AuditEntry).order_by(AuditEntry.seq)).scalars().all()
        assert [(e.seq, e.format) for e in entries] == [(1, 1), (2, 1), (3, 1), (4, 2)]
        assert entries[3].prev_hash == previous
        assert [e.entry_hash for e in entries[:3]] == [r["entry_hash"] for r in rows]
        report = verify_chain()
        assert report.ok and report.checked == 4 and report.legacy == 0
        db.session.remove()
        db.engine.dispose()
