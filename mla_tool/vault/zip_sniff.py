"""Telling docx/xlsx/odt… apart inside a zip by its directory alone, with hard limits (no zip bomb).

Only the end-of-central-directory record, at most `MAX_DIRECTORY_BYTES` of the central directory
(at most `MAX_ENTRIES` names) and at most `MAX_MIMETYPE_BYTES` of the `mimetype` member are read;
no member is ever decompressed past that, whatever sizes the archive claims.
"""

from __future__ import annotations

import struct
import zlib
from typing import BinaryIO

GENERIC_ZIP = "application/zip"
MAX_DIRECTORY_BYTES = 1 << 20
MAX_ENTRIES = 10_000
MAX_MIMETYPE_BYTES = 100
_MAX_COMPRESSED_MIMETYPE = 4096
_END_RECORD = struct.Struct("<4s4H2LH")  # end of central directory, 22 bytes
_DIRECTORY_ENTRY = struct.Struct("<4s6H3L5H2L")  # central directory file header, 46 bytes
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")  # local file header, 30 bytes
_MAX_COMMENT = 0xFFFF

#: Zip containers told apart by a member they always hold: (member prefix, content type).
ZIP_MEMBERS: tuple[tuple[str, str], ...] = (
    ("word/", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("xl/", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("ppt/", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
)

#: The `mimetype` member of OpenDocument files names their type.
OPENDOCUMENT_TYPES: frozenset[str] = frozenset(
    {
        "application/vnd.oasis.opendocument.text",
        "application/vnd.oasis.opendocument.spreadsheet",
        "application/vnd.oasis.opendocument.presentation",
    }
)


class _NotReadable(Exception):
    """The archive's directory is missing, malformed or beyond the limits."""


def _read_at(readable: BinaryIO, offset: int, size: int) -> bytes:
    readable.seek(offset)
    data = bytearray()
    while len(data) < size:  # a decrypting reader returns at most one chunk per read
        piece = readable.read(size - len(data))
        if not piece:
            raise _NotReadable
        data += piece
    return bytes(data)


def _end_record(readable: BinaryIO) -> tuple[int, int, int]:
    """(entry count, directory size, directory offset) from the end-of-central-directory record."""
    total = readable.seek(0, 2)
    tail_size = min(total, _END_RECORD.size + _MAX_COMMENT)
    tail = _read_at(readable, total - tail_size, tail_size)
    position = tail.rfind(b"PK\x05\x06")
    if position < 0 or position + _END_RECORD.size > len(tail):
        raise _NotReadable
    fields = _END_RECORD.unpack_from(tail, position)
    entries, size, offset = fields[4], fields[5], fields[6]
    if offset + size > total - tail_size + position:
        raise _NotReadable
    return entries, size, offset


def _directory(readable: BinaryIO) -> list[tuple[str, int]]:
    """(name, local header offset) of at most MAX_ENTRIES members."""
    count, size, offset = _end_record(readable)
    data = _read_at(readable, offset, min(size, MAX_DIRECTORY_BYTES))
    members: list[tuple[str, int]] = []
    position = 0
    while len(members) < min(count, MAX_ENTRIES):
        if position + _DIRECTORY_ENTRY.size > len(data):
            break
        fields = _DIRECTORY_ENTRY.unpack_from(data, position)
        if fields[0] != b"PK\x01\x02":
            raise _NotReadable
        name_length, extra_length, comment_length = fields[10], fields[11], fields[12]
        start = position + _DIRECTORY_ENTRY.size
        name = data[start : start + name_length].decode("utf-8", "replace")
        members.append((name, fields[16]))
        position = start + name_length + extra_length + comment_length
    return members


def _mimetype(readable: BinaryIO, local_offset: int) -> str:
    """The first MAX_MIMETYPE_BYTES of the `mimetype` member, decompressed no further."""
    fields = _LOCAL_HEADER.unpack(_read_at(readable, local_offset, _LOCAL_HEADER.size))
    if fields[0] != b"PK\x03\x04":
        raise _NotReadable
    method, compressed_size = fields[3], fields[7]
    start = local_offset + _LOCAL_HEADER.size + fields[9] + fields[10]
    wanted = min(compressed_size or _MAX_COMPRESSED_MIMETYPE, _MAX_COMPRESSED_MIMETYPE)
    available = readable.seek(0, 2) - start
    raw = _read_at(readable, start, max(0, min(wanted, available)))
    if method == 0:
        value = raw[:MAX_MIMETYPE_BYTES]
    elif method == 8:
        try:
            value = zlib.decompressobj(-15).decompress(raw, MAX_MIMETYPE_BYTES)
        except zlib.error:
            raise _NotReadable from None
    else:
        raise _NotReadable
    return value.decode("ascii", "replace").strip()


def sniff_zip(readable: BinaryIO) -> str:
    """Refine a zip container into docx/xlsx/pptx/odt… by its member names (bounded reads)."""
    try:
        members = _directory(readable)
        offsets = dict(members)
        if "mimetype" in offsets:
            declared = _mimetype(readable, offsets["mimetype"])
            if declared in OPENDOCUMENT_TYPES:
                return declared
    except (_NotReadable, OSError, ValueError, struct.error):
        return GENERIC_ZIP
    for prefix, content_type in ZIP_MEMBERS:
        if any(name.startswith(prefix) for name, _ in members):
            return content_type
    return GENERIC_ZIP
