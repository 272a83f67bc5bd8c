"""What each case adds to the statistics: its facts (figure, key, days, dates), one definition
that the maintained aggregates, their rebuild and the live count of a few cases all read."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

#: The columns of a case the statistics read.
STAT_COLUMNS: tuple[str, ...] = (
    "owner_country",
    "direction",
    "kind",
    "status",
    "counterpart_state",
    "created_at",
    "started_on",
    "concluded_on",
    "outcome",
    "refusal_ground",
    "legal_basis",
)
UNSPECIFIED = "unspecified"
NO_DAYS = -1
UNTOC_DIRECTIONS: tuple[str, ...] = ("outgoing", "incoming")
#: Counts of the cases opened in a period, (name in the output, column); by_month is added.
COUNT_DIMENSIONS: tuple[tuple[str, str], ...] = (
    ("by_status", "status"),
    ("by_kind", "kind"),
    ("by_direction", "direction"),
    ("by_counterpart_state", "counterpart_state"),
)
#: Duration groups of the statistics page, (name, column; None: one group).
DURATION_GROUPS: tuple[tuple[str, str | None], ...] = (
    ("overall", None),
    ("by_state", "counterpart_state"),
    ("by_kind", "kind"),
)
#: Breakdowns of the UNTOC report, (name, column; None: the total).
UNTOC_BREAKDOWNS: tuple[tuple[str, str | None], ...] = (
    ("total", None),
    ("by_state", "counterpart_state"),
    ("by_kind", "kind"),
    ("by_legal_basis", "legal_basis"),
)
#: UNTOC figures counted up to the period's end (pending = started - closed by then).
UNTOC_CUMULATIVE: tuple[str, ...] = ("started", "closed")
UNTOC_IN_PERIOD: tuple[str, ...] = ("requests", "executed", "refused")


@dataclass(frozen=True)
class DurationMeasure:
    """Days from a case's start (`started_on`: transmitted, or received) to its outcome
    (`concluded_on`), for cases of `direction` that ended in one of `ends`."""

    name: str
    direction: str
    start: str
    ends: tuple[str, ...]


DURATIONS: tuple[DurationMeasure, ...] = (
    DurationMeasure("transmission_to_execution", "outgoing", "transmitted", ("executed",)),
    DurationMeasure("receipt_to_reply", "incoming", "received", ("executed", "refused")),
)


class Fact(NamedTuple):
    """One case counted once under `fact` and `key` (with `days` for a duration), when the
    period holds `low` (None: any start) and `high`: `low` >= its start, `high` <= its end."""

    fact: str
    key: str
    days: int
    low: date | None
    high: date


def count_fact(dimension: str) -> str:
    return f"c:{dimension}"


def duration_fact(measure: str, group: str) -> str:
    return f"d:{measure}:{group}"


def untoc_fact(direction: str, breakdown: str, figure: str) -> str:
    return f"u:{direction}:{breakdown}:{figure}"


def ground_fact(direction: str) -> str:
    return f"u:{direction}:refused_by_ground"


STATS_COUNT_FACTS: tuple[str, ...] = tuple(
    count_fact(name) for name, _ in (*COUNT_DIMENSIONS, ("by_month", ""))
)
STATS_DURATION_FACTS: tuple[str, ...] = tuple(
    duration_fact(m.name, g) for m in DURATIONS for g, _ in DURATION_GROUPS
)
UNTOC_PERIOD_FACTS: tuple[str, ...] = (
    *(
        untoc_fact(d, b, f)
        for d in UNTOC_DIRECTIONS
        for b, _ in UNTOC_BREAKDOWNS
        for f in UNTOC_IN_PERIOD
        if f != "executed"
    ),
    *(ground_fact(d) for d in UNTOC_DIRECTIONS),
)
UNTOC_DURATION_FACTS: tuple[str, ...] = tuple(
    untoc_fact(d, b, "executed") for d in UNTOC_DIRECTIONS for b, _ in UNTOC_BREAKDOWNS
)
UNTOC_CUMULATIVE_FACTS: tuple[str, ...] = tuple(
    untoc_fact(d, b, f)
    for d in UNTOC_DIRECTIONS
    for b, _ in UNTOC_BREAKDOWNS
    for f in UNTOC_CUMULATIVE
)


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def _key(values: Mapping[str, Any], column: str | None) -> str:
    if column is None:
        return ""
    value = values[column]
    if column == "legal_basis" and value is None:
        return UNSPECIFIED
    return str(value)


def _opened(values: Mapping[str, Any]) -> list[Fact]:
    opened = _day(values["created_at"])
    facts = [
        Fact(count_fact(name), str(values[column]), NO_DAYS, opened, opened)
        for name, column in COUNT_DIMENSIONS
    ]
    facts.append(Fact(count_fact("by_month"), opened.strftime("%Y-%m"), NO_DAYS, opened, opened))
    return facts


def _durations(values: Mapping[str, Any], started: date, concluded: date) -> list[Fact]:
    days = (concluded - started).days
    return [
        Fact(duration_fact(m.name, group), _key(values, column), days, concluded, concluded)
        for m in DURATIONS
        if values["direction"] == m.direction and values["outcome"] in m.ends
        for group, column in DURATION_GROUPS
    ]


def _untoc(values: Mapping[str, Any], started: date, concluded: date | None) -> list[Fact]:
    """A request counts from its start; its outcome counts when it is in the period and the
    start is not after the period's end (`high`: the later of the two days)."""
    direction, outcome = values["direction"], values["outcome"]
    facts: list[Fact] = []
    for breakdown, column in UNTOC_BREAKDOWNS:
        key = _key(values, column)
        facts.append(
            Fact(untoc_fact(direction, breakdown, "requests"), key, NO_DAYS, started, started)
        )
        facts.append(Fact(untoc_fact(direction, breakdown, "started"), key, NO_DAYS, None, started))
        if concluded is None:
            continue
        last = max(started, concluded)
        facts.append(Fact(untoc_fact(direction, breakdown, "closed"), key, NO_DAYS, None, last))
        if outcome == "executed":
            days = (concluded - started).days
            facts.append(
                Fact(untoc_fact(direction, breakdown, "executed"), key, days, concluded, last)
            )
        elif outcome == "refused":
            facts.append(
                Fact(untoc_fact(direction, breakdown, "refused"), key, NO_DAYS, concluded, last)
            )
    if concluded is not None and outcome == "refused":
        ground = values["refusal_ground"] or UNSPECIFIED
        facts.append(
            Fact(ground_fact(direction), ground, NO_DAYS, concluded, max(started, concluded))
        )
    return facts


def facts_of(values: Mapping[str, Any]) -> list[Fact]:
    """Every fact the case with these column values (STAT_COLUMNS) adds to the statistics."""
    facts = _opened(values)
    started, concluded = values["started_on"], values["concluded_on"]
    if started is not None and concluded is not None:
        facts += _durations(values, started, concluded)
    if started is not None and values["direction"] in UNTOC_DIRECTIONS:
        facts += _untoc(values, started, concluded)
    return facts


def counts_in(fact: Fact, start: date | None, end: date | None) -> bool:
    """Whether the fact falls in the period from `start` to `end` (None: unbounded)."""
    if start is not None and fact.low is not None and fact.low < start:
        return False
    return end is None or fact.high <= end
