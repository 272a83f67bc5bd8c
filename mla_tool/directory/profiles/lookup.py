"""Reading the requirement profiles: a state's or an instrument's value of a field, with its source.

The profiles are packaged data (requirement_profiles.json), read once and checked against the
field catalogue; an absent field is unknown (None), never a default.
"""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from .edits import edited_value
from .fields import PROFILE_FIELDS, SourcedValue

PROFILES_FILE = Path(__file__).with_name("requirement_profiles.json")
HOLDERS = ("states", "instruments")


def _value(field: str, entry: dict[str, Any]) -> SourcedValue:
    spec = PROFILE_FIELDS.get(field)
    if spec is None:
        raise ValueError(f"unknown profile field {field!r}")
    value = entry.get("value")
    if not spec.accepts(value):
        raise ValueError(f"profile field {field!r}: {value!r} is not a {spec.kind}")
    if not str(entry.get("source") or "").strip():
        raise ValueError(f"profile field {field!r} has no source")
    verified = entry.get("verified_on")
    return SourcedValue(
        field,
        value,
        str(entry["source"]),
        date.fromisoformat(verified) if verified else None,
        str(entry.get("note") or ""),
    )


def parse_profiles(data: dict[str, Any]) -> dict[str, dict[str, dict[str, SourcedValue]]]:
    """The profiles file as {holder kind: {code: {field: SourcedValue}}}; raises on bad data."""
    return {
        holder: {
            code: {field: _value(field, entry) for field, entry in fields.items()}
            for code, fields in (data.get(holder) or {}).items()
        }
        for holder in HOLDERS
    }


@cache
def profiles() -> dict[str, dict[str, dict[str, SourcedValue]]]:
    """The packaged profiles (the seed: reference data a maintainer's edit overrides)."""
    return parse_profiles(json.loads(PROFILES_FILE.read_text(encoding="utf-8")))


def seed_value(iso3: str | None, field: str) -> SourcedValue | None:
    """What the packaged profile of a state records for a field; None when unknown."""
    return profiles()["states"].get(iso3 or "", {}).get(field)


def state_value(iso3: str | None, field: str) -> SourcedValue | None:
    """What the requested state's profile records for a field: a maintainer's edit in the
    directory, else the packaged profile; None when unknown."""
    edited = edited_value(iso3, field)
    if edited is not None:
        return edited.current
    return seed_value(iso3, field)


def instrument_value(code: str | None, field: str) -> SourcedValue | None:
    """What the profile of an instrument (a legal basis) records for a field; None when unknown."""
    return profiles()["instruments"].get(code or "", {}).get(field)
