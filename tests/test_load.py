"""Load: 20 signed-in users for 30 s of mixed reads and writes against `mla-tool serve` (waitress)
on a fresh SQLite file, and on a fresh PostgreSQL database when MLA_TEST_DATABASE_URL is set: no
answer is a 5xx and every write the server acknowledged is in the database afterwards."""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from mixed_workload import lost_writes, run_mix, start_server, summary_lines  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.load]

USERS = 20
SECONDS = float(os.environ.get("MLA_LOAD_SECONDS", "30"))


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database of the kind the suite runs on: a new PostgreSQL database on the
    server MLA_TEST_DATABASE_URL names, else a SQLite file in the test's folder."""
    server_url = os.environ.get("MLA_TEST_DATABASE_URL", "")
    if not server_url:
        yield f"sqlite:///{tmp_path / 'data' / 'mla_tool.sqlite'}"
        return
    name = f"mla_load_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_twenty_users_for_thirty_seconds_get_no_server_error_and_lose_no_write(
    database_url: str, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    server = start_server(data_dir, database_url, USERS)
    try:
        tally, seconds = run_mix(server, SECONDS)
    finally:
        server.stop()
    report = "\n".join(summary_lines(tally, seconds))
    print(report)
    assert tally.server_errors == [], report + "\n" + "\n".join(tally.server_errors[:20])
    assert tally.unexpected == [], report + "\n" + "\n".join(tally.unexpected[:20])
    assert lost_writes(database_url, tally) == {}
    writes = len(tally.case_titles) + len(tally.notes) + len(tally.step_facts)
    assert writes > USERS and tally.status_notes, report  # the mix really wrote
