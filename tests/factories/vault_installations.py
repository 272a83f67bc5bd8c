"""Test data builders and fixtures shared by several test modules (vault installations)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import create_engine, make_url, select, text

from mla_tool import create_app
from mla_tool.config import Settings
from mla_tool.extensions import db
from mla_tool.vault import crypto
from mla_tool.vault.models import Attachment


def run_cli(
    data_dir: Path,
    *args: str,
    database_url: str | None = None,
    check: bool = True,
    settings: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MLA_DATA_DIR": str(data_dir)}
    env.pop("MLA_DATABASE_URL", None)
    if database_url:
        env["MLA_DATABASE_URL"] = database_url
    env.update(settings or {})
    result = subprocess.run(
        # as the `mla-tool` console script runs it: the module imported, not run as __main__
        [sys.executable, "-c", "from mla_tool.cli import main; main()", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    if check:
        assert result.returncode == 0, result.stderr + result.stdout
    return result


class Installation:
    """A data folder (and, under MLA_TEST_DATABASE_URL, its own PostgreSQL database); `settings`
    (e.g. object storage's) apply to its commands and its app alike."""

    def __init__(self, root: Path, name: str, settings: dict[str, str] | None = None) -> None:
        self.data_dir = root / name
        self.settings = dict(settings or {})
        self.database_url: str | None = None
        base = os.environ.get("MLA_TEST_DATABASE_URL")
        if base:
            database = f"mla_vault_{uuid.uuid4().hex[:8]}"
            admin = create_engine(base, isolation_level="AUTOCOMMIT")
            with admin.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{database}"'))
            admin.dispose()
            self.database_url = (
                make_url(base).set(database=database).render_as_string(hide_password=False)
            )
        self.cli("init")

    def cli(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return run_cli(
            self.data_dir,
            *args,
            database_url=self.database_url,
            check=check,
            settings=self.settings,
        )

    @contextmanager
    def app(self) -> Iterator[Flask]:
        environ = {"MLA_DATA_DIR": str(self.data_dir), **self.settings}
        if self.database_url:
            environ["MLA_DATABASE_URL"] = self.database_url
        application = create_app({"TESTING": True}, settings=Settings.from_environment(environ))
        with application.app_context():
            try:
                yield application
            finally:
                db.session.remove()
                db.engine.dispose()

    def drop(self) -> None:
        if self.database_url:
            admin = create_engine(os.environ["MLA_TEST_DATABASE_URL"], isolation_level="AUTOCOMMIT")
            name = make_url(self.database_url).database
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


@pytest.fixture
def installations(tmp_path: Path) -> Iterator[Any]:
    made: list[Installation] = []

    def make(name: str, settings: dict[str, str] | None = None) -> Installation:
        made.append(Installation(tmp_path, name, settings))
        return made[-1]

    yield make
    for installation in made:
        installation.drop()


def seed(installation: Installation, payloads: list[bytes]) -> tuple[int, dict[int, bytes]]:
    """A caseworker, a case and its attachments, uploaded through the API."""
    from mla_tool.auth.service import create_user, issue_token
    from mla_tool.cases import opening

    with installation.app() as application:
        user = create_user("cw@example.org", "a long enough password", "caseworker", "FRA")
        db.session.commit()
        case = opening.open_case(
            direction="incoming", kind="mla", counterpart_state="ESP", title="Seized", actor=user
        )
        token = issue_token(user)
        db.session.commit()
        client = application.test_client()
        stored = {}
        for number, payload in enumerate(payloads):
            response = client.post(
                f"/api/v1/cases/{case.id}/attachments",
                data={"file": (io.BytesIO(payload), f"exhibit-{number}.bin")},
                headers={"Authorization": f"Bearer {token}"},
                content_type="multipart/form-data",
            )
            assert response.status_code == 201, response.get_json()
            stored[response.get_json()["id"]] = payload
        return case.id, stored


def downloads(installation: Installation, case_id: int) -> dict[int, bytes]:
    from mla_tool.auth.service import find_user_by_email
    from mla_tool.cases.access import get_case_for
    from mla_tool.vault import service

    with installation.app():
        user = find_user_by_email("cw@example.org")
        case = get_case_for(user, case_id)
        return {row.id: service.read_plaintext(row) for row in service.list_attachments(case)}


def key_ids(installation: Installation) -> dict[str, int]:
    with installation.app():
        rows = db.session.execute(select(Attachment.key_id)).scalars().all()
    return {key_id: rows.count(key_id) for key_id in set(rows)}


def key_file(installation: Installation) -> dict[str, Any]:
    return json.loads((installation.data_dir / "master.key").read_text())


PAYLOADS = [b"\x00", b"x", os.urandom(crypto.CHUNK_SIZE + 1), b"ledger " * 5000, os.urandom(999)]
