"""The `mla-tool` command line: thin commands over the domain services."""

from __future__ import annotations

import copy
import gc
import secrets
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import ScriptInfo, load_dotenv, with_appcontext

from . import create_app
from .cli_lazy import LazyCommand, LazyCommands
from .cli_schema_guard import InitialisedDataGroup

#: The domains' commands, imported when one is run (`mla-tool --help` lists them from here):
#: name -> where it lives and the first paragraph of its help (tests/test_cli_lazy.py checks
#: both against the command). `db` and `limiter` are Flask-Migrate's and Flask-Limiter's.
COMMANDS: dict[str, LazyCommand] = {
    "audit": LazyCommand("mla_tool.audit.cli:audit_group", "The audit log."),
    "backup": LazyCommand(
        "mla_tool.vault.cli:backup_command",
        "Write a consistent copy of database, keys and attachments into DIRECTORY (new or empty).",
    ),
    "cases": LazyCommand("mla_tool.cases.cli:cases_group", "The case tracker."),
    "db": LazyCommand("flask_migrate.cli:db", "Perform database migrations."),
    "directory": LazyCommand(
        "mla_tool.directory.cli:directory_group",
        "The directory of competent national authorities.",
    ),
    "exchange": LazyCommand(
        "mla_tool.exchange.cli:exchange_group",
        "Secure exchange of requests between central authorities.",
    ),
    "keys": LazyCommand(
        "mla_tool.vault.cli:keys_group", "The master key and the attachment keys it wraps."
    ),
    "limiter": LazyCommand(
        "flask_limiter.commands:cli", "Flask-Limiter maintenance & utility commands"
    ),
    "reminders": LazyCommand(  # for cron: `mla-tool reminders`
        "mla_tool.cases.cli:remind_command",
        "Record a reminder for every deadline that reached one of its remind-days thresholds.",
    ),
    "restore": LazyCommand(
        "mla_tool.vault.cli:restore_command",
        "Restore database, keys and attachments from DIRECTORY, then verify every attachment.",
    ),
    "signing": LazyCommand(
        "mla_tool.signing.cli:signing_group",
        "The central authority's signing certificate (signed PDFs of approved requests).",
    ),
    "storage": LazyCommand(
        "mla_tool.vault.storage_cli:storage_group",
        "The store of the attachments' ciphertext (a folder or S3-compatible object storage).",
    ),
    "token": LazyCommand(
        "mla_tool.auth.cli:token_command",
        "Print a new API bearer token for EMAIL on stdout, nothing else; or list or revoke tokens.",
    ),
}
#: The `user` group's commands that live in the auth domain.
USER_COMMANDS: dict[str, LazyCommand] = {
    "end-sessions": LazyCommand(
        "mla_tool.auth.cli:user_end_sessions_command",
        "Sign the user out everywhere: every session of theirs ends at once.",
    ),
    "password": LazyCommand(
        "mla_tool.auth.cli:user_password_command",
        "Set a new password (generated and printed once without --password-stdin); every "
        "session of the user ends.",
    ),
}


#: The commands that are given the whole app, pages and API included: ours and Flask's that
#: serve them (`serve`, `run`, `shell`), `routes` that lists them, and Flask-Limiter's (it lists
#: the routes' limits). Every other command is given the app of a command (`create_command_app`).
PAGE_COMMANDS = frozenset({"serve", "routes", "shell", "run", "limiter"})


#: The commands that read no request, case or wizard table (by name; for `db`, its subcommands
#: that run no migration: a migration may fold a request's text). Their app registers no request
#: kind beyond MLA nor the kinds' rules (`domain_wiring.REQUEST_KINDS`), whose modules were a fifth
#: of such a command's start-up; tests/test_cli_lazy.py checks that none imports the wizard's
#: tables. Every other command's app registers them.
READ_NO_REQUEST: dict[str, frozenset[str] | None] = {
    "audit": None,
    "backup": None,
    "db": frozenset({"branches", "current", "heads", "history", "show"}),
    "keys": None,
    "signing": None,
    "storage": None,
    "token": None,
    "user": None,
}


def create_command_app() -> Flask:
    """The app of a command: everything but the pages, API, menu and panels, whose modules a
    command never uses (importing them would be most of its start-up)."""
    return create_app(pages=False)


def create_app_reading_no_request() -> Flask:
    """The app of a command of READ_NO_REQUEST: a command's, without the request kinds beyond
    MLA and their rules."""
    from .domain_wiring import REQUEST_KINDS  # with the app: --help imports no domain

    return create_app({REQUEST_KINDS: False}, pages=False)


def reads_no_request(args: list[str]) -> bool:
    """Whether the command line `args` (the command's name first) names a command of
    READ_NO_REQUEST; anything else (an option before a `db` subcommand, a prefix) does not."""
    if not args or args[0] not in READ_NO_REQUEST:
        return False
    subcommands = READ_NO_REQUEST[args[0]]
    return subcommands is None or (len(args) > 1 and args[1] in subcommands)


