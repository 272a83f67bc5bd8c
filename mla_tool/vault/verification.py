"""Checking the whole vault: every attachment decrypts to its digest; files no row points at."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from ..extensions import db
from . import crypto
from .models import Attachment
from .places import FILE_SUFFIX, INCOMING_FOLDER, attachments_dir, data_dir
from .plaintext import plain_chunks

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
    root = attachments_dir(base)
    if root.is_dir():
        for path in sorted(root.glob(f"*/*{FILE_SUFFIX}")):
            relative = path.relative_to(base or data_dir()).as_posix()
            if relative not in known:
                report.orphans.append(relative)
    return report


def sweep_orphans(grace_seconds: int = ORPHAN_GRACE_SECONDS) -> list[str]:
    """Remove ciphertext files no row points at (a crash between link and commit)."""
    removed = []
    now = time.time()
    for relative in verify_orphans_only():
        path = data_dir() / relative
        if now - path.stat().st_mtime > grace_seconds:
            path.unlink()
            removed.append(relative)
    for leftover in (attachments_dir() / INCOMING_FOLDER).glob(".incoming-*"):
        if now - leftover.stat().st_mtime > grace_seconds:
            leftover.unlink()
            removed.append(str(leftover))
    return removed


def verify_orphans_only() -> list[str]:
    known = set(db.session.execute(select(Attachment.storage_path)).scalars())
    root = attachments_dir()
    if not root.is_dir():
        return []
    return [
        path.relative_to(data_dir()).as_posix()
        for path in sorted(root.glob(f"*/*{FILE_SUFFIX}"))
        if path.relative_to(data_dir()).as_posix() not in known
    ]


def remove_file_of(attachment: Attachment) -> None:
    path = data_dir() / attachment.storage_path
    if path.exists():
        os.unlink(path)
