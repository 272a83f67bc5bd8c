"""Concurrent appends: the chaining passes after the commits link them into one chain, and the
checkpoints they write (every N entries) all name committed entries, so the chain verifies
against them; 16 writers at once leave no entry unchained."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from mla_tool.audit import service as audit
from mla_tool.audit.models import AuditEntry
from mla_tool.audit.verification import verify_chain
from mla_tool.extensions import db
from tests.factories.audit_files import audit_files  # noqa: F401 -- the fixture

WRITERS = 4
EACH = 15


@pytest.fixture(autouse=True)
def checkpoint_every_four(app: Flask, audit_files: Path) -> Path:  # noqa: F811
    """The test's own audit files (restored after it), a checkpoint every 4 entries."""
    app.config["MLA_AUDIT_CHECKPOINT_EVERY"] = 4
    return audit_files


def test_concurrent_appends_form_one_chain_matching_every_checkpoint(
    app: Flask, audit_files: Path
) -> None:
    audit.record("test.start", "thing", 0, {})  # creates the key before the writers race
    db.session.commit()
    errors: list[BaseException] = []
    start = threading.Barrier(WRITERS)

    def writer(number: int) -> None:
        try:
            with app.app_context():
                start.wait()
                for index in range(EACH):
                    audit.record("test.concurrent", "writer", number, {"i": index})
                    if index % 5 == 4:
                        db.session.rollback()  # an action that fails takes its entry with it
                    else:
                        db.session.commit()
                db.session.remove()
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    committed = 1 + WRITERS * (EACH - EACH // 5)
    seqs = db.session.execute(select(AuditEntry.seq).order_by(AuditEntry.seq)).scalars().all()
    assert seqs == list(range(1, committed + 1))
    lines = (audit_files / "audit-checkpoints.jsonl").read_text().splitlines()
    pinned = sorted(json.loads(line)["seq"] for line in lines)
    # every committed 4th entry has its checkpoint; the rolled-back ones none
    assert pinned == [0, *range(4, committed + 1, 4)]
    report = verify_chain()
    assert report.ok, report
    assert report.checked == committed and report.checkpoints_matched == len(pinned) - 1


def test_sixteen_writers_at_once_are_all_chained_and_verify(app: Flask) -> None:
    """Each writer commits its entries in transactions of its own as fast as it can: the entries
    committed while another pass holds the chain's lock are chained by the next pass."""
    writers, each = 16, 8
    audit.record("test.start", "thing", 0, {})
    db.session.commit()
    errors: list[BaseException] = []
    start = threading.Barrier(writers)

    def writer(number: int) -> None:
        try:
            with app.app_context():
                start.wait()
                for index in range(each):
                    audit.record("test.sixteen", "writer", number, {"i": index})
                    db.session.commit()
                db.session.remove()
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert errors == []
    db.session.rollback()
    rows = db.session.execute(select(AuditEntry.seq, AuditEntry.object_id)).all()
    assert sorted(seq for seq, _ in rows) == list(range(1, 1 + writers * each + 1))
    per_writer = [sum(1 for _, writer_id in rows if writer_id == str(n)) for n in range(writers)]
    assert per_writer[1:] == [each] * (writers - 1) and per_writer[0] == each + 1
    report = verify_chain()
    assert report.ok, report
    assert report.checked == 1 + writers * each and report.pending == 0
