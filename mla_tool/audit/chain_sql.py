"""The statements of a chaining pass through SQLAlchemy, as SQLite runs it: lock, read, link.

SQLite, in-process, has no round trips to save: the write lock is taken by reading the head row
`FOR UPDATE` (see mla_tool.transactions), the head comes with the unchained entries, and the
links are one executemany. PostgreSQL's pass, in two round trips, is `chain_postgres.py`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Row, bindparam, exists, insert, select, update

from .chain_links import Link
from .hashing import GENESIS_HASH
from .models import MAC_THEN_CHAINED, AuditEntry, AuditHead


def _unchained(own_ids: list[int] | None) -> Any:
    condition = exists().where(AuditEntry.seq.is_(None))
    return condition.where(AuditEntry.id.in_(own_ids)) if own_ids is not None else condition


def lock_if_unchained(connection: Connection, own_ids: list[int] | None) -> bool:
    """Take the chain's lock if these entries (None: any entry) are still unchained; False (and
    no lock) when they are not. The check reads without the lock, so a writer whose entries
    another pass has chained waits for nobody; after the lock, the next read sees every commit."""
    if not connection.execute(select(_unchained(own_ids))).scalar():
        return False
    # reading FOR UPDATE takes SQLite's write lock first (mla_tool.transactions)
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


def write_links(connection: Connection, links: list[Link], head: tuple[int, str]) -> None:
    """Write each entry's seq and hashes (an entry chained meanwhile is left as it is: the gap
    it leaves is reported) and move the head to `head`."""
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
