"""Loading arab_instruments.csv and arab_participation.csv: the League of Arab States and GCC
instruments with the articles as the data describes them, and each state's participation as
the source shows it (a signature or a domestic approval alone is never a party)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ..extensions import db
from .arab_instrument_data import (
    ARAB_CODE_ALIASES,
    ARAB_INSTRUMENT_SPECS,
    ARTICLE_COLUMNS,
    CONSENT_CLASSES,
    UNVERIFIED_MARKS,
)
from .models import Instrument, Participation
from .reference_sources import (
    date_as_stated,
    leading_date,
    partial_date,
    read_csv,
    source_date,
)
from .reference_upsert import ReferenceLoad

INSTRUMENTS_FILE = "arab_instruments.csv"
PARTICIPATION_FILE = "arab_participation.csv"


def tool_code(code: str) -> str:
    """The tool's code for a code of the Arab data files."""
    return ARAB_CODE_ALIASES.get(code, code)


def article_sources(row: dict[str, str], kinds: list[str]) -> dict[str, dict[str, Any]]:
    """{kind: {"text", "verified"}} for each request kind the instrument serves: the cell that
    describes its articles, verified unless the cell says it was not checked."""
    out: dict[str, dict[str, Any]] = {}
    for kind in kinds:
        text = (row.get(ARTICLE_COLUMNS.get(kind, "")) or "").strip()
        if text:
            lowered = text.casefold()
            out[kind] = {
                "text": text,
                "verified": not any(mark in lowered for mark in UNVERIFIED_MARKS),
            }
    return out


def load_arab_instruments(load: ReferenceLoad, instruments: dict[str, Instrument]) -> None:
    rows = {
        tool_code(row["code"]): row
        for row in load.read(INSTRUMENTS_FILE, read_csv(INSTRUMENTS_FILE))
    }
    for spec in ARAB_INSTRUMENT_SPECS:
        row = rows[spec.code]
        values = {
            "name_en": row["name_en"],
            "name_ar": row["name_ar"],
            "name_fr": spec.name_fr,
            "name_es": spec.name_es,
            "short_name": spec.short_name,
            "kind": spec.kind,
            "region": spec.region,
            "priority": spec.priority,
            "articles": dict(spec.articles),
            "article_sources": article_sources(row, list(spec.articles)),
            "scope": spec.scope,
            "adopted": leading_date(row["adopted"]),
            "entry_into_force": leading_date(row["entry_into_force"]),
            "depositary": row["depositary"],
            "source": row["source_url"],
            "participation_known": True,
            "participation_partial": spec.participation_partial,
            "notes": spec.notes,
        }

        def make(code: str = spec.code, **v: Any) -> Instrument:
            return Instrument(code=code, **v)

        load.upsert("instrument", instruments, spec.code, make, values)


def participation_values(row: dict[str, str]) -> dict[str, Any]:
    """A row of arab_participation.csv as Participation columns."""
    signature, signature_stated = date_as_stated(row["signature_date"])
    consent, consent_stated = date_as_stated(row["consent_date"])
    head, _, detail = row["consent_type"].partition(" — ")
    consent_class = CONSENT_CLASSES[head.strip()]
    dates = [d for d in (consent, partial_date(consent_stated)) if d]
    stated = source_date(detail)
    if stated:
        dates.append(stated)
    return {
        "state_name_source": row["state_name_en"],
        "signature_date": signature,
        "signature_as_stated": signature_stated,
        "consent_date": consent,
        "consent_as_stated": consent_stated,
        "consent_type": consent_class.consent_type,
        "consent_detail": (detail or head).strip(),
        "status": consent_class.status,
        "source": row["source_url"],
        "quote": row["quote"],
        "data_as_of": max(dates) if dates else None,
    }


def load_arab_participation(load: ReferenceLoad, instruments: dict[str, Instrument]) -> None:
    existing = {
        (p.instrument_id, p.state_iso3): p
        for p in db.session.execute(select(Participation)).scalars()
    }
    for row in load.read(PARTICIPATION_FILE, read_csv(PARTICIPATION_FILE)):
        instrument = instruments[tool_code(row["instrument_code"])]
        iso3 = row["state_iso3"]

        def make(instrument_id: int = instrument.id, state: str = iso3, **v: Any) -> Participation:
            return Participation(instrument_id=instrument_id, state_iso3=state, **v)

        load.upsert(
            "participation", existing, (instrument.id, iso3), make, participation_values(row)
        )
        load.totals["participation"] += 1
