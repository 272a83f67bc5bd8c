"""Pieces hashed and written on threads of their own: in order, bounded, errors brought back."""

from __future__ import annotations

import errno
import hashlib
import io
import os

import pytest

from mla_tool.vault import background_pieces, crypto
from mla_tool.vault.background_pieces import BackgroundDigest, PieceThread

UID = "0" * 32


@pytest.mark.parametrize("sizes", [[10, 20], [1 << 20] * 5 + [7], [5, 1 << 20, 3, 1 << 19]])
def test_the_digest_is_sha256_of_the_pieces_in_order(sizes):
    pieces = [os.urandom(size) for size in sizes]
    digest = BackgroundDigest()
    for piece in pieces:
        digest.update(piece)
    assert digest.hexdigest() == hashlib.sha256(b"".join(pieces)).hexdigest()
    with pytest.raises(ValueError):
        digest.update(b"more")


def test_reusable_pieces_come_back_only_once_worked_on():
    seen: list[bytes] = []
    worker = PieceThread(lambda piece: seen.append(bytes(piece)), "test")
    buffers = [bytearray(os.urandom(1 << 20)) for _ in range(3)]
    for buffer in buffers:
        worker.put(memoryview(buffer), reusable=True)
    worker.close()
    assert seen == [bytes(buffer) for buffer in buffers]
    returned = [worker.spare().obj for _ in buffers]
    assert all(any(r is b for b in buffers) for r in returned)
    assert worker.spare() is None


def test_an_error_on_the_thread_is_raised_in_the_callers():
    def full(_piece):
        raise OSError(errno.ENOSPC, "no room")

    worker = PieceThread(full, "test")
    worker.put(bytes(1 << 20))
    with pytest.raises(OSError) as raised:
        for _ in range(20):  # a later put, or close, brings it back
            worker.put(bytes(1 << 20))
        worker.close()
    assert raised.value.errno == errno.ENOSPC


def test_a_full_disk_while_encrypting_is_an_oserror_of_the_writer(monkeypatch):
    class Full(io.BytesIO):
        def write(self, data):
            if self.tell() > 2 << 20:
                raise OSError(errno.ENOSPC, "no room")
            return super().write(data)

    encryptor = crypto.Encryptor(os.urandom(32), UID, Full())
    with pytest.raises(OSError) as raised:
        for _ in range(16):
            encryptor.write(bytes(1 << 20))
        encryptor.finish()
    assert raised.value.errno == errno.ENOSPC
    encryptor.close()  # after the error: ends quietly


def test_a_large_stream_round_trips_through_the_threads(monkeypatch):
    monkeypatch.setattr(background_pieces, "AHEAD", 1)
    key = os.urandom(32)
    data = os.urandom(5 * (1 << 20) + 12345)
    sink = io.BytesIO()
    encryptor = crypto.Encryptor(key, UID, sink)
    for start in range(0, len(data), 300_001):  # pieces that straddle the chunks
        encryptor.write(memoryview(data)[start : start + 300_001])
    assert encryptor.finish() == (len(data), hashlib.sha256(data).hexdigest())
    assert crypto.decrypt_bytes(key, UID, sink.getvalue()) == data
