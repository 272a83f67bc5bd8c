"""Uploads cut off half-way — the client hangs up, or the server process is killed — leave no
row and no file: the encrypting temporary file is an anonymous inode until the upload is whole,
and nothing reaches the store (the data folder or object storage) before it is."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import Flask
from sqlalchemy import func, select

from mla_tool.extensions import db
from mla_tool.vault.models import Attachment
from mla_tool.vault.storage import Store
from tests.factories.vault_backends import s3_server, storage, stored_files  # noqa: F401
from tests.factories.vault_installations import Installation
from tests.factories.vault_uploads import BOUNDARY, multipart_head_and_tail


def send_half_an_upload(base_url: str, path: str, token: str, size: int) -> socket.socket:
    """Open a connection, announce `size` bytes of file, send about half of them, keep it open."""
    head, tail = multipart_head_and_tail("half.bin")
    length = len(head) + size + len(tail)
    url = urlsplit(base_url)
    connection = socket.create_connection((url.hostname, url.port))
    request = (
        f"POST {path} HTTP/1.1\r\nHost: {url.netloc}\r\n"
        f"Authorization: Bearer {token}\r\n"
        f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n"
        f"Content-Length: {length}\r\n\r\n"
    ).encode()
    connection.sendall(request + head)
    block = b"SECRET-HALF-" * 1000
    sent = 0
    while sent < size // 2:
        connection.sendall(block)
        sent += len(block)
    return connection


def open_incoming_files(pid: int, attachments: Path) -> list[str]:
    """Files the process holds open inside the attachments folder (its encrypting temp files)."""
    found = []
    fd_dir = Path(f"/proc/{pid}/fd")
    for fd in fd_dir.iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith(str(attachments)):
            found.append(target)
    return found


def wait_for(condition, timeout: float = 10.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def files_under(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


def test_client_hanging_up_half_way_leaves_no_row_and_no_file(
    app: Flask, live_server: str, make_user, api_headers, storage: Store
) -> None:
    from mla_tool.cases import opening

    owner = make_user("caseworker")
    case = opening.open_case(
        direction="outgoing", kind="mla", counterpart_state="MAR", title="Half", actor=owner
    )
    db.session.commit()
    token = api_headers(owner)["Authorization"].split()[1]
    attachments = Path(app.config["MLA_DATA_DIR"]) / "attachments"
    # the session's data folder may hold the files of earlier tests' attachments: none is added
    earlier = set(stored_files(app, storage))
    connection = send_half_an_upload(
        live_server, f"/api/v1/cases/{case.id}/attachments", token, 6 * 1024 * 1024
    )
    try:
        # the server is encrypting into an anonymous file in the attachments folder
        assert wait_for(lambda: open_incoming_files(os.getpid(), attachments))
        assert all("(deleted)" in name for name in open_incoming_files(os.getpid(), attachments))
        assert set(stored_files(app, storage)) == earlier
    finally:
        connection.close()
    # the server notices the short body, drops the temporary file and stores nothing
    assert wait_for(lambda: not open_incoming_files(os.getpid(), attachments))
    db.session.rollback()
    assert db.session.execute(select(func.count(Attachment.id))).scalar_one() == 0
    assert set(stored_files(app, storage)) == earlier


SERVER = """
import sys
from werkzeug.serving import make_server
from mla_tool import create_app
server = make_server("127.0.0.1", 0, create_app(), threaded=True)
print(server.server_port, flush=True)
server.serve_forever()
"""


@pytest.mark.slow  # a real mla-tool process: left out of scripts/test --fast
def test_server_killed_half_way_leaves_no_row_and_no_file(tmp_path: Path) -> None:
    site = Installation(tmp_path, "site")
    try:
        from mla_tool.auth.service import create_user, issue_token
        from mla_tool.cases import opening

        with site.app():
            user = create_user("cw@example.org", "a long enough password", "caseworker", "FRA")
            db.session.commit()
            case = opening.open_case(
                direction="incoming", kind="mla", counterpart_state="ESP", title="K", actor=user
            )
            token = issue_token(user)
            db.session.commit()
            case_id = case.id
        env = {**os.environ, "MLA_DATA_DIR": str(site.data_dir)}
        env.pop("MLA_DATABASE_URL", None)
        if site.database_url:
            env["MLA_DATABASE_URL"] = site.database_url
        server = subprocess.Popen(
            [sys.executable, "-c", SERVER], stdout=subprocess.PIPE, env=env, text=True
        )
        try:
            port = int(server.stdout.readline())  # type: ignore[union-attr]
            attachments = site.data_dir / "attachments"
            connection = send_half_an_upload(
                f"http://127.0.0.1:{port}",
                f"/api/v1/cases/{case_id}/attachments",
                token,
                8 * 1024 * 1024,
            )
            assert wait_for(lambda: open_incoming_files(server.pid, attachments))
            os.kill(server.pid, signal.SIGKILL)
            server.wait(timeout=10)
            connection.close()
        finally:
            if server.poll() is None:
                server.kill()
                server.wait()
        assert files_under(attachments) == []
        with site.app():
            assert db.session.execute(select(func.count(Attachment.id))).scalar_one() == 0
        assert "all 0 attachments" in site.cli("keys", "verify").stdout
    finally:
        site.drop()
