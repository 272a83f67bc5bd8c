"""Loading the reference data idempotently into the database, in the caller's transaction: the
instruments of instrument_data.py, the packaged UN Treaty Collection data (participation with
its 2020-2023 updates, declarations), the Arab and GCC instruments (reference_arab.py) and the
declared authorities (reference_authorities.py). Counts rows per file."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from ..extensions import db
from .instrument_data import DECLARATION_FILES, INSTRUMENT_SPECS
from .models import Declaration, Instrument, Participation
from .reference_arab import load_arab_instruments, load_arab_participation
from .reference_authorities import load_authorities
from .reference_sources import (
    dates_in_source,
    join_unique,
    language_codes,
    parse_date,
    read_csv,
    source_date,
)
from .reference_upsert import ReferenceLoad

__all__ = ["dates_in_source", "language_codes", "load_reference_data", "parse_date"]

UPDATES_FILE = "participation_updates_2024.csv"


def participation_status(signature: date | None, consent: date | None, consent_type: str) -> str:
    """party when consent is recorded; signatory with a signature only; otherwise party (the
    rows without any date come from lists of parties, see the data README)."""
    if consent or consent_type:
        return "party"
    if signature:
        return "signatory"
    return "party"


def _instruments(load: ReferenceLoad) -> dict[str, Instrument]:
    csv_rows = load.read("instruments.csv", read_csv("instruments.csv"))
    csv_instruments = {row["code"]: row for row in csv_rows}
    instruments: dict[str, Instrument] = {
        item.code: item for item in db.session.execute(select(Instrument)).scalars()
    }
    for spec in INSTRUMENT_SPECS:
        row = csv_instruments.get(spec.code, {})
        values = {
            "name_en": row.get("name_en") or spec.name_en or spec.code,
            "name_ar": spec.name_ar,
            "name_fr": spec.name_fr,
            "name_es": spec.name_es,
            "short_name": spec.short_name,
            "kind": spec.kind,
            "region": spec.region,
            "priority": spec.priority,
            "articles": dict(spec.articles),
            "scope": spec.scope,
            "adopted": parse_date(row.get("adopted") or spec.adopted),
            "entry_into_force": parse_date(row.get("entry_into_force") or spec.entry_into_force),
            "depositary": row.get("depositary") or spec.depositary,
            "source": row.get("source_url") or spec.source,
            "participation_known": spec.participation_known,
            "participation_partial": spec.participation_partial,
            "notes": spec.notes,
        }
        load.upsert(
            "instrument",
            instruments,
            spec.code,
            lambda code=spec.code, **v: Instrument(code=code, **v),
            values,
        )
    load_arab_instruments(load, instruments)
    db.session.flush()
    return instruments


def _participation(load: ReferenceLoad, instruments: dict[str, Instrument]) -> None:
    """participation.csv, with participation_updates_2024.csv applied over it: for the same
    instrument and state the update's consent date and type win, the signature date stays."""
    rows = load.read("participation.csv", read_csv("participation.csv"))
    update_rows = load.read(UPDATES_FILE, read_csv(UPDATES_FILE))
    updates = {(row["instrument_code"], row["state_iso3"]): row for row in update_rows}
    latest_by_instrument: dict[str, date] = {}
    for row in rows:
        row_dates = dates_in_source(row["source_url"]) + [
            d for d in (parse_date(row["signature_date"]), parse_date(row["consent_date"])) if d
        ]
        if row_dates:
            latest = max(row_dates)
            code = row["instrument_code"]
            latest_by_instrument[code] = max(latest, latest_by_instrument.get(code, latest))
    existing = {
        (p.instrument_id, p.state_iso3): p
        for p in db.session.execute(select(Participation)).scalars()
    }
    for row in rows:
        code, iso3 = row["instrument_code"], row["state_iso3"]
        signature = parse_date(row["signature_date"])
        consent = parse_date(row["consent_date"])
        source_dates = dates_in_source(row["source_url"])
        values: dict[str, Any] = {
            "state_name_source": row["state_name_en"],
            "signature_date": signature,
            "consent_date": consent,
            "consent_type": row["consent_type"],
            "status": participation_status(signature, consent, row["consent_type"]),
            "source": row["source_url"],
            "data_as_of": max(source_dates) if source_dates else latest_by_instrument.get(code),
        }
        update = updates.pop((code, iso3), None)
        if update is not None:
            values.update(_update_values(update, values["source"]))
        _upsert_participation(load, existing, instruments[code], iso3, values)
    for (code, iso3), update in updates.items():
        values = {"state_name_source": update["state_name_en"], **_update_values(update, "")}
        _upsert_participation(load, existing, instruments[code], iso3, values)


