"""Attachments of cases: storing an upload, listing them with their custody, reading them back.

Access to the case is checked by the caller (cases.access.get_case_for); these functions take
the case the user may see. Keys are only ever handled through `crypto`. Where the files are
(`places`), how an upload's body is read (`upload_parsing`), how a file is read back
(`plaintext`) and the check of the whole vault (`verification`) have their own modules.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from ..audit import service as audit
from ..auth.models import User
from ..cases.timeline import add_event
from ..errors import NotFoundError
from ..extensions import db
from ..i18n import N_, Phrase
from . import crypto
from .models import Attachment, CustodyEntry
from .places import keyring, storage_path_for
from .plaintext import plain_chunks, record_integrity_failure
from .storage import current_store
from .upload_parsing import NO_ROOM_ERRNOS, ParsedUpload, no_room
from .uploads import sanitise_filename


class AttachmentNotFound(NotFoundError):
    """No such attachment on this case."""

    def __init__(self, attachment_id: int | None = None) -> None:
        super().__init__()
        self.attachment_id = attachment_id


def store_upload(case: Any, user: Any, upload: ParsedUpload) -> Attachment:
    """Seal, sniff, move into place and COMMIT the row; on any failure neither file nor row stays.

    This commits (the file and the row must appear together), and records the upload in the
    case's timeline, the attachment's custody and the audit log in the same transaction.
    """
    incoming = upload.incoming
    assert incoming is not None
    try:
        size, sha256 = incoming.finish()
        content_type = incoming.sniff_content_type()
        key_id, wrapped = crypto.wrap_data_key(keyring(), incoming.data_key, incoming.uid)
        attachment = Attachment(
            uid=incoming.uid,
            case_id=case.id,
            filename=sanitise_filename(incoming.client_filename),
            content_type=content_type,
            size=size,
            sha256=sha256,
            key_id=key_id,
            wrapped_key=wrapped,
            storage_path=storage_path_for(incoming.uid),
            uploaded_by=getattr(user, "id", None),
        )
        db.session.add(attachment)
        db.session.flush()
        db.session.add(CustodyEntry(attachment_id=attachment.id, action="upload", user_id=user.id))
        _case_event(case, user, "attachment.upload", attachment)
        audit.record(
            "attachment.upload",
            "attachment",
            attachment.id,
            _audit_details(attachment),
            actor=user,
        )
        incoming.store_into(current_store(), attachment.storage_path)
        db.session.commit()
    except BaseException as error:
        db.session.rollback()
        upload.discard()
        if isinstance(error, OSError) and error.errno in NO_ROOM_ERRNOS:
            raise no_room() from error
        raise
    _keep_wrap_readable(attachment, incoming.data_key)
    incoming.close()
    return attachment


def _keep_wrap_readable(attachment: Attachment, data_key: bytes) -> None:
    """A rotation may retire the key this upload wrapped under between the wrap and the commit:
    then wrap again under the active key, and check again after that commit, since a second
    rotation may retire that key too. The rotation re-checks from its side after the old keys
    leave the file, so every commit is seen by one side or the other."""
    while True:
        ring = keyring()
        if attachment.key_id in ring.keys:
            return
        attachment.key_id, attachment.wrapped_key = crypto.wrap_data_key(
            ring, data_key, attachment.uid
        )
        db.session.commit()


def _audit_details(attachment: Attachment) -> dict[str, Any]:
    return {
        "case_id": attachment.case_id,
        "filename": attachment.filename,
        "size": attachment.size,
        "sha256": attachment.sha256,
        "content_type": attachment.content_type,
    }


#: The timeline's words for what happened to an attachment.
ATTACHMENT_NOTES = {
    "attachment.upload": N_("file uploaded: %(file)s"),
    "attachment.download": N_("file downloaded: %(file)s"),
}


def _case_event(case: Any, user: Any, action: str, attachment: Attachment) -> None:
    """The attachment's step in the case timeline."""
    details = {"action": action, "attachment_id": attachment.id, **_audit_details(attachment)}
    note = Phrase(ATTACHMENT_NOTES[action], file=attachment.filename)
    add_event(case, "attachment", user, note=note, details=details)


# --- listing and custody ----------------------------------------------------------------------


def list_attachments(case: Any) -> list[Attachment]:
    return list(
        db.session.execute(
            select(Attachment).where(Attachment.case_id == case.id).order_by(Attachment.id)
        ).scalars()
    )


def get_attachment(case: Any, attachment_id: int) -> Attachment:
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None or attachment.case_id != case.id:
        raise AttachmentNotFound(attachment_id)
    return attachment


def custody_of(attachment_ids: list[int]) -> dict[int, list[CustodyEntry]]:
    out: dict[int, list[CustodyEntry]] = {aid: [] for aid in attachment_ids}
    if not attachment_ids:
        return out
    rows = db.session.execute(
        select(CustodyEntry)
        .where(CustodyEntry.attachment_id.in_(attachment_ids))
        .order_by(CustodyEntry.at, CustodyEntry.id)
    ).scalars()
    for row in rows:
        out[row.attachment_id].append(row)
    return out


# --- downloads --------------------------------------------------------------------------------


@dataclass
class Download:
    """A verified stream of an attachment's plaintext; iterate `chunks` to send it."""

    attachment: Attachment
    chunks: Iterator[bytes]


def open_download(case: Any, attachment_id: int, user: Any) -> Download:
    """Start a download: custody, timeline and audit entries, and the first verified chunk.

    The first chunk is decrypted before anything is sent, so a bad key, a bad header or a
    one-chunk file with a bad digest becomes an error status (IntegrityError, logged) rather
    than a truncated response. A later failure ends the stream before its last chunk.
    """
    attachment = get_attachment(case, attachment_id)
    user_id = user.id
    chunks = plain_chunks(attachment)
    try:
        first = next(chunks, b"")
    except crypto.IntegrityError as error:
        record_integrity_failure(attachment, user, str(error))
        raise
    db.session.add(CustodyEntry(attachment_id=attachment.id, action="download", user_id=user.id))
    _case_event(case, user, "attachment.download", attachment)
    audit.record(
        "attachment.download", "attachment", attachment.id, _audit_details(attachment), actor=user
    )

    def stream() -> Iterator[bytes]:
        if first:
            yield first
        try:
            yield from chunks
        except crypto.IntegrityError as error:
            # The request's session is gone by now: load the rows again in a fresh one.
            failed = db.session.get(Attachment, attachment_id)
            if failed is not None:
                record_integrity_failure(failed, db.session.get(User, user_id), str(error))
            raise

    return Download(attachment=attachment, chunks=stream())


def read_plaintext(attachment: Attachment) -> bytes:
    """The whole verified plaintext (small files, tests)."""
    return b"".join(plain_chunks(attachment))
