"""`mla-tool directory …`: bulk import and export of the directory."""

from __future__ import annotations

import click


@click.group("directory")
def directory_group() -> None:
    """The directory of competent national authorities."""
