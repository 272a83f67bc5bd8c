"""The statistics counted directly over the cases in SQL (GROUP BY and window functions): the
reference that the maintained aggregates (stats_read) are tested against, figure by figure."""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, case, false, func, or_, select, true

from ..auth.models import User
from ..extensions import db
from .models import Case, CaseMember
from .stats_facts import COUNT_DIMENSIONS, DURATIONS, UNTOC_DIRECTIONS, DurationMeasure
from .stats_sql import Period, duration_summaries, or_unspecified

BREAKDOWNS: tuple[tuple[str, Any], ...] = (
    ("total", None),
    ("by_state", Case.counterpart_state),
    ("by_kind", Case.kind),
    ("by_legal_basis", or_unspecified(Case.legal_basis)),
)
UNTOC_FIGURES: tuple[str, ...] = ("requests", "executed", "refused", "pending")


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


def _durations(scope: Any, measure: DurationMeasure, period: Period) -> dict[str, Any]:
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


def compute_stats_direct(user: User, period: Period | None = None) -> dict[str, Any]:
    """`stats.compute_stats`, counted over the cases."""
    period = period or Period()
    scope = and_(stats_scope(user), *period.within(Case.created_at))
    counts: dict[str, dict[str, int]] = {}
    for name, column_name in COUNT_DIMENSIONS:
        column = getattr(Case, column_name)
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


def _counters(period: Period) -> list[Any]:
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


def _empty() -> dict[str, Any]:
    return {name: 0 for name in (*UNTOC_FIGURES, "executed_with_dates")} | {
        "median_days_to_execution": None,
        "p90_days_to_execution": None,
    }


def untoc_report_direct(user: User, period: Period) -> dict[str, Any]:
    """`untoc_report.untoc_report`, counted over the cases."""
    where = [stats_scope(user), Case.direction.in_(UNTOC_DIRECTIONS), Case.started_on.is_not(None)]
    if period.end is not None:
        where.append(Case.started_on <= period.end)
    executed_in_period = [*where, Case.outcome == "executed", *period.within(Case.concluded_on)]
    report: dict[str, Any] = {
        direction: {name: {} for name, _ in BREAKDOWNS} | {"refused_by_ground": {}}
        for direction in UNTOC_DIRECTIONS
    }
    for name, column in BREAKDOWNS:
        groups = [Case.direction] + ([column] if column is not None else [])
        rows = db.session.execute(
            select(*groups, *_counters(period)).where(*where).group_by(*groups)
        ).all()
        for row in rows:
            direction, key = row[0], (str(row[1]) if column is not None else "")
            block = _empty()
            block.update(zip(UNTOC_FIGURES, (int(n) for n in row[-4:]), strict=True))
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
    for direction in UNTOC_DIRECTIONS:
        report[direction]["total"] = report[direction]["total"].get("", _empty())
        for name, _ in BREAKDOWNS[1:]:
            report[direction][name] = dict(sorted(report[direction][name].items()))
    return {"period": period.as_dict(), "directions": report}
