"""Files sealed into the vault inside a larger change: bytes from an exchange package, or the
encrypted parts of a registration's upload; committed, or discarded, with that change."""

from __future__ import annotations

from typing import Any

from ..audit import service as audit
from ..cases.timeline import add_event
from ..extensions import db
from ..i18n import Phrase
from . import crypto
from .models import Attachment, CustodyEntry
from .places import INCOMING_FOLDER, attachments_dir, keyring, storage_path_for
from .service import ATTACHMENT_NOTES
from .storage import current_store
from .uploads import EncryptingTemporaryFile, sanitise_filename


def store_bytes(
    case: Any,
    actor: Any,
    name: str,
    content: bytes,
    created: list[Any],
    *,
    custody_detail: str,
    details: dict[str, Any],
) -> Attachment:
    """Encrypt `content` into the vault as an attachment of `case` (no commit).

    The sealed temporary file is appended to `created`: after the commit the caller closes
    it, after a failure it discards it. The case timeline and the audit log record the file
    with `details` added; the custody entry says `custody_detail`.
    """
    incoming = EncryptingTemporaryFile(attachments_dir() / INCOMING_FOLDER, None, name)
    created.append(incoming)
    incoming.write(content)
    return store_sealed(case, actor, incoming, custody_detail=custody_detail, details=details)


def store_sealed(
    case: Any,
    actor: Any,
    incoming: EncryptingTemporaryFile,
    *,
    custody_detail: str,
    details: dict[str, Any],
) -> Attachment:
    """Keep a file already encrypted as it arrived (an upload's part) as an attachment of
    `case` (no commit): the caller discards `incoming` after a failure, closes it after the
    commit. The case timeline, custody and audit log record it as `store_bytes` does."""
    name = incoming.client_filename or "file"
    size, sha256 = incoming.finish()
    key_id, wrapped = crypto.wrap_data_key(keyring(), incoming.data_key, incoming.uid)
    attachment = Attachment(
        uid=incoming.uid,
        case_id=case.id,
        filename=sanitise_filename(name),
        content_type=incoming.sniff_content_type(),
        size=size,
        sha256=sha256,
        key_id=key_id,
        wrapped_key=wrapped,
        storage_path=storage_path_for(incoming.uid),
        uploaded_by=actor.id,
    )
    db.session.add(attachment)
    db.session.flush()
    db.session.add(
        CustodyEntry(
            attachment_id=attachment.id, action="upload", user_id=actor.id, detail=custody_detail
        )
    )
    recorded = {
        "action": "attachment.upload",
        "attachment_id": attachment.id,
        "filename": attachment.filename,
        "size": size,
        "sha256": sha256,
        **details,
    }
    add_event(
        case,
        "attachment",
        actor,
        note=Phrase(ATTACHMENT_NOTES["attachment.upload"], file=attachment.filename),
        details=recorded,
    )
    audit.record("attachment.upload", "attachment", attachment.id, recorded, actor=actor)
    incoming.store_into(current_store(), attachment.storage_path)
    return attachment
