"""The only code that touches keys: chunked AES-256-GCM streams and data-key wrapping.

File format (version 1)::

    header  = b"MLAV" | version u8 | 3 zero bytes | chunk_size u32       (12 bytes)
    chunk_i = AES-256-GCM(data_key, nonce=i as 96-bit big-endian,
                          aad=header | i u64 | final u8 | attachment uid)   -> ciphertext | tag

Every chunk but the last holds exactly `chunk_size` plaintext bytes; the last holds 0..chunk_size
and is the only one sealed with final=1. The data key is fresh per attachment, so the counter
nonce never repeats under one key. Binding the header, index, final flag and uid into each tag
means chunks cannot be reordered, dropped, appended, truncated or moved between files.

Data keys are wrapped with AES-256-GCM under a master key; the wrap binds the key id and the
attachment uid, so a wrapped key only opens the attachment it was made for.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import os
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from .background_pieces import BackgroundDigest, PieceThread

MAGIC = b"MLAV"
FORMAT_VERSION = 1
CHUNK_SIZE = 1 << 20
TAG_SIZE = 16
KEY_SIZE = 32
_HEADER = struct.Struct(">4sB3xI")
HEADER_SIZE = _HEADER.size
_CHUNK_AAD = struct.Struct(">QB")
#: Room past a chunk's end in its buffer: a reader receiving into the chunk (`receive_buffer`)
#: may read past it, and what it reads there starts the next chunk.
RECEIVE_SLACK = 16 * 1024
_WRAP_CONTEXT = b"mla_tool vault data key v1|"


class IntegrityError(Exception):
    """A tag, header or digest check failed: the bytes must not be served."""


@dataclass(frozen=True)
class Keyring:
    """Master keys by id; `active` wraps new data keys, the others only unwrap."""

    active: str
    keys: dict[str, bytes]

    def key(self, key_id: str) -> bytes:
        try:
            return self.keys[key_id]
        except KeyError:
            raise IntegrityError(f"master key {key_id!r} is not in the key file") from None


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=KEY_SIZE * 8)


def new_master_key() -> bytes:
    return AESGCM.generate_key(bit_length=KEY_SIZE * 8)


def _wrap_aad(key_id: str, uid: str) -> bytes:
    return _WRAP_CONTEXT + key_id.encode() + b"|" + uid.encode()


def wrap_data_key(keyring: Keyring, data_key: bytes, uid: str) -> tuple[str, bytes]:
    """Wrap `data_key` for attachment `uid` under the active master key: (key id, wrapped)."""
    if len(data_key) != KEY_SIZE:
        raise ValueError("a data key has 32 bytes")
    nonce = os.urandom(12)
    sealed = AESGCM(keyring.key(keyring.active)).encrypt(
        nonce, data_key, _wrap_aad(keyring.active, uid)
    )
    return keyring.active, nonce + sealed


def unwrap_data_key(keyring: Keyring, key_id: str, wrapped: bytes, uid: str) -> bytes:
    if len(wrapped) != 12 + KEY_SIZE + TAG_SIZE:
        raise IntegrityError("the wrapped data key has the wrong length")
    try:
        return AESGCM(keyring.key(key_id)).decrypt(
            wrapped[:12], wrapped[12:], _wrap_aad(key_id, uid)
        )
    except InvalidTag:
        raise IntegrityError("the data key does not unwrap under its master key") from None


def rewrap_data_key(keyring: Keyring, key_id: str, wrapped: bytes, uid: str) -> tuple[str, bytes]:
    """Unwrap under `key_id` and wrap again under the active key (rotation: data untouched)."""
    return wrap_data_key(keyring, unwrap_data_key(keyring, key_id, wrapped, uid), uid)


def _nonce(index: int) -> bytes:
    return index.to_bytes(12, "big")


def _aad(header: bytes, index: int, final: bool, uid: bytes) -> bytes:
    return header + _CHUNK_AAD.pack(index, 1 if final else 0) + uid


class Encryptor:
    """Encrypts a stream written in pieces of any size to `sink`; plaintext never leaves memory.

    Holds at most one chunk of plaintext. `finish()` seals the final chunk and returns the
    plaintext size and SHA-256 (hex). Bytes arrive by `write` (copied into the chunk), or are
    put into the chunk by the caller itself (`receive_buffer`, then `commit`): no copy.
    """

    def __init__(
        self, data_key: bytes, uid: str, sink: BinaryIO, chunk_size: int = CHUNK_SIZE
    ) -> None:
        if not 1 <= chunk_size <= 1 << 30:
            raise ValueError("chunk size out of range")
        self._aes = AESGCM(data_key)
        self._uid = uid.encode()
        self._sink = sink
        self._chunk_size = chunk_size
        self._header = _HEADER.pack(MAGIC, FORMAT_VERSION, chunk_size)
        self._slack = min(RECEIVE_SLACK, chunk_size)
        self._chunk = bytearray(chunk_size + self._slack)  # the plaintext chunk being filled
        self._filled = 0
        self._out = bytearray(chunk_size + TAG_SIZE)  # the sealed chunk being written
        self._index = 0
        self._size = 0
        self._finished = False
        sink.write(self._header)
        # Each sealed chunk is hashed and written on threads of their own while the next fills.
        self._digest = BackgroundDigest()
        self._writer = PieceThread(functools.partial(_write_all, sink), "vault-write")

    @property
    def size(self) -> int:
        return self._size

    def _seal(self, final: bool) -> None:
        """Encrypt and write the chunk filled so far; hand it to the digest and take a new one."""
        data = memoryview(self._chunk)[: self._filled]
        aad = _aad(self._header, self._index, final, self._uid)
        out = memoryview(self._out)[: self._filled + TAG_SIZE]
        self._aes.encrypt_into(_nonce(self._index), data, aad, out)
        self._digest.update(data, reusable=True)
        self._writer.put(out, reusable=True)
        self._index += 1
        spare, sealed = self._digest.spare(), self._writer.spare()
        self._chunk = spare.obj if spare is not None else bytearray(self._chunk_size + self._slack)
        self._out = sealed.obj if sealed is not None else bytearray(self._chunk_size + TAG_SIZE)
        self._filled = 0

    def write(self, data: bytes | bytearray | memoryview) -> int:
        """Take `data` (copied once, into the chunk being filled; the caller may reuse it)."""
        if self._finished:
            raise ValueError("the stream is finished")
        view = memoryview(data).cast("B")
        count = len(view)
        self._size += count
        size = self._chunk_size
        while view:
            # A chunk is sealed only once a byte past it is known: the last one must be final.
            if self._filled == size:
                self._seal(final=False)
            take = min(len(view), size - self._filled)
            self._chunk[self._filled : self._filled + take] = view[:take]
            self._filled += take
            view = view[take:]
        return count

    def receive_buffer(self) -> tuple[bytearray, int]:
        """The chunk being filled and where its free room starts: the caller may put bytes
        there (up to the buffer's end, past the chunk's), then `commit` those that belong to
        the stream. Bytes put there and not committed are overwritten by the next ones."""
        if self._finished:
            raise ValueError("the stream is finished")
        return self._chunk, self._filled

    def commit(self, count: int) -> None:
        """Take the `count` bytes put in the chunk's free room (`receive_buffer`) as the next
        of the stream; the chunk is sealed once a byte past it is in, and the bytes past it
        (at most the buffer's slack) begin the next chunk."""
        if self._finished:
            raise ValueError("the stream is finished")
        if not 0 <= count <= len(self._chunk) - self._filled:
            raise ValueError("more bytes committed than the buffer has room for")
        self._size += count
        self._filled += count
        size = self._chunk_size
        while self._filled > size:
            full, end = self._chunk, self._filled
            self._filled = size
            self._seal(final=False)
            self._chunk[: end - size] = full[size:end]  # a copy: `full` may come back as spare
            self._filled = end - size

    def finish(self) -> tuple[int, str]:
        if not self._finished:
            self._seal(final=True)
            self._writer.close()  # every chunk written (or the write's error raised here)
            self._finished = True
        return self._size, self._digest.hexdigest()

    def close(self) -> None:
        """Drop an unfinished stream: its threads end (idempotent; a write error is the
        caller's already, or no longer matters)."""
        for worker in (self._digest, self._writer):
            with contextlib.suppress(OSError):
                worker.close()


def _write_all(sink: BinaryIO, data: memoryview) -> None:
    """Write all of `data` (a raw file may take less than it is given)."""
    while data:
        written = sink.write(data)
        data = data[len(data) if written is None else written :]


def _read_header(source: BinaryIO) -> tuple[bytes, int]:
    header = source.read(HEADER_SIZE)
    if len(header) != HEADER_SIZE:
        raise IntegrityError("the file is shorter than its header")
    magic, version, chunk_size = _HEADER.unpack(header)
    if magic != MAGIC or version != FORMAT_VERSION or not 1 <= chunk_size <= 1 << 30:
        raise IntegrityError("the file header is not an mla_tool vault header")
    return header, chunk_size


def _read_full(source: BinaryIO, size: int) -> bytes:
    parts = []
    while size > 0:
        part = source.read(size)
        if not part:
            break
        parts.append(part)
        size -= len(part)
    return b"".join(parts)


def decrypt_chunks(data_key: bytes, uid: str, source: BinaryIO) -> Iterator[bytes]:
    """Yield the plaintext chunk by chunk, each only after its tag verified.

    Raises IntegrityError at the first chunk that fails, and when the stream ends without a
    final chunk or goes on after it.
    """
    aes = AESGCM(data_key)
    header, chunk_size = _read_header(source)
    uid_bytes = uid.encode()
    block = chunk_size + TAG_SIZE
    index = 0
    current = _read_full(source, block)
    while True:
        following = _read_full(source, block) if len(current) == block else b""
        final = not following
        if len(current) < TAG_SIZE:
            raise IntegrityError(f"chunk {index} is truncated")
        try:
            plain = aes.decrypt(_nonce(index), current, _aad(header, index, final, uid_bytes))
        except InvalidTag:
            raise IntegrityError(f"chunk {index} failed authentication") from None
        yield plain
        if final:
            return
        index += 1
        current = following


def encrypt_bytes(data_key: bytes, uid: str, data: bytes, chunk_size: int = CHUNK_SIZE) -> bytes:
    """Whole-buffer helper (tests, small payloads)."""
    sink = io.BytesIO()
    encryptor = Encryptor(data_key, uid, sink, chunk_size)
    encryptor.write(data)
    encryptor.finish()
    return sink.getvalue()


def decrypt_bytes(data_key: bytes, uid: str, data: bytes) -> bytes:
    return b"".join(decrypt_chunks(data_key, uid, io.BytesIO(data)))


def sha256_of_chunks(chunks: Iterator[bytes]) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    for chunk in chunks:
        digest.update(chunk)
        size += len(chunk)
    return size, digest.hexdigest()


class DecryptingReader(io.RawIOBase):
    """A seekable read-only view of the plaintext (zip sniffing), decrypting one chunk at a time."""

    def __init__(self, data_key: bytes, uid: str, source: BinaryIO) -> None:
        super().__init__()
        self._aes = AESGCM(data_key)
        self._uid = uid.encode()
        self._source = source
        source.seek(0)
        self._header, self._chunk_size = _read_header(source)
        total = os.fstat(source.fileno()).st_size - HEADER_SIZE
        block = self._chunk_size + TAG_SIZE
        self._chunks = max(1, -(-total // block))
        last = total - (self._chunks - 1) * block
        if last < TAG_SIZE:
            raise IntegrityError("the final chunk is truncated")
        self._size = (self._chunks - 1) * self._chunk_size + last - TAG_SIZE
        self._position = 0
        self._cached: tuple[int, bytes] | None = None

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self._size}[whence]
        self._position = max(0, base + offset)
        return self._position

    def _chunk(self, index: int) -> bytes:
        if self._cached and self._cached[0] == index:
            return self._cached[1]
        block = self._chunk_size + TAG_SIZE
        self._source.seek(HEADER_SIZE + index * block)
        sealed = _read_full(self._source, block)
        final = index == self._chunks - 1
        try:
            plain = self._aes.decrypt(
                _nonce(index), sealed, _aad(self._header, index, final, self._uid)
            )
        except InvalidTag:
            raise IntegrityError(f"chunk {index} failed authentication") from None
        self._cached = (index, plain)
        return plain

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._position >= self._size:
            return 0
        index, offset = divmod(self._position, self._chunk_size)
        piece = self._chunk(index)[offset : offset + len(buffer)]
        buffer[: len(piece)] = piece
        self._position += len(piece)
        return len(piece)
