"""The SQLite database file (and its -wal/-shm/-journal companions) readable by its owner only.

SQLite creates a new database with the process umask (often 0644) and gives its WAL and shared
memory files the mode of the database file; so the file is created 0600 before SQLite opens it,
and an existing one is narrowed to 0600.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import make_url

COMPANIONS = ("", "-wal", "-shm", "-journal")


def secure_sqlite_file(database_url: str) -> Path | None:
    """Create or narrow the file of a SQLite URL to 0600; returns its path (None: not a file)."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    if str(url.database).startswith("file:"):
        return None  # a URI filename: its owner manages it
    path = Path(str(url.database))
    path.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(path, os.O_CREAT | os.O_RDWR, 0o600))
    for suffix in COMPANIONS:
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            os.chmod(companion, 0o600)
    return path
