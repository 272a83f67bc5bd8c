"""The statistics' maintained counts recounted once an upgrade reaches the newest migration.

The cell tables are derived from the cases. A migration that changes what they hold empties
them and leaves the count to this step, which runs with the code of the newest migration, the
only schema that code reads: a migration that counted with the code of its day would break as
soon as a later change altered the cases or the cells (`migrations/env.py` calls it)."""

from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.engine import Connection

from .models import Case
from .stats_aggregates import CELLS, rebuild_with


def recount_if_emptied(connection: Connection) -> int | None:
    """Recount every cell when there are cases and no cell (a migration emptied the tables);
    the number of cells written, or None when there was nothing to do."""
    if not connection.execute(select(exists().where(Case.id.is_not(None)))).scalar():
        return None
    if connection.execute(select(exists().where(CELLS.c.id.is_not(None)))).scalar():
        return None
    cells = rebuild_with(connection)
    if connection.dialect.name == "postgresql":  # the planner learns the new rows' grains
        connection.exec_driver_sql("ANALYZE case_stat_cells")
        connection.exec_driver_sql("ANALYZE case_member_stat_cells")
    return cells
