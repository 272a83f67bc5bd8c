"""The database goes away under a running app (a real PostgreSQL stopped and started again):
pages and the API answer a clear 503 and save nothing, and the app recovers on its own."""

from __future__ import annotations

import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade

from mla_tool import create_app
from mla_tool.auth.service import create_user, issue_token
from mla_tool.config import Settings
from mla_tool.extensions import db

pytestmark = pytest.mark.slow  # its own PostgreSQL server: left out of scripts/test --fast

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    def __init__(self) -> None:
        self.folder = tempfile.mkdtemp(prefix="mla-outage-", dir="/tmp")
        self.env = {"MLA_PG_PORT": str(_free_port()), "PATH": "/usr/bin:/bin:/usr/sbin:/sbin"}
        self.url = ""

    def start(self) -> None:
        done = subprocess.run(
            [ROOT / "scripts" / "start-postgres", self.folder],
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
        )
        self.url = done.stdout.strip().splitlines()[-1]

    def stop(self) -> None:
        subprocess.run([ROOT / "scripts" / "stop-postgres", self.folder], env=self.env, check=True)


@pytest.fixture
def outage_app(tmp_path: Path) -> Iterator[tuple[Flask, Server]]:
    server = Server()
    server.start()
    settings = Settings.from_environment(
        {"MLA_DATA_DIR": str(tmp_path), "MLA_DATABASE_URL": server.url}
    )
    app = create_app({"TESTING": True}, settings)
    with app.app_context():
        upgrade()
        create_user("outage@example.org", "a long password 1", "caseworker", country_iso3="FRA")
        db.session.commit()
    try:
        yield app, server
    finally:
        with app.app_context():
            db.engine.dispose()
        server.stop()


def test_pages_and_api_answer_503_while_the_database_is_down_then_recover(outage_app) -> None:
    app, server = outage_app
    from mla_tool.auth.service import find_user_by_email

    with app.app_context():
        token = issue_token(find_user_by_email("outage@example.org"))
        db.session.commit()
    headers = {"Authorization": f"Bearer {token}"}
    client = app.test_client()
    assert client.get("/readyz").status_code == 200
    assert client.get("/api/v1/me", headers=headers).status_code == 200

    server.stop()
    page = client.get("/readyz")
    assert page.status_code == 503 and page.headers["Retry-After"] == "60"
    html = page.get_data(as_text=True)
    assert "database cannot be reached" in html and "تعذر الوصول إلى قاعدة البيانات" in html
    api = client.get("/api/v1/me", headers=headers)
    assert api.status_code == 503
    assert api.get_json()["error"]["code"] == "database_unavailable"
    assert client.get("/healthz").status_code == 200  # liveness needs no database

    server.start()
    assert client.get("/readyz").status_code == 200
    assert client.get("/api/v1/me", headers=headers).get_json()["email"] == "outage@example.org"
