"""Attachment uploads and downloads through a real `mla-tool serve` against their bounds.

    python bench/vault_serve.py [--size 1G] [--runs 3] [--threads 4]

Starts `mla-tool serve` over a fresh SQLite data folder and, in each run, measures in the same
run: AES-256-GCM alone, SHA-256 alone, the disk writing the file (with its fsync) and reading it
back, then a multipart upload of the file over HTTP (sent from a generator: nothing holds the
whole file) and its download (read into one reused buffer). Reports upload MB/s against the
slowest of AES-GCM, SHA-256 and the disk write, and download MB/s against SHA-256 alone and the
disk read; every ratio is the median over the runs. Goals: both >= 0.8. Prints; asserts nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from _result import result
from _vault import parse_size, prepare_vault_case

TREE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(TREE))

from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # noqa: E402

BLOCK = 1 << 20
BOUNDARY = "benchBoundary0123456789"


def blocks(size: int) -> Iterator[bytes]:
    """`size` incompressible bytes, 1 MiB at a time, from eight random blocks in turn."""
    pool = [os.urandom(BLOCK) for _ in range(8)]
    sent = 0
    index = 0
    while sent < size:
        piece = pool[index % len(pool)][: min(BLOCK, size - sent)]
        sent += len(piece)
        index += 1
        yield piece


def seconds_of(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def aes_gcm_alone(size: int) -> None:
    aes = AESGCM(AESGCM.generate_key(bit_length=256))
    out = bytearray(BLOCK + 16)
    for index, block in enumerate(blocks(size)):
        aes.encrypt_into(
            index.to_bytes(12, "big"), block, b"aad", memoryview(out)[: len(block) + 16]
        )


def sha256_alone(size: int) -> None:
    digest = hashlib.sha256()
    for block in blocks(size):
        digest.update(block)


def disk_write(path: Path, size: int) -> None:
    with path.open("wb") as handle:
        for block in blocks(size):
            handle.write(block)
        handle.flush()
        os.fsync(handle.fileno())


def disk_read(path: Path) -> None:
    buffer = bytearray(BLOCK)
    with path.open("rb", buffering=0) as handle:
        while handle.readinto(buffer):  # type: ignore[attr-defined]
            pass


def prepare(folder: Path) -> tuple[str, int]:
    """A user, a case and a bearer token in a new installation in `folder`."""
    os.environ["MLA_DATA_DIR"] = str(folder)
    os.environ.pop("MLA_DATABASE_URL", None)

    from mla_tool import create_app

    app = create_app()
    with app.app_context():
        return prepare_vault_case(app)


def start_server(folder: Path, port: int, threads: int, limit: int) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "MLA_DATA_DIR": str(folder),
        "MLA_MAX_UPLOAD_BYTES": str(limit),
        "PYTHONPATH": str(TREE),
    }
    server = subprocess.Popen(
        [sys.executable, "-c", "from mla_tool.cli import main; main()", "serve"]
        + ["--port", str(port), "--threads", str(threads)],
        env=env,
        cwd=TREE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("mla-tool serve did not start")


def upload(port: int, case_id: int, token: str, size: int) -> int:
    head = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; '
        'filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n'
    ).encode()
    tail = f"\r\n--{BOUNDARY}--\r\n".encode()

    def body() -> Iterator[bytes]:
        yield head
        yield from blocks(size)
        yield tail

    client = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    client.request(
        "POST",
        f"/api/v1/cases/{case_id}/attachments",
        body=body(),
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
            "Content-Length": str(len(head) + size + len(tail)),
        },
    )
    reply = client.getresponse()
    answer = reply.read()
    client.close()
    if reply.status != 201:
        raise SystemExit(f"upload answered {reply.status}: {answer[:300]!r}")
    return int(answer.split(b'"id":')[1].split(b",")[0])


def download(port: int, case_id: int, token: str, attachment_id: int) -> int:
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    client.request(
        "GET",
        f"/api/v1/cases/{case_id}/attachments/{attachment_id}",
        headers={"Authorization": f"Bearer {token}"},
    )
    reply = client.getresponse()
    buffer = bytearray(BLOCK)
    received = 0
    while count := reply.readinto(buffer):
        received += count
    client.close()
    if reply.status != 200:
        raise SystemExit(f"download answered {reply.status}")
    return received


def one_run(scratch: Path, size: int, target: tuple[int, int, str]) -> dict[str, float]:
    """MB/s of the bounds, then of an upload and its download through the server."""
    port, case_id, token = target
    mb = size / 1e6
    speeds = {
        "aes": mb / seconds_of(lambda: aes_gcm_alone(size)),
        "sha": mb / seconds_of(lambda: sha256_alone(size)),
        "write": mb / seconds_of(lambda: disk_write(scratch, size)),
        "read": mb / seconds_of(lambda: disk_read(scratch)),
    }
    scratch.unlink()
    made: list[int] = []
    speeds["upload"] = mb / seconds_of(lambda: made.append(upload(port, case_id, token, size)))
    got: list[int] = []
    speeds["download"] = mb / seconds_of(
        lambda: got.append(download(port, case_id, token, made[0]))
    )
    if got[0] != size:
        raise SystemExit(f"downloaded {got[0]} bytes of {size}")
    return speeds


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1G", help="file size, e.g. 1G, 256M (default 1G)")
    parser.add_argument("--runs", type=int, default=3, help="runs; ratios are their median")
    parser.add_argument("--threads", type=int, default=4, help="`mla-tool serve --threads`")
    args = parser.parse_args()
    size = parse_size(args.size)
    folder = Path(tempfile.mkdtemp(prefix="mla-vault-serve-", dir=os.environ.get("TMPDIR")))
    token, case_id = prepare(folder)
    port = free_port()
    server = start_server(folder, port, args.threads, size + BLOCK)
    mb = size / 1e6
    rows: dict[str, list[float]] = {}
    print(f"vault through `mla-tool serve --threads {args.threads}`, {mb:.0f} MB, {args.runs} runs")
    print(
        f"  {'run':>3} {'AES-GCM':>9} {'SHA-256':>9} {'disk wr':>9} {'disk rd':>9}"
        f" {'upload':>9} {'download':>9}   (MB/s)"
    )
    try:
        for run in range(1, args.runs + 1):
            speeds = one_run(folder / "scratch.bin", size, (port, case_id, token))
            speeds["upload bound"] = min(speeds["aes"], speeds["sha"], speeds["write"])
            speeds["download bound"] = min(speeds["sha"], speeds["read"])
            for name, value in speeds.items():
                rows.setdefault(name, []).append(value)
            print(
                f"  {run:>3} "
                + " ".join(
                    f"{speeds[k]:9.0f}"
                    for k in ("aes", "sha", "write", "read", "upload", "download")
                )
            )
            for stored in (folder / "attachments").rglob("*.mlav"):
                stored.unlink()  # keep the disk free for the next run
        ratio = {
            "upload": [u / b for u, b in zip(rows["upload"], rows["upload bound"], strict=True)],
            "download sha": [d / s for d, s in zip(rows["download"], rows["sha"], strict=True)],
            "download read": [d / r for d, r in zip(rows["download"], rows["read"], strict=True)],
        }
        median = {name: statistics.median(values) for name, values in rows.items()}
        print(
            f"medians (MB/s): AES-GCM {median['aes']:.0f}, SHA-256 {median['sha']:.0f}, "
            f"disk write {median['write']:.0f}, disk read {median['read']:.0f}, "
            f"upload {median['upload']:.0f}, download {median['download']:.0f}"
        )
        up = statistics.median(ratio["upload"])
        down = statistics.median(ratio["download sha"])
        down_read = statistics.median(ratio["download read"])
        print(f"upload / slowest of AES-GCM, SHA-256, disk write: {up:.2f} (goal >= 0.8)")
        print(f"download / SHA-256 alone: {down:.2f} (goal >= 0.8); / disk read: {down_read:.2f}")
        result(f"serve upload / slowest of AES-GCM, SHA-256, disk ({args.size})", up, ">=0.8")
        result(f"serve download / SHA-256 alone ({args.size})", down, ">=0.8")
        result(f"serve download / disk read ({args.size})", down_read, "")
    finally:
        server.terminate()
        server.wait(30)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
