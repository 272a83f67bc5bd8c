"""`mla-tool directory …`: bulk import and export of the directory."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from ..extensions import db
from .reference import load_reference_data
from .transfer import ImportFileError, export_entries, import_entries, read_rows

#: Files with more rows than this show a progress bar on stderr.
PROGRESS_THRESHOLD = 200


@click.group("directory")
def directory_group() -> None:
    """The directory of competent national authorities."""


@directory_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def import_command(file: Path) -> None:
    """Validate every row of FILE (CSV or JSON) and load it; nothing is written if a row is bad."""
    try:
        rows = read_rows(file)
    except ImportFileError as error:
        raise click.ClickException(str(error)) from error

    def progress(items: list) -> object:
        if len(items) <= PROGRESS_THRESHOLD:
            return items
        return click.progressbar(items, label="importing", file=sys.stderr)

    def run(items: list) -> object:
        bar = progress(items)
        if bar is items:
            yield from items
            return
        with bar as iterator:  # type: ignore[union-attr]
            yield from iterator

    report = import_entries(rows, progress=run)
    if not report.ok:
        db.session.rollback()
        for error in report.errors:
            click.echo(str(error), err=True)
        click.echo(
            f"{len(report.errors)} bad row(s) of {report.rows}: nothing was imported", err=True
        )
        sys.exit(1)
    db.session.commit()
    click.echo(
        f"{report.rows} row(s): {report.created} created, {report.updated} updated, "
        f"{report.unchanged} unchanged"
    )


@directory_group.command("export")
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None)
@with_appcontext
def export_command(fmt: str, output: Path | None) -> None:
    """Write every entry (retired ones too) as CSV or JSON, in the format `import` reads."""
    text = export_entries(fmt)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"written {output}", err=True)


@directory_group.command("load-reference")
@with_appcontext
def load_reference_command() -> None:
    """Load or refresh the packaged reference data (instruments, participation, declarations,
    declared authorities) in one transaction; prints the rows loaded per file."""
    click.echo(_load_reference())


def _load_reference() -> str:
    """Load in one transaction: an error leaves nothing half-written."""
    try:
        counts = load_reference_data()
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    lines = [f"  {name}: {rows} row(s)" for name, rows in sorted(counts["files"].items())]
    return "\n".join(
        [
            "reference data loaded, rows per file:",
            *lines,
            f"treaty data: {counts['instruments']} instruments, {counts['participation']} "
            f"participation rows, {counts['declarations']} declarations, "
            f"{counts['authorities']} declared authorities "
            f"({counts['created']} created, {counts['changed']} changed, "
            f"{counts['kept']} kept as maintainers left them)",
        ]
    )


def load_treaty_data_on_init() -> None:
    """A step of `mla-tool init`: load or refresh the packaged reference data (idempotent)."""
    click.echo(_load_reference())
