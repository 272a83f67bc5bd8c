"""The CLI group that refuses, with one clear message, to run on a database `init` never set up."""

from __future__ import annotations

import click
from flask.cli import FlaskGroup, ScriptInfo

NOT_INITIALISED = "this data folder is not initialised: run mla-tool init"
#: Commands that run before or without the schema: init makes it, db manages migrations, restore
#: brings a whole database back; Flask's own commands do not touch the database.
NO_SCHEMA_NEEDED = frozenset({"init", "db", "restore", "routes", "shell", "run"})


class NotInitialised(click.ClickException):
    """The database has no schema yet (usage problem: exit code 2, like click's usage errors)."""

    exit_code = 2


def schema_present(info: ScriptInfo) -> bool:
    """Whether the application's database holds the schema: `init` ran (alembic_version exists)
    or the tables were made from the models (the users table exists, as in the tests)."""
    from sqlalchemy import inspect  # here: listing the commands loads neither the app nor SQL
    from sqlalchemy.exc import SQLAlchemyError

    from .extensions import db

    app = info.load_app()
    with app.app_context():
        try:
            inspector = inspect(db.engine)
            return inspector.has_table("alembic_version") or inspector.has_table("users")
        except SQLAlchemyError:
            return False
        finally:
            db.session.remove()


class InitialisedDataGroup(FlaskGroup):
    """A FlaskGroup whose subcommands that need the database first check that `init` ran."""

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name, command, rest = super().resolve_command(ctx, args)
        asks_help = any(arg in ctx.help_option_names for arg in rest)
        if (
            command is not None
            and name not in NO_SCHEMA_NEEDED
            and not ctx.resilient_parsing
            and not asks_help
            and not schema_present(ctx.ensure_object(ScriptInfo))
        ):
            raise NotInitialised(NOT_INITIALISED)
        return name, command, rest
