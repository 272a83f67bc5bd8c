"""Signed checkpoints of the audit chain's head, appended to a file outside the database.

Each line of `audit-checkpoints.jsonl` holds a sequence number, the hash of that entry, the time,
the audit key id and an Ed25519 signature over them. `audit verify` requires the database to hold
every checkpointed entry unchanged, so rows removed or rewritten behind a checkpoint are found
even by someone who could recompute the chain. A checkpoint is only ever written of committed
entries: by a chaining pass after its commit (every N entries), when the audit key is created,
or from a verification that read committed rows.
"""

from __future__ import annotations

import fcntl
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import current_app

from .keyring import AuditKeyring, ensure_audit_key, load_audit_keyring

SIGNING_CONTEXT = b"mla_tool audit checkpoint v1\n"


@dataclass(frozen=True)
class Checkpoint:
    """One signed statement: the chain held entry `seq` with hash `entry_hash` at time `at`."""

    seq: int
    entry_hash: str
    at: str
    key_id: str
    signature: str = ""
    public_key: str = ""

    def signed_bytes(self) -> bytes:
        fields = {"seq": self.seq, "hash": self.entry_hash, "at": self.at, "key_id": self.key_id}
        return SIGNING_CONTEXT + json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()

    def as_json(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "hash": self.entry_hash,
            "at": self.at,
            "key_id": self.key_id,
            "public_key": self.public_key,
            "signature": self.signature,
        }


@dataclass(frozen=True)
class CheckpointProblem:
    line: int
    reason: str


def audit_key_path() -> Path:
    return Path(current_app.config["MLA_AUDIT_KEY_FILE"])


def checkpoint_path() -> Path:
    return Path(current_app.config["MLA_AUDIT_CHECKPOINT_FILE"])


def current_keyring() -> tuple[AuditKeyring, bool]:
    """The installation's audit keys, and whether this call created the key file (0600)."""
    path = audit_key_path()
    created = not path.exists() and ensure_audit_key(path)
    return load_audit_keyring(path), created


def sign_checkpoint(keyring: AuditKeyring, seq: int, entry_hash: str) -> Checkpoint:
    at = datetime.now(UTC).isoformat(timespec="seconds")
    unsigned = Checkpoint(seq, entry_hash, at, keyring.active)
    _, signature = keyring.sign(unsigned.signed_bytes())
    return Checkpoint(
        seq, entry_hash, at, keyring.active, signature, keyring.public_key(keyring.active)
    )


def append_checkpoint(path: Path, checkpoint: Checkpoint) -> None:
    """Append one line (O_APPEND, under an exclusive lock, synced): lines never interleave."""
    path.parent.mkdir(parents=True, exist_ok=True)
    line = (json.dumps(checkpoint.as_json(), sort_keys=True) + "\n").encode()
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.write(fd, line)
        os.fsync(fd)
    finally:
        os.close(fd)


def write_checkpoint(seq: int, entry_hash: str) -> Checkpoint:
    """Sign (seq, hash) of a committed entry and append it to the checkpoint file."""
    checkpoint = sign_checkpoint(current_keyring()[0], seq, entry_hash)
    append_checkpoint(checkpoint_path(), checkpoint)
    return checkpoint


def read_checkpoints(
    path: Path, keyring: AuditKeyring | None
) -> tuple[list[Checkpoint], CheckpointProblem | None]:
    """The checkpoints of `path` whose signatures hold, and the first line that does not."""
    if not path.exists():
        return [], None
    checkpoints: list[Checkpoint] = []
    for number, raw in enumerate(path.read_text().splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            fields = json.loads(raw)
            checkpoint = Checkpoint(
                int(fields["seq"]),
                str(fields["hash"]),
                str(fields["at"]),
                str(fields["key_id"]),
                str(fields["signature"]),
                str(fields.get("public_key", "")),
            )
        except (ValueError, KeyError, TypeError):
            return checkpoints, CheckpointProblem(number, "the line is not a checkpoint")
        if keyring is None:
            return checkpoints, CheckpointProblem(number, "the audit key file is missing")
        if not keyring.signature_holds(
            checkpoint.key_id, checkpoint.signed_bytes(), checkpoint.signature
        ):
            return checkpoints, CheckpointProblem(number, "its signature does not hold")
        checkpoints.append(checkpoint)
    return checkpoints, None
