"""Flask-Migrate's settings of an app, which import Alembic only when a migration first runs."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from flask_sqlalchemy import SQLAlchemy


class MigrationSettings:
    """What `app.extensions["migrate"]` holds: the attributes Flask-Migrate's commands and
    migrations/env.py read (its `_MigrateConfig`: migrate, db, directory, configure_args,
    metadata), with the `Migrate` object, and so Alembic, made when one first asks for it."""

    def __init__(self, db: SQLAlchemy, directory: str, **configure_args: Any) -> None:
        self.db = db
        self.directory = directory
        #: Flask-Migrate's defaults (compare_type and render_as_batch on), then ours.
        self.configure_args: dict[str, Any] = {
            "compare_type": True,
            "render_as_batch": True,
            **configure_args,
        }

    @cached_property
    def migrate(self) -> Any:
        from flask_migrate import Migrate  # imports Alembic: only the commands that migrate

        return Migrate(db=self.db, directory=self.directory, **self.configure_args)

    @property
    def metadata(self) -> Any:
        return self.db.metadata
