"""Master key rotation: re-wrap every data key under a new master key, resumable and safe to run
while uploads go on; an attachment whose key does not unwrap is reported and skipped."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select

from ..audit import service as audit
from ..extensions import db
from . import crypto, keys
from .models import Attachment
from .places import master_key_file


@dataclass
class RotationReport:
    active: str
    resumed: bool
    rewrapped: int
    remaining: int
    retired: list[str]
    #: (attachment id, reason) of data keys that did not unwrap: left as they were
    skipped: list[tuple[int, str]] = field(default_factory=list)


def _rewrap(ring: crypto.Keyring, attachments: list[Attachment], skipped: list) -> int:
    done = 0
    for attachment in attachments:
        try:
            attachment.key_id, attachment.wrapped_key = crypto.rewrap_data_key(
                ring, attachment.key_id, attachment.wrapped_key, attachment.uid
            )
        except crypto.IntegrityError as error:
            skipped.append((attachment.id, str(error)))
        else:
            done += 1
    return done


def _recheck_skipped(path: Path, skipped: list[tuple[int, str]]) -> int:
    """Look again at data keys that did not unwrap, outside the snapshot they were read in: an
    upload that wrapped under a key an earlier rotation retired re-wraps its own row after its
    commit, so the row may open now. Keeps in `skipped` only those that still do not."""
    db.session.commit()
    ring = keys.load_keyring(path)
    still: list[tuple[int, str]] = []
    done = 0
    for attachment_id, _reason in skipped:
        attachment = db.session.get(Attachment, attachment_id)
        if attachment is None or attachment.key_id == ring.active:
            continue
        done += _rewrap(ring, [attachment], still)
    db.session.commit()
    skipped[:] = still
    return done


def rotate_keys(
    limit: int | None = None,
    batch_size: int = 100,
    progress: Callable[[int, int], None] | None = None,
) -> RotationReport:
    """Re-wrap every data key under a new master key; resumable, data files untouched.

    The new key is written to the key file (active, the old ones retiring) before any row
    changes; rows are re-wrapped and committed in batches; the old keys leave the file only when
    no attachment is wrapped under them. `limit` stops after that many keys (run again to go
    on): interruption at any point leaves every attachment readable. An upload that wrapped its
    key under an old master key just before the file changed is caught after the old keys leave
    the file (they are still in memory here; the upload also re-checks after its commit).
    """
    path = master_key_file()
    active, retiring, resumed = keys.begin_rotation(path)
    if not resumed:
        audit.record("keys.rotation_started", "master_key", active, {"retiring": retiring})
        db.session.commit()
    ring = keys.load_keyring(path)
    skipped: list[tuple[int, str]] = []
    pending = select(func.count(Attachment.id)).where(Attachment.key_id != active)
    total = db.session.execute(pending).scalar_one()
    done = 0
    while limit is None or done < limit:
        take = batch_size if limit is None else min(batch_size, limit - done)
        query = select(Attachment).where(Attachment.key_id != active)
        if skipped:
            query = query.where(Attachment.id.not_in([item[0] for item in skipped]))
        batch = list(db.session.execute(query.order_by(Attachment.id).limit(take)).scalars())
        if not batch:
            break
        done += _rewrap(ring, batch, skipped)
        db.session.commit()
        if progress:
            progress(done, total)
    if skipped:
        done += _recheck_skipped(path, skipped)
    remaining = db.session.execute(pending).scalar_one()
    retired: list[str] = []
    if remaining == 0:
        retired = keys.finish_rotation(path)
        # End the read transaction first: on SQLite it still holds the snapshot taken before the
        # keys left the file, which misses an upload committed meanwhile under a retired key
        # (its own re-check saw the key still in the file).
        db.session.commit()
        late = list(
            db.session.execute(select(Attachment).where(Attachment.key_id.in_(retired))).scalars()
        )
        done += _rewrap(ring, late, skipped)
        audit.record("keys.rotated", "master_key", active, {"retired": retired, "rewrapped": done})
        db.session.commit()
    if skipped:
        audit.record(
            "keys.rotation_skipped",
            "master_key",
            active,
            {"attachments": [attachment_id for attachment_id, _ in skipped]},
        )
        db.session.commit()
    return RotationReport(active, resumed, done, remaining, retired, skipped)
