"""The command line imports a domain's commands when one runs: its tables of lazy commands say
the same as the commands (name, help), list every command the full Flask group would, and
`mla-tool --help` loads neither the app nor the domains."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click
from flask.cli import FlaskGroup, ScriptInfo

from mla_tool import create_app
from mla_tool.cli import COMMANDS, USER_COMMANDS, main, user_group
from mla_tool.cli_lazy import _shortened


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
