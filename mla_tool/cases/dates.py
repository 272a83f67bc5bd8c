"""The dates of a case: UTC today and the range of dates a case can plausibly hold."""

from __future__ import annotations

from datetime import date
from typing import Any

from .. import clock
from ..i18n import N_, Phrase

#: Dates a case can hold: nothing before this, nothing more than PLAUSIBLE_YEARS_AHEAD ahead.
EARLIEST_DATE = date(1990, 1, 1)
PLAUSIBLE_YEARS_AHEAD = 50


def today() -> date:
    """UTC today, from the application's clock."""
    return clock.today()


def parse_date(value: Any, name: str, errors: dict[str, str]) -> date | None:
    """The date in `value` (a date or YYYY-MM-DD); None, with a message in `errors[name]`, when it
    is not one or lies outside the plausible range."""
    if isinstance(value, date):
        parsed = value
    else:
        try:
            parsed = date.fromisoformat(str(value))
        except (TypeError, ValueError):
            errors[name] = N_("a date YYYY-MM-DD is required")
            return None
    latest = today().replace(year=today().year + PLAUSIBLE_YEARS_AHEAD, day=1)
    if not EARLIEST_DATE <= parsed <= latest:
        errors[name] = Phrase(
            N_("a date between %(first)s and %(last)s"),
            first=EARLIEST_DATE.year,
            last=latest.year,
        )
        return None
    return parsed
