"""A throw-away PostgreSQL server for a bench script (scripts/start-postgres, stop-postgres)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from mixed_workload import free_port

ROOT = Path(__file__).resolve().parent.parent


def start_postgres(folder: Path) -> str:
    """Start a server in `folder` on a free port; returns its database URL."""
    done = subprocess.run(
        [str(ROOT / "scripts" / "start-postgres"), str(folder)],
        env={**os.environ, "MLA_PG_PORT": str(free_port())},
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip().splitlines()[-1]


def stop_postgres(folder: Path) -> None:
    """Stop the server started in `folder`."""
    subprocess.run([str(ROOT / "scripts" / "stop-postgres"), str(folder)], capture_output=True)
