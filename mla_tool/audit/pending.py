"""Audit entries waiting for their transaction's commit: kept per session, dropped on rollback.

`record` queues an entry here instead of writing it; the commit hook of `audit.service` takes
the queue of the outermost transaction and chains it. An entry recorded inside a savepoint is
dropped when that savepoint rolls back, like the rows it describes; every entry is dropped when
the transaction rolls back or the session closes without committing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from .keyring import AuditKeyring
from .models import AuditEntry

QUEUE = "audit_entries_pending"
KEYRING = "audit_keyring_pending"


@dataclass(frozen=True)
class Queued:
    """An entry, and the savepoint it was recorded in (None: the outermost transaction)."""

    entry: AuditEntry
    savepoint: SessionTransaction | None


def queue_entry(session: Session, entry: AuditEntry, keyring: AuditKeyring) -> None:
    """Keep `entry` until the session's transaction ends; chained with `keyring` at commit."""
    install_rollback_hooks()
    if not session.in_transaction():
        session.begin()  # the entry belongs to a transaction, whose end settles it
    session.info.setdefault(QUEUE, []).append(Queued(entry, session.get_nested_transaction()))
    session.info[KEYRING] = keyring


def has_queued(session: Session) -> bool:
    return bool(session.info.get(QUEUE))


def take_queued(session: Session) -> tuple[list[AuditEntry], AuditKeyring | None]:
    """The entries to chain at the outermost commit, in the order recorded (the queue empties)."""
    queued: list[Queued] = session.info.pop(QUEUE, [])
    return [item.entry for item in queued], session.info.pop(KEYRING, None)


def _within(savepoint: SessionTransaction | None, boundary: SessionTransaction) -> bool:
    while savepoint is not None:
        if savepoint is boundary:
            return True
        savepoint = savepoint.parent
    return False


def _rolled_back(session: Session, previous: SessionTransaction) -> None:
    boundary: SessionTransaction | None = previous
    while boundary is not None and not boundary.nested:
        boundary = boundary.parent  # the rollback reached the enclosing savepoint or the root
    if boundary is None:
        _forget(session)
        return
    queued: list[Queued] = session.info.get(QUEUE, [])
    session.info[QUEUE] = [item for item in queued if not _within(item.savepoint, boundary)]


def _forget(session: Session, *_: Any) -> None:
    session.info.pop(QUEUE, None)
    session.info.pop(KEYRING, None)


def _ended(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # committed (queue already taken), rolled back or closed
        _forget(session)


def install_rollback_hooks() -> None:
    """Connect the hooks that drop entries with their transaction or savepoint (idempotent)."""
    if not event.contains(Session, "after_soft_rollback", _rolled_back):
        event.listen(Session, "after_soft_rollback", _rolled_back)
        event.listen(Session, "after_transaction_end", _ended)
