"""Test data builders and fixtures shared by several test modules (vault serving)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from mla_tool.extensions import db
from tests.factories.vault_installations import Installation
from tests.factories.vault_uploads import BOUNDARY, multipart_head_and_tail


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def spool_files(pid: int, folder: Path) -> list[Path]:
    found = []
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            if os.readlink(fd).startswith(str(folder)):
                found.append(fd)
        except OSError:
            continue
    return found


class Served:
    """A real `mla-tool serve` over an installation, its temp dir watched."""

    def __init__(self, tmp_path: Path, extra_env: dict[str, str] | None = None) -> None:
        from mla_tool.auth.service import create_user, issue_token
        from mla_tool.cases import opening

        self.site = Installation(tmp_path, "site")
        self.spool = tmp_path / "spool"
        self.spool.mkdir()
        with self.site.app():
            member = create_user("cw@example.org", "a long enough password", "caseworker", "FRA")
            outsider = create_user(
                "other@example.org", "a long enough password", "caseworker", "DEU"
            )
            auditor = create_user("audit@example.org", "a long enough password", "auditor", "FRA")
            db.session.commit()
            case = opening.open_case(
                direction="incoming", kind="mla", counterpart_state="ESP", title="S", actor=member
            )
            self.tokens = {
                "member": issue_token(member),
                "outsider": issue_token(outsider),
                "auditor": issue_token(auditor),
            }
            db.session.commit()
            self.case_id = case.id
        self.port = free_port()
        env = {**os.environ, "MLA_DATA_DIR": str(self.site.data_dir), "TMPDIR": str(self.spool)}
        env.pop("MLA_DATABASE_URL", None)
        if self.site.database_url:
            env["MLA_DATABASE_URL"] = self.site.database_url
        env.update(extra_env or {})
        self.process = subprocess.Popen(
            [sys.executable, "-c", "from mla_tool.cli import main; main()", "serve"]
            + ["--port", str(self.port), "--threads", "2"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert "listening" in self.process.stdout.readline()  # type: ignore[union-attr]
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)

    def files_on_disk(self) -> list[str]:
        data = [
            path.relative_to(self.site.data_dir).as_posix()
            for path in (self.site.data_dir / "attachments").rglob("*")
            if path.is_file()
        ]
        return data + [str(fd) for fd in spool_files(self.process.pid, self.spool)]

    def post(self, token: str | None, data: bytes, send: float = 1.0) -> tuple[bytes, list[str]]:
        """Send the headers and a share of the body; what the server answered and had on disk."""
        head, tail = multipart_head_and_tail("exhibit.bin")
        body = head + data + tail
        connection = socket.create_connection(("127.0.0.1", self.port))
        authorization = f"Authorization: Bearer {token}\r\n" if token else ""
        connection.sendall(
            (
                f"POST /api/v1/cases/{self.case_id}/attachments HTTP/1.1\r\n"
                f"Host: 127.0.0.1:{self.port}\r\n{authorization}"
                f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n"
                f"Content-Length: {len(body)}\r\n\r\n"
            ).encode()
        )
        on_disk: list[str] = []
        try:
            connection.sendall(body[: int(len(body) * send)])
            time.sleep(0.5)
            on_disk = self.files_on_disk()
            if send < 1:
                connection.sendall(body[int(len(body) * send) :])
        except (BrokenPipeError, ConnectionResetError):
            pass  # refused: the server closed the connection without reading the body
        response = b""
        connection.settimeout(30)
        try:
            while piece := connection.recv(65536):
                response += piece
                if response.startswith(b"HTTP/1.1 201") and response.rstrip().endswith(b"}"):
                    break
        except (ConnectionResetError, TimeoutError):
            pass
        connection.close()
        return response, on_disk

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)
        self.site.drop()
