"""Linking committed audit entries into the chain: one short transaction, under the chain's lock.

`chain_pending` takes the chain's lock (PostgreSQL: a transaction-level advisory lock, which is no
write, so a pass that finds nothing to chain commits without a WAL flush; SQLite: the write lock,
which reading the head `FOR UPDATE` takes first, see mla_tool.transactions), reads the head, and
gives every committed entry still without a `seq` the next one, in the order of their ids, with
the previous entry's hash and the MAC of that link. One pass chains whatever has committed by
then, so writers that commit together share one chaining commit. It runs on a connection of its
own, after the caller's transaction has ended (`pending.py`), and from `audit verify`.

An entry is chained even if its own MAC does not hold: its alteration then stays in the chain,
at its seq, for verification to report (left unchained, it could later be removed unseen). What
cannot be chained is an entry of another format, or one naming a key the key file does not
hold: it stays without a seq, and verification reports it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app
from sqlalchemy import Connection, Engine, bindparam, func, insert, select, update
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db
from .checkpoints import append_checkpoint, sign_checkpoint
from .hashing import GENESIS_HASH, link_hash
from .keyring import AuditKeyError, AuditKeyring, load_audit_keyring
from .models import MAC_THEN_CHAINED, AuditEntry, AuditHead

LOG = logging.getLogger(__name__)

#: pg_advisory_xact_lock's key for the chain (any fixed number no other lock uses: "audt").
CHAIN_LOCK_KEY = 0x61756474
#: Entries read and updated per statement of a pass (a pass goes on until none is left).
BATCH = 1000


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


@dataclass
class ChainPass:
    """What a pass did: the entries it chained, and why it could not run, if so."""

    chained: int = 0
    problem: str = ""
    checkpoints: list[tuple[int, str]] = field(default_factory=list)  # (seq, hash) to sign


def _lock_and_read_head(connection: Connection) -> tuple[int, str]:
    head = select(AuditHead.last_seq, AuditHead.last_hash).where(AuditHead.id == 1)
    if connection.dialect.name == "postgresql":
        connection.execute(select(func.pg_advisory_xact_lock(CHAIN_LOCK_KEY)))
    else:
        head = head.with_for_update()  # SQLite: takes the write lock before the first read
    row = connection.execute(head).one_or_none()
    if row is None:  # the first entry ever; under the lock nobody else creates it
        new_head = insert(AuditHead.__table__).values(id=1, last_seq=0, last_hash=GENESIS_HASH)
        connection.execute(new_head)
        return 0, GENESIS_HASH
    return int(row.last_seq), str(row.last_hash)


def _anything_to_chain(connection: Connection, ids: list[int] | None) -> bool:
    """Whether these entries (None: any entry) are still unchained: read without the lock, so
    that a pass with nothing to do neither waits for it nor (SQLite) for the write lock."""
    unchained = select(AuditEntry.id).where(AuditEntry.seq.is_(None))
    if ids is not None:
        unchained = unchained.where(AuditEntry.id.in_(ids))
    return connection.execute(unchained.limit(1)).first() is not None


def _chain_batches(
    connection: Connection, keyring: AuditKeyring, every: int, result: ChainPass
) -> None:
    last_seq, last_hash = _lock_and_read_head(connection)
    after_id = 0
    while True:
        rows = connection.execute(
            select(AuditEntry.id, AuditEntry.key_id, AuditEntry.entry_mac)
            .where(
                AuditEntry.seq.is_(None),
                AuditEntry.format == MAC_THEN_CHAINED,
                AuditEntry.id > after_id,
            )
            .order_by(AuditEntry.id)
            .limit(BATCH)
        ).all()
        links = []
        for row in rows:
            after_id = row.id
            if row.key_id not in keyring.mac_keys:
                continue  # cannot be chained: verification names it
            last_seq += 1
            entry_hash = link_hash(row.key_id, last_seq, last_hash, row.entry_mac, keyring)
            links.append({"b_id": row.id, "seq": last_seq, "prev": last_hash, "hash": entry_hash})
            last_hash = entry_hash
            if last_seq % every == 0:
                result.checkpoints.append((last_seq, entry_hash))
        if links:
            table = AuditEntry.__table__
            connection.execute(
                update(table)
                .where(table.c.id == bindparam("b_id"), table.c.seq.is_(None))
                .values(seq=bindparam("seq"), prev_hash=bindparam("prev"))
                .values(entry_hash=bindparam("hash")),
                links,
            )
            result.chained += len(links)
        if len(rows) < BATCH:
            break
    if result.chained:
        head = AuditHead.__table__
        connection.execute(
            update(head).where(head.c.id == 1).values(last_seq=last_seq, last_hash=last_hash)
        )


def chain_pending(target: ChainTarget, own_ids: list[int] | None = None) -> ChainPass:
    """Chain every committed unchained entry, in one transaction of its own; then sign a
    checkpoint of each entry whose seq is a multiple of `target.every`.

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
        with target.engine.connect() as connection:
            to_chain = _anything_to_chain(connection, own_ids)
            connection.rollback()  # a read alone: the pass below is a transaction of its own
            if not to_chain:
                return result
            with connection.begin():
                _chain_batches(connection, keyring, target.every, result)
    except SQLAlchemyError as error:
        result.problem = f"the chaining transaction failed: {type(error).__name__}"
        result.chained, result.checkpoints = 0, []
        LOG.warning("audit entries not chained: %s", error)
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
