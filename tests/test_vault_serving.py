"""`mla-tool serve` (waitress) spools large bodies encrypted: read its temporary files mid-upload."""

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
from tests.factories.vault_serving import free_port, spool_files


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


@pytest.mark.slow  # a real mla-tool process: left out of scripts/test --fast
def test_serve_never_spools_an_upload_or_a_download_in_clear(tmp_path: Path) -> None:
    from test_vault_cli import Installation
    from test_vault_interrupted import BOUNDARY, multipart_head_and_tail

    site = Installation(tmp_path, "site")
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
            connection = socket.create_connection(("127.0.0.1", port))
            connection.sendall(
                (
                    f"POST /api/v1/cases/{case_id}/attachments HTTP/1.1\r\n"
                    f"Host: 127.0.0.1:{port}\r\nAuthorization: Bearer {token}\r\n"
                    f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n"
                    f"Content-Length: {len(body)}\r\n\r\n"
                ).encode()
            )
            connection.sendall(body[: len(body) * 3 // 4])
            deadline = time.monotonic() + 10
            spooled = b""
            while time.monotonic() < deadline and len(spooled) < len(body) // 2:
                for fd in spool_files(server.pid, spool):
                    with open(fd, "rb") as handle:  # the deleted file, through /proc
                        spooled = max(spooled, handle.read(), key=len)
                time.sleep(0.05)
            assert len(spooled) >= len(body) // 2, "waitress did not spool the body to disk"
            assert marker not in spooled and b"CLEARTEXT" not in spooled
            connection.sendall(body[len(body) * 3 // 4 :])
            response = b""
            while b"\r\n\r\n" not in response or not response.rstrip().endswith(b"}"):
                piece = connection.recv(65536)
                if not piece:
                    break
                response += piece
            connection.close()
            assert response.startswith(b"HTTP/1.1 201"), response[:300]
            attachment_id = int(response.split(b'"id":')[1].split(b",")[0])

            # a download slower than the disk: waitress buffers the response past 1 MB
            client = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            client.request(
                "GET",
                f"/api/v1/cases/{case_id}/attachments/{attachment_id}",
                headers={"Authorization": f"Bearer {token}"},
            )
            reply = client.getresponse()
            first = reply.read(1000)
            time.sleep(0.5)  # let the server run ahead of us into its buffer
            buffered = spool_files(server.pid, spool)
            assert buffered, "waitress did not buffer the response on disk"
            for fd in buffered:
                with open(fd, "rb") as handle:
                    content = handle.read()
                assert content and b"CLEARTEXT" not in content
            assert first + reply.read() == data
            client.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
        for path in site.data_dir.rglob("*"):
            assert not path.is_file() or b"CLEARTEXT-MARKER" not in path.read_bytes()
    finally:
        site.drop()
