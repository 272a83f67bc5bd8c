"""The reference data (instruments, participation, declarations, authorities) loaded once a test
session and copied into the clean tables of each test that asks for it.

`load_reference_data()` takes seconds (it reads the packaged files and versions every record);
the tests that only need its rows get the same rows in milliseconds. Its own tests call it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select

from mla_tool import clock
from mla_tool.directory.reference import load_reference_data
from mla_tool.extensions import db

#: The rows load_reference_data() wrote into clean tables, by table name, per (database, day):
#: the packaged data's dates follow the app's clock, so a test on another day loads afresh.
_ROWS: dict[tuple[str, date], dict[str, list[dict[str, Any]]]] = {}


def _tables_are_clean() -> bool:
    return all(
        db.session.execute(select(func.count()).select_from(table)).scalar_one() == 0
        for table in db.metadata.sorted_tables
    )


def reference_rows() -> None:
    """The rows of `load_reference_data()` in the test's transaction (nothing is committed):
    copied from the session's first load into clean tables of the same database on the same
    day, otherwise loaded."""
    key = (str(db.engine.url), clock.today())
    if not _tables_are_clean():
        load_reference_data()
        return
    rows = _ROWS.get(key)
    if rows is None:
        load_reference_data()
        db.session.flush()
        _ROWS[key] = {
            table.name: [dict(row) for row in db.session.execute(table.select()).mappings()]
            for table in db.metadata.sorted_tables
        }
        return
    for table in db.metadata.sorted_tables:
        if rows[table.name]:
            db.session.execute(table.insert(), rows[table.name])
    if db.engine.dialect.name == "postgresql":
        _advance_sequences(rows)


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
