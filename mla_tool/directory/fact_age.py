"""The age of a directory fact: its "as of" date for the reader, and whether it is too old."""

from __future__ import annotations

from datetime import date
from typing import Any

from babel.dates import format_date
from flask import current_app, has_app_context, has_request_context

from .. import clock

#: Days after which a fact is shown with a warning when the setting says nothing.
DEFAULT_MAX_AGE_DAYS = 730


def max_age_days() -> int:
    """The setting MLA_FACT_MAX_AGE_DAYS (default two years)."""
    if not has_app_context():
        return DEFAULT_MAX_AGE_DAYS
    return int(current_app.config.get("MLA_FACT_MAX_AGE_DAYS") or DEFAULT_MAX_AGE_DAYS)


def as_date(value: date | str | None) -> date | None:
    """A date from a date or an ISO string; None for anything else (a partial date as stated)."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _reader_locale() -> str:
    if has_request_context():
        from flask_babel import get_locale

        return str(get_locale() or "en")
    return "en"


def fact_age(
    as_of: date | str | None, source: str | None = None, today: date | None = None
) -> dict[str, Any]:
    """How old a fact is: `as_of` (ISO date or None), `as_of_text` (in the reader's locale),
    `age_days`, `stale` (no date, or older than MLA_FACT_MAX_AGE_DAYS), `source`."""
    when = as_date(as_of)
    today = today or clock.today()
    age = (today - when).days if when else None
    return {
        "as_of": when.isoformat() if when else None,
        "as_of_text": format_date(when, format="medium", locale=_reader_locale()) if when else None,
        "age_days": age,
        "max_age_days": max_age_days(),
        "stale": age is None or age > max_age_days(),
        "source": source or None,
    }


def authority_as_of(verified_on: date | None, source_date: date | None) -> date | None:
    """An entry's "as of": when a maintainer last verified it, else the date of its source."""
    dates = [d for d in (verified_on, source_date) if d]
    return max(dates) if dates else None
