"""Checking the whole vault: every attachment decrypts to its digest; files no row points at."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from ..extensions import db
from . import crypto
from .models import Attachment
from .places import INCOMING_FOLDER, attachments_dir
from .plaintext import plain_chunks
from .storage import current_store

ORPHAN_GRACE_SECONDS = 300


@dataclass
class VerifyReport:
    checked: int = 0
    failures: list[tuple[int, str]] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


def verify_attachments(
    base: Path | None = None, progress: Callable[[int, int], None] | None = None
) -> VerifyReport:
    """Decrypt every attachment and compare its digest; list files no row points at."""
    report = VerifyReport()
    rows = list(db.session.execute(select(Attachment).order_by(Attachment.id)).scalars())
    for attachment in rows:
        try:
            for _ in plain_chunks(attachment, base):
                pass
        except crypto.IntegrityError as error:
            report.failures.append((attachment.id, str(error)))
        report.checked += 1
        if progress:
            progress(report.checked, len(rows))
    known = {row.storage_path for row in rows}
    report.orphans = [name for name, _ in current_store(base).names() if name not in known]
    return report


def sweep_orphans(grace_seconds: int = ORPHAN_GRACE_SECONDS) -> list[str]:
    """Remove ciphertext no row points at (a crash between storing and commit)."""
    removed = []
    now = time.time()
    store = current_store()
    known = set(db.session.execute(select(Attachment.storage_path)).scalars())
    for name, written in list(store.names()):
        if name not in known and now - written.timestamp() > grace_seconds:
            store.delete(name)
            removed.append(name)
    for leftover in (attachments_dir() / INCOMING_FOLDER).glob(".incoming-*"):
        if now - leftover.stat().st_mtime > grace_seconds:
            leftover.unlink()
            removed.append(str(leftover))
    return removed


def verify_orphans_only() -> list[str]:
    known = set(db.session.execute(select(Attachment.storage_path)).scalars())
    return [name for name, _ in current_store().names() if name not in known]


def remove_file_of(attachment: Attachment) -> None:
    current_store().delete(attachment.storage_path)
