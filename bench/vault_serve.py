"""Attachment uploads and downloads through a real `mla-tool serve` against their bounds.

    python bench/vault_serve.py [--size 1G] [--runs 3] [--threads 4]

Starts `mla-tool serve` over a fresh SQLite data folder and, in each run, measures in the same
run: AES-256-GCM alone, SHA-256 alone, the disk writing the file (with its fsync) and reading it
back, then a multipart upload of the file over HTTP (sent from a generator: nothing holds the
whole file) and its download (read into one reused buffer). Reports upload MB/s against the
slowest of AES-GCM, SHA-256 and the disk write, and download MB/s against SHA-256 alone and the
disk read; every ratio is the median over the runs. Goals: both >= 0.8. Prints; asserts nothing.

The server's own ceiling is measured beside it: a bare WSGI app under the same waitress, with the
same settings and channel (`body_gate.TRANSFER_TUNING`, `streamed_body.StreamingChannel`),
that sends the same bytes from memory and reads an upload's body without keeping it. And the
CPU seconds the server process spent per transfer (Linux: /proc), which a busy machine disturbs
far less than the wall-clock time, and for a download those of its main thread (waitress's main
loop, which sends only what the request's worker leaves: `vault/response_channel.py`).
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

from _least_work import keep
from _result import result
from _thread_cpu import ThreadSampler, cpu_seconds
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


def bare_app(size: int) -> Callable[..., Iterator[bytes]]:
    """A WSGI app: GET sends `size` bytes of `blocks`, POST reads the body into one buffer, or
    to /least-work keeps it as the vault would, in the least work that takes (`_least_work`)."""

    def app(environ: dict, start_response: Callable) -> Iterator[bytes]:
        if environ["PATH_INFO"] == "/least-work":  # kept as the vault would, in least work
            scratch = Path(os.environ["MLA_DATA_DIR"], "least-work.bin")
            keep(environ["wsgi.input"], scratch)
            scratch.unlink()
            start_response("201 Created", [("Content-Length", "0")])
            return iter([b""])
        if environ["REQUEST_METHOD"] == "POST":
            stream, buffer = environ["wsgi.input"], bytearray(BLOCK)
            while stream.readinto(buffer):
                pass
            start_response("201 Created", [("Content-Length", "0")])
            return iter([b""])
        start_response("200 OK", [("Content-Length", str(size))])
        return blocks(size)

    return app


def serve_bare(port: int, threads: int, size: int) -> None:
    """The bare app under `mla-tool serve`'s waitress settings and channel (uploads of any
    length are streamed to it: the gate's permission check is the app's part)."""
    from waitress.server import create_server

    from mla_tool.vault.body_gate import TRANSFER_TUNING
    from mla_tool.vault.streamed_body import StreamingChannel

    class BareParser(StreamingChannel.parser_class):  # type: ignore[name-defined,misc]
        channel = None

        def parse_header(self, header_plus: bytes) -> None:
            super().parse_header(header_plus)
            if self.body_rcv is not None and not self.chunked and self.channel.may_stream():
                self.body_pipe = self.channel.start_streaming(self.content_length, self)
                self.body_rcv = None
                self.completed = True

        def received(self, data: bytes) -> int:
            consumed = super().received(data)
            pipe = getattr(self, "body_pipe", None)
            if pipe is not None and consumed < len(data):
                consumed += pipe.feed(data[consumed:])
            return consumed

        def get_body_stream(self):  # type: ignore[no-untyped-def]
            pipe = getattr(self, "body_pipe", None)
            return pipe if pipe is not None else super().get_body_stream()

    class BareChannel(StreamingChannel):
        def parser_class(self, adj):  # type: ignore[no-untyped-def,override]
            parser = BareParser(adj)
            parser.channel = self
            return parser

    server = create_server(
        bare_app(size),
        host="127.0.0.1",
        port=port,
        threads=threads,
        max_request_body_size=2 * size + BLOCK,
        **TRANSFER_TUNING,
    )
    server.channel_class = BareChannel
    server.run()


def start_server(
    folder: Path, port: int, threads: int, limit: int, bare: bool = False
) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "MLA_DATA_DIR": str(folder),
        "MLA_MAX_UPLOAD_BYTES": str(limit),
        "PYTHONPATH": str(TREE),
    }
    command = (
        [
            __file__,
            "--serve-bare",
            str(port),
            "--threads",
            str(threads),
            "--size",
            str(limit - BLOCK),
        ]
        if bare
        else ["-c", "from mla_tool.cli import main; main()", "serve"]
        + ["--port", str(port), "--threads", str(threads)]
    )
    server = subprocess.Popen(
        [sys.executable, *command],
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


def upload(port: int, case_id: int, token: str, size: int, path: str = "") -> int:
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
        path or f"/api/v1/cases/{case_id}/attachments",
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
    return int(answer.split(b'"id":')[1].split(b",")[0]) if not path else 0


def download(port: int, case_id: int, token: str, attachment_id: int, path: str = "") -> int:
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    client.request(
        "GET",
        path or f"/api/v1/cases/{case_id}/attachments/{attachment_id}",
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


def timed(
    server: subprocess.Popen[str], run: Callable[[], object], mb: float
) -> tuple[float, float, float]:
    """MB/s of `run`, and the server's CPU seconds per GB during it: all of them, and those of
    its main thread (waitress's main loop)."""
    cpu, loop = cpu_seconds(server.pid), cpu_seconds(server.pid, server.pid)
    seconds = seconds_of(run)
    gb = mb / 1000
    return (
        mb / seconds,
        (cpu_seconds(server.pid) - cpu) / gb,
        (cpu_seconds(server.pid, server.pid) - loop) / gb,
    )


def one_run(
    scratch: Path, size: int, target: tuple[int, int, str], servers: tuple[subprocess.Popen, ...]
) -> dict[str, float]:
    """MB/s of the bounds, then of an upload and its download through the server and through
    the bare one; the servers' CPU seconds per GB."""
    port, case_id, token, bare_port = target
    server, bare = servers
    mb = size / 1e6
    speeds = {
        "aes": mb / seconds_of(lambda: aes_gcm_alone(size)),
        "sha": mb / seconds_of(lambda: sha256_alone(size)),
        "write": mb / seconds_of(lambda: disk_write(scratch, size)),
        "read": mb / seconds_of(lambda: disk_read(scratch)),
    }
    scratch.unlink()
    made: list[int] = []
    with ThreadSampler(server.pid) as threads:
        speeds["upload"], speeds["upload cpu"], speeds["upload loop"] = timed(
            server, lambda: made.append(upload(port, case_id, token, size)), mb
        )
    busiest = threads.spent()[:3] + [0.0] * 3
    speeds["upload thread 1"], speeds["upload thread 2"], speeds["upload thread 3"] = (
        seconds / (mb / 1000) for seconds in busiest[:3]
    )
    got: list[int] = []
    speeds["download"], speeds["download cpu"], speeds["download loop"] = timed(
        server, lambda: got.append(download(port, case_id, token, made[0])), mb
    )
    if got[0] != size:
        raise SystemExit(f"downloaded {got[0]} bytes of {size}")
    speeds["bare up"], speeds["bare up cpu"], speeds["bare up loop"] = timed(
        bare, lambda: upload(bare_port, 0, "", size, "/upload"), mb
    )
    speeds["bare down"], speeds["bare down cpu"], speeds["bare down loop"] = timed(
        bare, lambda: got.append(download(bare_port, 0, "", 0, "/download")), mb
    )
    if got[-1] != size:
        raise SystemExit(f"the bare server sent {got[-1]} bytes of {size}")
    speeds["least up"], speeds["least up cpu"], speeds["least up loop"] = timed(
        bare, lambda: upload(bare_port, 0, "", size, "/least-work"), mb
    )
    return speeds


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


COLUMNS = {  # column: (key, heading)
    "aes": "AES-GCM",
    "sha": "SHA-256",
    "write": "disk wr",
    "read": "disk rd",
    "upload": "upload",
    "download": "download",
    "bare up": "bare up",
    "bare down": "bare dn",
    "least up": "least up",
}
CPU_COLUMNS = (
    "upload cpu",
    "download cpu",
    "bare up cpu",
    "bare down cpu",
    "download loop",
    "least up cpu",
)


def report(rows: dict[str, list[float]], size_text: str) -> None:
    """Medians of the speeds and of each run's ratios; RESULT lines for bench/run."""

    def ratios(top: str, bottom: str) -> float:
        return statistics.median(t / b for t, b in zip(rows[top], rows[bottom], strict=True))

    median = {name: statistics.median(values) for name, values in rows.items()}
    print("medians (MB/s): " + ", ".join(f"{h} {median[k]:.0f}" for k, h in COLUMNS.items()))
    print(
        "server CPU s/GB (median): "
        + ", ".join(f"{k.removesuffix(' cpu')} {median[k]:.2f}" for k in CPU_COLUMNS)
    )
    up, down = ratios("upload", "upload bound"), ratios("download", "sha")
    print(f"upload / slowest of AES-GCM, SHA-256, disk write: {up:.2f} (goal >= 0.8)")
    print(
        f"download / SHA-256 alone: {down:.2f} (goal >= 0.8); / disk read: "
        f"{ratios('download', 'read'):.2f}"
    )
    print(
        f"bare waitress, same settings: download / SHA-256 alone {ratios('bare down', 'sha'):.2f},"
        f" upload / slowest bound {ratios('bare up', 'upload bound'):.2f};"
        f" the app against it: download {ratios('download', 'bare down'):.2f},"
        f" upload {ratios('upload', 'bare up'):.2f}"
    )
    threads = [median[f"upload thread {rank}"] for rank in (1, 2, 3)]
    with_cores = {"with cores": [1000 / max(b, 1e-9) for b in rows["upload thread 1"]]}
    core_each = statistics.median(
        c / b for c, b in zip(with_cores["with cores"], rows["upload bound"], strict=True)
    )
    print(
        "the upload's busiest server threads, CPU s/GB: "
        + ", ".join(f"{t:.2f}" for t in threads)
        + f"; with a core for each thread, the busiest would bound the upload at"
        f" {statistics.median(with_cores['with cores']):.0f} MB/s: {core_each:.2f} of the slowest"
        " bound (the client and the other threads share two cores here)"
    )
    least = ratios("upload", "least up")
    print(
        f"least work (bare waitress: SHA-256 beside AES-GCM, written, fsynced): / slowest bound"
        f" {ratios('least up', 'upload bound'):.2f}; the app's upload against it: {least:.2f}"
    )
    result(f"serve upload / slowest of AES-GCM, SHA-256, disk ({size_text})", up, ">=0.8")
    result(f"serve upload / least work, same machine ({size_text})", least, ">=0.8")
    result(
        f"serve upload, a core per thread / slowest of AES-GCM, SHA-256, disk ({size_text})",
        core_each,
        ">=0.8",
    )
    result(
        f"least work upload / slowest of AES-GCM, SHA-256, disk ({size_text})",
        ratios("least up", "upload bound"),
        "",
    )
    result(f"serve download / SHA-256 alone ({size_text})", down, ">=0.8")
    result(f"serve download / disk read ({size_text})", ratios("download", "read"), "")
    result(f"bare waitress download / SHA-256 alone ({size_text})", ratios("bare down", "sha"), "")
    result(
        f"serve download / bare waitress download ({size_text})",
        ratios("download", "bare down"),
        "",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1G", help="file size, e.g. 1G, 256M (default 1G)")
    parser.add_argument("--runs", type=int, default=3, help="runs; ratios are their median")
    parser.add_argument("--threads", type=int, default=4, help="`mla-tool serve --threads`")
    parser.add_argument("--port", type=int, default=0, help="serve's port (bare: the next one)")
    parser.add_argument("--serve-bare", type=int, metavar="PORT", help=argparse.SUPPRESS)
    args = parser.parse_args()
    size = parse_size(args.size)
    if args.serve_bare:
        serve_bare(args.serve_bare, args.threads, size)
        return
    folder = Path(tempfile.mkdtemp(prefix="mla-vault-serve-", dir=os.environ.get("TMPDIR")))
    token, case_id = prepare(folder)
    port = args.port or free_port()
    bare_port = args.port + 1 if args.port else free_port()
    server = start_server(folder, port, args.threads, size + BLOCK)
    bare = start_server(folder, bare_port, args.threads, size + BLOCK, bare=True)
    mb = size / 1e6
    rows: dict[str, list[float]] = {}
    print(f"vault through `mla-tool serve --threads {args.threads}`, {mb:.0f} MB, {args.runs} runs")
    print(
        f"  {'run':>3} " + " ".join(f"{h:>9}" for h in COLUMNS.values()) + "   (MB/s)"
        "   server CPU s/GB: up, down, bare up, bare down; down in the main loop; least up"
    )
    try:
        for run in range(1, args.runs + 1):
            speeds = one_run(
                folder / "scratch.bin", size, (port, case_id, token, bare_port), (server, bare)
            )
            speeds["upload bound"] = min(speeds["aes"], speeds["sha"], speeds["write"])
            for name, value in speeds.items():
                rows.setdefault(name, []).append(value)
            print(
                f"  {run:>3} "
                + " ".join(f"{speeds[k]:9.0f}" for k in COLUMNS)
                + "   "
                + " ".join(f"{speeds[k]:5.2f}" for k in CPU_COLUMNS)
            )
            for stored in (folder / "attachments").rglob("*.mlav"):
                stored.unlink()  # keep the disk free for the next run
        report(rows, args.size)
    finally:
        for process in (server, bare):
            process.terminate()
            process.wait(30)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