def close_connections(info: ScriptInfo | None) -> None:
    """Close every pooled database connection of the app `info` made, if it made one."""
    app: Flask | None = getattr(info, "_loaded_app", None)  # Flask's cache of load_app()
    if app is None:
        return
    from .extensions import db

    with app.app_context():
        for engine in db.engines.values():
            engine.dispose()


def load_env_file(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Flask's `--env-file` callback, which imports python-dotenv only when a file is given:
    the command line loads no default .env or .flaskenv (`load_dotenv=False`)."""
    if value is not None:
        load_dotenv(value, load_defaults=False)
    return value


def _env_file_option_of(param: click.Parameter) -> click.Parameter:
    """Flask's `--env-file` option with `load_env_file` as its callback; any other as it is."""
    if "--env-file" not in param.opts:
        return param
    option = copy.copy(param)
    option.callback = load_env_file
    return option


class MainGroup(LazyCommands, InitialisedDataGroup):
    """The `mla-tool` group: Flask's (the app is made for a command that runs, never for the
    help), with the domains' commands imported when run. Flask-Migrate's `db` and the plugin
    commands are in the table, so neither the app nor the plugins are loaded to list them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._loaded_plugin_commands = True  # FlaskGroup's flag: they are in COMMANDS
        self.params = [_env_file_option_of(param) for param in self.params]

    #: Whether `main` paused the collector, for `resolve_command` to start it again.
    _collector_paused = False
    #: Whether `resolve_command` froze what starting made, for `main` to thaw it on exit.
    _start_frozen = False
    #: False in the process of the console script (`run`), which ends with the command: what
    #: the start-up made stays frozen, so that the interpreter's last collections, as it shuts
    #: down, leave it out (they took 0.13-0.16 s of `audit verify`'s 0.6-0.75 s).
    thaw_on_exit = True

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Click's, with Python's cyclic garbage collector paused while the command line starts:
        importing the domains and making the app leave some 150,000 objects the collector tracks
        and next to no garbage, and its passes over them were a seventh of the CPU time of a
        command's start-up. It runs again once the command is found and the app made
        (`resolve_command`), with those objects frozen (`gc.freeze`: left out of its passes, as
        they live as long as the command), and they are thawed on exit."""
        self._collector_paused = gc.isenabled()
        gc.disable()
        try:
            return super().main(*args, **kwargs)
        finally:
            if self._start_frozen and self.thaw_on_exit:
                self._start_frozen = False
                gc.unfreeze()  # collectable again, should the process go on (a test's)
            if self._collector_paused:
                self._collector_paused = False
                gc.enable()

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        info = ctx.ensure_object(ScriptInfo)
        if info.create_app is create_command_app and reads_no_request(args):
            info.create_app = create_app_reading_no_request
        try:  # imports the command and, to check the schema, makes the app
            name, command, rest = super().resolve_command(ctx, args)
            asks_help = any(arg in ctx.help_option_names for arg in rest)
            if self._collector_paused and command is not None and not asks_help:
                # init, db and restore skip the check, and make the app first thing: now
                info.load_app()
            return name, command, rest
        finally:
            if self._collector_paused:
                # the command runs with the collector on, over what it makes only: its first
                # passes went over every object of the start-up, 30-60 ms of `audit verify`
                gc.freeze()
                self._start_frozen = True
                gc.enable()

    def invoke(self, ctx: click.Context) -> Any:
        """Click's, then the app's database connections are closed: frozen with the app (see
        `thaw_on_exit`), its pool would not be collected, and each connection would end with the
        process instead of being closed (SQLite's last close folds its write-ahead log back)."""
        try:
            return super().invoke(ctx)
        finally:
            close_connections(ctx.find_object(ScriptInfo))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        info = ctx.find_object(ScriptInfo)  # the whole app for the commands that serve pages
        if info is not None and info.create_app is create_command_app and cmd_name in PAGE_COMMANDS:
            info.create_app = create_app
        return super().get_command(ctx, cmd_name)


@click.group(
    cls=MainGroup,  # every command but init, db, restore first checks the schema
    lazy=COMMANDS,
    create_app=create_command_app,  # the whole app for PAGE_COMMANDS (MainGroup.get_command)
    add_version_option=False,
    add_default_commands=True,
    set_debug_flag=False,
    load_dotenv=False,
)
def main() -> None:
    """mla_tool: MLA and extradition requests, the directory, the case tracker."""


@main.command("init")
@with_appcontext
def init_command() -> None:
    """Create or upgrade the schema and create missing keys (idempotent)."""
    from flask_migrate import upgrade

    from .vault.key_guard import missing_key_problems
    from .vault.keys import ensure_master_key

    upgrade()
    key_file = current_app.config["MLA_MASTER_KEY_FILE"]
    problems = missing_key_problems(
        Path(current_app.config["MLA_DATA_DIR"]),
        Path(key_file),
        Path(current_app.config["MLA_EXCHANGE_KEY_FILE"]),
    )
    if problems:  # never a silent new key beside data sealed under the lost one
        raise click.ClickException("; ".join(problems))
    created = ensure_master_key(key_file)
    for step in init_steps():
        step()
    click.echo(
        f"schema is at the latest revision ({current_app.config['SQLALCHEMY_DATABASE_URI'].split('://')[0]})"
    )
    click.echo(f"master key file {'created' if created else 'present'}: {key_file}")


def init_steps() -> tuple[Callable[[], None], ...]:
    """The domains' steps of `init`, in order, named here and nowhere else (never added at import,
    which gave `python -m mla_tool.cli` and the console script different lists)."""
    from .audit.cli import ensure_audit_key_on_init
    from .directory.cli import load_treaty_data_on_init
    from .exchange.cli import ensure_exchange_identity

    return (load_treaty_data_on_init, ensure_exchange_identity, ensure_audit_key_on_init)


@main.command("demo")
@with_appcontext
def demo_command() -> None:
    """Load sample data: the users of two authorities, Jordan's and France's (passwords printed
    once), directory entries, cases."""
    from .demo import demo_email, load_demo

    result = load_demo()
    click.echo("Sample data loaded (all records are marked as sample data).")
    logins = list(result["passwords"])
    width = max((len(login) for login in logins), default=0)
    email_width = max((len(demo_email(login)) for login in logins), default=0)
    for login, password in result["passwords"].items():
        email = demo_email(login)
        click.echo(f"  {login:<{width}}  {email:<{email_width}}  password: {password}")
    if not result["passwords"]:
        click.echo(
            "  sample users existed already; their passwords were printed when they were made"
        )
    for line in result["summaries"]:
        click.echo(f"  {line}")


@main.group("user", cls=LazyCommands, lazy=USER_COMMANDS)
def user_group() -> None:
    """Manage users."""


@user_group.command("add")
@click.argument("email")
@click.option(
    "--role",
    required=True,
    type=click.Choice(["prosecutor", "caseworker", "maintainer", "admin", "auditor"]),
)
@click.option("--country", "country", default=None, help="ISO 3166-1 alpha-3 code")
@click.option("--name", "display_name", default="", help="name shown in the interface")
@click.option("--password-stdin", is_flag=True, help="read the password from standard input")
@with_appcontext
def user_add_command(
    email: str, role: str, country: str | None, display_name: str, password_stdin: bool
) -> None:
    """Create a user; without --password-stdin a password is generated and printed once."""
    from .auth.service import UserError, create_user
    from .extensions import db

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
        generated = False
    else:
        password = secrets.token_urlsafe(15)
        generated = True
    try:
        user = create_user(email, password, role, country_iso3=country, display_name=display_name)
        db.session.commit()
    except UserError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    click.echo(f"created {user.email} ({user.role})")
    if generated:
        click.echo(f"password: {password}")


@user_group.command("totp")
@click.argument("email")
@with_appcontext
def user_totp_command(email: str) -> None:
    """Turn on the second factor for a user and print the secret to enrol an authenticator app."""
    from .audit import service as audit_service
    from .auth.service import find_user_by_email
    from .auth.totp import new_totp_secret, provisioning_uri
    from .extensions import db

    user = find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"no user {email}")
    user.totp_secret = new_totp_secret()
    audit_service.record("user.totp_enabled", "user", user.id, {})
    db.session.commit()
    click.echo(provisioning_uri(user.totp_secret, user.email))


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, type=int, show_default=True)
@click.option("--threads", default=8, type=int, show_default=True)
def serve_command(host: str, port: int, threads: int) -> None:
    """Run the production WSGI server (waitress)."""
    from .cases.sweep import start_scheduler
    from .schema_warmup import build_deferred_models
    from .vault.body_gate import make_server
    from .vault.serving import install_encrypted_spooling

    install_encrypted_spooling()  # large bodies spill to disk encrypted, never in clear
    app = click.get_current_context().ensure_object(ScriptInfo).load_app()  # the schema check's
    build_deferred_models()  # the models' validators, before the first request needs one
    server = make_server(app, host, port, threads)  # bodies only from those allowed to send them
    start_scheduler(app)  # the reminder sweep, under a lease shared with every other runner
    from .forms.document_warmup import warm_fonts_in_background  # WeasyPrint loads in it

    warm_fonts_in_background()  # the first user's PDF does not pay for cold fonts
    click.echo(f"mla_tool listening on http://{host}:{port}/")
    server.run()


def run() -> None:
    """The console script `mla-tool` (and `python -m mla_tool.cli`): `main`, in a process that
    ends with it, so what the start-up made stays frozen to the end (`MainGroup.thaw_on_exit`)."""
    main.thaw_on_exit = False
    main()


if __name__ == "__main__":  # pragma: no cover
    run()
