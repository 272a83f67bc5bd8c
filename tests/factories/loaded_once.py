"""Data that takes seconds to load (the reference data, the demo), loaded once a test session and
copied into the clean tables of each test that asks for it.

`load_reference_data()` reads the packaged files and versions every record, `load_demo()` adds
users, cases and requests on top: the tests that only need their rows get the same rows in
milliseconds. The loaders' own tests call them.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

import pytest
from sqlalchemy import func, select

from mla_tool import clock
from mla_tool.demo import load_demo
from mla_tool.directory.reference import load_reference_data
from mla_tool.extensions import db

T = TypeVar("T")

#: What a loader wrote into clean tables (rows by table name) and returned, per loader, database
#: and day: the data's dates follow the app's clock, so a test on another day loads afresh.
_LOADED: dict[tuple[str, str, date], tuple[dict[str, list[dict[str, Any]]], Any]] = {}


def _tables_are_clean() -> bool:
    return all(
        db.session.execute(select(func.count()).select_from(table)).scalar_one() == 0
        for table in db.metadata.sorted_tables
    )


def loaded_once(loader: Callable[[], T]) -> T:
    """What `loader()` writes and returns, in the test's transaction: copied from the session's
    first run into clean tables of the same database on the same day, otherwise run."""
    key = (loader.__qualname__, str(db.engine.url), clock.today())
    if not _tables_are_clean():
        return loader()
    loaded = _LOADED.get(key)
    if loaded is None:
        result = loader()
        db.session.flush()
        rows = {
            table.name: [dict(row) for row in db.session.execute(table.select()).mappings()]
            for table in db.metadata.sorted_tables
        }
        _LOADED[key] = (rows, copy.deepcopy(result))
        return result
    rows, result = loaded
    for table in db.metadata.sorted_tables:
        if rows[table.name]:
            db.session.execute(table.insert(), rows[table.name])
    if db.engine.dialect.name == "postgresql":
        _advance_sequences(rows)
    return copy.deepcopy(result)


def reference_rows() -> None:
    """The rows of `load_reference_data()` (nothing is committed)."""
    loaded_once(load_reference_data)


@pytest.fixture(name="reference_data")
def reference_data_fixture() -> None:
    """The rows of `load_reference_data()`, committed; first among a test's fixtures, while the
    tables are clean (after the test's users are made it would be loaded afresh)."""
    reference_rows()
    db.session.commit()


def demo_rows() -> dict[str, Any]:
    """The rows of `load_demo()`, committed as it commits; its result (the new passwords)."""
    result = loaded_once(load_demo)
    db.session.commit()
    return result


def _advance_sequences(rows: dict[str, list[dict[str, Any]]]) -> None:
    """PostgreSQL numbers new rows from a sequence, which copied ids do not move."""
    for table in db.metadata.sorted_tables:
        id_column = table.columns.get("id")
        if not rows[table.name] or id_column is None or not id_column.autoincrement:
            continue
        db.session.execute(
            select(
                func.setval(
                    func.pg_get_serial_sequence(table.name, "id"),
                    select(func.max(id_column)).scalar_subquery(),
                )
            )
        )
