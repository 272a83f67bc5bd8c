"""A chaining pass on PostgreSQL in two round trips, in psycopg's pipeline mode.

Every audited commit is followed by a pass, so the pass sends its statements without waiting
between them where it can (psycopg's pipeline: each `with connection.pipeline()` block below is
one round trip, its results read at the block's end):

1. BEGIN (sent by the pass itself: psycopg would wait for its own); the chain's lock, taken only
   if the committing transaction's entries are still unchained (a transaction-level advisory
   lock, which is no write); the head with the unchained entries. The server runs the read once
   the lock is granted, and (READ COMMITTED: each statement takes its own snapshot) sees every
   pass committed before it. If the lock was not taken, another pass has chained these
   entries: the read is dropped unread, and a COMMIT ends the empty transaction.
2. The links and the head (one statement, a data-modifying WITH over arrays; the head row is
   inserted first if it has never been), and the COMMIT: without waiting for its WAL flush
   unless the pass crosses a checkpoint (see `NOT_DURABLE`).

More than `BATCH` unchained entries take one more round trip per batch (its links sent with the
read of the next). The links are computed in Python between the two: the audit key never goes
to the database.
"""

from __future__ import annotations

from psycopg import Connection, Cursor
from psycopg import Error as DriverError
from psycopg.pq import TransactionStatus
from psycopg.rows import namedtuple_row

from .chain_links import BATCH, ChainPass, PassFailed, link_batch, tip_of
from .hashing import GENESIS_HASH
from .keyring import AuditKeyring
from .models import MAC_THEN_CHAINED

#: pg_advisory_xact_lock's key for the chain (any fixed number no other lock uses: "audt").
CHAIN_LOCK_KEY = 0x61756474

# the function in the select list runs only if the condition holds
_LOCK_IF_OWN_UNCHAINED = """
    SELECT pg_advisory_xact_lock(%s)
    WHERE EXISTS (SELECT FROM audit_entries WHERE seq IS NULL AND id = ANY(%s::integer[]))
"""
_LOCK_IF_ANY_UNCHAINED = """
    SELECT pg_advisory_xact_lock(%s)
    WHERE EXISTS (SELECT FROM audit_entries WHERE seq IS NULL)
"""
# unchained entries of the format after an id, by id, each with the head (NULL if none)
_READ = """
    SELECT e.id, e.key_id, e.entry_mac, h.last_seq AS head_seq, h.last_hash AS head_hash
    FROM audit_entries AS e LEFT JOIN audit_head AS h ON h.id = 1
    WHERE e.seq IS NULL AND e.format = %s AND e.id > %s
    ORDER BY e.id LIMIT %s
"""
# under the lock nobody else creates it
_CREATE_HEAD = "INSERT INTO audit_head (id, last_seq, last_hash) VALUES (1, 0, %s)"
# an entry chained meanwhile is left as it is: the gap it leaves is reported
_LINK_AND_MOVE_HEAD = """
    WITH linked AS (
        UPDATE audit_entries AS e
        SET seq = l.seq, prev_hash = l.prev_hash, entry_hash = l.entry_hash
        FROM unnest(%s::integer[], %s::integer[], %s::varchar[], %s::varchar[])
            AS l(id, seq, prev_hash, entry_hash)
        WHERE e.id = l.id AND e.seq IS NULL
    )
    UPDATE audit_head SET last_seq = %s, last_hash = %s WHERE id = 1
"""
#: This pass's COMMIT does not wait for its WAL to reach the disk (for this transaction only).
#: A pass only derives what the entries, committed durably with their actions, already
#: determine: were it lost in a crash, its entries would be unchained again and the next pass
#: would chain them anew. WAL is written in order, so any later durable commit makes this one
#: durable too. A pass that crosses a checkpoint keeps the durable commit: the signed file must
#: never name a link the database could lose. So an audited write costs its own commit's
#: flush, not two.
NOT_DURABLE = "SET LOCAL synchronous_commit TO off"


def chain_on_postgres(
    connection: Connection,
    keyring: AuditKeyring,
    every: int,
    own_ids: list[int] | None,
    result: ChainPass,
) -> None:
    """Chain every committed unchained entry in a transaction begun and ended here (on
    `connection`, outside any transaction); `own_ids`: see `chaining.chain_pending`.

    The pass sends its own BEGIN and COMMIT with its other statements: psycopg, left to begin
    the transaction itself, would send its BEGIN in a round trip of its own. A driver error is
    raised as PassFailed, so that the callers need not import psycopg (SQLite never loads it)."""
    connection.autocommit = True
    try:
        _chain(connection, keyring, every, own_ids, result)
    except DriverError as error:
        raise PassFailed(type(error).__name__) from error
    finally:
        if connection.info.transaction_status != TransactionStatus.IDLE:
            connection.rollback()  # the pass failed: nothing of it stays
        connection.autocommit = False


def _chain(
    connection: Connection,
    keyring: AuditKeyring,
    every: int,
    own_ids: list[int] | None,
    result: ChainPass,
) -> None:
    writer, locker = connection.cursor(), connection.cursor()
    reader = connection.cursor(row_factory=namedtuple_row)
    with connection.pipeline():
        writer.execute("BEGIN", prepare=False)
        if own_ids is None:
            locker.execute(_LOCK_IF_ANY_UNCHAINED, (CHAIN_LOCK_KEY,))
        else:
            locker.execute(_LOCK_IF_OWN_UNCHAINED, (CHAIN_LOCK_KEY, own_ids))
        reader.execute(_READ, _after(0))
    rows = reader.fetchall()
    if locker.fetchone() is None or not rows:
        # chained by another pass, or nothing of the format to chain: the transaction wrote
        # nothing, and ends without psycopg's rollback(), which forgets the statements the
        # connection has prepared (and has them deallocated: one more round trip)
        writer.execute("COMMIT", prepare=False)
        return
    head_missing = rows[0].head_seq is None
    tip = tip_of(rows[0])
    while rows:
        links, tip = link_batch(rows, tip, keyring, every, result)
        last = len(rows) < BATCH
        with connection.pipeline():
            if head_missing:
                writer.execute(_CREATE_HEAD, (GENESIS_HASH,))
                head_missing = False
            if links:
                columns = [list(column) for column in zip(*links, strict=True)]
                writer.execute(_LINK_AND_MOVE_HEAD, (*columns, *tip))
            if last:
                _commit(writer, result)
            else:
                reader.execute(_READ, _after(rows[-1].id))
        rows = [] if last else reader.fetchall()
        if not last and not rows:
            with connection.pipeline():
                _commit(writer, result)


def _after(entry_id: int) -> tuple[int, int, int]:
    return (MAC_THEN_CHAINED, entry_id, BATCH)


def _commit(writer: Cursor, result: ChainPass) -> None:
    if result.chained and not result.checkpoints:
        writer.execute(NOT_DURABLE, prepare=False)
    writer.execute("COMMIT", prepare=False)
