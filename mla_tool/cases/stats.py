"""Statistics of cases: counts by dimension and month, durations (median, p90) by state and kind,
for a period; computed in SQL (stats_sql), never by loading the cases."""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, false, func, or_, select

from ..auth.models import User
from ..extensions import db
from ..spreadsheet_csv import csv_text
from .models import Case, CaseMember
from .stats_sql import Period, duration_summaries

#: Dimensions counted, as (name in the output, column).
COUNT_DIMENSIONS: tuple[tuple[str, Any], ...] = (
    ("by_status", Case.status),
    ("by_kind", Case.kind),
    ("by_direction", Case.direction),
    ("by_counterpart_state", Case.counterpart_state),
)


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


def stats_scope(user: User) -> Any:
    """Aggregates cover the cases of the user's own authority and the cases they are on."""
    if not user.may("stats.read"):
        return false()
    members = select(CaseMember.case_id).where(CaseMember.user_id == user.id)
    if user.country_iso3:
        return or_(Case.owner_country == user.country_iso3, Case.id.in_(members))
    return Case.id.in_(members)


def _month_expression() -> Any:
    if db.engine.dialect.name == "postgresql":
        return func.to_char(Case.created_at, "YYYY-MM")
    return func.strftime("%Y-%m", Case.created_at)


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


def _durations(scope: Any, measure: DurationMeasure, period: Period) -> dict[str, Any]:
    """The measure over the cases that ended in the period, overall, by state and by kind."""
    where = [
        scope,
        Case.direction == measure.direction,
        Case.outcome.in_(measure.ends),
        *period.within(Case.concluded_on),
    ]
    empty = {"n": 0, "median_days": None, "p90_days": None}
    overall = duration_summaries(where).get((), empty)
    by_state = duration_summaries(where, [Case.counterpart_state])
    by_kind = duration_summaries(where, [Case.kind])
    return {
        "from": measure.start,
        "to": list(measure.ends),
        "direction": measure.direction,
        "overall": overall,
        "by_state": {key[0]: item for key, item in sorted(by_state.items())},
        "by_kind": {key[0]: item for key, item in sorted(by_kind.items())},
    }


def compute_stats(user: User, period: Period | None = None) -> dict[str, Any]:
    """Counts of the cases opened in the period; durations of those that ended in it."""
    period = period or Period()
    scope = and_(stats_scope(user), *period.within(Case.created_at))
    counts: dict[str, dict[str, int]] = {}
    for name, column in COUNT_DIMENSIONS:
        rows = db.session.execute(
            select(column, func.count()).where(scope).group_by(column).order_by(column)
        ).all()
        counts[name] = {str(key): int(n) for key, n in rows}
    month = _month_expression()
    counts["by_month"] = {
        str(key): int(n)
        for key, n in db.session.execute(
            select(month, func.count()).where(scope).group_by(month).order_by(month)
        ).all()
    }
    return {
        "period": period.as_dict(),
        "total": sum(counts["by_status"].values()),
        "counts": counts,
        "durations": {m.name: _durations(stats_scope(user), m, period) for m in DURATIONS},
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
