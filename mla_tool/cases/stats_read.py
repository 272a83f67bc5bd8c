"""Reading the maintained statistics for a reader and a period: the stored cells of the reader's
authority and of the reader (the cases they are on outside it) as the cheapest signed sum of day,
month, year or all-time cells, plus the live facts of the few cases whose outcome is dated
before the start."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from sqlalchemy import (
    BigInteger,
    Integer,
    and_,
    cast,
    false,
    func,
    or_,
    select,
    text,
    union_all,
)

from ..auth.models import User
from ..extensions import db
from .models import Case, CaseMember
from .stats_aggregates import CELLS
from .stats_cells import BUCKET_DAYS, BUCKET_GRAINS, bucket_of, stored
from .stats_facts import STAT_COLUMNS, counts_in, facts_of
from .stats_members import MEMBER_CELLS
from .stats_spans import Span, spans, starts
from .stats_sql import Period

Tally = Counter[tuple[str, str, int]]  # (fact, key, days) -> cases


#: PostgreSQL's planner settings for the statistics' reads, which read a few thousand cells by
#: index: no parallel workers (the planner, misjudging how many cells the facts listed select,
#: started workers that cost more than the read); nested loops only (merge or hash joins read
#: every day cell of a year to find the few buckets holding the ranks, which the nested loop
#: reads by index); and a plan for each execution's values (psycopg prepares a statement run
#: five times, after which PostgreSQL may plan it once for any values: such a generic plan of
#: the ranks' query took twice as long).
PLANNER = {
    "max_parallel_workers_per_gather": "0",
    "enable_hashjoin": "off",
    "enable_mergejoin": "off",
    "plan_cache_mode": "force_custom_plan",
}


def _set(settings: dict[str, str]) -> None:
    """SET LOCAL each setting (DEFAULT: back to its default), in one round trip."""
    db.session.execute(text("; ".join(f"SET LOCAL {k} TO {v}" for k, v in settings.items())))


@contextmanager
def _serial() -> Iterator[None]:
    """On PostgreSQL, the statistics' queries run with the settings `PLANNER`, restored after
    them (only on success: a failed transaction drops the settings with it)."""
    postgresql = db.session.get_bind().dialect.name == "postgresql"
    if postgresql:
        _set(PLANNER)
    yield
    if postgresql:
        _set(dict.fromkeys(PLANNER, "DEFAULT"))


#: (table, condition, first and last year held) of the cells a reader's statistics add up
Holder = tuple[Any, Any, tuple[date, date]]


def _holders(user: User) -> list[Holder]:
    """The cells a reader's statistics add up: their authority's, and their own when they
    are on cases outside it; each with the years it holds (one round trip)."""
    candidates = [(MEMBER_CELLS, MEMBER_CELLS.c.user_id == user.id)]
    if user.country_iso3:
        candidates.insert(0, (CELLS, CELLS.c.owner_country == user.country_iso3))
    years = [
        select(bound(table.c.start)).where(held, table.c.grain == "y").scalar_subquery()
        for table, held in candidates
        for bound in (func.min, func.max)
    ]
    found = db.session.execute(select(*years)).one()
    return [
        (table, held, (found[2 * n], found[2 * n + 1]))
        for n, (table, held) in enumerate(candidates)
        if found[2 * n] is not None  # every counted case has a year cell
    ]


def _cells(user: User, reads: list[tuple[tuple[str, ...], list[Span]]]) -> Any:
    """The cells held by the user's authority and by the user (the cases they are on outside
    it) of each (facts, period) read, each count signed as its span: per holder, read, grain
    and sign, the cells' first days and the facts listed, so that the index is entered at each
    cell and fact rather than scanned over a range."""
    parts = [
        _select_cells(
            table,
            sign,
            held,
            table.c.grain == grain,
            table.c.start.in_(days),
            table.c.fact.in_(facts),
        )
        for table, held, years in _holders(user)
        for facts, period in reads
        for (grain, sign), days in _grain_starts(period, years).items()
    ]
    return _union(parts)


def _grain_starts(
    period: list[Span], years: tuple[date, date]
) -> dict[tuple[str, int], list[date]]:
    """(grain, sign) -> the first days of the period's cells of that grain and sign."""
    out: dict[tuple[str, int], list[date]] = defaultdict(list)
    for sign, grain, first, last in period:
        out[(grain, sign)] += starts(grain, first, last, years)
    return {grain: days for grain, days in out.items() if days}


