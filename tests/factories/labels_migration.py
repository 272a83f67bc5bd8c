"""Test data builders and fixtures shared by several test modules (labels migration)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from tests.factories.databases import empty_database_url  # noqa: F401 -- the fixture


def _filler(column: sa.Column) -> Any:
    """A value for a required column the test does not care about."""
    kind = column.type
    if isinstance(kind, sa.Boolean):
        return False
    if isinstance(kind, sa.Integer):
        return 1
    if isinstance(kind, sa.DateTime):
        return datetime(2026, 1, 1)
    if isinstance(kind, sa.Date):
        return date(2026, 1, 1)
    if isinstance(kind, sa.JSON):
        return {}
    return "x"


def _insert(connection: sa.Connection, name: str, **values: Any) -> int:
    table = sa.Table(name, sa.MetaData(), autoload_with=connection)
    row = {
        c.name: _filler(c)
        for c in table.columns
        if not c.nullable and not c.primary_key and c.server_default is None
    }
    row.update(values)
    return int(connection.execute(table.insert().values(row).returning(table.c.id)).scalar_one())
