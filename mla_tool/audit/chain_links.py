"""What a chaining pass computes: each unchained entry's seq, previous hash and link MAC."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .hashing import GENESIS_HASH, link_hash
from .keyring import AuditKeyring

#: Entries read and updated per statement of a pass (a pass goes on until none is left).
BATCH = 1000


class Link(NamedTuple):
    """What a pass writes into one entry."""

    id: int
    seq: int
    prev_hash: str
    hash: str


@dataclass
class ChainPass:
    """What a pass did: the entries it chained, and why it could not run, if so."""

    chained: int = 0
    problem: str = ""
    checkpoints: list[tuple[int, str]] = field(default_factory=list)  # (seq, hash) to sign


class PassFailed(Exception):
    """A pass failed in the database driver itself (PostgreSQL's pass runs on the driver's own
    connection, beside SQLAlchemy); its message is the driver error's type, all that is logged."""


def tip_of(first: Any) -> tuple[int, str]:
    """The chain's tip (seq, hash), read beside the first unchained entry (`head_seq`,
    `head_hash`): the genesis when the head row does not exist yet."""
    if first.head_seq is None:
        return 0, GENESIS_HASH
    return int(first.head_seq), str(first.head_hash)


def link_batch(
    rows: Iterable[Any],
    tip: tuple[int, str],
    keyring: AuditKeyring,
    every: int,
    result: ChainPass,
) -> tuple[list[Link], tuple[int, str]]:
    """The links of `rows` (unchained entries by id, each with `id`, `key_id`, `entry_mac`) after
    the chain's `tip` (seq, hash), and the new tip. An entry naming a key the key file does not
    hold is passed over (verification names it). Each seq that is a multiple of `every` is noted
    in `result.checkpoints`, to be signed once the pass has committed."""
    last_seq, last_hash = tip
    links = []
    for row in rows:
        if row.key_id not in keyring.mac_keys:
            continue
        prev_hash, last_seq = last_hash, last_seq + 1
        last_hash = link_hash(row.key_id, last_seq, prev_hash, row.entry_mac, keyring)
        links.append(Link(row.id, last_seq, prev_hash, last_hash))
        if last_seq % every == 0:
            result.checkpoints.append((last_seq, last_hash))
    result.chained += len(links)
    return links, (last_seq, last_hash)
