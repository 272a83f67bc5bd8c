"""The SQLite database and its WAL/shared-memory files are created readable by their owner only."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tests.factories.vault_installations import run_cli

pytestmark = pytest.mark.slow  # runs mla-tool as real processes: left out of scripts/test --fast


def test_init_creates_the_sqlite_file_0600_and_its_wal_files_too(tmp_path: Path) -> None:
    data_dir = tmp_path / "site"
    previous = os.umask(0o022)  # the usual umask: files 0644 unless made otherwise
    try:
        run_cli(data_dir, "init")
        run_cli(data_dir, "user", "add", "a@example.org", "--role", "admin", "--country", "FRA")
    finally:
        os.umask(previous)
    database = data_dir / "mla_tool.sqlite"
    companions = [database] + [
        database.with_name(database.name + suffix)
        for suffix in ("-wal", "-shm", "-journal")
        if database.with_name(database.name + suffix).exists()
    ]
    for path in companions:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, (path, oct(path.stat().st_mode))


def test_an_existing_wider_file_is_narrowed(tmp_path: Path) -> None:
    data_dir = tmp_path / "site"
    run_cli(data_dir, "init")
    database = data_dir / "mla_tool.sqlite"
    os.chmod(database, 0o644)
    run_cli(data_dir, "keys", "status")
    assert stat.S_IMODE(database.stat().st_mode) == 0o600
