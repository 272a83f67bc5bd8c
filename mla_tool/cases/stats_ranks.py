"""The medians and p90s of the maintained statistics' histograms of days, ranked in SQL: the
buckets of days holding the ranks found from the cells' buckets, then the days of those few
buckets; and the cells of a period that both these and the counts (stats_read) add up, read by
statements of one text each, their cells passed as rows of parameters."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import Integer, TextClause, and_, literal_column, or_, text

from ..extensions import db
from .stats_aggregates import CELLS
from .stats_cells import BUCKET_DAYS, BUCKET_GRAINS, bucket_of
from .stats_members import MEMBER_CELLS
from .stats_spans import Span, spans, starts
from .stats_sql import Period, rows_source, rows_values

Tally = Counter[tuple[str, str, int]]  # (fact, key, days) -> cases


@dataclass(frozen=True)
class Held:
    """Whose cells a reader's statistics add up: their authority's (`country`) and their own
    (`user_id`: the cases they are on outside it), None for a holder holding none; and the
    first and last year either holds."""

    country: str | None
    user_id: int | None
    years: tuple[date, date]

    def parameters(self) -> dict[str, Any]:
        return {"country": self.country, "user_id": self.user_id}


#: (table, its holder's column, the parameter naming the holder) of both kinds of cells.
TABLES = ((CELLS.name, "owner_country", "country"), (MEMBER_CELLS.name, "user_id", "user_id"))
#: Columns of the rows passed as parameters: a period's cells (for the ranks, those other than
#: days, by their buckets' grain), each read for the facts listed under the same `read`
#: (crossed in SQL); for the ranks, its day cells (read whole for the facts listed) and its
#: cells other than days read again for the days of the buckets found (`fine`); and the facts
#: of the cases counted apart (`live`).
CELL_ROWS = {"grain": "text", "start": "date", "sign": "int", "read": "int"}
FACT_ROWS = {"fact": "text", "read": "int"}
DAY_ROWS = {"start": "date", "sign": "int"}
FINE_ROWS = {"grain": "text", "start": "date", "sign": "int"}
LIVE_ROWS = {"fact": "text", "key": "text", "days": "int", "n": "int"}


def grain_starts(period: list[Span], years: tuple[date, date]) -> dict[tuple[str, int], list[date]]:
    """(grain, sign) -> the first days of the period's cells of that grain and sign."""
    out: dict[tuple[str, int], list[date]] = defaultdict(list)
    for sign, grain, first, last in period:
        out[(grain, sign)] += starts(grain, first, last, years)
    return {grain: days for grain, days in out.items() if days}


def period_cells(period: list[Span], years: tuple[date, date]) -> list[tuple[str, date, int]]:
    """(grain, first day, sign) of each cell of the period (its years clipped to `years`)."""
    return [
        (grain, day, sign)
        for (grain, sign), days in grain_starts(period, years).items()
        for day in days
    ]


def held_cells(select_list: str, source: str, where: str, dialect: str) -> str:
    """SQL: the UNION ALL over both kinds of cells (x: fact, key, days, n) of `select_list`
    from `source` and the cells of the holder named by its parameter where `where` holds,
    looked up by index for each row of `source`: on PostgreSQL a LATERAL subquery that
    OFFSET 0 keeps from being flattened, which the planner can only run as a nested loop
    (never a hash join over every cell of a grain and day); SQLite keeps a CROSS JOIN's order.
    A holder passed as NULL reads nothing (PostgreSQL, planning each execution for its values,
    drops that branch)."""
    parts = []
    for table, column, parameter in TABLES:
        match = f"x.{column} = :{parameter} AND {where}"
        if dialect == "postgresql":
            cells = (
                f"CROSS JOIN LATERAL (SELECT x.fact, x.key, x.days, x.n FROM {table} AS x "  # noqa: S608
                f"WHERE {match} OFFSET 0) AS x"
            )
        else:
            cells = f"CROSS JOIN {table} AS x WHERE {match}"
        parts.append(f"SELECT {select_list} FROM {source} {cells}")  # noqa: S608
    return " UNION ALL ".join(parts)


