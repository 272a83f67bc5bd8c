"""The figures States give to the UNTOC review mechanism, for a period, in SQL aggregates.

Per direction (requests sent, requests received) and overall, by state, by kind and by legal
basis: requests sent or received in the period, executed and refused in it, pending at its end,
median and 90th-percentile days from transmission or receipt to execution; refusals by ground.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..auth.models import User
from ..spreadsheet_csv import csv_text
from .stats_facts import (
    NO_DAYS,
    UNTOC_BREAKDOWNS,
    UNTOC_CUMULATIVE_FACTS,
    UNTOC_DIRECTIONS,
    UNTOC_DURATION_FACTS,
    UNTOC_PERIOD_FACTS,
    ground_fact,
    untoc_fact,
)
from .stats_read import by_fact, figures
from .stats_sql import Period

DIRECTIONS = UNTOC_DIRECTIONS
BREAKDOWNS = UNTOC_BREAKDOWNS
FIGURES: tuple[str, ...] = (
    "requests",
    "executed",
    "refused",
    "pending",
    "executed_with_dates",
    "median_days_to_execution",
    "p90_days_to_execution",
)


def _block(
    facts: dict[str, Any], summaries: dict[str, Any], direction: str, breakdown: str, key: str
) -> dict[str, Any]:
    """The figures of one key: counts in the period, pending = started - closed by its end."""

    def count(figure: str) -> int:
        return facts[untoc_fact(direction, breakdown, figure)].get(key, {}).get(NO_DAYS, 0)

    durations = summaries[untoc_fact(direction, breakdown, "executed")].get(key, {"n": 0})
    return {
        "requests": count("requests"),
        "executed": durations["n"],
        "refused": count("refused"),
        "pending": count("started") - count("closed"),
        "executed_with_dates": durations["n"],
        "median_days_to_execution": durations.get("median_days"),
        "p90_days_to_execution": durations.get("p90_days"),
    }


def untoc_report(user: User, period: Period) -> dict[str, Any]:
    """{period, directions: {outgoing|incoming: {total, by_state, by_kind, by_legal_basis,
    refused_by_ground}}}; each figure block as FIGURES. A key shows when a request of it had
    started by the period's end."""
    counts, summaries = figures(
        user, period, UNTOC_PERIOD_FACTS, UNTOC_DURATION_FACTS, UNTOC_CUMULATIVE_FACTS
    )
    facts = by_fact(counts)
    report: dict[str, Any] = {}
    for direction in DIRECTIONS:
        blocks: dict[str, Any] = {}
        for breakdown, _ in BREAKDOWNS:
            keys = facts[untoc_fact(direction, breakdown, "started")]
            blocks[breakdown] = {
                key: _block(facts, summaries, direction, breakdown, key) for key in sorted(keys)
            }
        blocks["total"] = blocks["total"].get("") or _block(
            facts, summaries, direction, "total", ""
        )
        blocks["refused_by_ground"] = {
            key: days[NO_DAYS] for key, days in sorted(facts[ground_fact(direction)].items())
        }
        report[direction] = blocks
    return {"period": period.as_dict(), "directions": report}


UNTOC_CSV_HEADER = ("direction", "breakdown", "key", *FIGURES)


def _rows(report: dict[str, Any]) -> Iterator[list[Any]]:
    for direction, blocks in report["directions"].items():
        yield [direction, "total", "", *(_cell(blocks["total"][f]) for f in FIGURES)]
        for name, _ in BREAKDOWNS[1:]:
            for key, block in blocks[name].items():
                yield [direction, name, key, *(_cell(block[f]) for f in FIGURES)]
        for code, n in blocks["refused_by_ground"].items():
            yield [direction, "refused_by_ground", code, "", "", n, "", "", "", ""]


def _cell(value: Any) -> Any:
    return "" if value is None else value


def untoc_csv(report: dict[str, Any]) -> str:
    """The report as one CSV table (spreadsheet_csv: RFC 4180, BOM, no cell a formula)."""
    return csv_text(UNTOC_CSV_HEADER, _rows(report))
