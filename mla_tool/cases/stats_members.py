"""Maintained statistics of the cases each user is on outside their authority (owned by another
one, or by none; every case they are on when they have none): the cells a reader's statistics
add to their authority's, kept with each membership, case change and move, and recounted."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from sqlalchemy import (
    ForeignKey,
    Integer,
    UniqueConstraint,
    delete,
    inspect,
    or_,
    select,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, mapped_column

from ..auth.models import User
from ..extensions import db
from .models import Case, CaseMember
from .stats_cells import (
    Cell,
    CellColumns,
    add_cells,
    day_cells,
    roll_up,
    stored_counts,
    write_cells,
)
from .stats_facts import STAT_COLUMNS


class CaseMemberStatCell(CellColumns, db.Model):
    """The number of cases that `user_id` is on outside their authority holding `fact` under
    `key` (and `days`) in the `grain` beginning on `start`, as `CaseStatCell` counts them."""

    __tablename__ = "case_member_stat_cells"
    __table_args__ = (
        UniqueConstraint(  # with the count: periods read from the index alone (0030)
            "user_id",
            "grain",
            "start",
            "fact",
            "key",
            "days",
            name="uq_case_member_stat_cells",
            postgresql_include=["n"],
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)


MEMBER_CELLS = CaseMemberStatCell.__table__
HOLDER = "user_id"
#: case id -> (its statistics columns, the (user id, user's country) of each person on it)
Members = dict[int, tuple[dict[str, Any], set[tuple[int, str | None]]]]


def outside(user_country: Any, owner_country: Any) -> Any:
    """SQL: a case of `owner_country` lies outside the authority of a user of `user_country`."""
    return or_(user_country.is_(None), owner_country.is_(None), owner_country != user_country)


def _pairs() -> Any:
    """(case id, user id, user's country, the case's columns) of each case and person on it
    outside their authority (one row however many roles they hold)."""
    columns = [Case.__table__.c[name] for name in STAT_COLUMNS]
    on_case = select(CaseMember.case_id, CaseMember.user_id).distinct().subquery()
    return (
        select(Case.id, User.id, User.country_iso3, *columns)
        .join(on_case, on_case.c.case_id == Case.id)
        .join(User, User.id == on_case.c.user_id)
        .where(outside(User.country_iso3, Case.owner_country))
    )


def _cells(rows: Iterable[Any], skip: set[int] | frozenset[int] = frozenset()) -> Counter[Cell]:
    days: Counter[Cell] = Counter()
    for _case_id, user_id, _country, *values in rows:
        if user_id not in skip:
            days.update(day_cells(user_id, dict(zip(STAT_COLUMNS, values, strict=True))))
    return days


def _rows_of_cases(connection: Connection, case_ids: set[int]) -> list[Any]:
    if not case_ids:
        return []
    return list(connection.execute(_pairs().where(Case.id.in_(sorted(case_ids)))))


def changed(case: Case) -> bool:
    """Whether a column the statistics read changed on this case."""
    state = inspect(case)
    return any(state.attrs[column].history.has_changes() for column in STAT_COLUMNS)


def _moved_authority(user: User, session: Any) -> bool:
    return user not in session.new and inspect(user).attrs.country_iso3.history.has_changes()


def _touched(session: Any) -> tuple[set[int], set[int]]:
    """The cases whose people's counts a flush may change (by their columns, people or
    deletion), and the users whose authority changes (recounted whole)."""
    cases: set[int] = set()
    users: set[int] = set()
    for item in (*session.new, *session.dirty, *session.deleted):
        if isinstance(item, CaseMember):
            history = inspect(item).attrs.case_id.history
            cases.update(history.added or (), history.unchanged or (), history.deleted or ())
        elif isinstance(item, Case) and (item in session.deleted or changed(item)):
            cases.add(item.id)
        elif isinstance(item, User) and _moved_authority(item, session):
            users.add(item.id)
    cases.discard(None)  # type: ignore[arg-type]
    return cases, users


_BEFORE = "stats_member_rows"


def rows_before_flush(session: Any) -> None:
    """Read the people outside their authority on each case the flush may change."""
    cases, _ = _touched(session)
    session.info[_BEFORE] = (cases, _rows_of_cases(session.connection(), cases))


def cells_after_flush(session: Any) -> None:
    """Move each touched case's counts from the people and columns it had to those it has;
    recount whole the users whose authority changed."""
    before_cases, before_rows = session.info.pop(_BEFORE, (set(), []))
    cases, users = _touched(session)
    connection = session.connection()
    after_rows = _rows_of_cases(connection, cases | before_cases)
    change = _cells(after_rows, users)
    change.subtract(_cells(before_rows, users))
    if change:
        add_cells(connection, MEMBER_CELLS, HOLDER, roll_up(change))
    if users:
        recount_users(connection, users)


def on_case_moved(case: Case, from_status: str, to_status: str) -> None:
    """The case moved by compare-and-set (stats_aggregates.on_case_moved): move the counts of
    the people on it outside their authority from its old status to its new one."""
    connection = db.session.connection()
    rows = _rows_of_cases(connection, {case.id})
    if not rows:
        return
    status = STAT_COLUMNS.index("status") + 3
    change = _cells(tuple(row[:status]) + (to_status,) + tuple(row[status + 1 :]) for row in rows)
    change.subtract(
        _cells(tuple(row[:status]) + (from_status,) + tuple(row[status + 1 :]) for row in rows)
    )
    add_cells(connection, MEMBER_CELLS, HOLDER, roll_up(change))


def recount(connection: Connection, users: set[int] | None = None) -> Counter[Cell]:
    """The cells of every user (or of `users`) counted from scratch."""
    query = _pairs()
    if users is not None:
        query = query.where(User.id.in_(sorted(users)))
    return roll_up(_cells(connection.execute(query.execution_options(yield_per=20_000))))


def recount_users(connection: Connection, users: set[int]) -> None:
    """Replace the cells of these users with a recount."""
    connection.execute(delete(MEMBER_CELLS).where(MEMBER_CELLS.c.user_id.in_(sorted(users))))
    add_cells(connection, MEMBER_CELLS, HOLDER, recount(connection, users))


def rebuild(connection: Connection) -> int:
    """Replace every user's cells with a recount; the number of cells written."""
    cells = recount(connection)
    connection.execute(delete(MEMBER_CELLS))
    write_cells(connection, MEMBER_CELLS, HOLDER, ((cell, n) for cell, n in cells.items() if n))
    return len(cells)


def stored_member_cells(connection: Connection) -> Counter[Cell]:
    """The users' cells as stored (zero counts left out): compared with `recount`."""
    return stored_counts(connection, MEMBER_CELLS, HOLDER)
