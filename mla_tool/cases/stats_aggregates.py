"""Maintained statistics: per authority, how many cases stand behind each fact (stats_facts) by
day, month, year and over all time, kept at every flush of a case and rebuilt from scratch."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from sqlalchemy import (
    Date,
    Index,
    Integer,
    String,
    UniqueConstraint,
    delete,
    event,
    inspect,
    select,
)
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .models import Case
from .stats_facts import STAT_COLUMNS, Fact, facts_of

#: The grains a fact is counted in, and the first day of the cell holding a day.
ALL_TIME = date(1, 1, 1)
GRAINS: dict[str, Any] = {
    "d": lambda day: day,
    "m": lambda day: day.replace(day=1),
    "y": lambda day: date(day.year, 1, 1),
    "a": lambda day: ALL_TIME,
}
Cell = tuple[str, str, date, str, str, int]  # owner_country, grain, start, fact, key, days


class CaseStatCell(db.Model):
    """The number of an authority's cases holding `fact` under `key` (and `days`, a duration;
    -1 for a count) whose day falls in the `grain` ("d", "m", "y", "a") beginning on `start`."""

    __tablename__ = "case_stat_cells"
    __table_args__ = (
        UniqueConstraint(
            "owner_country", "grain", "start", "fact", "key", "days", name="uq_case_stat_cells"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_country: Mapped[str] = mapped_column(String(3), nullable=False)
    grain: Mapped[str] = mapped_column(String(1), nullable=False)
    start: Mapped[date] = mapped_column(Date, nullable=False)
    fact: Mapped[str] = mapped_column(String(60), nullable=False)
    key: Mapped[str] = mapped_column(String(60), nullable=False)
    days: Mapped[int] = mapped_column(Integer, nullable=False)
    n: Mapped[int] = mapped_column(Integer, nullable=False)


CELLS = CaseStatCell.__table__
#: The few cases whose outcome is dated before their start, counted live (stats_read).
OUTCOME_BEFORE_START = Index(
    "ix_cases_owner_started_after_concluded",
    Case.owner_country,
    sqlite_where=Case.started_on > Case.concluded_on,
    postgresql_where=Case.started_on > Case.concluded_on,
)
CELL_COLUMNS = ("owner_country", "grain", "start", "fact", "key", "days", "n")


def stored(fact: Fact) -> bool:
    """Facts bounded by one day are stored; a fact whose two days differ (an outcome recorded
    before the start) is counted live from its case (ix_cases_owner_started_after_concluded)."""
    return fact.low is None or fact.low == fact.high


def day_cells(values: Mapping[str, Any]) -> Counter[Cell]:
    """The day cells of a case's stored facts (none when it has no owning authority)."""
    country = values["owner_country"]
    if not country:
        return Counter()
    return Counter(
        (country, "d", f.high, f.fact, f.key, f.days) for f in facts_of(values) if stored(f)
    )


def roll_up(days: Counter[Cell]) -> Counter[Cell]:
    """Day cells counted in every grain."""
    out: Counter[Cell] = Counter()
    for (country, _, day, fact, key, n_days), n in days.items():
        for grain, start_of in GRAINS.items():
            out[(country, grain, start_of(day), fact, key, n_days)] += n
    return out


def _insert(connection: Connection) -> Any:
    if connection.dialect.name == "postgresql":
        return postgresql_insert(CELLS)
    return sqlite_insert(CELLS)


def add_cells(connection: Connection, change: Counter[Cell]) -> None:
    """Add `change` to the stored counts (in a stable order, so that writers lock alike)."""
    rows = [
        dict(zip(CELL_COLUMNS, (*cell, n), strict=True))
        for cell, n in sorted(change.items())
        if n != 0
    ]
    if not rows:
        return
    statement = _insert(connection)
    statement = statement.on_conflict_do_update(
        index_elements=list(CELL_COLUMNS[:-1]), set_={"n": CELLS.c.n + statement.excluded.n}
    )
    connection.execute(statement, rows)


_OLD_VALUES = "stats_old_values"


def _current(case: Case) -> dict[str, Any]:
    return {column: getattr(case, column) for column in STAT_COLUMNS}


