"""The figures States give to the UNTOC review mechanism, for a period, in SQL aggregates.

Per direction (requests sent, requests received) and overall, by state, by kind and by legal
basis: requests sent or received in the period, executed and refused in it, pending at its end,
median and 90th-percentile days from transmission or receipt to execution; refusals by ground.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import and_, case, func, or_, select, true

from ..auth.models import User
from ..extensions import db
from ..spreadsheet_csv import csv_text
from .models import Case
from .stats import stats_scope
from .stats_sql import Period, duration_summaries, or_unspecified

DIRECTIONS: tuple[str, ...] = ("outgoing", "incoming")
#: Breakdowns of the report, (name, column); "total" has none.
BREAKDOWNS: tuple[tuple[str, Any], ...] = (
    ("total", None),
    ("by_state", Case.counterpart_state),
    ("by_kind", Case.kind),
    ("by_legal_basis", or_unspecified(Case.legal_basis)),
)
FIGURES: tuple[str, ...] = (
    "requests",
    "executed",
    "refused",
    "pending",
    "executed_with_dates",
    "median_days_to_execution",
    "p90_days_to_execution",
)


def _counters(period: Period) -> list[Any]:
    """SUMs of the figures counted per case: started, executed, refused in the period, pending
    at its end (started by then and not concluded by then)."""
    started = and_(true(), *period.within(Case.started_on))
    ended = and_(true(), *period.within(Case.concluded_on))
    open_at_end = (
        or_(Case.concluded_on.is_(None), Case.concluded_on > period.end)
        if period.end
        else Case.concluded_on.is_(None)
    )

    def count_if(*conditions: Any) -> Any:
        return func.coalesce(func.sum(case((and_(*conditions), 1), else_=0)), 0)

    return [
        count_if(started),
        count_if(Case.outcome == "executed", ended),
        count_if(Case.outcome == "refused", ended),
        count_if(open_at_end),
    ]


def _base_where(user: User, period: Period) -> list[Any]:
    """Cases of the caller's scope whose clock started (sent or received) by the period's end:
    the index on (owner_country, direction, started_on) bounds the scan."""
    # both directions named, so that (owner_country, direction, started_on) is two range scans
    where = [stats_scope(user), Case.direction.in_(DIRECTIONS), Case.started_on.is_not(None)]
    if period.end is not None:
        where.append(Case.started_on <= period.end)
    return where


def _empty() -> dict[str, Any]:
    return {name: 0 for name in FIGURES[:5]} | {
        "median_days_to_execution": None,
        "p90_days_to_execution": None,
    }


def untoc_report(user: User, period: Period) -> dict[str, Any]:
    """{period, directions: {outgoing|incoming: {total, by_state, by_kind, by_legal_basis,
    refused_by_ground}}}; each figure block as FIGURES."""
    where = _base_where(user, period)
    executed_in_period = [*where, Case.outcome == "executed", *period.within(Case.concluded_on)]
    report: dict[str, Any] = {
        direction: {name: {} for name, _ in BREAKDOWNS} | {"refused_by_ground": {}}
        for direction in DIRECTIONS
    }
    for name, column in BREAKDOWNS:
        groups = [Case.direction] + ([column] if column is not None else [])
        rows = db.session.execute(
            select(*groups, *_counters(period)).where(*where).group_by(*groups)
        ).all()
        for row in rows:
            direction, key = row[0], (str(row[1]) if column is not None else "")
            block = _empty()
            block.update(zip(FIGURES[:4], (int(n) for n in row[-4:]), strict=True))
            report[direction][name][key] = block
        for (direction, *rest), item in duration_summaries(executed_in_period, groups).items():
            key = str(rest[0]) if rest else ""
            block = report[direction][name].setdefault(key, _empty())
            block["executed_with_dates"] = item["n"]
            block["median_days_to_execution"] = item["median_days"]
            block["p90_days_to_execution"] = item["p90_days"]
    ground = or_unspecified(Case.refusal_ground)
    refusals = select(Case.direction, ground, func.count()).where(
        *where, Case.outcome == "refused", *period.within(Case.concluded_on)
    )
    for direction, code, n in db.session.execute(refusals.group_by(Case.direction, ground)).all():
        report[direction]["refused_by_ground"][str(code)] = int(n)
    for direction in DIRECTIONS:
        report[direction]["total"] = report[direction]["total"].get("", _empty())
        for name, _ in BREAKDOWNS[1:]:
            report[direction][name] = dict(sorted(report[direction][name].items()))
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
