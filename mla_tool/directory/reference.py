"""Loading the reference data idempotently into the database: the instruments of
instrument_data.py and the packaged UN Treaty Collection data (participation, declarations)."""

from __future__ import annotations

import csv
import re
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pycountry
from sqlalchemy import select

from ..extensions import db
from .instrument_data import DECLARATION_FILES, INSTRUMENT_SPECS
from .models import Declaration, Instrument, Participation
from .versions import record_reference_version

DATA_DIR = Path(__file__).resolve().parent / "data"

_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DMY_DATE = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b")
_MONTH_YEAR = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|"
    r"December) (\d{4})\b"
)
_MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        start=1,
    )
}


def parse_date(value: str | None) -> date | None:
    """An ISO 8601 date, or None for an empty cell ("not known")."""
    value = (value or "").strip()
    return date.fromisoformat(value) if value else None


def dates_in_source(source: str) -> list[date]:
    """Every date a source citation mentions (status dates, "last changed", "as of")."""
    found: list[date] = []
    for year, month, day in _ISO_DATE.findall(source):
        found.append(date(int(year), int(month), int(day)))
    for day, month, year in _DMY_DATE.findall(source):
        try:
            found.append(date(int(year), int(month), int(day)))
        except ValueError:
            continue
    for month, year in _MONTH_YEAR.findall(source):
        found.append(date(int(year), _MONTHS[month], 1))
    return found


def participation_status(signature: date | None, consent: date | None, consent_type: str) -> str:
    """party when consent is recorded; signatory with a signature only; otherwise party (the
    rows without any date come from lists of parties, see the data README)."""
    if consent or consent_type:
        return "party"
    if signature:
        return "signatory"
    return "party"


@cache
def _language_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for language in pycountry.languages:
        code = getattr(language, "alpha_2", None)
        if code:
            names[language.name.casefold()] = code
    return names


def language_codes(text: str) -> list[str]:
    """ISO 639-1 codes of the language names in a declaration ("English and/or Hindi")."""
    names = _language_names()
    codes: list[str] = []
    for word in re.findall(r"[A-Za-z]+", text or ""):
        code = names.get(word.casefold())
        if code and code not in codes:
            codes.append(code)
    return codes


def _read_csv(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _set_if_changed(record: Any, values: dict[str, Any]) -> bool:
    changed = False
    for key, value in values.items():
        if getattr(record, key) != value:
            setattr(record, key, value)
            changed = True
    return changed


def load_reference_data() -> dict[str, int]:
    """Create or refresh the instruments, participation and declarations from the packaged data.

    Idempotent: a second run changes nothing. Rows a maintainer corrected (origin "user") are
    left alone; changed reference rows get a new version in their history.
    """
    counts = {"instruments": 0, "participation": 0, "declarations": 0, "changed": 0}
    csv_instruments = {row["code"]: row for row in _read_csv("instruments.csv")}
    instruments: dict[str, Instrument] = {
        item.code: item for item in db.session.execute(select(Instrument)).scalars()
    }
    for spec in INSTRUMENT_SPECS:
        row = csv_instruments.get(spec.code, {})
        values = {
            "name_en": row.get("name_en") or spec.name_en or spec.code,
            "name_ar": spec.name_ar,
            "name_fr": spec.name_fr,
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
            "notes": spec.notes,
        }
        instrument = instruments.get(spec.code)
        if instrument is None:
            instrument = Instrument(code=spec.code, origin="reference", version=1, **values)
            db.session.add(instrument)
            db.session.flush()
            instruments[spec.code] = instrument
            record_reference_version("instrument", instrument, "reference")
        elif instrument.origin == "reference" and _set_if_changed(instrument, values):
            record_reference_version("instrument", instrument, "reference")
            counts["changed"] += 1
        counts["instruments"] += 1

    created: list[tuple[str, Any]] = []
    rows = _read_csv("participation.csv")
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
        instrument = instruments[row["instrument_code"]]
        signature = parse_date(row["signature_date"])
        consent = parse_date(row["consent_date"])
        source_dates = dates_in_source(row["source_url"])
        values = {
            "state_name_source": row["state_name_en"],
            "signature_date": signature,
            "consent_date": consent,
            "consent_type": row["consent_type"],
            "status": participation_status(signature, consent, row["consent_type"]),
            "source": row["source_url"],
            "data_as_of": max(source_dates)
            if source_dates
            else latest_by_instrument.get(row["instrument_code"]),
        }
        key = (instrument.id, row["state_iso3"])
        record = existing.get(key)
        if record is None:
            record = Participation(
                instrument_id=instrument.id, state_iso3=row["state_iso3"], version=1, **values
            )
            db.session.add(record)
            existing[key] = record
            created.append(("participation", record))
        elif record.origin == "reference" and _set_if_changed(record, values):
            record_reference_version("participation", record, "reference")
            counts["changed"] += 1
        counts["participation"] += 1

    declarations = {
        (d.instrument_id, d.state_iso3): d
        for d in db.session.execute(select(Declaration)).scalars()
    }
    for filename, code, columns in DECLARATION_FILES:
        instrument = instruments[code]
        for row in _read_csv(filename):
            values: dict[str, Any] = {"source": row["source_url"], "quote": row["quote"]}
            for column, attribute in columns.items():
                cell = (row.get(column) or "").strip()
                if attribute in ("legal_basis_extradition", "reservation_disputes"):
                    cell = cell if cell in ("yes", "no") else "unknown"
                values[attribute] = cell
            values["languages"] = language_codes(values.get("languages_text", ""))
            key = (instrument.id, row["state_iso3"])
            record = declarations.get(key)
            if record is None:
                record = Declaration(
                    instrument_id=instrument.id, state_iso3=row["state_iso3"], version=1, **values
                )
                db.session.add(record)
                declarations[key] = record
                created.append(("declaration", record))
            elif record.origin == "reference" and _set_if_changed(record, values):
                record_reference_version("declaration", record, "reference")
                counts["changed"] += 1
            counts["declarations"] += 1
    db.session.flush()
    for object_type, record in created:
        record_reference_version(object_type, record, "reference")
    db.session.flush()
    return counts
