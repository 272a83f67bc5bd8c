"""Every PostgreSQL connection of the app starts without parallel workers and with a plan for
each execution's values (postgres_sessions), and keeps the settings through the transactions it
serves, committed or rolled back."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from mla_tool.extensions import db
from mla_tool.postgres_sessions import SESSION_SETTINGS


def test_each_connection_starts_with_the_session_settings(app) -> None:  # type: ignore[no-untyped-def]
    if db.engine.dialect.name != "postgresql":
        pytest.skip("session settings are PostgreSQL's")
    db.engine.dispose()  # new connections, made with the settings
    for _ in range(2):
        for name, value in SESSION_SETTINGS.items():
            assert db.session.execute(text(f"SHOW {name}")).scalar_one() == value
        db.session.rollback()
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("SHOW max_parallel_workers_per_gather").scalar() == "0"
        mode = connection.exec_driver_sql("SHOW plan_cache_mode").scalar()
        assert mode == "force_custom_plan"
