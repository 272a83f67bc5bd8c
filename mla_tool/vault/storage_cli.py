"""`mla-tool storage …`: where the attachments' ciphertext lives, and moving it elsewhere."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select

from ..extensions import db
from .models import Attachment
from .storage import current_store
from .storage_migration import migrate_storage


@click.group("storage")
def storage_group() -> None:
    """The store of the attachments' ciphertext (a folder or S3-compatible object storage)."""


@storage_group.command("migrate")
@click.option(
    "--to",
    "target_url",
    required=True,
    help="s3://bucket/prefix or a folder (file:///path); endpoint and keys from MLA_S3_* settings",
)
@with_appcontext
def migrate_command(target_url: str) -> None:
    """Copy every attachment to another store and verify it there (run again to resume)."""
    total = db.session.execute(select(func.count(Attachment.id))).scalar_one()
    click.echo(f"from {current_store().url} to {target_url}: {total} attachments")
    with (
        click.progressbar(length=total, label="copying  ", file=sys.stderr) as copying,
        click.progressbar(length=total, label="verifying", file=sys.stderr) as verifying,
    ):
        report = migrate_storage(target_url, copied=copying.update, verified=verifying.update)
    click.echo(
        f"copied {report.copied}, already there {report.already_there}, "
        f"verified {report.verified} of {total}"
    )
    for attachment_id, reason in report.failures:
        click.echo(f"attachment {attachment_id}: FAILED: {reason}", err=True)
    if not report.ok:
        click.echo("run the command again once the cause is fixed; it resumes", err=True)
        sys.exit(1)
    click.echo(f"all attachments are in {report.target}: set MLA_STORAGE_URL={target_url}")
