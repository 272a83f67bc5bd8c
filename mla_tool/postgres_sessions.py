"""The settings every PostgreSQL connection of the app starts its session with.

No parallel workers: a page's query reads a page of rows by index, and starting workers cost
it more than they saved (measured on the 1M-case data set, bench/pages_1m.py: a prosecutor's
case list by due date, a member of 40,000 cases, took 45-52 ms with two workers gathered and
10-12 ms without; the statistics' reads, misjudging how many cells the facts listed select,
started workers that cost more than the read).

A plan for each execution's values: psycopg prepares a statement run five times, after which
PostgreSQL may plan it once for any values. Such generic plans were measured at 130-830 ms for
the case list's kept statements (`cases/listing._IDS_STATEMENTS`, forced generic) against
6-20 ms, and twice the time for the statistics' ranks; a custom plan also drops the branch of
a value passed as NULL. Planning each execution cost nothing measurable on the 1M-case pages.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

#: setting -> value, as `SET` takes them
SESSION_SETTINGS: dict[str, str] = {
    "max_parallel_workers_per_gather": "0",
    "plan_cache_mode": "force_custom_plan",
}


def configure_postgresql_engine(engine: Engine) -> None:
    """Each new connection of `engine` sets SESSION_SETTINGS for its whole session."""

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        with dbapi_connection.cursor() as cursor:
            for name, value in SESSION_SETTINGS.items():
                cursor.execute(f"SET {name} TO {value}")
        dbapi_connection.commit()  # a SET in a transaction rolled back would be undone
