"""Lists of requests: those a user may see, their drafts, the requests filed in a case."""

from __future__ import annotations

from sqlalchemy import or_, select

from ..auth.models import User
from ..cases.access import accessible_clause
from ..cases.models import Case
from ..cases.search import request_search_clause
from ..extensions import db
from .access import EDITABLE_STATUSES
from .models import MlaRequest


def list_requests(
    user: User,
    kind: str | None = None,
    status: str | None = None,
    limit: int = 500,
    q: str | None = None,
) -> list[MlaRequest]:
    if not user.may("request.read"):
        return []
    visible_cases = select(Case.id).where(accessible_clause(user))
    query = select(MlaRequest).where(
        or_(MlaRequest.owner_id == user.id, MlaRequest.case_id.in_(visible_cases))
    )
    found = request_search_clause(q, MlaRequest.id)
    if found is not None:
        query = query.where(found)
    if kind:
        query = query.where(MlaRequest.kind == kind)
    if status:
        query = query.where(MlaRequest.status == status)
    query = query.order_by(MlaRequest.updated_at.desc(), MlaRequest.id.desc()).limit(limit)
    return list(db.session.execute(query).scalars())


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
