"""Receiving uploads without a clear copy on disk: a temporary file that encrypts as it is written.

Werkzeug spools file parts to a clear temporary file; here the multipart body is parsed with a
stream factory that hands out `EncryptingTemporaryFile`s instead (SecureDrop's
SecureTemporaryFile is the model). The file is an anonymous O_TMPFILE inode in the attachments
folder: if the process dies half-way the kernel frees it, and `link_into` gives it a name only
once it is complete. Content types are sniffed from the first bytes, never taken from the client
(zip containers by their directory alone, `zip_sniff`).
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import DomainError
from . import crypto
from .zip_sniff import sniff_zip

SNIFF_BYTES = 8192
#: Ciphertext handed to the kernel between two requests that it start writing it to disk.
WRITEBACK_BYTES = 8 << 20


class UploadError(DomainError):
    """An upload that cannot be stored: `status` and `code` say why (the API's 4xx)."""


#: (offset, magic bytes, content type): the first match wins.
MAGIC_NUMBERS: tuple[tuple[int, bytes, str], ...] = (
    (0, b"%PDF-", "application/pdf"),
    (0, b"\x89PNG\r\n\x1a\n", "image/png"),
    (0, b"\xff\xd8\xff", "image/jpeg"),
    (0, b"GIF87a", "image/gif"),
    (0, b"GIF89a", "image/gif"),
    (0, b"II*\x00", "image/tiff"),
    (0, b"MM\x00*", "image/tiff"),
    (8, b"WEBP", "image/webp"),
    (4, b"ftyp", "video/mp4"),
    (0, b"ID3", "audio/mpeg"),
    (0, b"PK\x03\x04", "application/zip"),
    (0, b"PK\x05\x06", "application/zip"),
    (0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/x-ole-storage"),
    (0, b"{\\rtf", "application/rtf"),
    (0, b"\x1f\x8b", "application/gzip"),
    (0, b"7z\xbc\xaf\x27\x1c", "application/x-7z-compressed"),
    (0, b"Rar!\x1a\x07", "application/vnd.rar"),
    (0, b"-----BEGIN PGP", "application/pgp"),
    (0, b"<?xml", "application/xml"),
)


def sniff_prefix(head: bytes) -> str:
    """Content type from the first bytes alone."""
    if not head:
        return "application/x-empty"
    for offset, magic, content_type in MAGIC_NUMBERS:
        if head[offset : offset + len(magic)] == magic:
            return content_type
    sample = head[:SNIFF_BYTES]
    if b"\x00" not in sample:
        try:
            sample.decode("utf-8")
            return "text/plain"
        except UnicodeDecodeError as error:
            if error.start >= len(sample) - 3:  # a character cut by the sample's end
                return "text/plain"
    return "application/octet-stream"


_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')
_SPACES = re.compile(r"\s+")


def sanitise_filename(raw: str | None, fallback: str = "attachment") -> str:
    """A file name safe to store and to offer back: no path, no control characters, ≤ 200 chars."""
    name = unicodedata.normalize("NFC", raw or "")
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch) not in {"Cc", "Cf", "Cs"})
    name = _UNSAFE.sub("_", name)
    name = _SPACES.sub(" ", name).strip().lstrip(".").strip()
    if not name:
        return fallback
    if len(name) > 200:
        stem, dot, extension = name.rpartition(".")
        if dot and 0 < len(extension) <= 10:
            name = stem[: 199 - len(extension)] + "." + extension
        else:
            name = name[:200]
    return name


class WrittenBackFile:
    """The ciphertext file as the encryption writes it, asking the kernel every
    `WRITEBACK_BYTES` to start putting what it took on disk.

    Linux keeps written pages in memory until a tenth of it is dirty, so the fsync that
    completes an upload used to write the whole file after its last byte arrived: for a GiB,
    a third of a second or more during which nothing else happened. Started as the file
    grows, the writes go on beside the transfer and the fsync finds only the last few MiB.
    POSIX_FADV_DONTNEED is how: Linux starts the writeback of the range's dirty pages
    (without waiting for it) and drops only those already clean; elsewhere it may do less.
    """

    def __init__(self, file: BinaryIO) -> None:
        self._file = file
        self._written = 0
        self._started = 0  # bytes whose writeback was asked for

    def write(self, data: Any) -> int | None:
        written = self._file.write(data)
        self._written += len(data) if written is None else written
        if self._written - self._started >= WRITEBACK_BYTES:
            start_writeback(self._file.fileno(), self._started, self._written - self._started)
            self._started = self._written
        return written


def start_writeback(fd: int, offset: int, length: int) -> None:
    """Ask the kernel to start writing `length` bytes of `fd` from `offset` to disk now (see
    `WrittenBackFile`); a no-op where posix_fadvise is missing or refuses."""
    advise = getattr(os, "posix_fadvise", None)
    if advise is not None:
        with contextlib.suppress(OSError):
            advise(fd, offset, length, os.POSIX_FADV_DONTNEED)