def _stored_values(session: Any, case_ids: list[int]) -> dict[int, dict[str, Any]]:
    """The statistics columns of these cases as the database holds them (before the flush)."""
    columns = [Case.__table__.c[name] for name in STAT_COLUMNS]
    table_id = Case.__table__.c.id
    rows = session.connection().execute(select(table_id, *columns).where(table_id.in_(case_ids)))
    return {row[0]: dict(zip(STAT_COLUMNS, row[1:], strict=True)) for row in rows}


def _changed(case: Case) -> bool:
    state = inspect(case)
    return any(state.attrs[column].history.has_changes() for column in STAT_COLUMNS)


def old_values_before_flush(session: Any, _context: Any, _instances: Any) -> None:
    """Read, before they are overwritten, the stored columns of the cases changed or deleted
    (an attribute set without being loaded has no old value in its history)."""
    changed = [c for c in session.dirty if isinstance(c, Case) and _changed(c)]
    gone = [c for c in session.deleted if isinstance(c, Case)]
    ids = [c.id for c in (*changed, *gone) if c.id is not None]
    session.info[_OLD_VALUES] = _stored_values(session, ids) if ids else {}


def cells_on_flush(session: Any, _context: Any) -> None:
    """Move each new, changed or deleted case's counts from its old facts to its new ones."""
    old = session.info.pop(_OLD_VALUES, {})
    change: Counter[Cell] = Counter()
    for case in session.new:
        if isinstance(case, Case):
            change.update(day_cells(_current(case)))
    for case in session.dirty:
        if isinstance(case, Case) and case.id in old:
            change.update(day_cells(_current(case)))
            change.subtract(day_cells(old[case.id]))
    for case in session.deleted:
        if isinstance(case, Case) and case.id in old:
            change.subtract(day_cells(old[case.id]))
    if change:
        add_cells(session.connection(), roll_up(change))


def on_case_moved(case: Case, event: Any, **_: Any) -> None:
    """A transition sets the status by compare-and-set (no ORM history): move the case's
    counts from its old status to its new one, its other columns flushed first."""
    db.session.flush()
    values = _current(case)
    change = day_cells({**values, "status": event.to_status})
    change.subtract(day_cells({**values, "status": event.from_status}))
    add_cells(db.session.connection(), roll_up(change))


def connect_stats_aggregates(session: Any) -> None:
    """Keep the statistics at every flush of `session` (a session, its class or scoped one)."""
    if not event.contains(session, "after_flush", cells_on_flush):
        event.listen(session, "before_flush", old_values_before_flush)
        event.listen(session, "after_flush", cells_on_flush)


def recount(connection: Connection) -> Counter[Cell]:
    """Every cell counted from scratch from the cases."""
    columns = [Case.__table__.c[name] for name in STAT_COLUMNS]
    days: Counter[Cell] = Counter()
    result = connection.execute(select(*columns).execution_options(yield_per=20_000))
    for row in result:
        days.update(day_cells(dict(zip(STAT_COLUMNS, row, strict=True))))
    return roll_up(days)


def _write(connection: Connection, cells: Iterable[tuple[Cell, int]]) -> None:
    if connection.dialect.name == "postgresql":
        raw = connection.connection.driver_connection
        with raw.cursor() as cursor:
            copy_sql = f"COPY case_stat_cells ({', '.join(CELL_COLUMNS)}) FROM STDIN"
            with cursor.copy(copy_sql) as copy:
                for cell, n in cells:
                    copy.write_row((*cell, n))
            # in the order they are read (a period's cells of one authority lie together)
            cursor.execute("CLUSTER case_stat_cells USING uq_case_stat_cells")
            cursor.execute("ANALYZE case_stat_cells")
        return
    rows = [dict(zip(CELL_COLUMNS, (*cell, n), strict=True)) for cell, n in cells]
    for first in range(0, len(rows), 5_000):
        connection.execute(CELLS.insert(), rows[first : first + 5_000])


def rebuild_with(connection: Connection) -> int:
    """Replace every cell with a count from scratch; the number of cells written."""
    cells = recount(connection)
    connection.execute(delete(CELLS))
    _write(connection, ((cell, n) for cell, n in cells.items() if n))
    return len(cells)


def stored_cells(connection: Connection) -> Counter[Cell]:
    """The cells as stored (zero counts left out): compared with `recount` by the tests."""
    rows = connection.execute(select(*(CELLS.c[name] for name in CELL_COLUMNS)))
    return Counter({tuple(row[:-1]): row[-1] for row in rows if row[-1]})
