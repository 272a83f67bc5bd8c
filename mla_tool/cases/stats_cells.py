"""Cells of the maintained statistics, whoever holds them (an authority, a user): a case's
facts by day, rolled up into months, years and all time, added to a table of counts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from sqlalchemy import (
    Date,
    Integer,
    String,
    Table,
    cast,
    delete,
    extract,
    func,
    insert,
    literal,
    select,
)
from sqlalchemy import case as sql_case
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, mapped_column

from .stats_facts import STATS_DURATION_FACTS, UNTOC_DURATION_FACTS, Fact, facts_of


class CellColumns:
    """The columns of a cell after its holder's (CELL_KEY and the count), mixed into the table of
    each kind of holder: an authority's cells and a user's are named alike."""

    grain: Mapped[str] = mapped_column(String(1), nullable=False)
    start: Mapped[date] = mapped_column(Date, nullable=False)
    fact: Mapped[str] = mapped_column(String(60), nullable=False)
    key: Mapped[str] = mapped_column(String(60), nullable=False)
    days: Mapped[int] = mapped_column(Integer, nullable=False)
    n: Mapped[int] = mapped_column(Integer, nullable=False)


#: The grains a fact is counted in, and the first day of the cell holding a day.
ALL_TIME = date(1, 1, 1)


def dekad_of(day: date) -> date:
    """The first day of the ten days holding `day`: the 1st, 11th or 21st (to the month's end)."""
    return day.replace(day=min(21, day.day - (day.day - 1) % 10))


GRAINS: dict[str, Any] = {
    "d": lambda day: day,
    "t": dekad_of,
    "m": lambda day: day.replace(day=1),
    "y": lambda day: date(day.year, 1, 1),
    "a": lambda day: ALL_TIME,
}
#: Histograms of days by month, year and all time are also kept in buckets of this many days
#: (grains "M", "Y", "A"; `days` the bucket: days // BUCKET_DAYS), so that a rank is found in a
#: few buckets, then in their days.
BUCKET_DAYS = 32
BUCKET_GRAINS: dict[str, str] = {"t": "T", "m": "M", "y": "Y", "a": "A"}
HISTOGRAM_FACTS = frozenset((*STATS_DURATION_FACTS, *UNTOC_DURATION_FACTS))
#: The columns naming a cell after its holder's, and the count.
CELL_KEY = ("grain", "start", "fact", "key", "days")
Cell = tuple[Any, str, date, str, str, int]  # holder, grain, start, fact, key, days


def stored(fact: Fact) -> bool:
    """Facts bounded by one day are stored; a fact whose two days differ (an outcome recorded
    before the start) is counted live from its case (stats_read)."""
    return fact.low is None or fact.low == fact.high


def day_cells(holder: Any, values: Mapping[str, Any]) -> Counter[Cell]:
    """The day cells of the stored facts of a case (column values `STAT_COLUMNS`), held by
    `holder`."""
    return Counter(
        (holder, "d", f.high, f.fact, f.key, f.days) for f in facts_of(values) if stored(f)
    )


def roll_up(days: Counter[Cell]) -> Counter[Cell]:
    """Day cells counted in every grain, and the histograms' in all-time buckets."""
    out: Counter[Cell] = Counter()
    for (holder, _, day, fact, key, n_days), n in days.items():
        for grain, start_of in GRAINS.items():
            out[(holder, grain, start_of(day), fact, key, n_days)] += n
            if fact in HISTOGRAM_FACTS and grain in BUCKET_GRAINS:
                bucket = (BUCKET_GRAINS[grain], start_of(day), fact, key, n_days // BUCKET_DAYS)
                out[(holder, *bucket)] += n
    return out


def bucket_of(days: Any) -> Any:
    """SQL: the bucket of a number of days, days // BUCKET_DAYS rounded down as in Python
    (SQL's division truncates)."""
    return sql_case(
        (days >= 0, days // BUCKET_DAYS), else_=-((BUCKET_DAYS - 1 - days) // BUCKET_DAYS)
    )


def _dekad_sql(start: Any, dialect: str) -> Any:
    """SQL: the first day of the ten days holding the day `start` (`dekad_of`)."""
    if dialect == "postgresql":
        day = extract("day", start)
        month = cast(func.date_trunc("month", start), Date)
        return cast(month + sql_case((day >= 21, 20), (day >= 11, 10), else_=0), Date)
    day = cast(func.substr(start, 9, 2), Integer)  # SQLite: dates are YYYY-MM-DD text
    return func.substr(start, 1, 8).concat(
        sql_case((day >= 21, "21"), (day >= 11, "11"), else_="01")
    )


def count_dekads(connection: Connection, table: Table, holder: str) -> None:
    """Replace the cells of tens of days (grain "t", migrations 0029 and 0031) and the
    histograms' buckets of them ("T") with their sums from the day cells, as `roll_up` counts
    them."""
    connection.execute(delete(table).where(table.c.grain.in_(("t", "T"))))
    columns = [holder, "grain", "start", "fact", "key", "days", "n"]
    n = func.sum(table.c.n)
    start = _dekad_sql(table.c.start, connection.dialect.name)
    keys = [table.c[holder], start, table.c.fact, table.c.key, table.c.days]
    dekads = (
        select(keys[0], literal("t"), *keys[1:], n)
        .where(table.c.grain == "d")
        .group_by(*keys)
        .having(n != 0)
    )
    connection.execute(insert(table).from_select(columns, dekads))
    bucket = bucket_of(table.c.days)
    keys = [table.c[holder], table.c.start, table.c.fact, table.c.key]
    buckets = (
        select(keys[0], literal(BUCKET_GRAINS["t"]), *keys[1:], bucket, n)
        .where(table.c.grain == "t", table.c.fact.in_(sorted(HISTOGRAM_FACTS)))
        .group_by(*keys, bucket)
        .having(n != 0)
    )
    connection.execute(insert(table).from_select(columns, buckets))


def _insert(connection: Connection, table: Table) -> Any:
    if connection.dialect.name == "postgresql":
        return postgresql_insert(table)
    return sqlite_insert(table)


def add_cells(connection: Connection, table: Table, holder: str, change: Counter[Cell]) -> None:
    """Add `change` to the counts of `table` (holder column `holder`), in a stable order so
    that writers lock alike."""
    columns = (holder, *CELL_KEY, "n")
    rows = [dict(zip(columns, (*cell, n), strict=True)) for cell, n in sorted(change.items()) if n]
    if not rows:
        return
    statement = _insert(connection, table)
    statement = statement.on_conflict_do_update(
        index_elements=list(columns[:-1]), set_={"n": table.c.n + statement.excluded.n}
    )
    connection.execute(statement, rows)


def write_cells(
    connection: Connection, table: Table, holder: str, cells: Iterable[tuple[Cell, int]]
) -> None:
    """Append counted cells to an emptied table (COPY on PostgreSQL, then put in index order:
    a period's cells of one holder lie together on disk)."""
    columns = (holder, *CELL_KEY, "n")
    if connection.dialect.name == "postgresql":
        raw = connection.connection.driver_connection
        with raw.cursor() as cursor:
            with cursor.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
                for cell, n in cells:
                    copy.write_row((*cell, n))
            unique = next(c.name for c in table.constraints if c.name and c.name.startswith("uq_"))
            cursor.execute(f"CLUSTER {table.name} USING {unique}")
            cursor.execute(f"ANALYZE {table.name}")
        return
    rows = [dict(zip(columns, (*cell, n), strict=True)) for cell, n in cells]
    for first in range(0, len(rows), 5_000):
        connection.execute(table.insert(), rows[first : first + 5_000])


def stored_counts(connection: Connection, table: Table, holder: str) -> Counter[Cell]:
    """The cells of `table` as stored (zero counts left out): compared with a recount."""
    columns = (holder, *CELL_KEY, "n")
    rows = connection.execute(select(*(table.c[name] for name in columns)))
    return Counter({tuple(row[:-1]): row[-1] for row in rows if row[-1]})
