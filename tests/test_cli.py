"""The mla-tool command line, run as a user runs it: a real process on a fresh data folder."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # runs mla-tool as real processes: left out of scripts/test --fast


def run_cli(
    data_dir: Path,
    *args: str,
    stdin: str | None = None,
    check: bool = True,
    database_url: str | None = None,
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MLA_DATA_DIR": str(data_dir)}
    env.pop("MLA_DATABASE_URL", None)
    if database_url:
        env["MLA_DATABASE_URL"] = database_url
    result = subprocess.run(
        [sys.executable, "-m", "mla_tool.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
    )
    if check:
        assert result.returncode == 0, result.stderr + result.stdout
    return result


@pytest.fixture(scope="module")
def cli_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("cli")
    run_cli(data_dir, "init")
    return data_dir


def test_init_creates_schema_and_private_keys_and_is_idempotent(cli_data: Path) -> None:
    for name in ("master.key", "secret_key"):
        assert stat.S_IMODE(os.stat(cli_data / name).st_mode) == 0o600
    key_before = (cli_data / "master.key").read_text()
    second = run_cli(cli_data, "init")
    assert "present" in second.stdout
    assert (cli_data / "master.key").read_text() == key_before
    with sqlite3.connect(cli_data / "mla_tool.sqlite") as connection:
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
    assert {"users", "audit_entries", "alembic_version"} <= tables


def test_user_add_token_and_api(cli_data: Path, app) -> None:
    run_cli(
        cli_data,
        "user",
        "add",
        "judge@example.org",
        "--role",
        "prosecutor",
        "--country",
        "MAR",
        "--password-stdin",
        stdin="a long enough password\n",
    )
    token = run_cli(cli_data, "token", "judge@example.org").stdout
    assert token.startswith("mla_") and token.count("\n") == 1
    refused = run_cli(
        cli_data,
        "user",
        "add",
        "judge@example.org",
        "--role",
        "prosecutor",
        "--password-stdin",
        stdin="a long enough password\n",
        check=False,
    )
    assert refused.returncode != 0 and "exists" in refused.stderr
    bad_role = run_cli(cli_data, "user", "add", "x@example.org", "--role", "king", check=False)
    assert bad_role.returncode != 0


def test_token_for_unknown_user_fails(cli_data: Path) -> None:
    result = run_cli(cli_data, "token", "nobody@example.org", check=False)
    assert result.returncode != 0 and result.stdout == ""


def test_demo_prints_one_user_per_role(cli_data: Path) -> None:
    output = run_cli(cli_data, "demo").stdout
    for role in ("prosecutor", "caseworker", "maintainer", "admin"):
        assert f"{role}@demo.mla-tool.example" in output
    assert "password:" in output
    again = run_cli(cli_data, "demo").stdout
    assert "password:" not in again  # passwords are printed once


def test_audit_verify_passes_then_detects_tampering(cli_data: Path) -> None:
    assert "intact" in run_cli(cli_data, "audit", "verify").stdout
    with sqlite3.connect(cli_data / "mla_tool.sqlite") as connection:
        connection.execute("UPDATE audit_entries SET action = 'forged' WHERE seq = 1")
    result = run_cli(cli_data, "audit", "verify", check=False)
    assert result.returncode == 1
    assert "entry 1" in result.stderr


def test_init_creates_the_exchange_identity(cli_data: Path) -> None:
    assert stat.S_IMODE(os.stat(cli_data / "exchange.key").st_mode) == 0o600
    output = run_cli(cli_data, "exchange", "identity").stdout
    assert "BEGIN MLA_TOOL SIGNING PUBLIC KEY" in output
    assert "PRIVATE" not in output
    fingerprint = output.strip().splitlines()[-1].removeprefix("fingerprint: ")
    assert len(fingerprint.split()) == 10
    assert run_cli(cli_data, "exchange", "identity").stdout == output  # stable across runs
