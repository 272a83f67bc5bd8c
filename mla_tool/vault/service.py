"""Attachments of cases: storing uploads, verified downloads, custody, rotation and verification.

Access to the case is checked by the caller (cases.access.get_case_for); these functions take
the case the user may see. Keys are only ever handled through `crypto`.
"""

from __future__ import annotations

import errno
import hashlib
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from flask import current_app
from sqlalchemy import select
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge
from werkzeug.formparser import FormDataParser

from ..audit import service as audit
from ..cases.timeline import add_event
from ..errors import NotFoundError
from ..extensions import db
from ..i18n import N_, Phrase
from . import crypto, keys
from .models import Attachment, CustodyEntry
from .uploads import EncryptingTemporaryFile, UploadError, sanitise_filename, stream_factory_into

ATTACHMENTS_FOLDER = "attachments"
INCOMING_FOLDER = ".incoming"
FILE_SUFFIX = ".mlav"
ORPHAN_GRACE_SECONDS = 300


#: Write errors that mean "no room": the disk is full, a quota or a file-size limit is reached.
NO_ROOM_ERRNOS = frozenset({errno.ENOSPC, errno.EFBIG, errno.EDQUOT})


def _no_room() -> UploadError:
    return UploadError(
        507,
        "insufficient_storage",
        N_("the server has no room left to store this file; nothing was saved"),
    )


class AttachmentNotFound(NotFoundError):
    """No such attachment on this case."""

    def __init__(self, attachment_id: int | None = None) -> None:
        super().__init__()
        self.attachment_id = attachment_id


# --- places and keys ------------------------------------------------------------------------


def data_dir() -> Path:
    return Path(current_app.config["MLA_DATA_DIR"])


def attachments_dir(base: Path | None = None) -> Path:
    return (base or data_dir()) / ATTACHMENTS_FOLDER


def storage_path_for(uid: str) -> str:
    """Relative to the data folder, fanned out by the first two hex digits of the uid."""
    return f"{ATTACHMENTS_FOLDER}/{uid[:2]}/{uid}{FILE_SUFFIX}"


def master_key_file() -> Path:
    return Path(current_app.config["MLA_MASTER_KEY_FILE"])


def keyring() -> crypto.Keyring:
    return keys.load_keyring(master_key_file())


def max_upload_bytes() -> int | None:
    value = current_app.config.get("MLA_MAX_UPLOAD_BYTES") or current_app.config.get(
        "MAX_CONTENT_LENGTH"
    )
    return int(value) if value else None


# --- uploads ----------------------------------------------------------------------------------


@dataclass
class ParsedUpload:
    """The encrypted file part of a multipart body and the form's other fields."""

    incoming: EncryptingTemporaryFile | None
    form: dict[str, str]
    created: list[EncryptingTemporaryFile] = field(default_factory=list)

    def discard(self) -> None:
        for item in self.created:
            item.discard()


def _parse_refusal(error: Exception) -> UploadError:
    """The refusal of a body the form parser could not read (too large, no room, broken)."""
    if isinstance(error, RequestEntityTooLarge):
        return UploadError(413, "payload_too_large", str(error.description))
    if isinstance(error, OSError) and error.errno in NO_ROOM_ERRNOS:
        return _no_room()
    return UploadError(400, "bad_upload", N_("the upload was incomplete or malformed"))


