"""Attachment vault throughput: upload+encrypt and download+decrypt vs raw AES-GCM, and peak RSS.

    python bench/vault_throughput.py [--size 1G] [--keep]

Runs the real application (SQLite in a temporary data folder) through its WSGI interface: the
upload is a streamed multipart body parsed by the encrypting stream factory, encrypted,
hashed, written, fsynced, linked and committed; the download decrypts, hashes and streams it
back. Baselines over the same bytes in the same run: raw AESGCM in 1 MiB chunks, and raw
AESGCM plus SHA-256 (the digest the design requires on the way in and out). Prints; asserts
nothing. Goals: ratio to raw AESGCM >= 0.7, peak RSS growth < 64 MB.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from _result import result
from _vault import parse_size, prepare_vault_case

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # noqa: E402

BLOCK = 1 << 20
BOUNDARY = "benchBoundary0123456789"
PAGE = os.sysconf("SC_PAGE_SIZE")


def rss_bytes() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * PAGE


class PeakRss:
    """Samples RSS every 5 ms while a phase runs; `growth` is its peak above the start."""

    def __init__(self) -> None:
        self.start = rss_bytes()
        self.peak = self.start
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, rss_bytes())
            time.sleep(0.005)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *_: Any) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_bytes())

    @property
    def growth(self) -> int:
        return self.peak - self.start


def blocks(size: int, seed: bytes) -> Iterator[bytes]:
    """`size` bytes of incompressible data, 1 MiB at a time, the same on every call."""
    base = bytearray(hashlib.shake_256(seed).digest(BLOCK))
    produced = 0
    counter = 0
    while produced < size:
        base[:8] = counter.to_bytes(8, "big")  # no two blocks alike
        piece = bytes(base[: min(BLOCK, size - produced)])
        produced += len(piece)
        counter += 1
        yield piece


class MultipartStream:
    """A request body produced on demand: multipart head, the file's blocks, tail."""

    def __init__(self, size: int, seed: bytes) -> None:
        self.head = (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; '
            'filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n'
        ).encode()
        self.tail = f"\r\n--{BOUNDARY}--\r\n".encode()
        self.length = len(self.head) + size + len(self.tail)
        self._source = blocks(size, seed)
        self._pending = memoryview(self.head)
        self._tail_sent = False

    def read(self, n: int = -1) -> bytes:
        out = bytearray()
        want = self.length if n is None or n < 0 else n
        while len(out) < want:
            if not self._pending:
                nxt = next(self._source, None)
                if nxt is None:
                    if self._tail_sent:
                        break
                    nxt = self.tail
                    self._tail_sent = True
                self._pending = memoryview(nxt)
            take = self._pending[: want - len(out)]
            out += take
            self._pending = self._pending[len(take) :]
        return bytes(out)


def timed(label: str, size: int, run: Callable[[], Any]) -> tuple[float, int, Any]:
    with PeakRss() as rss:
        start = time.perf_counter()
        result = run()
        seconds = time.perf_counter() - start
    print(
        f"  {label:<34} {seconds:7.2f} s  {size / seconds / 1e6:8.0f} MB/s  "
        f"peak RSS +{rss.growth / 1e6:6.1f} MB"
    )
    return seconds, rss.growth, result


def raw_aesgcm(size: int, seed: bytes, with_digest: bool) -> None:
    aes = AESGCM(AESGCM.generate_key(bit_length=256))
    digest = hashlib.sha256()
    for index, block in enumerate(blocks(size, seed)):
        aes.encrypt(index.to_bytes(12, "big"), block, b"aad")
        if with_digest:
            digest.update(block)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1G", help="file size, e.g. 1G, 256M (default 1G)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary data folder")
    args = parser.parse_args()
    size = parse_size(args.size)
    seed = os.urandom(16)
    folder = Path(tempfile.mkdtemp(prefix="mla-vault-bench-", dir=os.environ.get("TMPDIR")))
    os.environ["MLA_DATA_DIR"] = str(folder)
    os.environ.pop("MLA_DATABASE_URL", None)

    from werkzeug.test import EnvironBuilder

    from mla_tool import create_app
    from mla_tool.extensions import db

    app = create_app({"MLA_MAX_UPLOAD_BYTES": size + BLOCK, "MAX_CONTENT_LENGTH": size + BLOCK})
    with app.app_context():
        token, case_id = prepare_vault_case(app)
        db.session.remove()
    auth = {"Authorization": f"Bearer {token}"}

    def call(environ: dict[str, Any]) -> tuple[str, int]:
        status: list[str] = []
        received = 0
        body = app(environ, lambda s, h, e=None: status.append(s))
        try:
            for piece in body:
                received += len(piece)
        finally:
            getattr(body, "close", lambda: None)()
        return status[0], received

    def do_upload() -> tuple[str, int]:
        stream = MultipartStream(size, seed)
        environ = EnvironBuilder(
            path=f"/api/v1/cases/{case_id}/attachments", method="POST", headers=auth
        ).get_environ()
        environ["wsgi.input"] = stream
        environ["CONTENT_LENGTH"] = str(stream.length)
        environ["CONTENT_TYPE"] = f"multipart/form-data; boundary={BOUNDARY}"
        return call(environ)

    def do_download() -> tuple[str, int]:
        environ = EnvironBuilder(
            path=f"/api/v1/cases/{case_id}/attachments/1", headers=auth
        ).get_environ()
        return call(environ)

    print(f"vault throughput, {size / 1e6:.0f} MB, chunk 1 MiB, data folder {folder}")
    try:
        raw, _, _ = timed("raw AESGCM (baseline)", size, lambda: raw_aesgcm(size, seed, False))
        floor, _, _ = timed("raw AESGCM + SHA-256", size, lambda: raw_aesgcm(size, seed, True))
        up, up_rss, (up_status, _) = timed("upload + encrypt (WSGI, multipart)", size, do_upload)
        down, down_rss, (down_status, got) = timed("download + decrypt (WSGI)", size, do_download)
        assert up_status.startswith("201"), up_status
        assert down_status.startswith("200") and got == size, (down_status, got)
        print("ratios (throughput / raw AESGCM; goal >= 0.7):")
        print(f"  upload   {raw / up:5.2f}    download {raw / down:5.2f}")
        print("ratios to raw AESGCM + SHA-256 (the digest is part of the design):")
        print(f"  upload   {floor / up:5.2f}    download {floor / down:5.2f}")
        result(f"vault upload throughput / raw AESGCM ({args.size})", raw / up, ">=0.7")
        result(f"vault download throughput / raw AESGCM ({args.size})", raw / down, ">=0.7")
        result("vault upload peak RSS growth", up_rss / 1e6, "<64", "MB")
        result("vault download peak RSS growth", down_rss / 1e6, "<64", "MB")
        print(
            f"peak RSS growth (goal < 64 MB): upload {up_rss / 1e6:.1f} MB, "
            f"download {down_rss / 1e6:.1f} MB"
        )
    finally:
        if args.keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
