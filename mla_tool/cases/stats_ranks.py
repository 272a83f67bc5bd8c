"""The medians and p90s of the maintained statistics' histograms of days, ranked in SQL: the
buckets of days holding the ranks found from the cells' buckets, then the days of those few
buckets; and the cells of a period that both these and the counts (stats_read) add up."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import (
    BigInteger,
    Integer,
    String,
    and_,
    cast,
    false,
    func,
    literal,
    or_,
    select,
    union_all,
)

from ..extensions import db
from .stats_aggregates import CELLS
from .stats_cells import BUCKET_DAYS, BUCKET_GRAINS, bucket_of
from .stats_spans import Span, spans, starts
from .stats_sql import Period

Tally = Counter[tuple[str, str, int]]  # (fact, key, days) -> cases

#: (table, condition, first and last year held) of the cells a reader's statistics add up
Holder = tuple[Any, Any, tuple[date, date]]


def grain_starts(period: list[Span], years: tuple[date, date]) -> dict[tuple[str, int], list[date]]:
    """(grain, sign) -> the first days of the period's cells of that grain and sign."""
    out: dict[tuple[str, int], list[date]] = defaultdict(list)
    for sign, grain, first, last in period:
        out[(grain, sign)] += starts(grain, first, last, years)
    return {grain: days for grain, days in out.items() if days}


def union_cells(parts: list[Any]) -> Any:
    if not parts:  # nothing held: no row
        parts = [select(CELLS.c.fact, CELLS.c.key, CELLS.c.days, CELLS.c.n).where(false())]
    return (parts[0] if len(parts) == 1 else union_all(*parts)).subquery()


def select_cells(table: Any, sign: int, *where: Any) -> Any:
    """fact, key, days and the count of `table`'s cells, negated for a sign of -1."""
    n = table.c.n if sign > 0 else (-table.c.n).label("n")
    return select(table.c.fact, table.c.key, table.c.days, n).where(*where)


def _windowed(rows: Any) -> Any:
    """(fact, key, days, n, cum, total) of `rows` (fact, key, days, n) grouped by them: the
    running count up to each number of days, the group's total."""
    n = cast(func.sum(rows.c.n), Integer)
    keys = (rows.c.fact, rows.c.key, rows.c.days)
    grouped = select(*keys, n.label("n")).group_by(*keys).having(n != 0).subquery()
    group = [grouped.c.fact, grouped.c.key]
    running = func.sum(grouped.c.n).over(partition_by=group, order_by=grouped.c.days)
    total = func.sum(grouped.c.n).over(partition_by=group)
    return select(
        grouped.c.fact,
        grouped.c.key,
        grouped.c.days,
        grouped.c.n,
        cast(running, BigInteger).label("cum"),
        cast(total, BigInteger).label("total"),
    ).subquery()


def _ranks_hit(ranked: Any) -> Any:
    """Rows of `ranked` (cum, n, total) holding one of the ranks a summary reads."""
    total, cum, n = ranked.c.total, ranked.c.cum, ranked.c.n
    return or_(*(and_(cum >= rank, cum - n < rank) for rank in _ranks(total)))