def parse_upload(
    stream: IO[bytes],
    mimetype: str,
    content_length: int | None,
    options: dict[str, str],
    field_name: str = "file",
    max_form_memory_size: int | None = 500_000,
) -> ParsedUpload:
    """Parse a multipart body with encrypting file parts; nothing of the file hits disk in clear.

    Raises UploadError (413 too large, 400 broken/interrupted body, 415 not multipart).
    Any file part created is discarded on error; the caller discards on its own errors.
    """
    if mimetype != "multipart/form-data":
        raise UploadError(415, "unsupported_media_type", N_("send the file as multipart/form-data"))
    limit = max_upload_bytes()
    created: list[EncryptingTemporaryFile] = []
    incoming_dir = attachments_dir() / INCOMING_FOLDER
    parser = FormDataParser(
        stream_factory=stream_factory_into(incoming_dir, limit, created),
        max_form_memory_size=max_form_memory_size,
        max_content_length=None if limit is None else limit + 64 * 1024,
        silent=False,
        max_form_parts=100,
    )
    try:
        _, form, files = parser.parse(stream, mimetype, content_length, options)
    except UploadError:  # a file part over the limit
        for item in created:
            item.discard()
        raise
    except (HTTPException, ValueError, OSError) as error:
        for item in created:
            item.discard()
        raise _parse_refusal(error) from error
    chosen = files.get(field_name)
    incoming = chosen.stream if chosen is not None else None
    for item in created:
        if item is not incoming:
            item.discard()
    if not isinstance(incoming, EncryptingTemporaryFile):
        raise UploadError(
            422,
            "validation_error",
            f"attach the file as the `{field_name}` part",
            {field_name: "required"},
        )
    filename = chosen.filename if chosen is not None else None
    if incoming.bytes_written == 0:
        # A browser sends an empty part with no name when no file was chosen; an empty file is
        # no evidence either: refuse both rather than keep a 0-byte "document".
        incoming.discard()
        message = N_("the file is empty (0 bytes)") if filename else N_("choose a file to attach")
        raise UploadError(422, "validation_error", message, {field_name: "empty"})
    incoming.client_filename = filename
    return ParsedUpload(incoming=incoming, form=form.to_dict(), created=[incoming])


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
        incoming.link_into(data_dir() / attachment.storage_path)
        db.session.commit()
    except BaseException as error:
        db.session.rollback()
        upload.discard()
        if isinstance(error, OSError) and error.errno in NO_ROOM_ERRNOS:
            raise _no_room() from error
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
    """The attachment's step in the case timeline (through the cases service when present)."""
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


def _plain_chunks(attachment: Attachment, base: Path | None = None) -> Iterator[bytes]:
    """Chunks that passed their tag; the last is held back until size and digest match."""
    # Everything is read now: the rows expire when the request commits, mid-stream.
    uid, expected_size, expected_sha256 = attachment.uid, attachment.size, attachment.sha256
    ring = keyring() if base is None else keys.load_keyring(base / "master.key")
    data_key = crypto.unwrap_data_key(ring, attachment.key_id, attachment.wrapped_key, uid)
    path = (base or data_dir()) / attachment.storage_path
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        raise crypto.IntegrityError("the encrypted file is missing") from None
    with handle:
        digest = hashlib.sha256()
        size = 0
        previous: bytes | None = None
        for chunk in crypto.decrypt_chunks(data_key, uid, handle):
            digest.update(chunk)
            size += len(chunk)
            if previous is not None:
                yield previous
            previous = chunk
        if size != expected_size or digest.hexdigest() != expected_sha256:
            raise crypto.IntegrityError("the plaintext does not match its recorded SHA-256")
        if previous:
            yield previous


def record_integrity_failure(attachment: Attachment, user: Any, reason: str) -> None:
    """Log a failed check in its own transaction: it must outlive the refused request."""
    db.session.rollback()
    db.session.add(
        CustodyEntry(
            attachment_id=attachment.id,
            action="integrity_failure",
            user_id=getattr(user, "id", None),
            detail=reason[:300],
        )
    )
    audit.record(
        "attachment.integrity_failure",
        "attachment",
        attachment.id,
        {"case_id": attachment.case_id, "reason": reason, "sha256": attachment.sha256},
        actor=user,
    )
    db.session.commit()
    current_app.logger.error("attachment %s failed its integrity check: %s", attachment.id, reason)


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
    chunks = _plain_chunks(attachment)
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
            from ..auth.models import User

            failed = db.session.get(Attachment, attachment_id)
            if failed is not None:
                record_integrity_failure(failed, db.session.get(User, user_id), str(error))
            raise

    return Download(attachment=attachment, chunks=stream())


def read_plaintext(attachment: Attachment) -> bytes:
    """The whole verified plaintext (small files, tests)."""
    return b"".join(_plain_chunks(attachment))


# --- key rotation and verification ------------------------------------------------------------


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
            for _ in _plain_chunks(attachment, base):
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
