"""Audit entries written in a transaction, to be chained once it has committed (per session).

`record` writes its entry as a row of the caller's transaction (with its own MAC, no seq) and
notes it here. As soon as the outermost transaction has committed, `chaining.chain_pending`
chains it, with whatever else has committed unchained meanwhile, in a transaction of its own on
the connection that committed (before the session gives it back: no second connection, no
second check-out). A rollback (of the transaction, or of the savepoint the entry was written
in) removes the row with the rest, and nothing is chained.
"""

from __future__ import annotations

import logging

from sqlalchemy import Connection, event, inspect
from sqlalchemy.orm import Session, SessionTransaction

from .chaining import ChainTarget, chain_pending
from .models import AuditEntry

LOG = logging.getLogger(__name__)

RECORDED = "audit_entries_recorded"
TARGET = "audit_chain_target"
CONNECTION = "audit_chain_connection"


def note_recorded(session: Session, entry: AuditEntry, target: ChainTarget) -> None:
    """Chain `entry` (already added to `session`) after the session's transaction commits."""
    install_chain_hooks()
    session.info.setdefault(RECORDED, []).append(entry)
    session.info[TARGET] = target


def _began(session: Session, transaction: SessionTransaction, connection: Connection) -> None:
    if transaction.parent is None:
        session.info[CONNECTION] = connection  # the one the outermost transaction commits on


def _after_commit(session: Session) -> None:
    if session.get_nested_transaction() is not None:
        return  # a savepoint released: its entries wait for the outermost COMMIT
    entries: list[AuditEntry] = session.info.pop(RECORDED, [])
    # entries of a savepoint that rolled back are no longer persistent: nothing to chain of them
    ids = [state.identity[0] for state in map(inspect, entries) if state.persistent]
    if not ids:
        return
    target: ChainTarget = session.info[TARGET]
    connection = session.info.get(CONNECTION)
    if connection is None or connection.closed or connection.engine is not target.engine:
        connection = None  # then a connection from the pool
    # the action has committed: an entry left unchained is chained by the next pass or by
    # `audit verify`, which reports it if it cannot be
    outcome = chain_pending(target, ids, connection)
    if outcome.problem:
        LOG.warning("audit entries %s committed but not chained: %s", ids, outcome.problem)


def _ended(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # committed (and chained), rolled back, or closed
        session.info.pop(RECORDED, None)
        session.info.pop(CONNECTION, None)


def install_chain_hooks() -> None:
    """Connect the hooks that chain a session's entries after its commit (idempotent)."""
    if not event.contains(Session, "after_commit", _after_commit):
        event.listen(Session, "after_begin", _began)
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_transaction_end", _ended)
