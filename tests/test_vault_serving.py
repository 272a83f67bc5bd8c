"""`mla-tool serve` (waitress) never spools a body or a response in clear: a sized upload streams
into the vault and a download stays in memory; a chunked body is spooled encrypted. The process
test runs on the data folder and on object storage (a real SeaweedFS)."""

from __future__ import annotations

import http.client
import io
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mla_tool.extensions import db
from mla_tool.vault.serving import EncryptedSpoolFile
from tests.factories.vault_backends import s3_server, store_settings  # noqa: F401  (fixtures)
from tests.factories.vault_installations import Installation
from tests.factories.vault_serving import free_port, spool_files
from tests.factories.vault_uploads import BOUNDARY, multipart_head_and_tail


@settings(max_examples=60, deadline=None)
@given(
    operations=st.lists(
        st.tuples(st.integers(0, 3000), st.binary(min_size=0, max_size=700)), max_size=12
    ),
    read_at=st.integers(0, 4000),
)
def test_spool_file_behaves_like_a_file_and_stores_no_plaintext(operations, read_at) -> None:
    model = io.BytesIO()
    spool = EncryptedSpoolFile()
    for offset, data in operations:
        for handle in (model, spool):
            handle.seek(offset)
            handle.write(data)
    for handle in (model, spool):
        handle.seek(read_at)
    assert spool.read() == model.read()
    spool.seek(0)
    model.seek(0)
    assert spool.readline() == model.readline()
    raw = spool._file
    raw.seek(0)
    stored = raw.read()
    assert len(stored) == len(model.getvalue())
    for _, data in operations:
        if len(data) >= 24:
            assert data not in stored
    spool.close()


def read_answer(connection: socket.socket) -> bytes:
    """An upload's answer: headers and its JSON body."""
    response = b""
    while b"\r\n\r\n" not in response or not response.rstrip().endswith(b"}"):
        piece = connection.recv(65536)
        if not piece:
            break
        response += piece
    return response


@pytest.mark.slow  # a real mla-tool process: left out of scripts/test --fast
def test_serve_never_spools_an_upload_or_a_download_in_clear(
    tmp_path: Path, store_settings: dict[str, str]
) -> None:
    site = Installation(tmp_path, "site", store_settings)
    spool = tmp_path / "spool"
    spool.mkdir()
    try:
        from mla_tool.auth.service import create_user, issue_token
        from mla_tool.cases import opening

        with site.app():
            user = create_user("cw@example.org", "a long enough password", "caseworker", "FRA")
            db.session.commit()
            case = opening.open_case(
                direction="incoming", kind="mla", counterpart_state="ESP", title="S", actor=user
            )
            token = issue_token(user)
            db.session.commit()
            case_id = case.id
        port = free_port()
        env = {**os.environ, "MLA_DATA_DIR": str(site.data_dir), "TMPDIR": str(spool)}
        env.pop("MLA_DATABASE_URL", None)
        if site.database_url:
            env["MLA_DATABASE_URL"] = site.database_url
        env.update(site.settings)
        server = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "from mla_tool.cli import main; main()",
                "serve",
                "--port",
                str(port),
                "--threads",
                "2",
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert "listening" in server.stdout.readline()  # type: ignore[union-attr]
            deadline = time.monotonic() + 20  # the line comes just before waitress binds
            while time.monotonic() < deadline:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.1)
            marker = b"CLEARTEXT-MARKER-" * 64
            data = marker * 4096  # 4.4 MB, far past waitress's 512 KB in-memory buffer
            head, tail = multipart_head_and_tail("big.bin")
            body = head + data + tail
            authorization = f"Host: 127.0.0.1:{port}\r\nAuthorization: Bearer {token}\r\n"
            request_line = f"POST /api/v1/cases/{case_id}/attachments HTTP/1.1\r\n"
            content_type = f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n"

            # a body of unknown length (chunked) is spooled by waitress: encrypted
            connection = socket.create_connection(("127.0.0.1", port))
            connection.sendall(
                (
                    f"{request_line}{authorization}{content_type}Transfer-Encoding: chunked\r\n\r\n"
                ).encode()
            )
            chunked = b"%x\r\n%s\r\n" % (len(body), body) + b"0\r\n\r\n"
            connection.sendall(chunked[: len(chunked) * 3 // 4])
            deadline = time.monotonic() + 10
            spooled = b""
            while time.monotonic() < deadline and len(spooled) < len(body) // 2:
                for fd in spool_files(server.pid, spool):
                    with open(fd, "rb") as handle:  # the deleted file, through /proc
                        spooled = max(spooled, handle.read(), key=len)
                time.sleep(0.05)
            assert len(spooled) >= len(body) // 2, "waitress did not spool the body to disk"
            assert marker not in spooled and b"CLEARTEXT" not in spooled
            connection.sendall(chunked[len(chunked) * 3 // 4 :])
            assert read_answer(connection).startswith(b"HTTP/1.1 201")
            connection.close()

            # a body of known length goes to the vault as it arrives: no spool file at all
            deadline = time.monotonic() + 10  # once the chunked request's spool is closed
            while spool_files(server.pid, spool) and time.monotonic() < deadline:
                time.sleep(0.05)
            connection = socket.create_connection(("127.0.0.1", port))
            connection.sendall(
                (
                    f"{request_line}{authorization}{content_type}"
                    f"Content-Length: {len(body)}\r\n\r\n"
                ).encode()
            )
            connection.sendall(body[: len(body) * 3 // 4])
            time.sleep(0.5)
            assert spool_files(server.pid, spool) == []
            connection.sendall(body[len(body) * 3 // 4 :])
            response = read_answer(connection)
            connection.close()
            assert response.startswith(b"HTTP/1.1 201"), response[:300]
            attachment_id = int(response.split(b'"id":')[1].split(b",")[0])

            # a download slower than the client: waitress holds a few MiB, in memory only
            client = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            client.request(
                "GET",
                f"/api/v1/cases/{case_id}/attachments/{attachment_id}",
                headers={"Authorization": f"Bearer {token}"},
            )
            reply = client.getresponse()
            first = reply.read(1000)
            time.sleep(0.5)  # let the server run ahead of us into its buffer
            assert spool_files(server.pid, spool) == []
            assert first + reply.read() == data
            client.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
        for path in site.data_dir.rglob("*"):
            assert not path.is_file() or b"CLEARTEXT-MARKER" not in path.read_bytes()
    finally:
        site.drop()
