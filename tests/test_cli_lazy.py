"""The command line imports a domain's commands when one runs: its tables of lazy commands say
the same as the commands (name, help), list every command the full Flask group would, and
`mla-tool --help` loads neither the app nor the domains."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click
from click.testing import CliRunner
from flask.cli import FlaskGroup, ScriptInfo

from mla_tool import create_app
from mla_tool.cli import COMMANDS, USER_COMMANDS, main, user_group
from mla_tool.cli_lazy import _shortened
from mla_tool.config import Settings


def test_each_entry_names_its_command_and_its_help() -> None:
    for table in (COMMANDS, USER_COMMANDS):
        for name, entry in table.items():
            command = entry.load()
            for width in (40, 45, 60, 120):
                assert _shortened(entry.short_help, width) == command.get_short_help_str(width), (
                    name
                )


def test_the_table_lists_every_command_flask_would(tmp_path: Path) -> None:
    """The plugins' commands (entry points) and the app's (Flask-Migrate's `db`) included."""
    full = FlaskGroup(create_app=lambda: create_app({"MLA_DATA_DIR": str(tmp_path)}))
    context = click.Context(full, obj=ScriptInfo(create_app=full.create_app))
    flask_names = set(full.list_commands(context)) - {"routes", "run", "shell"}
    ours = set(main.list_commands(click.Context(main))) - {"routes", "run", "shell"}
    assert flask_names <= ours
    assert {"add", "totp", "password", "end-sessions"} == set(
        user_group.list_commands(click.Context(user_group))
    )


def test_help_loads_neither_the_app_nor_the_domains(tmp_path: Path) -> None:
    code = (
        "import sys; sys.argv = ['mla-tool', '--help']\n"
        "from mla_tool.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(('mla_tool.', 'sqlalchemy')))\n"
        "print('LOADED', loaded)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "MLA_DATA_DIR": str(tmp_path)},
        check=True,
    )
    assert "token" in run.stdout and "Perform database migrations." in run.stdout
    loaded = run.stdout.split("LOADED", 1)[1]
    assert "mla_tool.wiring" not in loaded and "mla_tool.models" not in loaded
    assert "sqlalchemy" not in loaded


def test_the_collector_is_paused_while_starting_and_on_for_the_command(tmp_path: Path) -> None:
    """`mla-tool` pauses Python's garbage collector while it imports and makes the app, never
    while a command runs, and leaves it as it found it."""
    import gc

    seen: list[bool] = []

    @click.command("probe-collector")
    def probe() -> None:
        seen.append(gc.isenabled())

    main.add_command(probe)
    try:
        runner = CliRunner(env={"MLA_DATA_DIR": str(tmp_path)})
        assert runner.invoke(main, ["probe-collector"]).exit_code == 2  # not initialised
        assert gc.isenabled()
        settings = Settings.from_environment({"MLA_DATA_DIR": str(tmp_path)})
        with create_app(settings=settings, pages=False).app_context():
            from mla_tool.extensions import db

            db.create_all()
        result = runner.invoke(main, ["probe-collector"])
        assert result.exit_code == 0, result.output
        assert seen == [True] and gc.isenabled()
    finally:
        main.commands.pop("probe-collector")


def test_a_command_loads_no_page_api_or_migration_module(tmp_path: Path) -> None:
    """The app of a command (create_app(pages=False)) imports no page or API module, and only
    the commands that migrate import Flask-Migrate and Alembic."""
    settings = Settings.from_environment({"MLA_DATA_DIR": str(tmp_path)})
    with create_app(settings=settings, pages=False).app_context():
        from mla_tool.extensions import db

        db.create_all()
    code = (
        "import sys; sys.argv = ['mla-tool', 'audit', 'verify']\n"
        "from mla_tool.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('LOADED', sorted(sys.modules))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "MLA_DATA_DIR": str(tmp_path)},
        check=True,
    )
    loaded = run.stdout.split("LOADED", 1)[1]
    assert "'mla_tool.audit.cli'" in loaded and "'mla_tool.domain_wiring'" in loaded
    for module in ("mla_tool.wiring", "mla_tool.cases.api", "flask_migrate", "alembic", "limits"):
        assert f"'{module}'" not in loaded, module
    assert "'psycopg'" not in loaded  # the audit chain's PostgreSQL pass: not on SQLite
    assert "views'" not in loaded
