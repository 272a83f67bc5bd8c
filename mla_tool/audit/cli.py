"""`mla-tool audit`: verify the chain, write and print a signed checkpoint, rotate the audit key."""

from __future__ import annotations

import json
import sys

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from ..extensions import db
from .checkpoints import Checkpoint, audit_key_path, write_checkpoint
from .keyring import ensure_audit_key, rotate_audit_key
from .models import AuditEntry
from .service import record
from .verification import ChainReport, verify_chain


@click.group("audit")
def audit_group() -> None:
    """The audit log."""


def _describe(report: ChainReport) -> list[str]:
    lines = [f"audit log intact: {report.checked} entries"]
    if report.legacy:
        lines.append(
            f"  entries 1-{report.legacy} are legacy entries from before the keyed chain: "
            "their links hold, but they were not keyed (pinned only by the checkpoints below)"
        )
    last = report.last_checkpoint
    if last is None:
        lines.append("  no earlier checkpoint")
    elif last.seq == 0:  # signed when the audit key was made, before any entry: nothing to match
        lines.append(
            f"  only the checkpoint of the audit key's creation (entry 0, signed {last.at}): "
            "no checkpoint after entry 0 yet"
        )
    else:
        lines.append(
            f"  {report.checkpoints_matched} checkpoint(s) after entry 0 matched; the last covers "
            f"entry {last.seq} (signed {last.at})"
        )
    if report.pending:
        lines.append(
            f"  {report.pending} entries committed during the verification are not chained yet: "
            "the next chaining pass links them"
        )
    return lines


def _print_checkpoint(checkpoint: Checkpoint) -> None:
    click.echo(f"checkpoint: entry {checkpoint.seq}, signed {checkpoint.at}")
    click.echo(f"  hash       {checkpoint.entry_hash}")
    click.echo(f"  key id     {checkpoint.key_id}")
    click.echo(f"  public key {checkpoint.public_key}")
    click.echo(f"  signature  {checkpoint.signature}")
    click.echo(json.dumps(checkpoint.as_json(), sort_keys=True))


def _verified_or_exit() -> ChainReport:
    report = verify_chain()
    db.session.rollback()  # end the read transaction: the checkpoint names committed rows only
    if report.ok:
        return report
    if report.first_broken_id is not None:
        click.echo(
            f"audit log broken: {report.reason} ({report.checked} chained entries verified)",
            err=True,
        )
    elif report.first_broken_seq is None:
        click.echo(f"audit log cannot be verified: {report.reason}", err=True)
    else:
        click.echo(
            f"audit log broken at entry {report.first_broken_seq}: {report.reason} "
            f"({report.checked} entries verified before it)",
            err=True,
        )
    sys.exit(1)


@audit_group.command("verify")
@with_appcontext
def audit_verify_command() -> None:
    """Chain the committed entries not chained yet, then check every entry's MAC and link, the
    seqs, the head and the checkpoints; print the first broken entry and exit 1 if any (an entry
    that cannot be chained, or whose own MAC fails before it is chained, counts as broken).

    When the log holds, its head is signed and appended to the checkpoint file.
    """
    report = _verified_or_exit()
    for line in _describe(report):
        click.echo(line)
    checkpoint = write_checkpoint(report.head_seq, report.head_hash)
    click.echo(f"checkpoint written: entry {checkpoint.seq}")


@audit_group.command("checkpoint")
@with_appcontext
def audit_checkpoint_command() -> None:
    """Verify the log, sign its head, append it to the checkpoint file and print it."""
    report = _verified_or_exit()
    _print_checkpoint(write_checkpoint(report.head_seq, report.head_hash))


@audit_group.command("rotate-key")
@with_appcontext
def audit_rotate_key_command() -> None:
    """Add a new audit key; new entries and checkpoints use it, old ones verify with theirs."""
    report = _verified_or_exit()  # never carry a broken log over into a new key
    write_checkpoint(report.head_seq, report.head_hash)
    key_id = rotate_audit_key(audit_key_path())
    record("audit.key_rotated", "audit_key", key_id, {})
    db.session.commit()
    click.echo(f"new audit key {key_id}: back up {audit_key_path()} again")


def ensure_audit_key_on_init() -> None:
    """Init hook: the audit key file (0600); a first checkpoint pins the entries already there."""
    path = audit_key_path()
    if not path.exists():
        keyed = db.session.execute(
            select(AuditEntry.key_id).where(AuditEntry.key_id.is_not(None)).distinct()
        ).scalars()
        lost = sorted(keyed)
        db.session.rollback()
        if lost:  # never a silent new key beside entries keyed under the lost one
            raise click.ClickException(
                f"the audit log holds entries keyed with {', '.join(lost)} but the audit key file "
                f"{path} is missing: put the backed-up audit.key in place (a new key would leave "
                "those entries unverifiable)"
            )
    created = ensure_audit_key(path)
    click.echo(f"audit key file {'created' if created else 'present'}: {path}")
    if created:
        report = verify_chain()
        db.session.rollback()
        if report.ok:
            write_checkpoint(report.head_seq, report.head_hash)
            click.echo(f"audit checkpoint written: entry {report.head_seq}")
        elif not report.ok:
            click.echo(
                f"warning: the audit log does not verify ({report.reason}); run `mla-tool audit "
                "verify`",
                err=True,
            )
