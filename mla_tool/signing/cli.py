"""`mla-tool signing check`: is the signing certificate configured, and which one is it."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from . import config


@click.group("signing")
def signing_group() -> None:
    """The central authority's signing certificate (signed PDFs of approved requests)."""


@signing_group.command("check")
@with_appcontext
def check_command() -> None:
    """Open the PKCS#12 file with its passphrase and print the certificate's name, SHA-256
    fingerprint and validity; exit 1 with what to set when it cannot be used."""
    try:
        signer = config.load_signer()
    except config.SigningNotConfigured as error:
        click.echo(str(error.text), err=True)
        sys.exit(1)
    certificate = signer.certificate
    click.echo(f"signer: {signer.name}")
    click.echo(f"subject: {certificate.subject.rfc4514_string()}")
    click.echo(f"issuer: {certificate.issuer.rfc4514_string()}")
    click.echo(f"sha256: {signer.fingerprint}")
    click.echo(
        f"valid: {certificate.not_valid_before_utc:%Y-%m-%d} to"
        f" {certificate.not_valid_after_utc:%Y-%m-%d}"
    )