class EncryptingTemporaryFile:
    """A write-only file that encrypts under a fresh data key as bytes arrive.

    Werkzeug writes the part into it and seeks to 0 at the end; `finish` seals the final
    chunk and returns size and SHA-256; `link_into` gives the anonymous file its name;
    `discard` drops it (and is idempotent).
    """

    def __init__(self, directory: Path, max_bytes: int | None, filename: str | None = None) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.uid = secrets.token_hex(16)
        self.data_key = crypto.new_data_key()
        self.client_filename = filename
        self.max_bytes = max_bytes
        self._named: Path | None = None
        try:
            fd = os.open(directory, os.O_TMPFILE | os.O_RDWR, 0o600)
        except (AttributeError, OSError):  # no O_TMPFILE here: a named file, removed on discard
            self._named = directory / f".incoming-{self.uid}"
            fd = os.open(self._named, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
        self._file = os.fdopen(fd, "w+b", buffering=0)
        self._encryptor = crypto.Encryptor(self.data_key, self.uid, WrittenBackFile(self._file))
        self._head = bytearray()
        self.size = 0
        self.sha256 = ""
        self.finished = False
        self.linked: Path | None = None
        self.placed: tuple[Any, str] | None = None  # (store, name) once stored

    @property
    def bytes_written(self) -> int:
        """Plaintext bytes received so far."""
        return self._encryptor.size

    # -- the file interface Werkzeug's parser uses --------------------------------------------
    def write(self, data: bytes) -> int:
        self._admit(data)
        return self._encryptor.write(data)

    def _admit(self, data: Any) -> None:
        """Refuse `data` past the size limit; keep the first bytes for sniffing."""
        if self.max_bytes is not None and self._encryptor.size + len(data) > self.max_bytes:
            raise UploadError(
                413, "payload_too_large", f"an attachment may have at most {self.max_bytes} bytes"
            )
        if len(self._head) < SNIFF_BYTES:
            self._head += data[: SNIFF_BYTES - len(self._head)]

    # -- receiving in place: the multipart reader reads the socket into the chunk itself ------
    def receive_buffer(self) -> tuple[bytearray, int]:
        """Where the next bytes may be put without a copy (`crypto.Encryptor.receive_buffer`)."""
        return self._encryptor.receive_buffer()

    def commit(self, count: int) -> None:
        """The `count` bytes put at `receive_buffer` are the file's next (as `write` takes them)."""
        buffer, start = self._encryptor.receive_buffer()
        self._admit(memoryview(buffer)[start : start + count])
        self._encryptor.commit(count)

    def seek(self, offset: int, whence: int = 0) -> int:
        if offset != 0 or whence != 0:
            raise OSError("an encrypting temporary file cannot seek")
        return 0

    def flush(self) -> None:
        pass

    def read(self, *_: Any) -> bytes:
        raise OSError("an encrypting temporary file is write-only: open the stored attachment")

    # -- the vault's side ----------------------------------------------------------------------
    @property
    def head(self) -> bytes:
        return bytes(self._head)

    def finish(self) -> tuple[int, str]:
        if not self.finished:
            self.size, self.sha256 = self._encryptor.finish()
            os.fsync(self._file.fileno())
            self.finished = True
        return self.size, self.sha256

    def sniff_content_type(self) -> str:
        content_type = sniff_prefix(self.head)
        if content_type == "application/zip" and self.finished:
            reader = crypto.DecryptingReader(self.data_key, self.uid, self._file)
            content_type = sniff_zip(reader)  # type: ignore[arg-type]
        return content_type

    def link_into(self, target: Path) -> None:
        """Give the complete ciphertext its final name (atomically; never overwrites)."""
        if not self.finished:
            raise ValueError("finish the file first")
        target.parent.mkdir(parents=True, exist_ok=True)
        directory = os.open(target.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            if self._named is None:
                # linkat(AT_SYMLINK_FOLLOW) through /proc names the anonymous O_TMPFILE inode;
                # a dir fd makes Python use linkat with that flag rather than link().
                source = f"/proc/self/fd/{self._file.fileno()}"
                os.link(source, target.name, dst_dir_fd=directory, follow_symlinks=True)
            else:
                os.link(self._named, target.name, dst_dir_fd=directory)
                self._named.unlink()
                self._named = None
            os.fsync(directory)
        finally:
            os.close(directory)
        self.linked = target

    def ciphertext(self) -> BinaryIO:
        """The complete ciphertext from its first byte, as its own read handle."""
        if not self.finished:
            raise ValueError("finish the file first")
        handle = os.fdopen(os.dup(self._file.fileno()), "rb", closefd=True)
        handle.seek(0)
        return handle

    def store_into(self, store: Any, name: str) -> None:
        """Hand the complete ciphertext to a storage backend (vault.storage) under `name`;
        `discard` removes it again (a failed commit)."""
        store.put(self, name)
        self.placed = (store, name)

    def close(self) -> None:
        self._encryptor.close()
        if not self._file.closed:
            self._file.close()

    def discard(self) -> None:
        """Drop the temporary ciphertext (and the linked file, for a failed commit)."""
        self.close()
        self.data_key = b""
        for path in (self._named, self.linked):
            if path is not None and path.exists():
                path.unlink()
        self._named = None
        self.linked = None
        if self.placed is not None:
            store, name = self.placed
            self.placed = None
            store.delete(name)


def stream_factory_into(
    directory: Path, max_bytes: int | None, created: list[EncryptingTemporaryFile]
) -> Callable[..., EncryptingTemporaryFile]:
    """A Werkzeug `stream_factory` that makes encrypting files and remembers them in `created`."""

    def factory(
        total_content_length: int | None,
        content_type: str | None,
        filename: str | None,
        content_length: int | None = None,
    ) -> EncryptingTemporaryFile:
        incoming = EncryptingTemporaryFile(directory, max_bytes, filename)
        created.append(incoming)
        return incoming

    return factory
