"""The audit entry is written in its action's transaction and chained right after its commit: with
the change it records or not at all, and (PostgreSQL) without any lock shared with other writers
while the rest of the transaction works; two writers' entries are both chained."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from mla_tool.audit import service as audit
from mla_tool.audit.models import AuditEntry, AuditHead
from mla_tool.audit.verification import verify_chain
from mla_tool.auth.models import User
from mla_tool.cases import opening
from mla_tool.cases.models import Case, CaseEvent
from mla_tool.cases.timeline import add_event
from mla_tool.extensions import db

WAIT_S = 20


def open_case(actor: Any, title: str = "Bribery") -> Case:
    case = opening.open_case(
        direction="outgoing", kind="mla", counterpart_state="EGY", title=title, actor=actor
    )
    db.session.commit()
    return case


def notes_and_entries(case_id: int) -> tuple[int, int]:
    db.session.rollback()  # read what is committed
    notes = db.session.execute(
        select(func.count())
        .select_from(CaseEvent)
        .where(CaseEvent.case_id == case_id, CaseEvent.type == "note")
    ).scalar_one()
    entries = db.session.execute(
        select(func.count())
        .select_from(AuditEntry)
        .where(AuditEntry.action == "case.event", AuditEntry.object_id == str(case_id))
    ).scalar_one()
    return notes, entries


@pytest.fixture
def caseworker(make_user: Callable[..., Any]) -> Any:
    return make_user("caseworker")


def test_a_rolled_back_note_leaves_no_audit_entry(caseworker: Any) -> None:
    case = open_case(caseworker)
    head_before = db.session.get(AuditHead, 1).last_seq
    add_event(case, "note", caseworker, note="never saved")
    db.session.rollback()
    assert notes_and_entries(case.id) == (0, 0)
    assert db.session.get(AuditHead, 1).last_seq == head_before
    assert verify_chain().ok


def test_a_committed_note_appears_with_its_audit_entry(caseworker: Any) -> None:
    case = open_case(caseworker)
    head_before = db.session.get(AuditHead, 1).last_seq
    add_event(case, "note", caseworker, note="saved")
    entry = audit.record("test.second", "case", case.id, {})
    assert entry.seq is None  # chained after the commit, not before
    db.session.commit()
    assert entry.seq == head_before + 2  # both entries of the transaction, in the order recorded
    assert notes_and_entries(case.id) == (1, 1)
    assert db.session.get(AuditHead, 1).last_seq == entry.seq
    report = verify_chain()
    assert report.ok and report.head_hash == entry.entry_hash


def test_a_commit_that_fails_writes_neither_the_change_nor_its_entry(caseworker: Any) -> None:
    case = open_case(caseworker)
    add_event(case, "note", caseworker, note="lost with its transaction")
    db.session.add(User(email=caseworker.email, password_hash="x", role="caseworker"))
    with pytest.raises(IntegrityError):
        db.session.commit()  # the duplicate e-mail fails the commit, after the entry was queued
    db.session.rollback()
    assert notes_and_entries(case.id) == (0, 0)
    add_event(db.session.get(Case, case.id), "note", caseworker, note="the next one")
    db.session.commit()
    assert notes_and_entries(case.id) == (1, 1)
    assert verify_chain().ok


def test_an_entry_recorded_in_a_savepoint_rolls_back_with_it(caseworker: Any) -> None:
    case = open_case(caseworker)
    add_event(case, "note", caseworker, note="kept")
    savepoint = db.session.begin_nested()
    audit.record("test.undone", "case", case.id, {})
    savepoint.rollback()
    with db.session.begin_nested():
        audit.record("test.released", "case", case.id, {})
    db.session.commit()
    actions = db.session.execute(
        select(AuditEntry.action).where(
            AuditEntry.object_type == "case", AuditEntry.object_id == str(case.id)
        )
    ).scalars()
    assert sorted(actions) == ["case.event", "case.open", "test.released"]
    assert verify_chain().ok


def test_a_writer_still_working_does_not_hold_back_another_writers_audited_commit(
    app: Flask, caseworker: Any
) -> None:
    """Thread A adds a note (entry recorded, rows flushed) and waits before committing; thread B
    adds a note to another case and commits meanwhile. Before, A held the chain's head from its
    record() to its commit, and B waited for it."""
    if db.engine.dialect.name == "sqlite":
        pytest.skip("SQLite has one write lock per database: A's flushed note holds it anyway")
    first, second = open_case(caseworker, "First").id, open_case(caseworker, "Second").id
    user_id = caseworker.id
    a_recorded, b_committed = threading.Event(), threading.Event()
    b_before_a: list[bool] = []
    failures: list[BaseException] = []

    def note(case_id: int, text: str) -> None:
        add_event(db.session.get(Case, case_id), "note", db.session.get(User, user_id), note=text)

    def writer_a() -> None:
        with app.app_context():
            try:
                note(first, "A, slow")
                db.session.flush()
                a_recorded.set()
                # A's work goes on until B has committed, or until the wait ends
                b_before_a.append(b_committed.wait(WAIT_S))
                db.session.commit()
            except BaseException as error:  # noqa: BLE001 - reported by the assertions below
                failures.append(error)
            finally:
                db.session.remove()

    def writer_b() -> None:
        with app.app_context():
            try:
                assert a_recorded.wait(WAIT_S)
                note(second, "B, quick")
                db.session.commit()
                b_committed.set()
            except BaseException as error:  # noqa: BLE001 - reported by the assertions below
                failures.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=writer_a), threading.Thread(target=writer_b)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=2 * WAIT_S + 10)
    assert failures == []
    assert b_before_a == [True]  # B committed while A was still at work, not after it
    db.session.rollback()
    order = db.session.execute(
        select(AuditEntry.object_id)
        .where(AuditEntry.action == "case.event")
        .order_by(AuditEntry.seq)
    ).scalars()
    assert list(order) == [str(second), str(first)]  # B's entry was chained first
    assert verify_chain().ok


def test_two_writers_committing_at_once_both_have_their_entries_chained(
    app: Flask, caseworker: Any
) -> None:
    """Both transactions have written their note and entry before either commits; then both
    commit at the same moment. Each entry is chained (by its own pass, or by the other's)."""
    cases = [open_case(caseworker, "First").id, open_case(caseworker, "Second").id]
    user_id = caseworker.id
    written = threading.Barrier(2)
    failures: list[BaseException] = []

    def writer(case_id: int) -> None:
        with app.app_context():
            try:
                user = db.session.get(User, user_id)
                if db.engine.dialect.name == "sqlite":
                    written.wait(WAIT_S)  # one write lock: they cannot both have written first
                add_event(db.session.get(Case, case_id), "note", user, note="at once")
                db.session.flush()
                if db.engine.dialect.name != "sqlite":
                    written.wait(WAIT_S)
                db.session.commit()
            except BaseException as error:  # noqa: BLE001 - reported by the assertions below
                failures.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=writer, args=(case_id,)) for case_id in cases]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=2 * WAIT_S + 10)
    assert failures == []
    assert [notes_and_entries(case_id) for case_id in cases] == [(1, 1), (1, 1)]
    unchained = db.session.execute(
        select(func.count()).select_from(AuditEntry).where(AuditEntry.seq.is_(None))
    ).scalar_one()
    assert unchained == 0
    assert verify_chain().ok
