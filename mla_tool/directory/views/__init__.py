"""Pages of the directory, all on one blueprint `bp`; importing the package declares them.

`blueprint` (the blueprint, its helpers and filter), reading entries (`authority_pages`),
editing them (`authority_edits`), states (`state_pages`), their requirement profiles
(`profile_pages`) and what they are party to (`treaty_edits`), instruments and the
legal-basis finder (`treaty_pages`), the maintainers' health page (`health_pages`), and the
dashboard panel of entries to verify (`panels`)."""

from . import (
    authority_edits,
    authority_pages,
    health_pages,
    profile_pages,
    state_pages,
    treaty_edits,
    treaty_pages,
)
from .blueprint import bp
from .panels import stale_panel

__all__ = [
    "authority_edits",
    "authority_pages",
    "bp",
    "health_pages",
    "profile_pages",
    "stale_panel",
    "state_pages",
    "treaty_edits",
    "treaty_pages",
]
