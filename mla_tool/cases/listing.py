"""Lists of cases: filtering, searching, sorting and paging the cases a user may see."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Select, and_, exists, func, or_, select

from ..auth.models import User
from ..extensions import db
from . import workflow
from .access import accessible_clause, member_case_ids
from .dates import today
from .errors import CaseError
from .models import CASE_KINDS, DIRECTIONS, Case, Deadline
from .notify_events import URGENT_CASES_FIRST
from .search import case_search_clause

#: sort key -> the column it orders by (a leading "-" in the request means descending).
SORT_COLUMNS: dict[str, Any] = {
    "updated": Case.updated_at,
    "created": Case.created_at,
    "due": Case.due_date,
    "status": Case.status,
    "country": Case.counterpart_state,
    "reference": Case.reference,
    "id": Case.id,
}
DEFAULT_SORT = "-updated"
NULLABLE_SORTS = frozenset({"due", "reference"})


@dataclass
class CaseFilters:
    """What a list of cases asks for: filters, order and page."""

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


@dataclass
class CaseListPage:
    """One page of a list of cases, with the ids of those the user is a member of."""

    items: list[Case]
    page: int
    per_page: int
    has_next: bool
    total: int | None = None
    member_ids: set[int] = field(default_factory=set)


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
    return errors


def overdue_clause(on: date) -> Any:
    open_deadline = exists().where(
        Deadline.case_id == Case.id, Deadline.done.is_(False), Deadline.due_on < on
    )
    return and_(
        Case.status.not_in(workflow.FINISHED_STATUSES),
        or_(Case.due_date < on, open_deadline),
    )


def case_query(user: User, filters: CaseFilters, on: date | None = None) -> Select[Any]:
    query = select(Case).where(accessible_clause(user))
    if filters.status:
        query = query.where(Case.status == filters.status)
    if filters.direction:
        query = query.where(Case.direction == filters.direction)
    if filters.kind:
        query = query.where(Case.kind == filters.kind)
    if filters.country:
        query = query.where(Case.counterpart_state == filters.country.upper())
    if filters.assigned_to is not None:
        query = query.where(Case.assigned_to == filters.assigned_to)
    if filters.overdue:
        query = query.where(overdue_clause(on or today()))
    elif filters.overdue is False:
        query = query.where(~overdue_clause(on or today()))
    found = case_search_clause(user, filters.q)
    if found is not None:
        query = query.where(found)
    return query


def list_cases(
    user: User, filters: CaseFilters, *, with_total: bool = False, on: date | None = None
) -> CaseListPage:
    """One page of the cases the user may see; `has_next` without counting the whole set."""
    errors = validate_filters(filters)
    if errors:
        raise CaseError("invalid filters", errors)
    query = case_query(user, filters, on)
    total = None
    if with_total:
        total = db.session.execute(
            select(func.count()).select_from(query.order_by(None).subquery())
        ).scalar_one()
    column = SORT_COLUMNS[filters.sort.lstrip("-")]
    descending = filters.sort.startswith("-")
    direction = column.desc() if descending else column.asc()
    # cases with no due date (or reference) come after the others, both ways and on both databases
    order = [direction.nulls_last() if filters.sort.lstrip("-") in NULLABLE_SORTS else direction]
    if filters.sort == DEFAULT_SORT:  # urgent cases (preservation, custody, emergency) first
        order.insert(0, URGENT_CASES_FIRST)
    if column is not Case.id:
        order.append(Case.id.desc() if descending else Case.id.asc())
    rows = list(
        db.session.execute(
            query.order_by(*order)
            .limit(filters.per_page + 1)
            .offset((filters.page - 1) * filters.per_page)
        ).scalars()
    )
    items = rows[: filters.per_page]
    return CaseListPage(
        items=items,
        page=filters.page,
        per_page=filters.per_page,
        has_next=len(rows) > filters.per_page,
        total=total,
        member_ids=member_case_ids(user, (c.id for c in items)),
    )