def _union(parts: list[Any]) -> Any:
    if not parts:  # nothing held: no row
        parts = [select(CELLS.c.fact, CELLS.c.key, CELLS.c.days, CELLS.c.n).where(false())]
    return (parts[0] if len(parts) == 1 else union_all(*parts)).subquery()


def _stored(user: User, *reads: tuple[tuple[str, ...], list[Span]]) -> Tally:
    """The cells of each (facts, period) read, summed in one query (the reads' facts differ)."""
    cells = _cells(user, list(reads))
    query = select(cells.c.fact, cells.c.key, cells.c.days, func.sum(cells.c.n)).group_by(
        cells.c.fact, cells.c.key, cells.c.days
    )
    return Counter({(f, k, d): int(n) for f, k, d, n in db.session.execute(query) if n})


def cases_apart(user: User) -> list[dict[str, Any]]:
    """Column values of the cases counted live: those of the user's statistics with an outcome
    dated before their start (their other facts are kept), found through the partial index
    of such cases (ix_cases_owner_started_after_concluded), never through the user's cases."""
    columns = [getattr(Case, name) for name in STAT_COLUMNS]
    early = select(Case.id, *columns).where(Case.started_on > Case.concluded_on)
    rows = {row[0]: row[1:] for row in db.session.execute(early)}
    if rows:
        members = select(CaseMember.case_id).where(
            CaseMember.user_id == user.id, CaseMember.case_id.in_(sorted(rows))
        )
        on_case = set(db.session.execute(members).scalars())
        country = user.country_iso3
        rows = {
            case_id: values
            for case_id, values in rows.items()
            if (country and values[0] == country) or case_id in on_case
        }
    return [dict(zip(STAT_COLUMNS, values, strict=True)) for values in rows.values()]


def _live(
    user: User,
    period: Period,
    apart: list[dict[str, Any]],
    facts: tuple[str, ...],
    cumulative: tuple[str, ...] = (),
) -> Tally:
    """The facts of the cases counted apart (`cases_apart`) that fall in the period."""
    wanted = set(facts) | set(cumulative)
    out: Tally = Counter()
    for case in apart:
        for fact in facts_of(case):
            if fact.fact not in wanted or stored(fact):
                continue
            start = None if fact.fact in cumulative else period.start
            if counts_in(fact, start, period.end):
                out[(fact.fact, fact.key, fact.days)] += 1
    return out


def tally(
    user: User,
    period: Period,
    apart: list[dict[str, Any]],
    facts: tuple[str, ...],
    cumulative: tuple[str, ...] = (),
) -> Tally:
    """(fact, key, days) -> cases of the user's statistics scope: `facts` in the period,
    `cumulative` ones from the beginning to the period's end; `apart`: `cases_apart(user)`."""
    out: Tally = Counter()
    if not user.may("stats.read"):
        return out
    reads = [(facts, spans(period.start, period.end, dekads=True))]
    if cumulative:
        reads.append((cumulative, spans(None, period.end, dekads=True)))
    with _serial():
        out += _stored(user, *reads)
    return out + _live(user, period, apart, facts, cumulative)


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


