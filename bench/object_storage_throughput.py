"""Attachments to and from S3-compatible object storage: the vault's path against boto3 alone.

    python bench/object_storage_throughput.py [--size 256M] [--runs 5]

Starts a real SeaweedFS (`weed mini`, the tests' server) on loopback. The vault's upload encrypts
the bytes into its encrypting temporary file (AES-256-GCM, SHA-256), then sends the ciphertext as
a multipart upload in 8 MiB parts (vault/object_storage.py); its download streams the object,
decrypts and checks the digest. The baseline sends the same plaintext bytes from a file with
boto3's own `upload_fileobj` and reads them back with `download_fileobj`. Each run times both,
in turns (the baseline first in odd runs, the vault first in even ones); the ratio reported is
the median of the runs' ratios, so load from others on the machine weighs on both sides alike.
Prints MB/s and the ratios; asserts nothing. Goal: vault / boto3 >= 0.7 each way.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _result import result

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mla_tool.vault import crypto  # noqa: E402
from mla_tool.vault.object_storage import ObjectStore  # noqa: E402
from mla_tool.vault.uploads import EncryptingTemporaryFile  # noqa: E402
from tests.object_storage_server import BUCKET, running_s3_server  # noqa: E402

BLOCK = 1 << 20


class _Sink:
    def __init__(self) -> None:
        self.size = 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        return len(data)


def _timed_boto3(client, plain: Path, key: str) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Upload and download seconds of the plaintext with boto3 alone."""
    started = time.perf_counter()
    with plain.open("rb") as handle:
        client.upload_fileobj(handle, BUCKET, key)
    up = time.perf_counter() - started
    started = time.perf_counter()
    client.download_fileobj(BUCKET, key, _Sink())
    return up, time.perf_counter() - started


def _timed_vault(store: ObjectStore, plain: Path, work: Path, name: str) -> tuple[float, float]:
    """Upload (encrypt as it arrives, send the ciphertext in parts) and download (stream,
    decrypt, check the digest) seconds through the vault."""
    started = time.perf_counter()
    sealed = EncryptingTemporaryFile(work / "incoming", None, "plain.bin")
    with plain.open("rb") as handle:
        while block := handle.read(BLOCK):
            sealed.write(block)
    _, sha256 = sealed.finish()
    sealed.store_into(store, name)
    up = time.perf_counter() - started
    started = time.perf_counter()
    digest = hashlib.sha256()
    with store.open(name) as handle:
        for chunk in crypto.decrypt_chunks(sealed.data_key, sealed.uid, handle):
            digest.update(chunk)
    assert digest.hexdigest() == sha256
    down = time.perf_counter() - started
    sealed.close()
    return up, down


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="256M", help="bytes, or with K/M/G")
    parser.add_argument("--runs", type=int, default=5, help="timed pairs; the median is kept")
    args = parser.parse_args()
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    text = args.size.upper()
    size = int(text[:-1]) * units[text[-1]] if text[-1] in units else int(text)
    runs: list[tuple[float, float, float, float]] = []  # boto3 up, down, vault up, down
    with tempfile.TemporaryDirectory(prefix="mla-bench-s3-") as folder:
        work = Path(folder)
        plain = work / "plain.bin"
        with plain.open("wb") as handle:
            for _ in range(0, size, BLOCK):
                handle.write(os.urandom(BLOCK))
        size = plain.stat().st_size
        with running_s3_server(work / "seaweedfs") as server:
            client = server.client()
            store = ObjectStore(
                f"s3://{BUCKET}/bench",
                endpoint_url=server.endpoint_url,
                access_key_id=server.access_key_id,
                secret_access_key=server.secret_access_key,
            )
            for number in range(args.runs):
                name = f"attachments/be/bench-{number}.mlav"
                if number % 2 == 0:
                    raw = _timed_boto3(client, plain, f"bench/raw-{number}.bin")
                    vault = _timed_vault(store, plain, work, name)
                else:
                    vault = _timed_vault(store, plain, work, name)
                    raw = _timed_boto3(client, plain, f"bench/raw-{number}.bin")
                client.delete_object(Bucket=BUCKET, Key=f"bench/raw-{number}.bin")
                store.delete(name)
                runs.append((*raw, *vault))
    mb = size / 1e6
    print(f"{size} bytes through SeaweedFS on loopback, {args.runs} runs (MB/s each run)")
    for label, raw_at, vault_at in (("upload", 0, 2), ("download", 1, 3)):
        raw = " ".join(f"{mb / run[raw_at]:6.1f}" for run in runs)
        vault = " ".join(f"{mb / run[vault_at]:6.1f}" for run in runs)
        print(f"{label:8} boto3 alone {raw}\n{'':8} vault       {vault}")
    up = statistics.median(run[0] / run[2] for run in runs)
    down = statistics.median(run[1] / run[3] for run in runs)
    result("object storage upload vault/boto3", up, ">=0.7")
    result("object storage download vault/boto3", down, ">=0.7")


if __name__ == "__main__":
    main()
