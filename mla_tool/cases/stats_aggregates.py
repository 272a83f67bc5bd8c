"""Maintained statistics: per authority, how many cases stand behind each fact (stats_facts) by
day, month, year and over all time, kept at every flush of a case and rebuilt from scratch."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from sqlalchemy import (
    Index,
    Integer,
    String,
    UniqueConstraint,
    delete,
    event,
    func,
    insert,
    literal,
    select,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from . import stats_members
from .models import Case
from .stats_cells import (
    BUCKET_GRAINS,
    HISTOGRAM_FACTS,
    Cell,
    CellColumns,
    bucket_of,
    roll_up,
    stored_counts,
    write_cells,
)
from .stats_cells import add_cells as add_to
from .stats_cells import day_cells as cells_of
from .stats_facts import STAT_COLUMNS


class CaseStatCell(CellColumns, db.Model):
    """The number of an authority's cases holding `fact` under `key` (and `days`, a duration;
    -1 for a count) whose day falls in the `grain` ("d", "m", "y", "a") beginning on `start`."""

    __tablename__ = "case_stat_cells"
    __table_args__ = (
        UniqueConstraint(  # with the count: periods read from the index alone (0030)
            "owner_country",
            "grain",
            "start",
            "fact",
            "key",
            "days",
            name="uq_case_stat_cells",
            postgresql_include=["n"],
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_country: Mapped[str] = mapped_column(String(3), nullable=False)


CELLS = CaseStatCell.__table__
#: The few cases whose outcome is dated before their start, counted live (stats_read).
OUTCOME_BEFORE_START = Index(
    "ix_cases_owner_started_after_concluded",
    Case.owner_country,
    sqlite_where=Case.started_on > Case.concluded_on,
    postgresql_where=Case.started_on > Case.concluded_on,
)
CELL_COLUMNS = ("owner_country", "grain", "start", "fact", "key", "days", "n")
HOLDER = "owner_country"


def day_cells(values: Mapping[str, Any]) -> Counter[Cell]:
    """The day cells of a case's stored facts (none when it has no owning authority)."""
    country = values["owner_country"]
    return cells_of(country, values) if country else Counter()


def add_cells(connection: Connection, change: Counter[Cell]) -> None:
    """Add `change` to the stored counts of the authorities."""
    add_to(connection, CELLS, HOLDER, change)


_OLD_VALUES = "stats_old_values"


def _current(case: Case) -> dict[str, Any]:
    return {column: getattr(case, column) for column in STAT_COLUMNS}


def _stored_values(session: Any, case_ids: list[int]) -> dict[int, dict[str, Any]]:
    """The statistics columns of these cases as the database holds them (before the flush)."""
    columns = [Case.__table__.c[name] for name in STAT_COLUMNS]
    table_id = Case.__table__.c.id
    rows = session.connection().execute(select(table_id, *columns).where(table_id.in_(case_ids)))
    return {row[0]: dict(zip(STAT_COLUMNS, row[1:], strict=True)) for row in rows}


def old_values_before_flush(session: Any, _context: Any, _instances: Any) -> None:
    """Read, before they are overwritten, the stored columns of the cases changed or deleted
    (an attribute set without being loaded has no old value in its history)."""
    changed = [c for c in session.dirty if isinstance(c, Case) and stats_members.changed(c)]
    gone = [c for c in session.deleted if isinstance(c, Case)]
    ids = [c.id for c in (*changed, *gone) if c.id is not None]
    session.info[_OLD_VALUES] = _stored_values(session, ids) if ids else {}
    stats_members.rows_before_flush(session)


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
    stats_members.cells_after_flush(session)


def on_case_moved(case: Case, event: Any, **_: Any) -> None:
    """A transition sets the status by compare-and-set (no ORM history): move the case's
    counts from its old status to its new one, its other columns flushed first."""
    db.session.flush()
    values = _current(case)
    change = day_cells({**values, "status": event.to_status})
    change.subtract(day_cells({**values, "status": event.from_status}))
    add_cells(db.session.connection(), roll_up(change))
    stats_members.on_case_moved(case, event.from_status, event.to_status)


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


def rebuild_authorities(connection: Connection) -> int:
    """Replace every authority's cell with a count from scratch; the number of cells written."""
    cells = recount(connection)
    connection.execute(delete(CELLS))
    write_cells(connection, CELLS, HOLDER, ((cell, n) for cell, n in cells.items() if n))
    return len(cells)


def count_buckets(connection: Connection, grains: tuple[str, ...] = ("m", "y", "a")) -> None:
    """Add the authorities' buckets of days (grains "M", "Y", "A": migration 0027's) summed
    from their month, year and all-time cells, as `roll_up` counts them."""
    n = func.sum(CELLS.c.n)
    keys = [CELLS.c.owner_country, CELLS.c.start, CELLS.c.fact, CELLS.c.key]
    for grain in grains:
        buckets_grain = BUCKET_GRAINS[grain]
        bucket = bucket_of(CELLS.c.days)
        buckets = (
            select(keys[0], literal(buckets_grain), *keys[1:], bucket, n)
            .where(CELLS.c.grain == grain, CELLS.c.fact.in_(sorted(HISTOGRAM_FACTS)))
            .group_by(*keys, bucket)
            .having(n != 0)
        )
        connection.execute(insert(CELLS).from_select(list(CELL_COLUMNS), buckets))


def rebuild_with(connection: Connection) -> int:
    """Replace every cell, the authorities' and the users' (stats_members), with a count from
    scratch; the number of cells written."""
    return rebuild_authorities(connection) + stats_members.rebuild(connection)


def stored_cells(connection: Connection) -> Counter[Cell]:
    """The cells as stored (zero counts left out): compared with `recount` by the tests."""
    return stored_counts(connection, CELLS, HOLDER)