def cells_and_facts(dialect: str) -> str:
    """SQL: the FROM items of the cells passed as parameters (c), each with the facts passed
    for its read (ft): a few cells and facts are passed, not their every pair."""
    cells, facts = rows_source("c", CELL_ROWS, dialect), rows_source("ft", FACT_ROWS, dialect)
    return f"{cells} JOIN {facts} ON ft.read = c.read"


def _sql(expression: Any) -> str:
    """SQL text of an expression of the statistics' own, for the statements written as text:
    one definition of a bucket and of the ranks, for the writes and the reads alike."""
    dialect = db.session.get_bind().dialect
    return str(expression.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))


def _bucket(days: str) -> str:
    """SQL: the bucket of the number of days `days` (`stats_cells.bucket_of`)."""
    return _sql(bucket_of(literal_column(days, Integer)))


def _holding_ranks(rows: str) -> str:
    """SQL: the rows of `rows` (cum, n, total) holding one of the ranks a summary reads
    (`_ranks`)."""
    total, cum, n = (
        literal_column(f"{rows}.{column}", Integer) for column in ("total", "cum", "n")
    )
    return _sql(or_(*(and_(cum >= rank, cum - n < rank) for rank in _ranks(total))))


@cache
def _ranks_statement(dialect: str) -> TextClause:
    """The ranks' query, one text per kind of database. The period's day cells (and the facts
    of the cases counted apart) are read once, whole (`day_rows`). The buckets (BUCKET_DAYS)
    holding the ranks are found first from the other cells' buckets and the day rows bucketed;
    then the days of those few buckets: the other cells' read by index, bucket by bucket (each
    numbered `hit`), the day rows' joined to the buckets found; all summed and ranked by that
    number rather than by the text of their fact and key."""
    days = rows_source("dc", DAY_ROWS, dialect)
    facts = rows_source("ft", FACT_ROWS, dialect)
    day_cells = held_cells(
        "x.fact, x.key, x.days, dc.sign * x.n AS n",
        f"{days} CROSS JOIN {facts}",
        "x.grain = 'd' AND x.start = dc.start AND x.fact = ft.fact",
        dialect,
    )
    bucket_cells = held_cells(
        "x.fact, x.key, x.days AS bucket, c.sign * x.n AS n",
        cells_and_facts(dialect),
        "x.grain = c.grain AND x.start = c.start AND x.fact = ft.fact",
        dialect,
    )
    low = f"h.bucket * {BUCKET_DAYS}"
    days_of_hits = held_cells(
        "h.hit, h.before, h.total, x.days, f.sign * x.n AS n",
        f"hits AS h CROSS JOIN {rows_source('f', FINE_ROWS, dialect)}",
        "x.grain = f.grain AND x.start = f.start AND x.fact = h.fact AND x.key = h.key "
        f"AND x.days BETWEEN {low} AND {low} + {BUCKET_DAYS - 1}",
        dialect,
    )
    return text(
        f"""WITH day_rows AS (
{day_cells}
UNION ALL SELECT lv.fact, lv.key, lv.days, lv.n FROM {rows_source("lv", LIVE_ROWS, dialect)}
), coarse AS (
{bucket_cells}
UNION ALL SELECT fact, key, {_bucket("days")}, n FROM day_rows
), buckets AS (
SELECT fact, key, bucket, CAST(sum(n) AS INTEGER) AS n FROM coarse
GROUP BY fact, key, bucket HAVING sum(n) <> 0
), windowed AS (
SELECT fact, key, bucket, n, sum(n) OVER (PARTITION BY fact, key ORDER BY bucket) AS cum,
sum(n) OVER (PARTITION BY fact, key) AS total FROM buckets
), hits AS (
SELECT row_number() OVER (ORDER BY fact, key, bucket) AS hit, fact, key, bucket,
cum - n AS before, total FROM windowed AS w WHERE {_holding_ranks("w")}
), fine AS (
{days_of_hits}
UNION ALL SELECT h.hit, h.before, h.total, d.days, d.n FROM day_rows AS d JOIN hits AS h
ON h.fact = d.fact AND h.key = d.key AND h.bucket = {_bucket("d.days")}
), grouped AS (
SELECT hit, before, total, days, CAST(sum(n) AS INTEGER) AS n FROM fine
GROUP BY hit, before, total, days HAVING sum(n) <> 0
), ranked AS (
SELECT hit, days, n, total, before + sum(n) OVER (PARTITION BY hit ORDER BY days) AS cum
FROM grouped
)
SELECT h.fact, h.key, r.days, r.cum, r.n, r.total FROM ranked AS r JOIN hits AS h
ON h.hit = r.hit WHERE {_holding_ranks("r")}"""  # noqa: S608
    )


