"""`mla-tool keys …`, `backup` and `restore`: key rotation, verification, consistent copies."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select

from ..extensions import db
from . import keys
from .backup import BackupError, create_backup, restore_backup
from .models import Attachment
from .places import master_key_file
from .rotation import rotate_keys
from .verification import verify_attachments


@click.group("keys")
def keys_group() -> None:
    """The master key and the attachment keys it wraps."""


def _progress(label: str):  # type: ignore[no-untyped-def]
    def report(done: int, total: int) -> None:
        click.echo(f"{label} {done}/{total}")

    return report


@keys_group.command("rotate")
@click.option(
    "--max",
    "limit",
    type=click.IntRange(min=1),
    default=None,
    help="re-wrap at most this many keys now; run again to continue",
)
@click.option("--batch-size", type=click.IntRange(min=1), default=100, show_default=True)
@with_appcontext
def rotate_command(limit: int | None, batch_size: int) -> None:
    """Make a new master key and re-wrap every attachment key under it (resumable)."""
    report = rotate_keys(limit=limit, batch_size=batch_size, progress=_progress("re-wrapped"))
    verb = "resumed rotation to" if report.resumed else "new master key"
    click.echo(f"{verb} {report.active}: {report.rewrapped} keys re-wrapped in this run")
    for attachment_id, reason in report.skipped:
        click.echo(f"attachment {attachment_id}: SKIPPED: {reason}", err=True)
    if report.skipped:
        click.echo(
            f"{len(report.skipped)} attachment keys could not be re-wrapped and were skipped; "
            "the old master key stays in the key file; run `mla-tool keys verify`",
            err=True,
        )
        sys.exit(1)
    if report.remaining:
        click.echo(
            f"{report.remaining} keys still wrapped under the old key(s); "
            "run `mla-tool keys rotate` again to finish"
        )
    else:
        retired = ", ".join(report.retired) or "none"
        click.echo(f"rotation complete; retired keys removed from the key file: {retired}")


@keys_group.command("verify")
@with_appcontext
def verify_command() -> None:
    """Decrypt every attachment and check its SHA-256; exit 1 if any fails."""
    report = verify_attachments()
    for attachment_id, reason in report.failures:
        click.echo(f"attachment {attachment_id}: FAILED: {reason}", err=True)
    for orphan in report.orphans:
        click.echo(f"file without a database row (not served): {orphan}")
    if not report.ok:
        click.echo(f"{len(report.failures)} of {report.checked} attachments failed", err=True)
        sys.exit(1)
    click.echo(f"all {report.checked} attachments decrypt and match their SHA-256")


@keys_group.command("status")
@with_appcontext
def status_command() -> None:
    """The active master key, a rotation in progress, and how many keys each master key wraps."""
    path = master_key_file()
    data = keys.read_key_file(path)
    click.echo(f"active master key: {data['active']}")
    if data.get("retiring"):
        click.echo(f"rotation in progress, retiring: {', '.join(data['retiring'])}")
    counts = db.session.execute(
        select(Attachment.key_id, func.count(Attachment.id)).group_by(Attachment.key_id)
    ).all()
    for key_id, count in counts:
        click.echo(f"  {key_id}: {count} attachment keys")


@click.command("backup")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--since",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="the last backup: attachment files it holds are linked from it, not copied again",
)
@with_appcontext
def backup_command(directory: Path, since: Path | None) -> None:
    """Write a consistent copy of database, keys and attachments into DIRECTORY (new or empty)."""
    try:
        report = create_backup(directory, since=since)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(
        f"backup of the {report.database} database, the key file and {report.attachments} "
        f"attachments ({report.bytes} bytes) written to {report.directory}"
    )
    if since is not None:
        click.echo(
            f"incremental: {report.reused} attachments linked from {since}, "
            f"{report.attachments - report.reused} copied ({report.copied_bytes} bytes)"
        )
    click.echo("keep it as safe as the installation: it holds the master key")


@click.command("restore")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@with_appcontext
def restore_command(directory: Path) -> None:
    """Restore database, keys and attachments from DIRECTORY, then verify every attachment."""
    try:
        manifest = restore_backup(directory)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(
        f"restored the {manifest['database']} database, the key file and "
        f"{manifest['attachments']} attachments from {directory}"
    )
    report = verify_attachments()
    if not report.ok:
        for attachment_id, reason in report.failures:
            click.echo(f"attachment {attachment_id}: FAILED: {reason}", err=True)
        click.echo("the restored attachments do not verify", err=True)
        sys.exit(1)
    click.echo(f"keys verify: all {report.checked} attachments decrypt and match their SHA-256")
