"""`mla-tool exchange …`: this installation's exchange identity."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from . import crypto


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
