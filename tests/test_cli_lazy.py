"""The command line imports a domain's commands when one runs: its tables of lazy commands say
the same as the commands (name, help), list every command the full Flask group would, and
`mla-tool --help` loads neither the app nor the domains."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from flask.cli import FlaskGroup, ScriptInfo

from mla_tool import create_app
from mla_tool.cli import (
    COMMANDS,
    READ_NO_REQUEST,
    USER_COMMANDS,
    main,
    reads_no_request,
    user_group,
)
from mla_tool.cli_lazy import _shortened
from mla_tool.config import Settings


def _python(code: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """Runs `code` in a new Python process over the data folder `tmp_path` (its output kept)."""
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "MLA_DATA_DIR": str(tmp_path)},
        check=True,
    )


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
    run = _python(code, tmp_path)
    assert "token" in run.stdout and "Perform database migrations." in run.stdout
    loaded = run.stdout.split("LOADED", 1)[1]
    assert "mla_tool.wiring" not in loaded and "mla_tool.models" not in loaded
    assert "sqlalchemy" not in loaded


def test_the_collector_is_paused_while_starting_and_on_for_the_command(tmp_path: Path) -> None:
    """`mla-tool` pauses Python's garbage collector while it imports and makes the app, never
    while a command runs (whose passes leave out what the start-up made: frozen), and leaves it
    as it found it, nothing frozen."""
    import gc

    seen: list[tuple[bool, bool]] = []

    @click.command("probe-collector")
    def probe() -> None:
        seen.append((gc.isenabled(), gc.get_freeze_count() > 0))

    main.add_command(probe)
    try:
        runner = CliRunner(env={"MLA_DATA_DIR": str(tmp_path)})
        assert gc.get_freeze_count() == 0
        assert runner.invoke(main, ["probe-collector"]).exit_code == 2  # not initialised
        assert gc.isenabled() and gc.get_freeze_count() == 0
        settings = Settings.from_environment({"MLA_DATA_DIR": str(tmp_path)})
        with create_app(settings=settings, pages=False).app_context():
            from mla_tool.extensions import db

            db.create_all()
        result = runner.invoke(main, ["probe-collector"])
        assert result.exit_code == 0, result.output
        assert seen == [(True, True)] and gc.isenabled() and gc.get_freeze_count() == 0
    finally:
        main.commands.pop("probe-collector")


def test_the_console_script_keeps_the_start_up_frozen_and_closes_its_connections(
    tmp_path: Path,
) -> None:
    """`mla-tool` (`run`, the console script) ends its process with what the start-up made
    still frozen, so that the interpreter's last collections leave it out, and with its
    database connections closed: SQLite's write-ahead log is folded back, not left beside the
    database as by a process that died."""
    import tomllib

    scripts = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())
    assert scripts["project"]["scripts"]["mla-tool"] == "mla_tool.cli:run"
    code = (
        "import atexit, gc, sys; sys.argv = ['mla-tool', *{args!r}]\n"
        "atexit.register(lambda: print('FROZEN', gc.get_freeze_count() > 0))\n"
        "from mla_tool.cli import run\n"
        "run()\n"
    )
    _python(code.format(args=["init"]), tmp_path)
    database = tmp_path / "mla_tool.sqlite"
    assert database.exists()
    run = _python(code.format(args=["audit", "verify"]), tmp_path)
    assert "FROZEN True" in run.stdout
    assert not database.with_name("mla_tool.sqlite-wal").exists()
    assert not database.with_name("mla_tool.sqlite-shm").exists()


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
    run = _python(code, tmp_path)
    loaded = run.stdout.split("LOADED", 1)[1]
    assert "'mla_tool.audit.cli'" in loaded and "'mla_tool.domain_wiring'" in loaded
    for module in (
        "mla_tool.wiring",
        "mla_tool.cases.api",
        "flask_migrate",
        "alembic",
        "limits",
        "dotenv",  # only for `-e FILE`
        "pydantic",  # the API's JSON errors and the wizard's schemas: a request's, not a command's
    ):
        assert f"'{module}'" not in loaded, module
    assert "'psycopg'" not in loaded  # the audit chain's PostgreSQL pass: not on SQLite
    assert "views'" not in loaded
    # audit verify reads no request: its app registers no kind beyond MLA (cli.READ_NO_REQUEST)
    for module in WIZARD_TABLES:
        assert f"'{module}'" not in loaded, module
    # the audit key's public half is read raw, without cryptography's serialization formats
    assert "'cryptography.hazmat.primitives.serialization'" not in loaded


def test_which_commands_read_no_request() -> None:
    """The table names commands that exist; `db`'s migrating subcommands, an option before a
    subcommand and every other command keep the request kinds."""
    names = set(main.list_commands(click.Context(main)))
    assert set(READ_NO_REQUEST) <= names
    assert reads_no_request(["audit", "verify"]) and reads_no_request(["user", "add", "x@y.z"])
    assert reads_no_request(["db", "current"]) and reads_no_request(["db", "history"])
    for args in (
        ["db", "upgrade"],
        ["db", "downgrade"],
        ["db", "stamp", "head"],
        ["db", "-d", "x", "current"],
        ["db"],
        ["demo"],
        ["init"],
        ["reminders"],
        ["restore", "x"],
        ["cases"],
        ["exchange"],
        [],
    ):
        assert not reads_no_request(args), args


#: Imports the commands of cli.READ_NO_REQUEST into the app made for them and prints what the
#: process then holds of the wizard's tables.
COMMANDS_READING_NO_REQUEST = """
import json, sys
from mla_tool.cli import (
    COMMANDS, READ_NO_REQUEST, USER_COMMANDS, create_app_reading_no_request, user_group,
)
app = create_app_reading_no_request()
for name in READ_NO_REQUEST:
    if name == "user":
        for entry in USER_COMMANDS.values():
            entry.load()
        assert user_group.commands
    else:
        COMMANDS[name].load()
