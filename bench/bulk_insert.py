"""Rows into a table as fast as the database takes them: COPY on PostgreSQL, executemany on
SQLite, on the engine's own connection and inside the caller's transaction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from itertools import islice
from typing import Any

BATCH = 20_000


def _sqlite_value(value: Any) -> Any:
    """Dates and times as SQLAlchemy stores them in SQLite (ISO text, a space before the time)."""
    return str(value) if isinstance(value, date) else value


def write_rows(
    connection: Any, dialect: str, table: str, columns: tuple[str, ...], rows: Iterable[tuple]
) -> int:
    """Insert `rows` (tuples in `columns` order) through a DBAPI connection; returns the count."""
    names = ", ".join(columns)
    count = 0
    cursor = connection.cursor()
    if dialect == "postgresql":
        with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:  # type: ignore[attr-defined]
            for row in rows:
                copy.write_row(row)
                count += 1
        return count
    marks = ", ".join("?" for _ in columns)
    statement = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608 (fixed names)
    iterator = iter(rows)
    while batch := list(islice(iterator, BATCH)):
        cursor.executemany(statement, [tuple(map(_sqlite_value, row)) for row in batch])
        count += len(batch)
    return count