def _ranked(holders: list[Holder], period: Period, facts: tuple[str, ...], live: Tally) -> Any:
    """A query of (fact, key, days, running count, count, group's total) of the reader's
    statistics in the period at the ranks a summary reads, with the `live` facts of the cases
    counted apart added as literal rows. The buckets (BUCKET_DAYS) holding those ranks are
    found first from the cells' buckets; then the days of those few buckets are read by
    index, bucket by bucket (each numbered `hit`), and summed and ranked by that number rather
    than by the text of their fact and key."""
    extra = _literal_rows(live)
    if not holders and extra is None:
        return None
    coarse, fine = [], []
    if extra is not None:
        coarse.append(select(extra.c.fact, extra.c.key, extra.c.bucket.label("days"), extra.c.n))
    for table, held, years in holders:
        cells = grain_starts(spans(period.start, period.end, dekads=True), years)
        for (grain, sign), days in cells.items():
            where = [held, table.c.start.in_(days)]
            fine.append((table, sign, [*where, table.c.grain == grain]))
            where.append(table.c.fact.in_(facts))
            if grain in BUCKET_GRAINS:
                bucket_cells = table.c.grain == BUCKET_GRAINS[grain]
                coarse.append(select_cells(table, sign, bucket_cells, *where))
            else:  # day cells: bucketed as read
                rows = select_cells(table, sign, table.c.grain == grain, *where).subquery()
                coarse.append(
                    select(rows.c.fact, rows.c.key, bucket_of(rows.c.days).label("days"), rows.c.n)
                )
    buckets = _windowed(union_cells(coarse))
    hits = (
        select(
            func.row_number().over(order_by=(buckets.c.fact, buckets.c.key)).label("hit"),
            buckets.c.fact,
            buckets.c.key,
            buckets.c.days.label("bucket"),
            (buckets.c.cum - buckets.c.n).label("before"),
            buckets.c.total.label("whole"),
        )
        .where(_ranks_hit(buckets))
        .cte("hits")
    )
    low = hits.c.bucket * BUCKET_DAYS
    parts = [
        select(
            hits.c.hit,
            hits.c.before,
            hits.c.whole,
            table.c.days,
            table.c.n if sign > 0 else (-table.c.n).label("n"),
        ).where(
            *where,
            table.c.fact == hits.c.fact,
            table.c.key == hits.c.key,
            table.c.days.between(low, low + BUCKET_DAYS - 1),
        )
        for table, sign, where in fine
    ]
    if extra is not None:
        parts.append(
            select(hits.c.hit, hits.c.before, hits.c.whole, extra.c.days, extra.c.n).where(
                extra.c.fact == hits.c.fact,
                extra.c.key == hits.c.key,
                extra.c.bucket == hits.c.bucket,
            )
        )
    rows = union_all(*parts).subquery() if len(parts) > 1 else parts[0].subquery()
    n = cast(func.sum(rows.c.n), Integer)
    keys = (rows.c.hit, rows.c.before, rows.c.whole, rows.c.days)
    grouped = select(*keys, n.label("n")).group_by(*keys).having(n != 0).subquery()
    running = func.sum(grouped.c.n).over(partition_by=grouped.c.hit, order_by=grouped.c.days)
    ranked = select(
        grouped.c.hit,
        grouped.c.days,
        grouped.c.n,
        cast(grouped.c.before + running, BigInteger).label("cum"),
        grouped.c.whole.label("total"),
    ).subquery()
    found = select(ranked).where(_ranks_hit(ranked)).subquery()
    return select(
        hits.c.fact, hits.c.key, found.c.days, found.c.cum, found.c.n, found.c.total
    ).where(hits.c.hit == found.c.hit)


def _ranks(n: Any) -> tuple[Any, Any, Any]:
    """The ranks a summary reads, of n values (a number, or a SQL expression): the middle one
    or two (the median is their mean) and the ceil(0.9·n)-th (p90)."""
    return (n + 1) // 2, (n + 2) // 2, (n * 9 + 9) // 10


def _summary(n: int, day_at: Callable[[int], int]) -> dict[str, Any]:
    """{n, median_days, p90_days}, with `day_at(rank)` the days of the rank-th smallest."""
    low, high, p90 = _ranks(n)
    return {
        "n": n,
        "median_days": round((day_at(low) + day_at(high)) / 2, 2),
        "p90_days": round(float(day_at(p90)), 2),
    }


def _literal_rows(live: Tally) -> Any:
    """The live facts (fact, key, days) -> n as literal rows (fact, key, days, bucket, n), or
    None when there are none (they are the few cases counted apart)."""
    rows = [
        select(
            literal(fact, String).label("fact"),
            literal(key, String).label("key"),
            literal(days, Integer).label("days"),
            literal(days // BUCKET_DAYS, Integer).label("bucket"),
            literal(n, Integer).label("n"),
        )
        for (fact, key, days), n in sorted(live.items())
        if n
    ]
    if not rows:
        return None
    return (union_all(*rows) if len(rows) > 1 else rows[0]).subquery()


def ranked_summaries(
    holders: list[Holder], period: Period, facts: tuple[str, ...], live: Tally
) -> dict[str, dict[str, dict[str, Any]]]:
    """fact -> key -> {n, median_days, p90_days} of the histograms of days of `facts` held by
    `holders` in the period plus the `live` facts of the cases counted apart, read in SQL:
    only the days at the ranks a summary reads come back."""
    found: dict[tuple[str, str], list[tuple[int, int, int, int]]] = defaultdict(list)
    query = _ranked(holders, period, facts, live)
    rows = [] if query is None else db.session.execute(query)
    for fact, key, days, running, count, whole in rows:
        found[(fact, key)].append((int(days), int(running), int(count), int(whole)))
    out: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for (fact, key), ranked in found.items():

        def at(rank: int, rows: list[tuple[int, int, int, int]] = ranked) -> int:
            return next(d for d, running, count, _ in rows if running >= rank > running - count)

        out[fact][key] = _summary(ranked[0][3], at)
    return out
