"""`mla-tool exchange …`: this installation's exchange identity."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select

from ..auth.models import User
from ..cases.dates import today
from ..directory.models import Authority
from ..extensions import db
from . import crypto
from .models import VERIFICATION_METHODS
from .receive import import_package
from .refusals import ExchangeError
from .trust import record_verification


def ensure_exchange_identity() -> None:
    """Init hook: the Ed25519/X25519 identity is created once, kept 0600 like the master key."""
    path = current_app.config["MLA_EXCHANGE_KEY_FILE"]
    created = crypto.ensure_identity(path)
    click.echo(f"exchange identity {'created' if created else 'present'}: {path}")


@click.group("exchange")
def exchange_group() -> None:
    """Secure exchange of requests between central authorities."""


@exchange_group.command("identity")
@with_appcontext
def identity_command() -> None:
    """Print this installation's public key bundle (PEM) and its fingerprint."""
    path = current_app.config["MLA_EXCHANGE_KEY_FILE"]
    if not path.exists():
        raise click.ClickException("no exchange identity yet: run `mla-tool init`")
    public = crypto.load_identity(path).public
    click.echo(public.pem(), nl=False)
    click.echo(f"fingerprint: {public.fingerprint}")


def _user_by_email(email: str) -> Any:
    user = db.session.execute(
        select(User).where(func.lower(User.email) == email.strip().lower())
    ).scalar_one_or_none()
    if user is None or not user.active:
        raise click.ClickException(f"no active user {email}")
    if not user.may("exchange.manage"):
        raise click.ClickException(f"{email} may not manage the secure exchange")
    return user


@exchange_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--user", "email", required=True, help="the caseworker the import is recorded for")
@with_appcontext
def import_command(file: Path, email: str) -> None:
    """Check and import a package (a request or a status update); exit 1 when refused."""
    user = _user_by_email(email)
    try:
        result = import_package(file.read_bytes(), user, filename=file.name)
    except ExchangeError as error:
        click.echo(f"refused ({error.code}): {error.message}", err=True)
        sys.exit(1)
    if result.type == "request":
        click.echo(
            f"imported request package {result.package.package_id}: incoming case "
            f"#{result.case.id} opened with {len(result.attachments)} file(s)"
        )
    else:
        moved = ", ".join(result.moved_to) or "unchanged"
        click.echo(
            f"imported status update '{result.package.status}' for case #{result.case.id}"
            f" (status: {moved})"
        )


@exchange_group.command("verify-key")
@click.argument("authority_id", type=int)
@click.option("--fingerprint", required=True, help="as read out by the other authority")
@click.option("--method", required=True, type=click.Choice(VERIFICATION_METHODS))
@click.option("--on", "on", default=None, help="date of the verification (YYYY-MM-DD)")
@click.option("--user", "email", required=True)
@with_appcontext
def verify_key_command(
    authority_id: int, fingerprint: str, method: str, on: str | None, email: str
) -> None:
    """Record that an authority's key fingerprint was checked with that authority."""
    user = _user_by_email(email)
    authority = db.session.get(Authority, authority_id)
    if authority is None:
        raise click.ClickException(f"no directory entry {authority_id}")
    try:
        when = date.fromisoformat(on) if on else today()
        record_verification(
            authority, user, fingerprint=fingerprint, verified_on=when, method=method
        )
    except ValueError as error:
        db.session.rollback()
        fields = getattr(error, "fields", {})
        raise click.ClickException(f"{error} {fields or ''}".strip()) from error
    db.session.commit()
    click.echo(f"key of {authority.name} verified: {fingerprint}")
