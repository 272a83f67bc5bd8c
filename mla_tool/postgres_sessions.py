"""The settings every PostgreSQL connection of the app starts its session with.

No parallel workers: a page's query reads a page of rows by index, and starting workers cost
it more than they saved (measured on the 1M-case data set, bench/pages_1m.py: a prosecutor's
case list by due date, a member of 40,000 cases, took 45-52 ms with two workers gathered and
10-12 ms without). The statistics' reads set their own planner settings on top of these
(`cases/stats_read.PLANNER`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

#: setting -> value, as `SET` takes them
SESSION_SETTINGS: dict[str, str] = {"max_parallel_workers_per_gather": "0"}


def configure_postgresql_engine(engine: Engine) -> None:
    """Each new connection of `engine` sets SESSION_SETTINGS for its whole session."""

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        with dbapi_connection.cursor() as cursor:
            for name, value in SESSION_SETTINGS.items():
                cursor.execute(f"SET {name} TO {value}")
        dbapi_connection.commit()  # a SET in a transaction rolled back would be undone
