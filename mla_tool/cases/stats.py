"""Statistics of cases: counts by dimension and month, durations (median, p90) by state and kind."""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import false, func, or_, select

from ..auth.models import User
from ..extensions import db
from ..spreadsheet_csv import csv_text
from .models import Case, CaseEvent, CaseMember

#: Dimensions counted, as (name in the output, column).
COUNT_DIMENSIONS: tuple[tuple[str, Any], ...] = (
    ("by_status", Case.status),
    ("by_kind", Case.kind),
    ("by_direction", Case.direction),
    ("by_counterpart_state", Case.counterpart_state),
)


@dataclass(frozen=True)
class DurationMeasure:
    """Days from the first `start` status to the first of `ends`, for cases of `direction`."""

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
    """Nearest-rank percentile (p90 of 10 values is the 9th smallest)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def summarise(values: list[float]) -> dict[str, Any]:
    return {
        "n": len(values),
        "median_days": round(statistics.median(values), 2) if values else None,
        "p90_days": round(percentile(values, 0.9), 2) if values else None,  # type: ignore[arg-type]
    }


def _durations(scope: Any, measure: DurationMeasure) -> dict[str, Any]:
    statuses = (measure.start, *measure.ends)
    rows = db.session.execute(
        select(
            CaseEvent.case_id,
            CaseEvent.to_status,
            func.min(CaseEvent.at),
            Case.counterpart_state,
            Case.kind,
        )
        .join(Case, Case.id == CaseEvent.case_id)
        .where(
            scope,
            Case.direction == measure.direction,
            CaseEvent.type.in_(("created", "transition")),
            CaseEvent.to_status.in_(statuses),
        )
        .group_by(CaseEvent.case_id, CaseEvent.to_status, Case.counterpart_state, Case.kind)
    ).all()
    per_case: dict[int, dict[str, Any]] = defaultdict(dict)
    for case_id, status, at, state, kind in rows:
        entry = per_case[case_id]
        entry[status] = at
        entry["state"], entry["kind"] = state, kind
    overall: list[float] = []
    by_state: dict[str, list[float]] = defaultdict(list)
    by_kind: dict[str, list[float]] = defaultdict(list)
    for entry in per_case.values():
        started: datetime | None = entry.get(measure.start)
        ended = [entry[s] for s in measure.ends if s in entry]
        if started is None or not ended:
            continue
        days = (min(ended) - started).total_seconds() / 86400
        if days < 0:
            continue
        overall.append(days)
        by_state[entry["state"]].append(days)
        by_kind[entry["kind"]].append(days)
    return {
        "from": measure.start,
        "to": list(measure.ends),
        "direction": measure.direction,
        "overall": summarise(overall),
        "by_state": {k: summarise(v) for k, v in sorted(by_state.items())},
        "by_kind": {k: summarise(v) for k, v in sorted(by_kind.items())},
    }


def compute_stats(user: User) -> dict[str, Any]:
    scope = stats_scope(user)
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
        "total": sum(counts["by_status"].values()),
        "counts": counts,
        "durations": {m.name: _durations(scope, m) for m in DURATIONS},
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


def bar_chart(
    values: dict[str, float | int | None], *, width: int = 560, bar_height: int = 20
) -> dict[str, Any]:
    """Geometry of a horizontal bar chart, drawn as SVG by the template (no JS, no CDN)."""
    label_width, gap = 150, 6
    numbers = {k: float(v or 0) for k, v in values.items()}
    top = max(numbers.values(), default=0) or 1.0
    plot = width - label_width - 60
    bars = []
    for index, (key, value) in enumerate(numbers.items()):
        y = index * (bar_height + gap)
        bars.append(
            {
                "label": key,
                "value": values[key],
                "x": label_width,
                "y": y,
                "width": round(plot * value / top, 1),
                "height": bar_height,
                "text_y": y + bar_height * 0.7,
            }
        )
    return {
        "width": width,
        "height": max(1, len(bars)) * (bar_height + gap),
        "label_width": label_width,
        "bars": bars,
    }
