"""A chaining pass: its batches on both databases; on PostgreSQL the round trips it takes (two,
whether it chains or finds its entries chained by another pass) and its commit's durability."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from psycopg.pq import Trace
from sqlalchemy import Connection, select

from mla_tool.audit import chain_postgres, chaining
from mla_tool.audit import service as audit
from mla_tool.audit.chaining import ChainPass, ChainTarget, chain_pending
from mla_tool.audit.models import AuditEntry
from mla_tool.audit.verification import verify_chain
from mla_tool.extensions import db
from tests.factories.audit_files import audit_files, chaining_paused  # noqa: F401 -- fixtures

pytestmark = pytest.mark.usefixtures("audit_files", "chaining_paused")


def commit_entries(count: int) -> list[int]:
    """`count` transactions, each recording one entry (left unchained: chaining is paused)."""
    ids = []
    for index in range(count):
        entry = audit.record("attachment.download", "attachment", index, {"n": index})
        db.session.flush()
        ids.append(entry.id)
        db.session.commit()
    return ids


@contextmanager
def wire(connection: Connection) -> Iterator[list[str]]:
    """The messages the client sends to PostgreSQL on `connection` meanwhile, as libpq traces
    them: 'F', its length, its type and its fields, tab-separated."""
    pgconn = connection.connection.driver_connection.pgconn
    sent: list[str] = []
    with tempfile.TemporaryFile("w+") as trace:
        pgconn.trace(os.dup(trace.fileno()))
        pgconn.set_trace_flags(Trace.SUPPRESS_TIMESTAMPS | Trace.REGRESS_MODE)
        try:
            yield sent
        finally:
            pgconn.untrace()
            trace.seek(0)
            messages: list[str] = []
            for line in trace.read().splitlines():
                if line.startswith(("F\t", "B\t")) or not messages:
                    messages.append(line)
                else:  # a statement's text goes on over more lines
                    messages[-1] += "\n" + line
            sent.extend(message for message in messages if message.startswith("F\t"))


def round_trips(sent: list[str]) -> int:
    """Each Sync (the end of a pipeline or of an extended query) and each simple Query waits
    for the server's ReadyForQuery: one round trip each."""
    return sum(1 for line in sent if line.split("\t")[2] in ("Sync", "Query"))


def a_pass(own_ids: list[int] | None, every: int = 1000) -> tuple[ChainPass, list[str]]:
    """A pass on a connection of its own, as after a commit; what it did and what it sent."""
    target = ChainTarget.of_app()
    target = ChainTarget(target.engine, target.key_path, target.checkpoint_path, every)
    with db.engine.connect() as connection:
        connection.connection  # noqa: B018 -- checked out before the trace starts
        with wire(connection) as sent:
            outcome = chain_pending(target, own_ids, connection)
        assert not connection.in_transaction()
    return outcome, sent


def seqs() -> list[tuple[int, int | None]]:
    db.session.rollback()
    rows = db.session.execute(select(AuditEntry.id, AuditEntry.seq).order_by(AuditEntry.id))
    return [tuple(row) for row in rows]


def postgres_only() -> None:
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the round trips and synchronous_commit are PostgreSQL's")


@pytest.mark.parametrize("count", [4, 5])
def test_a_pass_goes_on_batch_after_batch_until_none_is_left(
    monkeypatch: pytest.MonkeyPatch, count: int
) -> None:
    """Four entries in batches of two end on an empty batch, five on a short one."""
    ids = commit_entries(count)
    monkeypatch.setattr(chaining, "BATCH", 2)
    monkeypatch.setattr(chain_postgres, "BATCH", 2)
    outcome = chain_pending(ChainTarget.of_app(), ids[-1:])
    assert outcome.problem == "" and outcome.chained == count
    assert seqs() == [(entry_id, seq) for seq, entry_id in enumerate(ids, start=1)]
    report = verify_chain()
    assert report.ok and report.checked == count and report.pending == 0


def test_a_pass_takes_two_round_trips_and_one_after_another_pass_chained_its_entries_two() -> None:
    postgres_only()
    first, second = commit_entries(2)
    outcome, sent = a_pass([first])  # the head is created: still the same two
    assert outcome.chained == 2 and round_trips(sent) == 2
    third = commit_entries(1)[0]
    outcome, sent = a_pass([third])
    assert outcome.chained == 1 and round_trips(sent) == 2
    # chained by the first pass: the lock is not taken; again and again, as many writers would
    # (psycopg prepares a statement at its fifth run: the prepared ones are kept)
    for _ in range(12):
        outcome, sent = a_pass([second])
        assert outcome.chained == 0 and outcome.problem == "" and round_trips(sent) == 2
        assert "DEALLOCATE" not in "\n".join(sent)
    assert seqs() == [(first, 1), (second, 2), (third, 3)]
    assert verify_chain().ok


@pytest.mark.parametrize(("every", "durable"), [(1000, False), (2, True)])
def test_a_pass_commits_without_waiting_for_the_disk_unless_it_signs_a_checkpoint(
    every: int, durable: bool
) -> None:
    postgres_only()
    ids = commit_entries(3)
    outcome, sent = a_pass(ids, every)
    assert outcome.chained == 3 and bool(outcome.checkpoints) is durable
    text = "\n".join(sent)
    not_durable = text.find(chain_postgres.NOT_DURABLE)
    assert (not_durable >= 0) is not durable
    assert text.count('"COMMIT"') == 1 and not_durable < text.find('"COMMIT"')
    assert verify_chain().ok


def test_a_pass_that_fails_chains_nothing_and_leaves_its_connection_as_it_found_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Its write fails: nothing of the pass stays, the connection is outside any transaction
    with psycopg's own transaction handling back, and the next pass chains the entries."""
    postgres_only()
    ids = commit_entries(2)
    failing = "SELECT 1 / 0 WHERE %s::int[] || %s::int[] IS NOT NULL AND %s || %s || %s || %s > ''"
    monkeypatch.setattr(chain_postgres, "_LINK_AND_MOVE_HEAD", failing)
    target = ChainTarget.of_app()
    with db.engine.connect() as connection:
        outcome = chain_pending(target, ids, connection)
        driver = connection.connection.driver_connection
        assert not driver.autocommit and driver.info.transaction_status.name == "IDLE"
        assert connection.execute(select(AuditEntry.seq)).scalars().all() == [None, None]
    assert outcome.problem == "the chaining transaction failed: DivisionByZero"
    assert outcome.chained == 0 and outcome.checkpoints == []
    monkeypatch.undo()
    outcome, _ = a_pass(ids)
    assert outcome.chained == 2 and seqs() == [(ids[0], 1), (ids[1], 2)]
    assert verify_chain().ok
