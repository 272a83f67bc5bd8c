"""The time limit for the formal request after a provisional arrest: the request's (treaty),
the legal basis's or the requested state's requirement profile, else unknown.

Never read out of the directory's free text: the profile's `provisional_arrest_days` field is
the sourced value. Unknown, the case still counts down the UN Model Treaty's default so that a
deadline exists, and the rules warn that the real limit is not known.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...directory.profiles.lookup import instrument_value, state_value
from ..fieldspec import N_

#: Model Treaty art. 9(4): the person is released after [40] days without the formal request.
DEFAULT_TIME_LIMIT_DAYS = 40
DEFAULT_TIME_LIMIT_SOURCE = N_("UN Model Treaty on Extradition art. 9(4) (default)")
RECORDED_IN_REQUEST = N_("the treaty, as recorded in the request")
PROFILE_FIELD = "provisional_arrest_days"


@dataclass(frozen=True)
class TimeLimit:
    """Days from the arrest, where the number comes from (a message id or a citation), and
    whether it is known (False: the Model Treaty's default stands in)."""

    days: int
    source: str
    known: bool = True


def _bases(document: dict[str, Any]) -> list[str]:
    value = document.get("legal_basis")
    if isinstance(value, str):
        return [value]
    return [str(code) for code in value or [] if code]


def provisional_time_limit(document: dict[str, Any]) -> TimeLimit:
    """Days from the arrest for the formal request: the request's (treaty) value, else the
    shortest that the legal basis's or the requested state's profile records, else unknown."""
    recorded = (document.get("extradition") or {}).get("time_limit_days")
    if isinstance(recorded, int) and recorded > 0:
        return TimeLimit(recorded, RECORDED_IN_REQUEST)
    found = [
        value
        for value in (
            *(instrument_value(code, PROFILE_FIELD) for code in _bases(document)),
            state_value(document.get("requested_state"), PROFILE_FIELD),
        )
        if value is not None
    ]
    if found:
        shortest = min(found, key=lambda item: item.value)
        return TimeLimit(int(shortest.value), shortest.source)
    return TimeLimit(DEFAULT_TIME_LIMIT_DAYS, DEFAULT_TIME_LIMIT_SOURCE, known=False)
