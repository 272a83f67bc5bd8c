"""What each party's side of a legal basis rests on: its participation fact, its date and source,
and whether that fact is too old (MLA_FACT_MAX_AGE_DAYS)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from sqlalchemy import func, select

from ..extensions import db
from .fact_age import fact_age
from .models import Declaration, Instrument, Participation

#: The status of a party whose participation the data does not record.
NOT_RECORDED = "not_recorded"


def list_dates() -> dict[int, date | None]:
    """Each instrument's "as of" for the states its data does not name: the date most of its
    rows share (the date of its list of parties; a few later updates do not make the absence
    of another state any newer)."""
    counts: dict[int, Counter[date | None]] = {}
    for instrument_id, as_of, number in db.session.execute(
        select(Participation.instrument_id, Participation.data_as_of, func.count()).group_by(
            Participation.instrument_id, Participation.data_as_of
        )
    ).all():
        counts.setdefault(instrument_id, Counter())[as_of] = number
    return {key: found.most_common(1)[0][0] for key, found in counts.items()}


def party_fact(
    iso3: str, record: Participation | None, instrument: Instrument, list_date: date | None
) -> dict[str, Any]:
    """One party's side: `state`, `status` (the participation's, or "not_recorded"), `as_of`,
    `age_days`, `max_age_days`, `stale`, `source`, `origin`. A state the data does not name is
    dated by the instrument's list of parties (undated where the data has no such list) and
    sourced by the instrument."""
    if record is not None:
        age = fact_age(record.data_as_of, record.source)
        status, origin = record.status, record.origin
    else:
        # an instrument with no list of parties (rows from decrees and laws) dates no absence
        age = fact_age(None if instrument.participation_partial else list_date, instrument.source)
        status, origin = NOT_RECORDED, None
    return {
        "state": iso3,
        "status": status,
        "as_of": age["as_of"],
        "age_days": age["age_days"],
        "max_age_days": age["max_age_days"],
        "stale": age["stale"],
        "source": age["source"],
        "origin": origin,
    }


def basis_facts(
    requesting: str | None, requested: str | None, codes: list[str], kind: str = ""
) -> dict[str, Any]:
    """For each instrument code: both parties' facts (`requesting`, `requested`), the requested
    state's declaration (`declaration`: `legal_basis_extradition`, `source`, `as_of`) and whether
    the instrument `covers` the kind of request, for the rules that say why a chosen basis does
    not serve."""
    requesting, requested = (requesting or "").upper(), (requested or "").upper()
    wanted = [code.upper() for code in codes if code]
    if not (requesting and requested and wanted):
        return {}
    instruments = db.session.execute(
        select(Instrument).where(func.upper(Instrument.code).in_(wanted))
    ).scalars()
    dates = list_dates()
    out: dict[str, Any] = {}
    for instrument in instruments:
        rows = {
            row.state_iso3: row
            for row in db.session.execute(
                select(Participation).where(
                    Participation.instrument_id == instrument.id,
                    Participation.state_iso3.in_([requesting, requested]),
                )
            ).scalars()
        }
        declaration = db.session.execute(
            select(Declaration).where(
                Declaration.instrument_id == instrument.id, Declaration.state_iso3 == requested
            )
        ).scalar_one_or_none()
        list_date = dates.get(instrument.id)
        out[instrument.code] = {
            "requesting": party_fact(requesting, rows.get(requesting), instrument, list_date),
            "requested": party_fact(requested, rows.get(requested), instrument, list_date),
            "covers": not kind or kind in (instrument.articles or {}),
            "declaration": {
                "legal_basis_extradition": declaration.legal_basis_extradition,
                "source": declaration.source or None,
                "as_of": declaration.data_as_of.isoformat() if declaration.data_as_of else None,
            }
            if declaration is not None
            else None,
        }
    return out
