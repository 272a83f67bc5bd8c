"""The least work any server must do to keep an upload, for bench/vault_serve.py's baseline.

The body is read as it comes into 1 MiB buffers; each is encrypted with AES-256-GCM on the
request's thread while a second thread takes its SHA-256 and a third writes the sealed chunks;
the kernel is asked every `WRITEBACK` bytes to start putting them on disk (else the fsync at the
end writes the whole file after its last byte came), and the file is fsynced at the end. That is
the vault's work without what a real upload adds to it: finding the multipart boundary, the
database and the audit entry, the key wrapping. On a machine whose cores the client shares,
this pipeline (not any one of its steps) is what an upload through any server is bounded by.
"""

from __future__ import annotations

import hashlib
import os
import queue
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

CHUNK = 1 << 20
TAG = 16
#: Bytes written between two requests to start their writeback (posix_fadvise DONTNEED).
WRITEBACK = 8 << 20
#: Buffers in flight for each of the two threads (a chunk is reused once its thread is done).
RING = 4


def _worker(
    jobs: queue.Queue[Any], apply: Callable[[memoryview], Any], free: queue.Queue[Any]
) -> None:
    while (job := jobs.get()) is not None:
        buffer, count = job
        apply(memoryview(buffer)[:count])
        free.put(buffer)


class _Writer:
    """Writes all it is given to `sink`, starting the writeback every WRITEBACK bytes."""

    def __init__(self, sink: BinaryIO) -> None:
        self.sink, self.written, self.started = sink, 0, 0

    def __call__(self, data: memoryview) -> None:
        self.written += len(data)
        while data:
            data = data[self.sink.write(data) or 0 :]
        if self.written - self.started >= WRITEBACK:
            fd, length = self.sink.fileno(), self.written - self.started
            os.posix_fadvise(fd, self.started, length, os.POSIX_FADV_DONTNEED)
            self.started = self.written


def keep(stream: Any, path: Path) -> tuple[int, str]:
    """Read `stream` to its end; write it encrypted to `path` (fsynced); return its size and
    SHA-256 (hex)."""
    aes = AESGCM(AESGCM.generate_key(bit_length=256))
    digest = hashlib.sha256()
    plain: queue.Queue[Any] = queue.Queue()
    sealed: queue.Queue[Any] = queue.Queue()
    for _ in range(RING):
        plain.put(bytearray(CHUNK))
        sealed.put(bytearray(CHUNK + TAG))
    to_hash: queue.Queue[Any] = queue.Queue()
    to_write: queue.Queue[Any] = queue.Queue()
    size = index = 0
    with path.open("wb", buffering=0) as sink:
        threads = [
            threading.Thread(target=_worker, args=(to_hash, digest.update, plain)),
            threading.Thread(target=_worker, args=(to_write, _Writer(sink), sealed)),
        ]
        for thread in threads:
            thread.start()
        try:
            while True:
                buffer = plain.get()
                view, count = memoryview(buffer), 0
                while count < CHUNK and (got := stream.readinto(view[count:])):
                    count += got
                if not count:
                    break
                out = sealed.get()
                aes.encrypt_into(
                    index.to_bytes(12, "big"), view[:count], b"", memoryview(out)[: count + TAG]
                )
                to_hash.put((buffer, count))
                to_write.put((out, count + TAG))
                size += count
                index += 1
        finally:
            to_hash.put(None)
            to_write.put(None)
            for thread in threads:
                thread.join()
        os.fsync(sink.fileno())
    return size, digest.hexdigest()
