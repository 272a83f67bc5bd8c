"""The languages a state accepts for one kind of request, from the entry that receives it."""

from __future__ import annotations

from typing import Any

from babel.languages import get_official_languages
from sqlalchemy import select

from ..extensions import db
from ..request_kinds import kind_facts
from .fact_age import authority_as_of
from .models import Authority, Declaration
from .profiles.lookup import state_value
from .states import state_by_iso3

#: Where a state's languages for a kind come from, most trusted first: its requirement profile
#: for that kind, the directory entry that receives that kind, its treaty declarations, and
#: last the state's official languages from CLDR ("official language — no declaration recorded").
LANGUAGE_BASES = ("profile", "entry", "declaration", "official")


def receiving_entry(iso3: str, kind: str) -> Authority | None:
    """The state's current entry that receives `kind` (the kind table's receivers, best first)."""
    rows = db.session.execute(
        select(Authority)
        .where(Authority.country_iso3 == iso3, Authority.retired.is_(False))
        .order_by(Authority.id)
    ).scalars()
    receivers = kind_facts(kind).receivers
    ranked = [
        (next(i for i, f in enumerate(receivers) if f in (row.functions or [])), row)
        for row in rows
        if any(f in (row.functions or []) for f in receivers)
    ]
    return min(ranked, key=lambda pair: pair[0])[1] if ranked else None


def _from_entry(entry: Authority) -> dict[str, Any]:
    as_of = authority_as_of(entry.verified_on, entry.source_date)
    return {
        "basis": "entry",
        "languages": list(entry.languages),
        "authority_id": entry.id,
        "source": entry.source or None,
        "as_of": as_of.isoformat() if as_of else None,
    }


def _from_declarations(iso3: str) -> dict[str, Any] | None:
    rows = [
        row
        for row in db.session.execute(
            select(Declaration).where(Declaration.state_iso3 == iso3).order_by(Declaration.id)
        ).scalars()
        if row.languages
    ]
    if not rows:
        return None
    dates = [row.data_as_of for row in rows if row.data_as_of]
    return {
        "basis": "declaration",
        "languages": sorted({code for row in rows for code in row.languages}),
        "source": "; ".join(dict.fromkeys(row.source for row in rows if row.source)) or None,
        "as_of": min(dates).isoformat() if dates else None,
    }


def _official(iso3: str) -> dict[str, Any] | None:
    state = state_by_iso3(iso3)
    codes = [code for code in get_official_languages(state.iso2) if len(code) == 2] if state else []
    if not codes:
        return None
    return {"basis": "official", "languages": codes, "source": "CLDR", "as_of": None}


def language_fact(
    iso3: str | None, kind: str, authority_id: int | None = None
) -> dict[str, Any] | None:
    """The languages `iso3` accepts for a request of `kind` and where that comes from: `basis`
    (one of LANGUAGE_BASES), `languages`, `source`, `as_of` (ISO date or None), and for an entry
    its `authority_id`. The chosen entry counts only when it receives that kind; never the union
    of every entry's languages (a 24/7 police contact's say nothing of MLA requests)."""
    iso3 = (iso3 or "").upper()
    if not iso3:
        return None
    profiled = state_value(iso3, "languages")
    if profiled is not None and (profiled.value or {}).get(kind):
        return {
            "basis": "profile",
            "languages": list(profiled.value[kind]),
            "source": profiled.source or None,
            "as_of": profiled.verified_on.isoformat() if profiled.verified_on else None,
        }
    chosen = db.session.get(Authority, authority_id) if authority_id else None
    receivers = kind_facts(kind).receivers
    if not (
        chosen is not None
        and chosen.country_iso3 == iso3
        and any(f in (chosen.functions or []) for f in receivers)
    ):
        chosen = receiving_entry(iso3, kind)
    if chosen is not None and chosen.languages:
        return _from_entry(chosen)
    return _from_declarations(iso3) or _official(iso3)
