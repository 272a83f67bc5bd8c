"""SQL pieces of the statistics: a period, days between two dates, median and p90 by group.

Everything is computed by the database (GROUP BY and window functions over indexed columns of
`cases`), never by loading the cases: the same queries hold for a million cases.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, case, func, literal, or_, select

from ..extensions import db
from .dates import parse_date
from .errors import CaseError
from .models import Case

UNSPECIFIED = "unspecified"


@dataclass(frozen=True)
class Period:
    """Days from `start` to `end`, both included; None: no bound on that side."""

    start: date | None = None
    end: date | None = None

    def within(self, column: Any) -> list[ColumnElement[bool]]:
        """Conditions that `column` (a date or datetime column) falls in the period."""
        conditions: list[ColumnElement[bool]] = []
        if self.start is not None:
            conditions.append(column >= self.start)
        if self.end is not None:
            conditions.append(column < self.end + timedelta(days=1))  # any time of its last day
        return conditions

    def as_dict(self) -> dict[str, str | None]:
        return {
            "from": self.start.isoformat() if self.start else None,
            "to": self.end.isoformat() if self.end else None,
        }


def parse_period(start: Any, end: Any) -> Period:
    """A period from two ISO dates (either may be empty); a bad date or order is a CaseError."""
    errors: dict[str, str] = {}
    first = parse_date(start, "from", errors) if start else None
    last = parse_date(end, "to", errors) if end else None
    if first is not None and last is not None and last < first:
        errors["to"] = "the end of the period cannot come before its start"
    if errors:
        raise CaseError("the period is not valid", errors)
    return Period(first, last)


#: PostgreSQL's array type of each column type of rows passed as parameters (`rows_source`).
ARRAY_TYPES = {"text": "TEXT[]", "date": "DATE[]", "int": "INTEGER[]"}


def rows_source(name: str, columns: dict[str, str], dialect: str) -> str:
    """SQL of a FROM item named `name` of rows passed as parameters (`rows_values`): on
    PostgreSQL each column an array (`:name_column`), unnested together; on SQLite one JSON array
    of rows (`:name`). A statement reading them keeps one text however many rows it is given,
    so that it is built and prepared once."""
    if dialect == "postgresql":
        arrays = ", ".join(f"CAST(:{name}_{c} AS {ARRAY_TYPES[t]})" for c, t in columns.items())
        return f"unnest({arrays}) AS {name}({', '.join(columns)})"
    fields = ", ".join(f"json_extract(value, '$[{n}]') AS {c}" for n, c in enumerate(columns))
    return f"(SELECT {fields} FROM json_each(:{name})) AS {name}"  # noqa: S608


def rows_values(
    name: str, columns: dict[str, str], rows: Iterable[Sequence[Any]], dialect: str
) -> dict[str, Any]:
    """The parameters of the rows of `rows_source` (dates as ISO text in SQLite's JSON)."""
    rows = list(rows)
    if dialect == "postgresql":
        return {f"{name}_{c}": [row[n] for row in rows] for n, c in enumerate(columns)}
    text = [[v.isoformat() if isinstance(v, date) else v for v in row] for row in rows]
    return {name: json.dumps(text)}


def _sqlite() -> bool:
    return db.engine.dialect.name == "sqlite"


def days_between(start: Any, end: Any) -> Any:
    """Whole days from the date `start` to the date `end`, in the database's own arithmetic."""
    if _sqlite():
        return func.julianday(end) - func.julianday(start)
    return end - start


def or_unspecified(column: Any) -> Any:
    """The column's value, or "unspecified" where the case records none."""
    return func.coalesce(column, literal(UNSPECIFIED))


def duration_summaries(
    where: list[Any], groups: list[Any] | None = None
) -> dict[tuple[Any, ...], dict[str, Any]]:
    """{group key tuple: {n, median_days, p90_days}} of days from `started_on` to
    `concluded_on` of the cases matching `where`.

    The median is the mean of the middle one or two values; p90 the nearest rank (the
    ceil(0.9·n)-th smallest), both read from ROW_NUMBER over each group in SQL.
    """
    groups = groups or []
    days = days_between(Case.started_on, Case.concluded_on)
    partition = groups or None
    keys = [g.label(f"g{i}") for i, g in enumerate(groups)]
    inner = (
        select(
            *keys,
            days.label("d"),
            func.row_number().over(partition_by=partition, order_by=days).label("rn"),
            func.count().over(partition_by=partition).label("n"),
        )
        .where(Case.started_on.is_not(None), Case.concluded_on.is_not(None), *where)
        .subquery()
    )
    rank, count, value = inner.c.rn, inner.c.n, inner.c.d
    middle = or_(rank == (count + 1) // 2, rank == (count + 2) // 2)
    group_columns = [inner.c[f"g{i}"] for i in range(len(groups))]
    query = select(
        *group_columns,
        func.max(count),
        func.avg(case((middle, value))),
        func.max(case((rank == (count * 9 + 9) // 10, value))),
    ).group_by(*group_columns)
    out: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in db.session.execute(query).all():
        *key, n, median, p90 = row
        if n is None:  # no group by and no case: the one row of NULLs
            continue
        out[tuple(key)] = {
            "n": int(n),
            "median_days": round(float(median), 2) if median is not None else None,
            "p90_days": round(float(p90), 2) if p90 is not None else None,
        }
    return out
