"""preservation period from free text into the requirement profiles

A directory entry used to record a state's preservation period in its requirements or notes
("Preservation period: 90 days"), which the e-evidence routing read as a fallback. The period is
now the structured profile field `preservation_days` (days; Budapest art. 29(7): at least 60).
This revision moves each period that is unambiguous (one state, one value from 60 to 365 days,
and no profile value recorded yet) into `directory_profile_values` as a maintainer's first
version, with the entry's text as its source and no verification date. A state whose entries
give several periods, or mention preservation days that cannot be read, is left as it is and
named in a warning. The entries' text is kept. The parser is written out here (not imported) so
that this revision stays what it was.

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-05 14:50:00

"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None

LOG = logging.getLogger("alembic.runtime.migration")
PERIOD = re.compile(r"preserv\w*\s+(?:period|for)\s*[:=]?\s*(\d{1,4})\s*days", re.IGNORECASE)
MENTION = re.compile(r"preserv\w*[^.\n]*\bdays?\b", re.IGNORECASE)
SOURCE_NOTE = "Read from the directory entry's free text by migration 0025: verify it."


def periods_in(text: str) -> tuple[list[int], bool]:
    """The periods a text states ("preservation period: 90 days", "preserved for 120 days"),
    and whether it mentions preservation days that cannot be read as one of them."""
    found = [int(match.group(1)) for match in PERIOD.finditer(text or "")]
    readable = [days for days in found if 60 <= days <= 365]
    unreadable = len(readable) < len(found) or (not found and bool(MENTION.search(text or "")))
    return readable, unreadable


def upgrade() -> None:
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT id, country_iso3, name, requirements, notes FROM directory_authorities "
            "WHERE retired = :no"
        ),
        {"no": False},
    ).fetchall()
    by_state: dict[str, list[tuple[int, str, str]]] = {}
    doubtful: set[str] = set()
    for row in rows:
        for text in (row.requirements, row.notes):
            periods, unreadable = periods_in(text or "")
            if unreadable:
                doubtful.add(row.country_iso3)
            for days in periods:
                by_state.setdefault(row.country_iso3, []).append((days, row.name, text))
    for state in sorted(doubtful - set(by_state)):
        LOG.warning("preservation period of %s: entry text not readable, left as it is", state)
    for state, found in sorted(by_state.items()):
        values = {days for days, _name, _text in found}
        recorded = bind.execute(
            sa.text(
                "SELECT COUNT(*) FROM directory_profile_values "
                "WHERE state_iso3 = :state AND field = 'preservation_days'"
            ),
            {"state": state},
        ).scalar()
        if len(values) != 1 or state in doubtful or recorded:
            LOG.warning(
                "preservation period of %s: %s in the entries' text, left as it is",
                state,
                ", ".join(str(days) for days in sorted(values)),
            )
            continue
        days, name, text = found[0]
        bind.execute(
            sa.text(
                "INSERT INTO directory_profile_values (state_iso3, field, version, action, "
                "value, source, verified_on, note, actor_id, actor_email, at) VALUES (:state, "
                "'preservation_days', 1, 'set', :value, :source, NULL, :note, NULL, NULL, :at)"
            ).bindparams(sa.bindparam("value", type_=sa.JSON())),
            {
                "state": state,
                "value": days,
                "source": f"Directory entry “{name}”: “{' '.join(text.split())[:300]}”",
                "note": SOURCE_NOTE,
                "at": datetime.now(UTC).replace(tzinfo=None),
            },
        )


def downgrade() -> None:
    op.get_bind().execute(
        sa.text(
            "DELETE FROM directory_profile_values WHERE field = 'preservation_days' "
            "AND version = 1 AND note = :note"
        ),
        {"note": SOURCE_NOTE},
    )
