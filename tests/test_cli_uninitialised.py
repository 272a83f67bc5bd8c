"""Commands on a data folder (and database) where `mla-tool init` never ran: one clear message."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

pytestmark = pytest.mark.slow  # runs mla-tool as real processes: left out of scripts/test --fast

MESSAGE = "this data folder is not initialised: run mla-tool init"


@pytest.fixture
def empty_database() -> Iterator[str | None]:
    """None on SQLite (the data folder's own file); on PostgreSQL a new, empty database."""
    base = os.environ.get("MLA_TEST_DATABASE_URL")
    if not base:
        yield None
        return
    name = f"mla_empty_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(base).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def run(data_dir: Path, database_url: str | None, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MLA_DATA_DIR": str(data_dir)}
    env.pop("MLA_DATABASE_URL", None)
    if database_url:
        env["MLA_DATABASE_URL"] = database_url
    return subprocess.run(
        [sys.executable, "-c", "from mla_tool.cli import main; main()", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
    )


@pytest.mark.parametrize(
    "args",
    [
        ("audit", "verify"),
        ("token", "--list", "x@y.example"),
        ("user", "add", "x@y.example", "--role", "caseworker"),
        ("reminders",),
    ],
    ids=lambda args: " ".join(args),
)
def test_a_command_on_an_uninitialised_folder_says_run_init(
    tmp_path: Path, empty_database: str | None, args: tuple[str, ...]
) -> None:
    result = run(tmp_path / "empty", empty_database, *args)
    assert result.returncode == 2, result.stderr + result.stdout
    assert MESSAGE in result.stderr
    assert "Traceback" not in result.stderr
    assert "no such table" not in result.stderr and "does not exist" not in result.stderr


def test_help_and_init_still_run_and_then_commands_work(
    tmp_path: Path, empty_database: str | None
) -> None:
    folder = tmp_path / "empty"
    helped = run(folder, empty_database, "audit", "verify", "--help")
    assert helped.returncode == 0 and "Usage" in helped.stdout
    assert run(folder, empty_database, "init").returncode == 0
    listed = run(folder, empty_database, "token", "--list", "x@y.example")
    assert MESSAGE not in listed.stderr and "Traceback" not in listed.stderr
    verified = run(folder, empty_database, "audit", "verify")
    assert verified.returncode == 0, verified.stderr
