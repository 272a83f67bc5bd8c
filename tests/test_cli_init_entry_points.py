"""`python -m mla_tool.cli init` and the `mla-tool init` console script do the same thing: each runs
as a real process on a fresh data folder and database, and both load the same treaty data."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

pytestmark = pytest.mark.slow  # runs mla-tool as real processes: left out of scripts/test --fast

COUNTS = {
    "instruments": "SELECT COUNT(*) FROM directory_instruments",
    "participation": "SELECT COUNT(*) FROM directory_participation",
    "states": "SELECT COUNT(DISTINCT state_iso3) FROM directory_participation",
    "declarations": "SELECT COUNT(*) FROM directory_declarations",
}


@pytest.fixture
def fresh_database() -> Iterator[Callable[[Path], str]]:
    """A new empty database per call: a file in the data folder, or a new PostgreSQL database."""
    base = os.environ.get("MLA_TEST_DATABASE_URL")
    created: list[str] = []

    def new_database(data_dir: Path) -> str:
        if not base:
            return f"sqlite:///{data_dir / 'mla_tool.sqlite'}"
        name = f"mla_init_{uuid.uuid4().hex[:8]}"
        admin = create_engine(base, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        created.append(name)
        return make_url(base).set(database=name).render_as_string(hide_password=False)

    yield new_database
    if created:
        admin = create_engine(base or "", isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            for name in created:
                connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def run_init(command: list[str], data_dir: Path, database_url: str) -> str:
    env = {**os.environ, "MLA_DATA_DIR": str(data_dir), "MLA_DATABASE_URL": database_url}
    result = subprocess.run(
        [*command, "init"], capture_output=True, text=True, env=env, timeout=180
    )
    assert result.returncode == 0, result.stderr + result.stdout
    return result.stdout


def loaded_counts(database_url: str) -> dict[str, int]:
    engine = create_engine(database_url)
    with engine.connect() as connection:
        counts = {name: connection.execute(text(sql)).scalar_one() for name, sql in COUNTS.items()}
    engine.dispose()
    return counts


def test_module_and_console_script_init_load_the_same_treaty_data(
    tmp_path: Path, fresh_database: Callable[[Path], str]
) -> None:
    console_script = Path(sys.executable).parent / "mla-tool"
    assert console_script.exists(), f"{console_script} is missing: pip install -e ."
    entry_points = {
        "module": [sys.executable, "-m", "mla_tool.cli"],
        "console script": [str(console_script)],
    }
    outputs: dict[str, str] = {}
    counts: dict[str, dict[str, int]] = {}
    for label, command in entry_points.items():
        data_dir = tmp_path / label.replace(" ", "-")
        data_dir.mkdir()
        database_url = fresh_database(data_dir)
        outputs[label] = run_init(command, data_dir, database_url)
        counts[label] = loaded_counts(database_url)

    assert counts["module"] == counts["console script"]
    assert counts["module"]["instruments"] > 0 and counts["module"]["states"] > 0
    for output in outputs.values():
        assert "treaty data:" in output
        assert "exchange identity created" in output
        assert "audit key file created" in output
