"""Attachments to and from S3-compatible object storage: the vault's path against boto3 alone.

    python bench/object_storage_throughput.py [--size 256M]

Starts a real SeaweedFS (`weed mini`, the tests' server) on loopback. The vault's upload encrypts
the bytes into its encrypting temporary file (AES-256-GCM, SHA-256), then sends the ciphertext as
a multipart upload in 8 MiB parts (vault/object_storage.py); its download streams the object,
decrypts and checks the digest. The baseline sends the same plaintext bytes from a file with
boto3's own `upload_fileobj` and reads them back with `download_fileobj`. Prints MB/s and the
ratios; asserts nothing. Goal: vault / boto3 >= 0.7 each way.
"""

from __future__ import annotations

import argparse
import hashlib
import os
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="256M", help="bytes, or with K/M/G")
    args = parser.parse_args()
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    text = args.size.upper()
    size = int(text[:-1]) * units[text[-1]] if text[-1] in units else int(text)
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
            # the baseline: the same plaintext with boto3 alone
            started = time.perf_counter()
            with plain.open("rb") as handle:
                client.upload_fileobj(handle, BUCKET, "bench/raw.bin")
            raw_up = time.perf_counter() - started
            started = time.perf_counter()
            client.download_fileobj(BUCKET, "bench/raw.bin", _Sink())
            raw_down = time.perf_counter() - started
            # the vault: encrypt as it arrives, then stream the ciphertext in parts
            started = time.perf_counter()
            sealed = EncryptingTemporaryFile(work / "incoming", None, "plain.bin")
            with plain.open("rb") as handle:
                while block := handle.read(BLOCK):
                    sealed.write(block)
            _, sha256 = sealed.finish()
            sealed.store_into(store, "attachments/be/bench.mlav")
            vault_up = time.perf_counter() - started
            started = time.perf_counter()
            digest = hashlib.sha256()
            with store.open("attachments/be/bench.mlav") as handle:
                for chunk in crypto.decrypt_chunks(sealed.data_key, sealed.uid, handle):
                    digest.update(chunk)
            assert digest.hexdigest() == sha256
            vault_down = time.perf_counter() - started
            sealed.close()
    mb = size / 1e6
    print(f"{size} bytes through SeaweedFS on loopback")
    print(f"upload   boto3 alone {mb / raw_up:8.1f} MB/s   vault {mb / vault_up:8.1f} MB/s")
    print(f"download boto3 alone {mb / raw_down:8.1f} MB/s   vault {mb / vault_down:8.1f} MB/s")
    result("object storage upload vault/boto3", raw_up / vault_up, ">=0.7")
    result("object storage download vault/boto3", raw_down / vault_down, ">=0.7")


if __name__ == "__main__":
    main()
