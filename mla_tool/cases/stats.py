"""Statistics of cases: counts by dimension and month, durations (median, p90) by state and kind,
for a period; read from the maintained aggregates (stats_read), never by loading the cases."""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterator
from typing import Any

from ..auth.models import User
from ..spreadsheet_csv import csv_text
from .stats_facts import (
    COUNT_DIMENSIONS,
    DURATION_GROUPS,
    DURATIONS,
    NO_DAYS,
    STATS_COUNT_FACTS,
    STATS_DURATION_FACTS,
    DurationMeasure,
    count_fact,
    duration_fact,
)
from .stats_read import by_fact, figures
from .stats_sql import Period

__all__ = ["DURATIONS", "DurationMeasure", "compute_stats", "percentile", "stats_csv", "summarise"]


def percentile(values: list[float], fraction: float) -> float | None:
    """Nearest-rank percentile (p90 of 10 values is the 9th smallest): the rule that
    `stats_sql.duration_summaries` follows in SQL, kept here as its reference."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def summarise(values: list[float]) -> dict[str, Any]:
    """{n, median_days, p90_days} of a list, as `stats_sql.duration_summaries` gives them."""
    return {
        "n": len(values),
        "median_days": round(statistics.median(values), 2) if values else None,
        "p90_days": round(percentile(values, 0.9), 2) if values else None,  # type: ignore[arg-type]
    }


def _durations(summaries: dict[str, Any], measure: DurationMeasure) -> dict[str, Any]:
    """The measure over the cases that ended in the period, overall, by state and by kind."""
    groups = {
        group: dict(sorted(summaries[duration_fact(measure.name, group)].items()))
        for group, _ in DURATION_GROUPS
    }
    overall = groups.pop("overall").get("", {"n": 0, "median_days": None, "p90_days": None})
    return {
        "from": measure.start,
        "to": list(measure.ends),
        "direction": measure.direction,
        "overall": overall,
        **groups,
    }


def compute_stats(user: User, period: Period | None = None) -> dict[str, Any]:
    """Counts of the cases opened in the period; durations of those that ended in it."""
    period = period or Period()
    counts, summaries = figures(user, period, STATS_COUNT_FACTS, STATS_DURATION_FACTS)
    facts = by_fact(counts)
    counts = {
        name: {key: days[NO_DAYS] for key, days in sorted(facts[count_fact(name)].items())}
        for name, _ in (*COUNT_DIMENSIONS, ("by_month", ""))
    }
    return {
        "period": period.as_dict(),
        "total": sum(counts["by_status"].values()),
        "counts": counts,
        "durations": {m.name: _durations(summaries, m) for m in DURATIONS},
    }


STATS_CSV_HEADER = ("measure", "group", "key", "count", "median_days", "p90_days")


def _stats_rows(data: dict[str, Any]) -> Iterator[list[Any]]:
    for dimension, values in data["counts"].items():
        for key, n in values.items():
            yield ["count", dimension, key, n, "", ""]
    for name, block in data["durations"].items():
        overall = block["overall"]
        yield [name, "overall", "", overall["n"], overall["median_days"], overall["p90_days"]]
        for group in ("by_state", "by_kind"):
            for key, item in block[group].items():
                yield [name, group, key, item["n"], item["median_days"], item["p90_days"]]


def stats_csv(data: dict[str, Any]) -> str:
    """The statistics as one CSV table: measure, group, key, count, median and p90 in days.

    CSV is `spreadsheet_csv`'s: RFC 4180, a byte-order mark, no cell a formula.
    """
    return csv_text(STATS_CSV_HEADER, _stats_rows(data))
