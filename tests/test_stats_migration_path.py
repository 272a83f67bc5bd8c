"""An installation with cases upgrades from before the statistics cells (0022) to the newest
migration in one go: the migrations create and empty the cell tables, and the cells are counted
once, with today's code, when the newest migration is reached; stopping on the way counts none."""

from __future__ import annotations

import random

from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import insert

from mla_tool.cases import stats_members
from mla_tool.cases.models import Case
from mla_tool.cases.stats_aggregates import recount, stored_cells
from mla_tool.extensions import db
from tests.factories.migration_app import (  # noqa: F401 -- the fixtures
    empty_database_url,
    migration_app,
)
from tests.factories.stat_cases import random_case


def test_an_installation_with_cases_upgrades_from_0022_to_the_newest(
    migration_app: Flask,
) -> None:
    rng = random.Random(22)
    with migration_app.app_context():
        upgrade(revision="0022")
        columns = [column.name for column in Case.__table__.columns if column.name != "id"]
        rows = []
        for _ in range(60):
            case = random_case(rng, ["FRA", "BEL", None])
            row = {name: getattr(case, name) for name in columns}
            row.update(confidential=False, is_sample=False, updated_at=row["created_at"])
            rows.append(row)
        # plain rows, as the cases of an installation of 0022 are: no hook of today's code runs
        with db.engine.begin() as connection:
            connection.execute(insert(Case.__table__), rows)
        upgrade(revision="0027")  # not the newest: today's code is not run on an old schema
        with db.engine.connect() as connection:
            assert not stored_cells(connection)
        upgrade()
        connection = db.session.connection()
        kept = stored_cells(connection)
        assert kept and kept == +recount(connection)
        assert stats_members.stored_member_cells(connection) == +stats_members.recount(connection)
        db.session.remove()
        db.engine.dispose()
