"""`mla-tool keys …`, `backup` and `restore`: key rotation, verification, consistent copies."""

from __future__ import annotations

import click


@click.group("keys")
def keys_group() -> None:
    """The master key and the attachment keys it wraps."""
