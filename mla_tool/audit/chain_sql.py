"""The statements of a chaining pass, each one round trip on PostgreSQL: lock, read, link.

Every audited commit is followed by a pass, so its statements are few: on PostgreSQL the lock is
taken only if the committing transaction's entries are still unchained (one statement), the head
comes with the unchained entries (one), and the entries and the head are written by one
statement (a data-modifying WITH over arrays). SQLite, in-process, runs plainer statements.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from sqlalchemy import Connection, Row, bindparam, exists, func, insert, select, text, update

from .hashing import GENESIS_HASH
from .models import MAC_THEN_CHAINED, AuditEntry, AuditHead

#: pg_advisory_xact_lock's key for the chain (any fixed number no other lock uses: "audt").
CHAIN_LOCK_KEY = 0x61756474


class Link(NamedTuple):
    """What a pass writes into one entry."""

    id: int
    seq: int
    prev_hash: str
    hash: str


def _unchained(own_ids: list[int] | None) -> Any:
    condition = exists().where(AuditEntry.seq.is_(None))
    return condition.where(AuditEntry.id.in_(own_ids)) if own_ids is not None else condition


def lock_if_unchained(connection: Connection, own_ids: list[int] | None) -> bool:
    """Take the chain's lock if these entries (None: any entry) are still unchained; False (and
    no lock) when they are not. The check reads without the lock, so a writer whose entries
    another pass has chained waits for nobody; after the lock, the next read sees every commit."""
    if connection.dialect.name == "postgresql":
        # one statement: the function in the select list runs only if the condition holds
        locked = select(func.pg_advisory_xact_lock(CHAIN_LOCK_KEY)).where(_unchained(own_ids))
        return connection.execute(locked).first() is not None
    if not connection.execute(select(_unchained(own_ids))).scalar():
        return False
    # SQLite: reading FOR UPDATE takes the write lock first (mla_tool.transactions)
    connection.execute(select(AuditHead.id).with_for_update())
    return True


def unchained_batch(connection: Connection, after_id: int, limit: int) -> Sequence[Row[Any]]:
    """Unchained entries of the chained format after `after_id`, by id, each with the head
    (`head_seq` is None when there is no head row yet)."""
    head = AuditHead.__table__.c
    head_seq = select(head.last_seq).where(head.id == 1).scalar_subquery()
    head_hash = select(head.last_hash).where(head.id == 1).scalar_subquery()
    return connection.execute(
        select(
            AuditEntry.id,
            AuditEntry.key_id,
            AuditEntry.entry_mac,
            head_seq.label("head_seq"),
            head_hash.label("head_hash"),
        )
        .where(
            AuditEntry.seq.is_(None),
            AuditEntry.format == MAC_THEN_CHAINED,
            AuditEntry.id > after_id,
        )
        .order_by(AuditEntry.id)
        .limit(limit)
    ).all()


def create_head(connection: Connection) -> None:
    connection.execute(insert(AuditHead.__table__).values(id=1, last_seq=0, last_hash=GENESIS_HASH))


_LINK_AND_MOVE_HEAD = text(
    """
    WITH linked AS (
        UPDATE audit_entries AS e
        SET seq = l.seq, prev_hash = l.prev_hash, entry_hash = l.entry_hash
        FROM unnest(
            CAST(:ids AS integer[]), CAST(:seqs AS integer[]),
            CAST(:prev_hashes AS varchar[]), CAST(:hashes AS varchar[])
        ) AS l(id, seq, prev_hash, entry_hash)
        WHERE e.id = l.id AND e.seq IS NULL
    )
    UPDATE audit_head SET last_seq = :last_seq, last_hash = :last_hash WHERE id = 1
    """
)


def write_links(connection: Connection, links: list[Link], head: tuple[int, str]) -> None:
    """Write each entry's seq and hashes (an entry chained meanwhile is left as it is: the gap
    it leaves is reported) and move the head to `head`."""
    if connection.dialect.name == "postgresql":
        connection.execute(
            _LINK_AND_MOVE_HEAD,
            {
                "ids": [link.id for link in links],
                "seqs": [link.seq for link in links],
                "prev_hashes": [link.prev_hash for link in links],
                "hashes": [link.hash for link in links],
                "last_seq": head[0],
                "last_hash": head[1],
            },
        )
        return
    table = AuditEntry.__table__
    connection.execute(
        update(table)
        .where(table.c.id == bindparam("b_id"), table.c.seq.is_(None))
        .values(seq=bindparam("b_seq"), prev_hash=bindparam("b_prev"))
        .values(entry_hash=bindparam("b_hash")),
        [{"b_id": i, "b_seq": s, "b_prev": p, "b_hash": h} for i, s, p, h in links],
    )
    head_table = AuditHead.__table__
    connection.execute(
        update(head_table).where(head_table.c.id == 1).values(last_seq=head[0], last_hash=head[1])
    )


def commit_without_waiting_for_the_disk(connection: Connection) -> None:
    """PostgreSQL: this pass's COMMIT does not wait for its WAL to reach the disk
    (`synchronous_commit` off for this transaction only). A pass only derives what the entries,
    committed durably with their actions, already determine: were it lost in a crash, its
    entries would be unchained again and the next pass would chain them anew. WAL is written in
    order, so any later durable commit makes this one durable too. A pass that crosses a
    checkpoint keeps the durable commit: the signed file must never name a link the database
    could lose. So an audited write costs its own commit's flush, not two."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("SET LOCAL synchronous_commit TO off")
