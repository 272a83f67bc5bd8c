"""A state's overview page: its authorities, participation, declarations and data age."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ..extensions import db
from ..request_kinds import KIND_CODES
from .authorities import find_authorities
from .errors import DirectoryError
from .language_facts import language_fact
from .models import Declaration, Participation
from .states import state_by_iso3
from .treaties import INSTRUMENT_KIND_RANK, data_age


def state_overview(iso3: str) -> dict[str, Any]:
    """A state's page: its authorities, the languages it accepts per kind of request, its
    participation and declarations, the data age."""
    iso3 = iso3.upper()
    if state_by_iso3(iso3) is None:
        raise DirectoryError(f"unknown state {iso3}", status=404)
    participations = list(
        db.session.execute(select(Participation).where(Participation.state_iso3 == iso3)).scalars()
    )
    participations.sort(
        key=lambda p: (INSTRUMENT_KIND_RANK.get(p.instrument.kind, 9), p.instrument.priority)
    )
    declarations = list(
        db.session.execute(select(Declaration).where(Declaration.state_iso3 == iso3)).scalars()
    )
    return {
        "iso3": iso3,
        "authorities": find_authorities(country=iso3),
        "retired": [a for a in find_authorities(country=iso3, include_retired=True) if a.retired],
        "participations": participations,
        "declarations": declarations,
        # per kind of request, from the entry that receives it (never the union of every entry's)
        "languages_by_kind": [(kind, language_fact(iso3, kind)) for kind in KIND_CODES],
        "data_age": data_age(iso3),
    }