def _update_values(update: dict[str, str], earlier_source: str) -> dict[str, Any]:
    consent = parse_date(update["consent_date"])
    return {
        "consent_date": consent,
        "consent_type": update["consent_type"],
        "status": "party",
        "source": join_unique([update["source"], earlier_source], " ; "),
        "quote": update["quote"],
        "data_as_of": source_date(update["source"]) or consent,
    }


def _upsert_participation(
    load: ReferenceLoad,
    existing: dict[Any, Participation],
    instrument: Instrument,
    iso3: str,
    values: dict[str, Any],
) -> None:
    def make(**v: Any) -> Participation:
        return Participation(instrument_id=instrument.id, state_iso3=iso3, **v)

    load.upsert("participation", existing, (instrument.id, iso3), make, values)
    load.totals["participation"] += 1


def _declarations(load: ReferenceLoad, instruments: dict[str, Instrument]) -> None:
    """The declaration files, merged per instrument and state: a cell one file leaves empty
    (or "unknown") another may fill; sources and quotes of both are kept."""
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for filename, code, columns in DECLARATION_FILES:
        for row in load.read(filename, read_csv(filename)):
            values = merged.setdefault(
                (code, row["state_iso3"]), {"sources": [], "quotes": [], "cells": {}}
            )
            values["sources"].append(row["source_url"])
            values["quotes"].append(row["quote"])
            for column, attribute in columns.items():
                cell = (row.get(column) or "").strip()
                if attribute in ("legal_basis_extradition", "reservation_disputes"):
                    cell = cell if cell in ("yes", "no") else ""
                if cell and not values["cells"].get(attribute):
                    values["cells"][attribute] = cell
    existing = {
        (d.instrument_id, d.state_iso3): d
        for d in db.session.execute(select(Declaration)).scalars()
    }
    for (code, iso3), found in merged.items():
        instrument = instruments[code]
        cells = found["cells"]
        source = join_unique(found["sources"], " ; ")
        values = {
            "central_authority": cells.get("central_authority", ""),
            "languages_text": cells.get("languages_text", ""),
            "languages": language_codes(cells.get("languages_text", "")),
            "legal_basis_extradition": cells.get("legal_basis_extradition") or "unknown",
            "reservation_disputes": cells.get("reservation_disputes") or "unknown",
            "source": source,
            "quote": join_unique(found["quotes"], " | "),
            "data_as_of": source_date(source),
        }

        def make(instrument_id: int = instrument.id, state: str = iso3, **v: Any) -> Declaration:
            return Declaration(instrument_id=instrument_id, state_iso3=state, **v)

        load.upsert("declaration", existing, (instrument.id, iso3), make, values)
        load.totals["declarations"] += 1


def load_reference_data() -> dict[str, Any]:
    """Create or refresh the instruments, participation, declarations and declared authorities
    from the packaged data, in the caller's transaction (nothing is committed here).

    Idempotent: a second run changes nothing. Records a maintainer corrected (origin "user")
    are left alone; changed reference records get a new version in their history. Returns
    `files` (rows read per file), `instruments`, `participation`, `declarations`,
    `authorities` (records), `created`, `changed` and `kept` (maintainers' records left alone).
    """
    load = ReferenceLoad()
    instruments = _instruments(load)
    _participation(load, instruments)
    load_arab_participation(load, instruments)
    _declarations(load, instruments)
    load_authorities(load)
    load.finish()
    counts: dict[str, Any] = {
        name: load.totals[name]
        for name in ("participation", "declarations", "authorities", "created", "changed", "kept")
    }
    counts["instruments"] = len(instruments)
    counts["files"] = dict(load.files)
    return counts