def _ranked(user: User, period: Period, facts: tuple[str, ...]) -> Any:
    """A query of (fact, key, days, running count, count, group's total) of the reader's
    statistics in the period at the ranks a summary reads. The buckets (BUCKET_DAYS) holding
    those ranks are found first from the cells' buckets; then the days of those few buckets
    are read by index, bucket by bucket (each numbered `hit`), and summed and ranked by that
    number rather than by the text of their fact and key."""
    holders = _holders(user)
    if not holders:
        return None
    coarse, fine = [], []
    for table, held, years in holders:
        cells = _grain_starts(spans(period.start, period.end, dekads=True), years)
        for (grain, sign), days in cells.items():
            where = [held, table.c.start.in_(days)]
            fine.append((table, sign, [*where, table.c.grain == grain]))
            where.append(table.c.fact.in_(facts))
            if grain in BUCKET_GRAINS:
                bucket_cells = table.c.grain == BUCKET_GRAINS[grain]
                coarse.append(_select_cells(table, sign, bucket_cells, *where))
            else:  # day cells: bucketed as read
                rows = _select_cells(table, sign, table.c.grain == grain, *where).subquery()
                coarse.append(
                    select(rows.c.fact, rows.c.key, bucket_of(rows.c.days).label("days"), rows.c.n)
                )
    buckets = _windowed(_union(coarse))
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


def _select_cells(table: Any, sign: int, *where: Any) -> Any:
    """fact, key, days and the count of `table`'s cells, negated for a sign of -1."""
    n = table.c.n if sign > 0 else (-table.c.n).label("n")
    return select(table.c.fact, table.c.key, table.c.days, n).where(*where)


def _histograms(
    user: User, period: Period, facts: tuple[str, ...], live: Tally
) -> dict[tuple[str, str], dict[int, int]]:
    counts = live + _stored(user, (facts, spans(period.start, period.end, dekads=True)))
    out: dict[tuple[str, str], dict[int, int]] = defaultdict(dict)
    for (fact, key, days), n in counts.items():
        if n:
            out[(fact, key)][days] = n
    return out


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


def summary(histogram: dict[int, int]) -> dict[str, Any]:
    """{n, median_days, p90_days} of a histogram of days, by the rules of `duration_summaries`."""
    ordered = sorted(histogram.items())

    def day_at(rank: int) -> int:
        seen = 0
        for days, count in ordered:
            seen += count
            if rank <= seen:
                return days
        raise ValueError(f"rank {rank} of {seen} values")

    return _summary(sum(histogram.values()), day_at)


def duration_summaries(
    user: User, period: Period, apart: list[dict[str, Any]], facts: tuple[str, ...]
) -> dict[str, dict[str, dict[str, Any]]]:
    """fact -> key -> {n, median_days, p90_days} of the durations in the period, by the rules
    of `stats_sql.duration_summaries` (the mean of the middle one or two values, p90 the
    ceil(0.9·n)-th smallest), read in SQL from the histograms of days: only the days at those
    ranks come back."""
    out: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    if not user.may("stats.read"):
        return out
    live = _live(user, period, apart, facts)
    if live:  # a few cases counted apart: the histograms, merged here
        for (fact, key), histogram in _histograms(user, period, facts, live).items():
            out[fact][key] = summary(histogram)
        return out
    found: dict[tuple[str, str], list[tuple[int, int, int, int]]] = defaultdict(list)
    with _serial():
        for fact, key, days, running, count, whole in _rank_rows(user, period, facts):
            found[(fact, key)].append((int(days), int(running), int(count), int(whole)))
    for (fact, key), rows in found.items():
        whole = rows[0][3]

        def at(rank: int, rows: list[tuple[int, int, int, int]] = rows) -> int:
            return next(d for d, running, count, _ in rows if running >= rank > running - count)

        out[fact][key] = _summary(whole, at)
    return out


def _rank_rows(user: User, period: Period, facts: tuple[str, ...]) -> Any:
    """(fact, key, days, running count, count, group's total) at the ranks a summary reads."""
    query = _ranked(user, period, facts)
    return [] if query is None else db.session.execute(query)


def by_fact(counts: Tally) -> dict[str, dict[str, dict[int, int]]]:
    """fact -> key -> days -> cases."""
    out: dict[str, dict[str, dict[int, int]]] = defaultdict(lambda: defaultdict(dict))
    for (fact, key, days), n in counts.items():
        if n:
            out[fact][key][days] = n
    return out
