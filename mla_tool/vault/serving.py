"""Keeping the production server (waitress) from spooling bodies to disk in clear.

Waitress reads a whole request body before calling the application and buffers large response
bodies; past `inbuf_overflow` / `outbuf_overflow` (512 KB / 1 MB) both go to a temporary file.
For uploads and downloads of attachments that file would hold the plaintext. Here its large
buffer is replaced by one whose bytes on disk are AES-256-CTR under a key that exists only in
memory, for that one buffer: an anonymous temporary file nobody can read after the fact.
"""

from __future__ import annotations

import io
import os
import tempfile
from typing import Any

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

_BLOCK = 16
_COPY = 1 << 16


class EncryptedSpoolFile(io.RawIOBase):
    """A seekable read/write temporary file, encrypted at rest with a per-file ephemeral key."""

    created = 0  # how many were made (tests check that the server used them)

    def __init__(self) -> None:
        super().__init__()
        self._file = tempfile.TemporaryFile("w+b")  # noqa: SIM115 - owned and closed here
        self._key = os.urandom(32)
        self._nonce = os.urandom(8)
        self._position = 0
        type(self).created += 1

    def _xor(self, data: bytes, offset: int) -> bytes:
        block, skip = divmod(offset, _BLOCK)
        counter = self._nonce + block.to_bytes(8, "big")
        keystream = Cipher(algorithms.AES(self._key), modes.CTR(counter)).encryptor()
        if skip:
            keystream.update(bytes(skip))
        return keystream.update(data)

    def readable(self) -> bool:
        return True

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if whence == io.SEEK_SET:
            self._position = offset
        elif whence == io.SEEK_CUR:
            self._position += offset
        else:
            self._position = self._file.seek(0, io.SEEK_END) + offset
        return self._position

    def write(self, data: Any) -> int:
        data = bytes(data)
        end = self._file.seek(0, io.SEEK_END)
        if data and self._position > end:  # a gap reads back as zeros: store it encrypted too
            self._file.write(self._xor(bytes(self._position - end), end))
        self._file.seek(self._position)
        self._file.write(self._xor(data, self._position))
        self._position += len(data)
        return len(data)

    def read(self, size: int | None = -1) -> bytes:
        self._file.seek(self._position)
        sealed = self._file.read() if size is None or size < 0 else self._file.read(size)
        plain = self._xor(sealed, self._position)
        self._position += len(sealed)
        return plain

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def readline(self, size: int | None = -1) -> bytes:
        start = self._position
        limit = size if size is not None and size >= 0 else None
        collected = bytearray()
        while limit is None or len(collected) < limit:
            piece = self.read(_COPY if limit is None else min(_COPY, limit - len(collected)))
            if not piece:
                break
            newline = piece.find(b"\n")
            if newline >= 0:
                collected += piece[: newline + 1]
                break
            collected += piece
        self._position = start + len(collected)
        return bytes(collected)

    def close(self) -> None:
        if not self._file.closed:
            self._file.close()
        self._key = b""
        super().close()


def install_encrypted_spooling() -> None:
    """Make waitress's overflow buffers encrypted spool files (idempotent)."""
    from waitress import buffers

    if getattr(buffers.OverflowableBuffer, "_mla_encrypted", False):
        return

    class EncryptedTempfileBuffer(buffers.TempfileBasedBuffer):
        def newfile(self) -> EncryptedSpoolFile:
            return EncryptedSpoolFile()

    def set_large_buffer(self: Any) -> None:
        old = self.buf
        self.buf = EncryptedTempfileBuffer(old)
        if hasattr(old, "close"):
            old.close()
        self.overflowed = True

    buffers.OverflowableBuffer._set_large_buffer = set_large_buffer  # type: ignore[method-assign]
    buffers.OverflowableBuffer._mla_encrypted = True  # type: ignore[attr-defined]
