"""Linking committed audit entries into the chain: one short transaction, under the chain's lock.

`chain_pending` takes the chain's lock, reads the head, and gives every committed entry still
without a `seq` the next one, in the order of their ids, with the previous entry's hash and the
MAC of that link (`chain_links.py`). One pass chains whatever has committed by then, so writers
that commit together share one chaining commit. It runs right after the caller's commit, in a
transaction of its own on the connection that committed (`pending.py`), and from `audit verify`
on a connection from the pool. On PostgreSQL the pass takes two round trips (`chain_postgres.py`:
an advisory lock, taken only if the committing transaction's entries are still unchained, sent
with the read; then the links with the COMMIT); on SQLite the write lock, which reading the head
`FOR UPDATE` takes first (see mla_tool.transactions), and plainer statements (`chain_sql.py`).

An entry is chained even if its own MAC does not hold: its alteration then stays in the chain,
at its seq, for verification to report (left unchained, it could later be removed unseen). What
cannot be chained is an entry of another format, or one naming a key the key file does not
hold: it stays without a seq, and verification reports it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from sqlalchemy import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db
from .chain_links import BATCH, ChainPass, PassFailed, link_batch, tip_of
from .chain_sql import create_head, lock_if_unchained, unchained_batch, write_links
from .checkpoints import append_checkpoint, sign_checkpoint
from .keyring import AuditKeyError, AuditKeyring, load_audit_keyring

__all__ = ["ChainPass", "ChainTarget", "chain_pending"]

LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class ChainTarget:
    """Where a pass runs: the engine, the key and checkpoint files, the checkpoint interval."""

    engine: Engine
    key_path: Path
    checkpoint_path: Path
    every: int

    @classmethod
    def of_app(cls) -> ChainTarget:
        config = current_app.config
        return cls(
            db.engine,
            Path(config["MLA_AUDIT_KEY_FILE"]),
            Path(config["MLA_AUDIT_CHECKPOINT_FILE"]),
            int(config.get("MLA_AUDIT_CHECKPOINT_EVERY", 1000)),
        )


def _chain_batches(
    connection: Connection,
    keyring: AuditKeyring,
    every: int,
    own_ids: list[int] | None,
    result: ChainPass,
) -> None:
    if not lock_if_unchained(connection, own_ids):
        return  # another pass chained them (or, without own_ids, nothing is unchained)
    rows = unchained_batch(connection, 0, BATCH)
    if not rows:
        return
    if rows[0].head_seq is None:  # the first entry ever: under the lock nobody else creates it
        create_head(connection)
    tip = tip_of(rows[0])
    while rows:
        links, tip = link_batch(rows, tip, keyring, every, result)
        if links:
            write_links(connection, links, tip)
        rows = unchained_batch(connection, rows[-1].id, BATCH) if len(rows) == BATCH else []


def _chain(
    connection: Connection,
    keyring: AuditKeyring,
    every: int,
    own_ids: list[int] | None,
    result: ChainPass,
) -> None:
    """One pass on `connection`, in the transaction begun by the caller (which PostgreSQL's
    pass ends itself: the caller's COMMIT then has nothing left to do)."""
    if connection.dialect.name == "postgresql":
        from .chain_postgres import chain_on_postgres  # psycopg: loaded for PostgreSQL only

        driver_connection = connection.connection.driver_connection
        chain_on_postgres(driver_connection, keyring, every, own_ids, result)
    else:
        _chain_batches(connection, keyring, every, own_ids, result)


def chain_pending(
    target: ChainTarget,
    own_ids: list[int] | None = None,
    connection: Connection | None = None,
) -> ChainPass:
    """Chain every committed unchained entry, in one transaction of its own (on `connection`,
    which must be outside any transaction, or on one from the pool); then sign a checkpoint of
    each entry whose seq is a multiple of `target.every`.

    `own_ids`: the entries of the transaction that just committed; when another pass has already
    chained them all, nothing is done (that pass had the lock, and chained them). Without them,
    nothing is done when no entry at all is unchained."""
    result = ChainPass()
    try:
        keyring = load_audit_keyring(target.key_path)
    except AuditKeyError as error:
        result.problem = str(error)
        return result
    try:
        if connection is not None:
            with connection.begin():
                _chain(connection, keyring, target.every, own_ids, result)
        else:
            with target.engine.connect() as fresh, fresh.begin():
                _chain(fresh, keyring, target.every, own_ids, result)
    except (SQLAlchemyError, PassFailed) as error:
        failure = str(error) if isinstance(error, PassFailed) else type(error).__name__
        result.problem = f"the chaining transaction failed: {failure}"
        result.chained, result.checkpoints = 0, []
        LOG.warning("audit entries not chained: %s", failure)
        return result
    _write_checkpoints(target, keyring, result)
    return result


def _write_checkpoints(target: ChainTarget, keyring: AuditKeyring, result: ChainPass) -> None:
    # the pass has committed: each checkpoint names a committed entry
    for seq, entry_hash in result.checkpoints:
        try:
            append_checkpoint(target.checkpoint_path, sign_checkpoint(keyring, seq, entry_hash))
        except (OSError, AuditKeyError) as error:
            # a missed checkpoint is reported, the next one covers it
            LOG.warning("audit checkpoint of entry %s not written: %s", seq, type(error).__name__)
