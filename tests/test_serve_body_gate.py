"""`mla-tool serve` reads no upload body before its sender is known to be allowed to send it,
and the documented upload limit (MLA_MAX_UPLOAD_BYTES, 2 GiB by default) is the server's."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.factories.vault_serving import Served
from tests.factories.vault_uploads import BOUNDARY

BIG = b"evidence " * 500_000  # 4.5 MB: far past waitress's 512 KB in-memory buffer


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Any]:
    made: list[Served] = []

    def make(extra_env: dict[str, str] | None = None) -> Served:
        made.append(Served(tmp_path, extra_env))
        return made[-1]

    yield make
    for server in made:
        server.stop()


@pytest.mark.slow  # a real mla-tool process: left out of scripts/test --fast
def test_no_byte_of_a_refused_upload_reaches_the_disk(served) -> None:
    server = served()
    for token, status in (
        (None, b"401"),
        ("not-a-token", b"401"),
        (server.tokens["auditor"], b"403"),  # may read the case, may not upload
        (server.tokens["outsider"], b"404"),  # may upload, not a member of this case
    ):
        response, on_disk = server.post(token, BIG, send=0.75)
        assert on_disk == [], (token, on_disk)
        assert response.startswith(b"HTTP/1.1 " + status), (token, response[:200])
        assert server.files_on_disk() == []
    response, _ = server.post(server.tokens["member"], BIG)
    assert response.startswith(b"HTTP/1.1 201"), response[:300]
    assert len(server.files_on_disk()) == 1


@pytest.mark.slow  # a real mla-tool process: left out of scripts/test --fast
def test_the_documented_upload_limit_is_the_servers(served) -> None:
    limit = 3_000_000
    server = served({"MLA_MAX_UPLOAD_BYTES": str(limit)})
    exact, _ = server.post(server.tokens["member"], b"x" * limit)
    assert exact.startswith(b"HTTP/1.1 201"), exact[:300]
    over, _ = server.post(server.tokens["member"], b"x" * (limit + 1))
    assert over.startswith(b"HTTP/1.1 413"), over[:300]


def test_the_default_limit_of_2_gib_holds_in_waitress_too(app) -> None:
    from mla_tool import create_app
    from mla_tool.vault.body_gate import make_server

    application = create_app()
    assert application.config["MLA_MAX_UPLOAD_BYTES"] == 2 * 1024**3  # README: 2 GiB
    server = make_server(application, "127.0.0.1", 0, 1)
    try:
        # a 2 GiB file in its multipart body passes waitress and Flask alike
        assert server.adj.max_request_body_size > 2 * 1024**3 + 1024
        assert application.config["MAX_CONTENT_LENGTH"] > 2 * 1024**3 + 1024
    finally:
        server.close()


@pytest.mark.slow  # a real mla-tool process: left out of scripts/test --fast
def test_a_signed_in_member_uploads_a_large_file_through_the_page(served) -> None:
    import re

    import requests

    server = served()
    base = f"http://127.0.0.1:{server.port}"
    browser = requests.Session()
    browser.headers["User-Agent"] = "Mozilla/5.0 (test)"
    login = browser.get(f"{base}/login", timeout=30).text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', login)[1]  # type: ignore[index]
    signed_in = browser.post(
        f"{base}/login",
        data={"email": "cw@example.org", "password": "a long enough password", "csrf_token": token},
        allow_redirects=False,
        timeout=30,
    )
    assert signed_in.status_code == 302
    page = browser.get(f"{base}/cases/{server.case_id}", timeout=30).text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)[1]  # type: ignore[index]
    uploaded = browser.post(
        f"{base}/cases/{server.case_id}/attachments",
        data={"csrf_token": token},
        files={"file": ("exhibit.bin", BIG)},
        allow_redirects=False,
        timeout=60,
    )
    assert uploaded.status_code == 302, uploaded.text[:300]
    assert len([f for f in server.files_on_disk() if f.startswith("attachments/")]) == 1


@pytest.mark.slow  # a real mla-tool process: left out of scripts/test --fast
def test_a_refused_client_is_not_invited_to_send_its_body(served) -> None:
    server = served()
    connection = socket.create_connection(("127.0.0.1", server.port))
    connection.sendall(
        (
            f"POST /api/v1/cases/{server.case_id}/attachments HTTP/1.1\r\n"
            f"Host: 127.0.0.1:{server.port}\r\nExpect: 100-continue\r\n"
            f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n"
            f"Content-Length: {len(BIG)}\r\n\r\n"
        ).encode()
    )
    connection.settimeout(30)
    answer = connection.recv(65536)
    connection.close()
    assert answer.startswith(b"HTTP/1.1 401"), answer[:200]
