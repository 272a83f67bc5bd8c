"""Lists of requests: those a user may see, their drafts, the requests filed in a case."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, exists, or_, select

from ..auth.models import User
from ..cases.access import accessible_clause
from ..cases.models import Case
from ..cases.search import request_search_clause
from ..extensions import db
from ..keyset import CursorError, OrderKey, order_by, page_of, read_cursor, rows_after
from .access import EDITABLE_STATUSES
from .models import MlaRequest

#: The requests list reads its newest first (index ix_requests_updated), the id breaking ties.
ORDER_KEYS = (
    OrderKey(MlaRequest.updated_at, lambda r: r.updated_at, "datetime", descending=True),
    OrderKey(MlaRequest.id, lambda r: r.id, "int", descending=True),
)
ORDER_TAG = "requests"
PAGE_SIZE = 50


@dataclass
class RequestPage:
    """One page of the requests list, and the cursor of the next (None on the last)."""

    items: list[MlaRequest]
    next_cursor: str | None = None


def _visible(user: User, kind: str | None, status: str | None, q: str | None) -> Select[Any]:
    """The requests the user may see (their own, and those filed in a case they may see)."""
    # asked request by request while the list is read newest first (the OFFSET keeps
    # PostgreSQL from first collecting every case the user may see, as it does under an OR)
    visible_case = select(Case.id).where(Case.id == MlaRequest.case_id, accessible_clause(user))
    in_visible_case = exists(visible_case.offset(0))
    query = select(MlaRequest).where(or_(MlaRequest.owner_id == user.id, in_visible_case))
    found = request_search_clause(q, MlaRequest.id)
    if found is not None:
        query = query.where(found)
    if kind:
        query = query.where(MlaRequest.kind == kind)
    if status:
        query = query.where(MlaRequest.status == status)
    return query.order_by(*order_by(ORDER_KEYS))


def list_requests(
    user: User,
    kind: str | None = None,
    status: str | None = None,
    limit: int = 500,
    q: str | None = None,
) -> list[MlaRequest]:
    if not user.may("request.read"):
        return []
    return list(db.session.execute(_visible(user, kind, status, q).limit(limit)).scalars())


def requests_page(
    user: User,
    kind: str | None = None,
    status: str | None = None,
    cursor: str | None = None,
    per_page: int = PAGE_SIZE,
) -> RequestPage:
    """A page of the requests list, after `cursor` (keyset: any page costs what the first
    does); an unreadable cursor starts again from the first page."""
    if not user.may("request.read"):
        return RequestPage([])
    query = _visible(user, kind, status, None).limit(per_page + 1)
    if cursor:
        with contextlib.suppress(CursorError):
            query = query.where(rows_after(ORDER_KEYS, read_cursor(ORDER_TAG, ORDER_KEYS, cursor)))
    rows = list(db.session.execute(query).scalars())
    return RequestPage(*page_of(ORDER_TAG, ORDER_KEYS, rows, per_page))


def drafts_of(user: User, limit: int = 8) -> list[MlaRequest]:
    query = (
        select(MlaRequest)
        .where(MlaRequest.owner_id == user.id, MlaRequest.status.in_(EDITABLE_STATUSES))
        .order_by(MlaRequest.updated_at.desc(), MlaRequest.id.desc())
        .limit(limit)
    )
    return list(db.session.execute(query).scalars())


def requests_of_case(case_id: int) -> list[MlaRequest]:
    return list(
        db.session.execute(
            select(MlaRequest).where(MlaRequest.case_id == case_id).order_by(MlaRequest.id)
        ).scalars()
    )


def request_ids_of_case(case_id: int) -> list[int]:
    return list(
        db.session.execute(
            select(MlaRequest.id).where(MlaRequest.case_id == case_id).order_by(MlaRequest.id)
        ).scalars()
    )
