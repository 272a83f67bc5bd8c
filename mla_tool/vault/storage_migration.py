"""Moving the attachments' ciphertext from the configured store to another (`mla-tool storage
migrate --to URL`): resumable, since what the target already holds is not copied again, and
followed by a pass that decrypts every attachment from the target and checks its digest."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select

from ..audit import service as audit
from ..extensions import db
from . import crypto
from .models import Attachment
from .plaintext import plain_chunks
from .storage import current_store, store_at


@dataclass
class MigrationReport:
    source: str
    target: str
    copied: int = 0
    already_there: int = 0
    verified: int = 0
    #: (attachment id, reason): could not be copied, or does not read back from the target
    failures: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


def migrate_storage(
    target_url: str,
    copied: Callable[[int], None] | None = None,
    verified: Callable[[int], None] | None = None,
) -> MigrationReport:
    """Copy every attachment's ciphertext to `target_url`, then verify each from there.

    Ciphertext is copied as it is (no key leaves this process; nothing is decrypted to copy).
    The source keeps its copies: switch MLA_STORAGE_URL to the target once the report is clean.
    `copied` and `verified` are told of each attachment done (a progress bar)."""
    source, target = current_store(), store_at(target_url)
    report = MigrationReport(source=source.url, target=target.url)
    if source.url == target.url:
        raise ValueError("the target is the store in use")
    rows = list(db.session.execute(select(Attachment).order_by(Attachment.id)).scalars())
    for attachment in rows:
        name = attachment.storage_path
        try:
            if target.exists(name):
                report.already_there += 1
            else:
                with source.open(name) as handle:
                    target.put_stream(handle, name)
                report.copied += 1
        except Exception as error:  # a folder's OSError, an object store's ClientError
            report.failures.append((attachment.id, f"not copied: {error}"))
        if copied:
            copied(1)
    failed = {attachment_id for attachment_id, _ in report.failures}
    for attachment in rows:
        if attachment.id not in failed:
            try:
                for _ in plain_chunks(attachment, store=target):
                    pass
                report.verified += 1
            except crypto.IntegrityError as error:
                report.failures.append((attachment.id, f"does not read back: {error}"))
        if verified:
            verified(1)
    audit.record(
        "storage.migrated",
        "storage",
        target.url,
        {
            "source": source.url,
            "copied": report.copied,
            "already_there": report.already_there,
            "verified": report.verified,
            "failures": [attachment_id for attachment_id, _ in report.failures],
        },
    )
    db.session.commit()
    return report