print(json.dumps(sorted(m for m in sys.modules if m.startswith("mla_tool.forms."))))
"""

#: The wizard's tables (kinds, rules) and the modules that register the kinds beyond MLA.
WIZARD_TABLES = (
    "mla_tool.forms.kinds",
    "mla_tool.forms.rules",
    "mla_tool.forms.kind_registration",
    "mla_tool.forms.eevidence.registration",
    "mla_tool.forms.extradition.registration",
)


def test_the_commands_that_read_no_request_import_no_wizard_table(tmp_path: Path) -> None:
    """Their app registers no kind beyond MLA: neither it nor their modules import the tables
    it would have filled, so none of them can read a table left without those kinds."""
    run = _python(COMMANDS_READING_NO_REQUEST, tmp_path)
    loaded = json.loads(run.stdout.strip().splitlines()[-1])
    assert "mla_tool.forms.models" in loaded  # the tables of the schema: every app has them
    assert not set(WIZARD_TABLES) & set(loaded)


def _run_command(tmp_path: Path, *args: str) -> tuple[str, list[str], list[str]]:
    """Runs `mla-tool ARGS` in a new process: its output, the modules it loaded, and the kinds
    the wizard knows after it (read once the command ended)."""
    code = (
        f"import json, sys; sys.argv = ['mla-tool', *{list(args)!r}]\n"
        "from mla_tool.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "loaded = sorted(sys.modules)\n"
        "from mla_tool.forms.kinds import KINDS\n"
        "print('STATE', json.dumps([loaded, sorted(KINDS)]))\n"
    )
    run = _python(code, tmp_path)
    output, state = run.stdout.split("STATE", 1)
    loaded, kinds = json.loads(state)
    return output, loaded, kinds


def test_a_command_that_reads_requests_has_every_kind(tmp_path: Path) -> None:
    """`reminders` (not in READ_NO_REQUEST) runs with the kinds beyond MLA; `db current` (in
    it) without them, and without importing them."""
    settings = Settings.from_environment({"MLA_DATA_DIR": str(tmp_path)})
    with create_app(settings=settings, pages=False).app_context():
        from mla_tool.extensions import db

        db.create_all()
    _, loaded, kinds = _run_command(tmp_path, "reminders")
    assert "mla_tool.forms.extradition.registration" in loaded
    assert {"extradition", "preservation", "provisional_arrest"} <= set(kinds)
    _, loaded, kinds = _run_command(tmp_path, "db", "current")
    assert kinds == ["mla"]
    assert "alembic" in loaded and not set(WIZARD_TABLES) & set(loaded)


def test_an_env_file_is_loaded_when_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`-e FILE` still sets the variables FILE names (python-dotenv is imported for it only)."""
    settings = Settings.from_environment({"MLA_DATA_DIR": str(tmp_path)})
    with create_app(settings=settings, pages=False).app_context():
        from mla_tool.extensions import db

        db.create_all()
    env_file = tmp_path / "settings.env"
    env_file.write_text("MLA_ENV_FILE_PROBE=read\n")
    monkeypatch.delenv("MLA_ENV_FILE_PROBE", raising=False)

    @click.command("probe-env")
    def probe() -> None:
        click.echo(os.environ.get("MLA_ENV_FILE_PROBE", "absent"))

    main.add_command(probe)
    try:
        runner = CliRunner(env={"MLA_DATA_DIR": str(tmp_path)})
        assert runner.invoke(main, ["probe-env"]).output.strip() == "absent"
        result = runner.invoke(main, ["-e", str(env_file), "probe-env"])
        assert result.exit_code == 0, result.output
        assert result.output.strip() == "read"
    finally:
        main.commands.pop("probe-env")
        os.environ.pop("MLA_ENV_FILE_PROBE", None)
