"""The `mla-tool` command line: thin commands over the domain services."""

from __future__ import annotations

import secrets
import sys
from collections.abc import Callable
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade

from . import create_app
from .audit import service as audit_service
from .audit.cli import audit_group, ensure_audit_key_on_init
from .auth.cli import token_command, user_end_sessions_command, user_password_command
from .auth.service import UserError, create_user, find_user_by_email
from .auth.totp import new_totp_secret, provisioning_uri
from .cases.cli import cases_group, remind_command
from .cases.sweep import start_scheduler
from .cli_schema_guard import InitialisedDataGroup
from .demo import demo_email, load_demo
from .directory.cli import directory_group, load_treaty_data_on_init
from .exchange.cli import ensure_exchange_identity, exchange_group
from .extensions import db
from .signing.cli import signing_group
from .vault.body_gate import make_server
from .vault.cli import backup_command, keys_group, restore_command
from .vault.key_guard import missing_key_problems
from .vault.keys import ensure_master_key
from .vault.serving import install_encrypted_spooling
from .vault.storage_cli import storage_group


@click.group(
    cls=InitialisedDataGroup,  # every command but init, db, restore first checks the schema
    create_app=create_app,
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
    return (load_treaty_data_on_init, ensure_exchange_identity, ensure_audit_key_on_init)


@main.command("demo")
@with_appcontext
def demo_command() -> None:
    """Load sample data: the users of two authorities, Jordan's and France's (passwords printed
    once), directory entries, cases."""
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


@main.group("user")
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
    install_encrypted_spooling()  # large bodies spill to disk encrypted, never in clear
    app = create_app()
    server = make_server(app, host, port, threads)  # bodies only from those allowed to send them
    start_scheduler(app)  # the reminder sweep, under a lease shared with every other runner
    from .forms.document_warmup import warm_fonts_in_background  # WeasyPrint loads in it

    warm_fonts_in_background()  # the first user's PDF does not pay for cold fonts
    click.echo(f"mla_tool listening on http://{host}:{port}/")
    server.run()


main.add_command(audit_group)
main.add_command(token_command)
user_group.add_command(user_password_command)
user_group.add_command(user_end_sessions_command)
main.add_command(directory_group)
main.add_command(keys_group)
main.add_command(storage_group)
main.add_command(backup_command)
main.add_command(restore_command)
main.add_command(exchange_group)
main.add_command(cases_group)
main.add_command(signing_group)
main.add_command(remind_command, "reminders")  # for cron: `mla-tool reminders`


if __name__ == "__main__":  # pragma: no cover
    main()
