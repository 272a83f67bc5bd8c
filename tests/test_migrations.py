"""Alembic migrations build exactly the schema the models declare, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from mla_tool import create_app
from mla_tool.cases.listing import URGENT_UPDATED_INDEX
from mla_tool.cases.search_engine import leave_index_objects
from mla_tool.config import Settings
from mla_tool.extensions import db
from tests.factories.databases import empty_database_url  # noqa: F401  (fixtures)


def test_migrations_match_the_models_and_downgrade(empty_database_url: str, tmp_path: Path) -> None:
    settings = Settings.from_environment(
        {"MLA_DATA_DIR": str(tmp_path), "MLA_DATABASE_URL": empty_database_url}
    )
    application = create_app({"TESTING": True}, settings=settings)
    with application.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(
                connection,
                opts={"compare_type": True, "include_object": leave_index_objects},
            )
            differences = compare_metadata(context, db.metadata)
        assert differences == [], f"models and migrations differ: {differences}"
        if db.engine.dialect.name == "postgresql":
            # the list's expression index, left out of the comparison: its INCLUDE columns
            definition = db.session.execute(
                text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_cases_urgent_updated'")
            ).scalar_one()
            included = definition.split("INCLUDE (", 1)[1].rstrip(")").split(", ")
            assert included == URGENT_UPDATED_INDEX.dialect_options["postgresql"]["include"]
        downgrade(revision="base")
        upgrade()  # and back up again
        db.session.remove()
        db.engine.dispose()
