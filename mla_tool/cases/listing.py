"""Lists of cases: filtering, searching, sorting and paging the cases a user may see."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import (
    Date,
    Index,
    Select,
    and_,
    bindparam,
    case,
    exists,
    func,
    literal_column,
    or_,
    select,
)
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import Grouping

from ..auth.models import User
from ..extensions import db
from ..keyset import CursorError, OrderKey, order_by, page_of, read_cursor, rows_after
from . import workflow
from .access import access_key, accessible_clause
from .dates import today
from .deadlines import passed_while_open
from .errors import CaseError
from .models import CASE_KINDS, DIRECTIONS, Case, CaseMember, Deadline
from .notify_events import URGENT_CASE_KINDS
from .search import case_search_clause

#: sort key -> (the column it orders by, how a cursor writes its value).
SORT_COLUMNS: dict[str, tuple[Any, str]] = {
    "updated": (Case.updated_at, "datetime"),
    "created": (Case.created_at, "datetime"),
    "due": (Case.due_date, "date"),
    "status": (Case.status, "str"),
    "country": (Case.counterpart_state, "str"),
    "reference": (Case.reference, "str"),
    "id": (Case.id, "int"),
}
DEFAULT_SORT = "-updated"
NULLABLE_SORTS = frozenset({"due", "reference"})
#: The API's `total` counts up to this many cases; beyond it, `total` is this number and
#: `total_exact` false (counting every one of a million cases costs more than the page).
TOTAL_CAP = 1_000

#: Urgent cases (preservation, custody, emergency) first: 0 before 1. Written with literal
#: constants so that the databases match it with the index below (bound parameters would not).
URGENT_RANK = case(
    (
        Case.kind.in_([literal_column(f"'{kind}'") for kind in sorted(URGENT_CASE_KINDS)]),
        literal_column("0"),
    ),
    else_=literal_column("1"),
)
#: The default order read off one index (migration 0023; an expression index, so left out of
#: the schema comparison: search_engine.INDEX_OBJECTS).
URGENT_UPDATED_INDEX = Index(
    "ix_cases_urgent_updated",
    Grouping(URGENT_RANK),  # PostgreSQL takes an expression in an index in parentheses
    Case.updated_at.desc(),
    Case.id.desc(),
    # a page's ids off the index alone, whatever it filters on (migrations 0024, 0032)
    postgresql_include=[
        "kind",
        "owner_country",
        "status",
        "direction",
        "counterpart_state",
        "due_date",
    ],
)


@dataclass
class CaseFilters:
    """What a list of cases asks for: filters, order and page (a number, or a cursor)."""

    status: str | None = None
    direction: str | None = None
    country: str | None = None
    kind: str | None = None
    assigned_to: int | None = None
    overdue: bool | None = None
    q: str | None = None
    sort: str = DEFAULT_SORT
    page: int = 1
    per_page: int = 25
    cursor: str | None = None


@dataclass
class CaseListPage:
    """One page of a list of cases, with the ids of those the user is a member of, the names of
    the people they are assigned to (display name, else email) and the ids of those with a
    deadline passed."""

    items: list[Case]
    page: int
    per_page: int
    has_next: bool
    total: int | None = None
    member_ids: set[int] = field(default_factory=set)
    next_cursor: str | None = None
    total_exact: bool = True
    assignee_names: dict[int, str] = field(default_factory=dict)
    #: The page's cases with an open deadline due before the day the list was read for.
    late_deadline_ids: set[int] = field(default_factory=set)


def validate_filters(filters: CaseFilters) -> dict[str, str]:
    errors: dict[str, str] = {}
    if filters.status and filters.status not in workflow.STATUSES:
        errors["status"] = "unknown status"
    if filters.direction and filters.direction not in DIRECTIONS:
        errors["direction"] = "outgoing or incoming"
    if filters.kind and filters.kind not in CASE_KINDS:
        errors["kind"] = "unknown kind"
    if filters.country and not re.fullmatch(r"[A-Za-z]{3}", filters.country):
        errors["country"] = "an ISO 3166-1 alpha-3 code"
    if filters.sort.lstrip("-") not in SORT_COLUMNS:
        errors["sort"] = f"one of {', '.join(SORT_COLUMNS)}"
    if filters.page < 1:
        errors["page"] = "from 1"
    if not 1 <= filters.per_page <= 200:
        errors["per_page"] = "between 1 and 200"
    if filters.cursor and not errors:
        try:
            read_cursor(filters.sort, order_keys(filters.sort), filters.cursor)
        except CursorError:
            errors["cursor"] = "a next_cursor of this list, with the same sort"
    return errors


def late_deadline_clause(on: Any) -> Any:
    """The case has an open deadline due before `on`. Asked case by case as a list walks its
    order (an OFFSET keeps PostgreSQL from hashing every overdue deadline first: 47,000 of them
    at 1M cases, 40 ms of a prosecutor's page; 6 ms probed)."""
    return exists(
        select(Deadline.id).where(Deadline.case_id == Case.id, passed_while_open(on)).offset(0)
    )


def overdue_clause(on: Any) -> Any:
    """Not finished, and due, or with an open deadline due, before `on`: what "overdue" means
    everywhere (the list's filter, the dashboard, a case's badge: `deadlines.is_overdue`)."""
    return and_(
        Case.status.not_in(workflow.FINISHED_STATUSES),
        or_(Case.due_date < on, late_deadline_clause(on)),
    )


#: The filters that test a column for equality: (field of CaseFilters, the column).
EQUAL_FILTERS: tuple[tuple[str, Any], ...] = (
    ("status", Case.status),
    ("direction", Case.direction),
    ("kind", Case.kind),
    ("country", Case.counterpart_state),
    ("assigned_to", Case.assigned_to),
)


def filter_values(filters: CaseFilters, on: date | None = None) -> dict[str, Any]:
    """The values of the filters that `filters` sets (search aside), by name: `on` is the day
    `overdue` counts from (today by default)."""
    values: dict[str, Any] = {
        name: getattr(filters, name)
        for name, _column in EQUAL_FILTERS
        if getattr(filters, name) or (name == "assigned_to" and filters.assigned_to is not None)
    }
    if "country" in values:
        values["country"] = values["country"].upper()
    if filters.overdue is not None:
        values["on"] = on or today()
    return values


def case_query(
    user: User, filters: CaseFilters, on: date | None = None, *, bound: bool = False
) -> Select[Any]:
    """The cases the user may see that `filters` selects. `bound`: the filters' values are left
    as named parameters (their names in `filter_values`), so that one statement serves any
    values of the same filters; a search is then left out."""
    values = filter_values(filters, on)
    value = (lambda name: bindparam(name, type_=Date)) if bound else values.__getitem__
    query = select(Case).where(accessible_clause(user))
    for name, column in EQUAL_FILTERS:
        if name in values:
            query = query.where(
                column == (bindparam(name, type_=column.type) if bound else values[name])
            )
    if filters.overdue:
        query = query.where(overdue_clause(value("on")))
    elif filters.overdue is False:
        query = query.where(~overdue_clause(value("on")))
    found = None if bound else case_search_clause(user, filters.q)
    if found is not None:
        query = query.where(found)
    return query


def order_keys(sort: str) -> list[OrderKey]:
    """The keys a sort reads cases in, the case id last so that the order is total."""
    name = sort.lstrip("-")
    descending = sort.startswith("-")
    column, kind = SORT_COLUMNS[name]
    keys = [
        OrderKey(
            column, lambda c, k=column.key: getattr(c, k), kind, descending, name in NULLABLE_SORTS
        )
    ]
    if sort == DEFAULT_SORT:  # urgent cases (preservation, custody, emergency) first
        keys.insert(0, OrderKey(URGENT_RANK, lambda c: 0 if c.kind in URGENT_CASE_KINDS else 1))
    if column is not Case.id:
        keys.append(OrderKey(Case.id, lambda c: c.id, "int", descending))
    return keys


def count_cases(user: User, filters: CaseFilters, cap: int | None = None) -> tuple[int, bool]:
    """How many cases the list holds, counted up to `cap` (TOTAL_CAP): (count, whether exact)."""
    cap = TOTAL_CAP if cap is None else cap
    query = case_query(user, filters).with_only_columns(Case.id).order_by(None).limit(cap + 1)
    counted = db.session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    return min(counted, cap), counted <= cap


def list_cases(
    user: User,
    filters: CaseFilters,
    *,
    with_total: bool = False,
    on: date | None = None,
    as_rows: bool = False,
) -> CaseListPage:
    """One page of the cases the user may see; `has_next` without counting the whole set.

    A page is read after `filters.cursor` (keyset: the next page costs what the first one
    does) or, without a cursor, at `filters.page` (OFFSET, kept for links and clients that
    count pages). `as_rows`: the items are rows of what the list page shows (`LIST_ROWS`:
    the columns of `LIST_COLUMNS`, `member` and `assignee_name`) rather than `Case` objects."""
    errors = validate_filters(filters)
    if errors:
        raise CaseError("invalid filters", errors)
    total, exact = count_cases(user, filters) if with_total else (None, True)
    keys = order_keys(filters.sort)
    # the ids first (off the index alone where it can), then those cases only
    ids = list(_read_columns(*_page_ids(user, filters, on, keys)).scalars())
    read, statement, case_of = (
        (_read_columns, LIST_ROWS, _itself)
        if as_rows
        else (db.session.execute, PAGE_ROWS, _its_case)
    )
    params = {"user_id": user.id, "ids": ids, "on": on or today()}
    found = {case_of(row).id: row for row in read(statement, params)}
    rows = [found[case_id] for case_id in ids if case_id in found]
    items, next_cursor = page_of(
        filters.sort, keys, [case_of(row) for row in rows], filters.per_page
    )
    rows = rows[: len(items)]
    return CaseListPage(
        items=items,
        page=filters.page,
        per_page=filters.per_page,
        has_next=next_cursor is not None,
        total=total,
        total_exact=exact,
        member_ids={case_of(row).id for row in rows if row.member},
        next_cursor=next_cursor,
        assignee_names={
            case_of(row).assigned_to: row.assignee_name for row in rows if row.assignee_name
        },
        late_deadline_ids={case_of(row).id for row in rows if row.late_deadline},
    )


#: The statements of a page's ids without a search or a cursor, by what they are built from:
#: what `accessible_clause` reads of the user (`access.access_key`), the sort and the filters
#: set; the filters' values, the page's size and its offset are their parameters. The same
#: list asked again (its pages, a reload, its filters' other values) is neither built nor keyed
#: by SQLAlchemy again, which cost several times what reading the ids does.
_IDS_STATEMENTS: dict[tuple[Any, ...], Select[Any]] = {}
#: Statements kept before starting anew.
IDS_STATEMENTS_KEPT = 2048


def _page_ids(
    user: User, filters: CaseFilters, on: date | None, keys: list[OrderKey]
) -> tuple[Select[Any], dict[str, Any]]:
    """The statement reading the ids of the page `filters` asks for, and its parameters."""
    if filters.q or filters.cursor:  # conditions holding their values: built for the page
        query = case_query(user, filters, on).order_by(*order_by(keys))
        query = query.limit(filters.per_page + 1)
        if filters.cursor:
            query = query.where(rows_after(keys, read_cursor(filters.sort, keys, filters.cursor)))
        else:
            query = query.offset((filters.page - 1) * filters.per_page)
        return query.with_only_columns(Case.id), {}
    values = filter_values(filters, on)
    key = (*access_key(user), filters.sort, filters.overdue, tuple(values))
    statement = _IDS_STATEMENTS.get(key)
    if statement is None:
        if len(_IDS_STATEMENTS) >= IDS_STATEMENTS_KEPT:
            _IDS_STATEMENTS.clear()
        statement = _IDS_STATEMENTS[key] = (
            case_query(user, filters, bound=True)
            .order_by(*order_by(keys))
            .limit(bindparam("limit"))
            .offset(bindparam("offset"))
            .with_only_columns(Case.id)
        )
    page = {"limit": filters.per_page + 1, "offset": (filters.page - 1) * filters.per_page}
    return statement, {**values, **page}


def _read_columns(statement: Select[Any], params: dict[str, Any]) -> Any:
    """The rows of a statement of columns (no ORM objects), read on the session's connection
    after the session's autoflush, as `db.session.execute` reads them but without the ORM's
    handling of each execution (a third of the time of reading a page's ids and rows)."""
    session = db.session
    if session.autoflush:
        session.flush()
    return session.connection().execute(statement, params)


def _its_case(row: Any) -> Any:
    return row.Case


def _itself(row: Any) -> Any:
    return row


#: The person a case is assigned to, beside the case (`PAGE_ROWS`).
_ASSIGNEE = aliased(User, name="assignee")


def _page_rows(*shown: Any) -> Select[Any]:
    """The cases of a page (`ids`) as `shown` with, in the same query, whether the user
    (`user_id`) is on each (as `access.member_clause`), whether a deadline of each passed before
    `on`, and the name of its assignee: what the list shows beside each case. Built once, so that
    SQLAlchemy neither builds nor keys it per page."""
    return (
        select(
            *shown,
            exists()
            .where(CaseMember.user_id == bindparam("user_id"), CaseMember.case_id == Case.id)
            .label("member"),
            late_deadline_clause(bindparam("on", type_=Date)).label("late_deadline"),
            func.coalesce(func.nullif(_ASSIGNEE.display_name, ""), _ASSIGNEE.email).label(
                "assignee_name"
            ),
        )
        .outerjoin(_ASSIGNEE, _ASSIGNEE.id == Case.assigned_to)
        .where(Case.id.in_(bindparam("ids", expanding=True)))
    )


#: What the list page shows of a case, and the keys of every sort (a page's next cursor).
LIST_COLUMNS = (
    Case.id,
    Case.reference,
    Case.title,
    Case.confidential,
    Case.direction,
    Case.kind,
    Case.counterpart_state,
    Case.status,
    Case.assigned_to,
    Case.due_date,
    Case.created_at,
    Case.updated_at,
)
#: A page's cases as whole `Case` objects (the API), or as rows of `LIST_COLUMNS` (the list
#: page: plain rows cost a fraction of loading objects), each with `member` and `assignee_name`.
PAGE_ROWS = _page_rows(Case)
LIST_ROWS = _page_rows(*LIST_COLUMNS)
