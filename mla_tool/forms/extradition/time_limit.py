"""The time limit for the formal request after a provisional arrest: treaty, directory, default."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..fieldspec import N_
from .durations import ARABIC_DIGITS

#: Model Treaty art. 9(4): the person is released after [40] days without the formal request.
DEFAULT_TIME_LIMIT_DAYS = 40
DEFAULT_TIME_LIMIT_SOURCE = N_("UN Model Treaty on Extradition art. 9(4) (default)")
TIME_LIMIT_LINE = re.compile(r"provisional|arrest|arrestation|detenci|القبض", re.IGNORECASE)
DAYS = re.compile(r"(\d+)\s*(?:days?|jours?|d[íi]as?|يوما|يوم|أيام)", re.IGNORECASE)


def directory_time_limit(requirements: list[str]) -> int | None:
    """A provisional-arrest time limit written in the directory's requirements ("60 days")."""
    for line in requirements:
        plain = line.translate(ARABIC_DIGITS)
        match = DAYS.search(plain)
        if match and TIME_LIMIT_LINE.search(plain):
            return int(match.group(1))
    return None


@dataclass(frozen=True)
class TimeLimit:
    """Days from the arrest, and where the number comes from (a message id)."""

    days: int
    source: str


def provisional_time_limit(document: dict[str, Any], requirements: list[str]) -> TimeLimit:
    """Days from the arrest for the formal request: the request's (treaty) value, else the
    directory's, else the Model Treaty's default."""
    recorded = (document.get("extradition") or {}).get("time_limit_days")
    if isinstance(recorded, int) and recorded > 0:
        return TimeLimit(recorded, N_("the treaty, as recorded in the request"))
    from_directory = directory_time_limit(requirements)
    if from_directory:
        return TimeLimit(from_directory, N_("the directory entry of the requested state"))
    return TimeLimit(DEFAULT_TIME_LIMIT_DAYS, DEFAULT_TIME_LIMIT_SOURCE)
