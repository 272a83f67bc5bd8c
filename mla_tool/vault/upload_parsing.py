"""Reading an upload's multipart body into encrypting file parts; refusing a bad or oversized one.

A body is refused when it is too large, broken, holds an empty file or finds no room on disk."""

from __future__ import annotations

import errno
from dataclasses import dataclass, field
from typing import IO, Any

from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from ..i18n import N_
from .multipart_reader import parse_multipart
from .places import INCOMING_FOLDER, attachments_dir, max_upload_bytes
from .uploads import EncryptingTemporaryFile, UploadError, stream_factory_into

#: Write errors that mean "no room": the disk is full, a quota or a file-size limit is reached.
NO_ROOM_ERRNOS = frozenset({errno.ENOSPC, errno.EFBIG, errno.EDQUOT})


def no_room() -> UploadError:
    return UploadError(
        507,
        "insufficient_storage",
        N_("the server has no room left to store this file; nothing was saved"),
    )


@dataclass
class ParsedUpload:
    """The encrypted file part of a multipart body and the form's other fields."""

    incoming: EncryptingTemporaryFile | None
    form: dict[str, str]
    created: list[EncryptingTemporaryFile] = field(default_factory=list)

    def discard(self) -> None:
        for item in self.created:
            item.discard()


@dataclass
class ParsedFiles:
    """Every encrypted file part of one field of a multipart body, and the other fields."""

    files: list[EncryptingTemporaryFile]
    form: MultiDict[str, str]  # a field may repeat (several choices of one list)

    def discard(self) -> None:
        for item in self.files:
            item.discard()


def _parse_refusal(error: Exception) -> UploadError:
    """The refusal of a body the form parser could not read (too large, no room, broken)."""
    if isinstance(error, RequestEntityTooLarge):
        return UploadError(413, "payload_too_large", str(error.description))
    if isinstance(error, OSError) and error.errno in NO_ROOM_ERRNOS:
        return no_room()
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
    form, files, created = _parse(stream, mimetype, content_length, options, max_form_memory_size)
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


def _parse(
    stream: IO[bytes],
    mimetype: str,
    content_length: int | None,
    options: dict[str, str],
    max_form_memory_size: int | None,
) -> tuple[Any, Any, list[EncryptingTemporaryFile]]:
    """The form fields, the file parts (each an encrypting file) and every file part made."""
    if mimetype != "multipart/form-data":
        raise UploadError(415, "unsupported_media_type", N_("send the file as multipart/form-data"))
    limit = max_upload_bytes()
    created: list[EncryptingTemporaryFile] = []
    incoming_dir = attachments_dir() / INCOMING_FOLDER
    try:
        form, files = parse_multipart(
            stream,
            options,
            content_length,
            stream_factory=stream_factory_into(incoming_dir, limit, created),
            max_form_memory_size=max_form_memory_size,
            max_form_parts=100,
        )
    except UploadError:  # a file part over the limit
        for item in created:
            item.discard()
        raise
    except (HTTPException, ValueError, OSError) as error:
        for item in created:
            item.discard()
        raise _parse_refusal(error) from error
    return form, files, created


def parse_files(
    stream: IO[bytes],
    mimetype: str,
    content_length: int | None,
    options: dict[str, str],
    field_name: str = "documents",
    max_form_memory_size: int | None = 500_000,
) -> ParsedFiles:
    """Parse a multipart body whose `field_name` may hold several files (or none), each
    encrypted as it arrives; the form's other fields beside them. A part with no name and no
    byte (no file chosen) is dropped; a named empty file is refused. Raises UploadError as
    `parse_upload`; on any refusal every file part is discarded."""
    form, files, created = _parse(stream, mimetype, content_length, options, max_form_memory_size)
    kept: list[EncryptingTemporaryFile] = []
    refusal: UploadError | None = None
    for chosen in files.getlist(field_name):
        incoming = chosen.stream
        if not isinstance(incoming, EncryptingTemporaryFile):
            continue
        if incoming.bytes_written == 0:
            if chosen.filename:
                refusal = UploadError(
                    422,
                    "validation_error",
                    N_("the file is empty (0 bytes)"),
                    {field_name: "empty"},
                )
            continue
        incoming.client_filename = chosen.filename
        kept.append(incoming)
    for item in created:
        if refusal is not None or item not in kept:
            item.discard()
    if refusal is not None:
        raise refusal
    return ParsedFiles(files=kept, form=form)