def _ranked_rows(held: Held, period: Period, facts: tuple[str, ...], live: Tally) -> Any:
    """(fact, key, days, running count, count, group's total) of the reader's statistics in
    the period at the ranks a summary reads, with the `live` facts of the cases counted apart
    added as rows of parameters."""
    dialect = db.session.get_bind().dialect.name
    cells = period_cells(spans(period.start, period.end, dekads=True), held.years)
    days = [(day, sign) for g, day, sign in cells if g == "d"]
    others = [(g, day, sign) for g, day, sign in cells if g != "d"]
    coarse = [(BUCKET_GRAINS[g], day, sign, 0) for g, day, sign in others]
    extra = [(fact, key, days, n) for (fact, key, days), n in sorted(live.items()) if n]
    parameters = {
        **held.parameters(),
        **rows_values("dc", DAY_ROWS, days, dialect),
        **rows_values("c", CELL_ROWS, coarse, dialect),
        **rows_values("ft", FACT_ROWS, [(fact, 0) for fact in facts], dialect),
        **rows_values("f", FINE_ROWS, others, dialect),
        **rows_values("lv", LIVE_ROWS, extra, dialect),
    }
    return db.session.execute(_ranks_statement(dialect), parameters).all()


def _ranks(n: Any) -> tuple[Any, Any, Any]:
    """The ranks a summary reads, of n values: the middle one or two (the median is their
    mean) and the ceil(0.9·n)-th (p90)."""
    return (n + 1) // 2, (n + 2) // 2, (n * 9 + 9) // 10


def _summary(n: int, day_at: Callable[[int], int]) -> dict[str, Any]:
    """{n, median_days, p90_days}, with `day_at(rank)` the days of the rank-th smallest."""
    low, high, p90 = _ranks(n)
    return {
        "n": n,
        "median_days": round((day_at(low) + day_at(high)) / 2, 2),
        "p90_days": round(float(day_at(p90)), 2),
    }


def ranked_summaries(
    held: Held | None, period: Period, facts: tuple[str, ...], live: Tally
) -> dict[str, dict[str, dict[str, Any]]]:
    """fact -> key -> {n, median_days, p90_days} of the histograms of days of `facts` held by
    `held` in the period plus the `live` facts of the cases counted apart, read in SQL: only
    the days at the ranks a summary reads come back."""
    found: dict[tuple[str, str], list[tuple[int, int, int, int]]] = defaultdict(list)
    if held is None and not any(live.values()):
        rows: Any = []
    else:
        held = held or Held(None, None, (date.max, date.min))
        rows = _ranked_rows(held, period, facts, live)
    for fact, key, days, running, count, whole in rows:
        found[(fact, key)].append((int(days), int(running), int(count), int(whole)))
    out: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for (fact, key), ranked in found.items():

        def at(rank: int, rows: list[tuple[int, int, int, int]] = ranked) -> int:
            return next(d for d, running, count, _ in rows if running >= rank > running - count)

        out[fact][key] = _summary(ranked[0][3], at)
    return out
