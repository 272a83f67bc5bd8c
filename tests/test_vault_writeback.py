"""An upload's ciphertext is put on disk as it is written, not all at its final fsync."""

from __future__ import annotations

import hashlib
import os

from mla_tool.vault import crypto, uploads


def test_writeback_is_asked_for_every_few_mib_of_ciphertext(tmp_path, monkeypatch):
    asked: list[tuple[int, int, int]] = []
    monkeypatch.setattr(
        os,
        "posix_fadvise",
        lambda fd, offset, length, advice: asked.append((offset, length, advice)),
        raising=False,
    )
    incoming = uploads.EncryptingTemporaryFile(tmp_path, None, "big.bin")
    data = os.urandom(3 * uploads.WRITEBACK_BYTES + 12345)
    for start in range(0, len(data), 1 << 20):
        incoming.write(data[start : start + (1 << 20)])
    assert incoming.finish() == (len(data), hashlib.sha256(data).hexdigest())
    # contiguous ranges from the file's first byte, each of at least WRITEBACK_BYTES
    assert len(asked) == 3
    assert [offset for offset, _, _ in asked] == [0, asked[0][1], asked[0][1] + asked[1][1]]
    assert all(length >= uploads.WRITEBACK_BYTES for _, length, _ in asked)
    assert {advice for _, _, advice in asked} == {os.POSIX_FADV_DONTNEED}
    with incoming.ciphertext() as stored:
        assert crypto.decrypt_bytes(incoming.data_key, incoming.uid, stored.read()) == data
    incoming.discard()


def test_a_refused_writeback_request_changes_nothing(tmp_path, monkeypatch):
    def refuse(*_args):
        raise OSError(22, "not supported here")

    monkeypatch.setattr(os, "posix_fadvise", refuse, raising=False)
    incoming = uploads.EncryptingTemporaryFile(tmp_path, None, "big.bin")
    data = os.urandom(2 * uploads.WRITEBACK_BYTES)
    incoming.write(data)
    assert incoming.finish()[0] == len(data)
    with incoming.ciphertext() as stored:
        assert crypto.decrypt_bytes(incoming.data_key, incoming.uid, stored.read()) == data
    incoming.discard()
