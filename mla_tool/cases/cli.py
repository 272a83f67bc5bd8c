"""`mla-tool cases …`: deadline reminders of the case tracker, the statistics' counts."""

from __future__ import annotations

from datetime import date

import click
from flask.cli import with_appcontext

from ..extensions import db
from .reminders import run_reminders
from .stats_aggregates import rebuild_with
from .sweep import sweep


@click.group("cases")
def cases_group() -> None:
    """The case tracker."""


@cases_group.command("remind")
@click.option("--on", "on", default=None, help="as of this date (YYYY-MM-DD); default today (UTC)")
@click.option("--dry-run", is_flag=True, help="list what would be reminded, record nothing")
@with_appcontext
def remind_command(on: str | None, dry_run: bool) -> None:
    """Record a reminder for every deadline that reached one of its remind-days thresholds."""
    try:
        as_of = date.fromisoformat(on) if on else None
    except ValueError as error:
        raise click.BadParameter("use YYYY-MM-DD", param_hint="--on") from error
    if dry_run:
        reminders = run_reminders(as_of, dry_run=True)
    else:  # under the same lease as `mla-tool serve`'s scheduled sweep
        taken = sweep(as_of)
        if taken is None:
            click.echo("another runner is sweeping the reminders now; nothing done")
            return
        reminders = taken
    for item in reminders:
        days = abs(item.days_left)
        span = f"{days} day" if days == 1 else f"{days} days"
        when = f"overdue by {span}" if item.days_left < 0 else f"due in {span}"
        click.echo(
            f"case #{item.case_id}  deadline #{item.deadline_id} {item.kind}"
            f" {item.label!r} {item.due_on.isoformat()}  {when}"
        )
    verb = "would be given" if dry_run else "recorded"
    click.echo(f"{len(reminders)} reminder(s) {verb}")


@cases_group.command("stats-rebuild")
@with_appcontext
def stats_rebuild_command() -> None:
    """Recount the statistics' maintained counts from the cases (in one transaction)."""
    cells = rebuild_with(db.session.connection())
    db.session.commit()
    click.echo(f"{cells} statistics cells recounted")
