"""JSON API endpoints of the cases domain (registered on the shared /api/v1 blueprint)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..api.errors import ApiError
from ..api.routing import api_route
from ..auth.models import User
from ..errors import NotFoundError
from ..schema_types import IsoDate, QueryDate, RowId, StateCode, UtcDateTime
from . import (
    access,
    deadlines,
    errors,
    hooks,
    listing,
    membership,
    opening,
    stats,
    timeline,
    transitions,
)
from .authority import colleague_by_id
from .milestones import REFUSAL_GROUNDS
from .models import CASE_KINDS, Case, CaseEvent
from .stats_sql import Period
from .transmission import FIRST_SENDING_STATUS, MOVES_WITH_OWN_FORM
from .transmission_api import MoveTransmission, record_from_body
from .untoc_report import untoc_report
from .workflow import STATUSES

Direction = Literal["outgoing", "incoming"]
Kind = Literal[CASE_KINDS]  # type: ignore[valid-type]
Status = Literal[STATUSES]  # type: ignore[valid-type]
RefusalGround = Literal[tuple(REFUSAL_GROUNDS)]  # type: ignore[valid-type]
SortKey = Literal[tuple(f"{sign}{key}" for key in listing.SORT_COLUMNS for sign in ("", "-"))]  # type: ignore[valid-type]


class CaseCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    direction: Direction
    kind: Kind
    counterpart_state: StateCode
    title: str = Field(min_length=1, max_length=300)
    reference: str | None = Field(default=None, max_length=120)
    due_date: IsoDate | None = None
    confidential: bool = False
    assigned_to: RowId | None = Field(default=None, description="user id to assign the case to")


class CaseListQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    status: Status | None = None
    direction: Direction | None = None
    country: StateCode | None = None
    kind: Kind | None = None
    assigned_to: RowId | None = None
    overdue: bool | None = None
    q: str | None = Field(default=None, max_length=200)
    sort: SortKey = listing.DEFAULT_SORT  # type: ignore[assignment]
    page: int = Field(default=1, ge=1, le=100_000)
    per_page: int = Field(default=25, ge=1, le=200)
    cursor: str | None = Field(
        default=None,
        max_length=500,
        description="the next_cursor of the previous page (same filters and sort): the page "
        "after it, read from the index whatever its depth; `page` is then only echoed",
    )


class TransitionBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    to: Status
    note: str | None = Field(default=None, max_length=5000)
    field_comments: dict[str, str] | None = Field(
        default=None, description="field -> comment, when returning a draft for correction"
    )
    refusal_ground: RefusalGround | None = Field(
        default=None, description="when refusing: the ground, for the statistics"
    )
    transmission: MoveTransmission | None = Field(
        default=None,
        description="moving to transmitted: what went, how and when (recorded as a transmission)",
    )
    expected_status: Status | None = Field(
        default=None,
        description="the status the client last saw: when the case has moved since, nothing "
        "changes and the answer is a 409 (status_changed)",
    )


class CaseOut(BaseModel):
    id: int
    direction: str
    kind: str
    counterpart_state: str
    title: str | None = Field(description="null for a confidential case you are not a member of")
    reference: str | None
    assigned_to: int | None
    created_by: int | None
    due_date: date | None
    status: str
    confidential: bool
    overdue: bool = Field(
        description="the case is open and its due date, or one of its open deadlines, passed "
        "(what the overdue filter selects)"
    )
    created_at: UtcDateTime
    updated_at: UtcDateTime
    is_sample: bool
    request_ids: list[int] = Field(default_factory=list)
    allowed_transitions: list[str] = Field(default_factory=list)


class CaseListOut(BaseModel):
    items: list[CaseOut]
    page: int
    per_page: int
    total: int = Field(
        description=f"the cases matching, counted up to {listing.TOTAL_CAP:,}: beyond that, "
        "this number with total_exact false"
    )
    has_next: bool
    total_exact: bool = Field(
        description=f"false when more than {listing.TOTAL_CAP:,} cases match (total is the cap)"
    )
    next_cursor: str | None = Field(
        description="pass as `cursor` for the next page (null on the last page)"
    )


class EventOut(BaseModel):
    id: int
    case_id: int
    at: UtcDateTime
    actor_id: int | None
    type: str
    from_status: str | None
    to_status: str | None
    note: str | None
    details: dict[str, Any]


@contextmanager
def _as_api_errors() -> Iterator[None]:
    try:
        yield
    except NotFoundError as error:
        raise ApiError(404, "not_found", "no such case") from error
    except errors.TransitionError as error:
        raise ApiError(409, error.code, error.message, error.fields) from error
    except errors.CaseError as error:
        raise ApiError(422, "validation_error", error.message, error.fields) from error


def case_out(
    case: Case,
    user: User,
    *,
    full: bool = False,
    member_ids: set[int] | None = None,
    late_deadline_ids: set[int] | None = None,
) -> CaseOut:
    """The case as the API gives it; `member_ids` and `late_deadline_ids` as read with its page
    (`listing.CaseListPage`), asked for this case when not given."""
    visible = access.title_visible(user, case, member_ids)
    late = None if late_deadline_ids is None else case.id in late_deadline_ids
    return CaseOut(
        id=case.id,
        direction=case.direction,
        kind=case.kind,
        counterpart_state=case.counterpart_state,
        title=case.title if visible or full else None,
        reference=case.reference,
        assigned_to=case.assigned_to,
        created_by=case.created_by,
        due_date=case.due_date,
        status=case.status,
        confidential=case.confidential,
        overdue=deadlines.is_overdue(case, late_deadline=late),
        created_at=case.created_at,
        updated_at=case.updated_at,
        is_sample=case.is_sample,
        request_ids=hooks.request_ids(case) if full else [],
        allowed_transitions=transitions.allowed_transitions(case, user) if full else [],
    )


def event_out(event: CaseEvent) -> EventOut:
    return EventOut(
        id=event.id,
        case_id=event.case_id,
        at=event.at,
        actor_id=event.actor_id,
        type=event.type,
        from_status=event.from_status,
        to_status=event.to_status,
        note=event.note,
        details=event.details or {},
    )


@api_route(
    "/cases",
    "POST",
    summary="Open a case (outgoing starts as draft, incoming as received)",
    tag="cases",
    body=CaseCreate,
    response=CaseOut,
    permission="case.create",
    status=201,
    error_statuses=(403, 422),
)
def create_case(user: User, body: CaseCreate) -> CaseOut:
    if body.direction == "incoming" and not user.may("case.register_incoming"):
        raise ApiError(403, "forbidden", "only a caseworker registers incoming requests")
    with _as_api_errors():
        case = opening.open_case(
            direction=body.direction,
            kind=body.kind,
            counterpart_state=body.counterpart_state,
            title=body.title,
            actor=user,
            reference=body.reference,
            due_date=body.due_date,
            confidential=body.confidential,
        )
        if body.assigned_to is not None:
            assignee = colleague_by_id(case, body.assigned_to)
            if assignee is None:
                raise errors.CaseError("no such user", {"assigned_to": "no such user"})
            membership.assign(case, assignee, user)
    return case_out(case, user, full=True)


@api_route(
    "/cases",
    summary="Cases you may see, filtered, sorted and paginated",
    tag="cases",
    query=CaseListQuery,
    response=CaseListOut,
    permission="case.read",
    error_statuses=(422,),
)
def list_cases(user: User, query: CaseListQuery) -> CaseListOut:
    filters = listing.CaseFilters(**query.model_dump())
    with _as_api_errors():
        page = listing.list_cases(user, filters, with_total=True)
    return CaseListOut(
        items=[
            case_out(c, user, member_ids=page.member_ids, late_deadline_ids=page.late_deadline_ids)
            for c in page.items
        ],
        page=page.page,
        per_page=page.per_page,
        total=page.total or 0,
        has_next=page.has_next,
        total_exact=page.total_exact,
        next_cursor=page.next_cursor,
    )


@api_route(
    "/cases/<int:case_id>",
    summary="One case, with its requests and the transitions open to you",
    tag="cases",
    response=CaseOut,
    permission="case.read",
    error_statuses=(404,),
)
def get_case(user: User, case_id: int) -> CaseOut:
    with _as_api_errors():
        case = access.get_case_for(user, case_id)
        access.record_confidential_view(user, case)
    return case_out(case, user, full=True)


@api_route(
    "/cases/<int:case_id>/transitions",
    "POST",
    summary="Change the status of a case (an illegal transition is a 409)",
    tag="cases",
    body=TransitionBody,
    response=EventOut,
    permission="case.read",
    status=201,
    error_statuses=(404, 409, 422),
)
def post_transition(user: User, case_id: int, body: TransitionBody) -> EventOut:
    with _as_api_errors():
        case = access.get_case_for(user, case_id)
        if body.to in MOVES_WITH_OWN_FORM and case.status == FIRST_SENDING_STATUS:
            return _transmit(case, user, body)
        if body.transmission is not None:
            raise errors.CaseError(
                "only a move to transmitted records a transmission", {"transmission": "not here"}
            )
        details: dict[str, Any] = (
            {"field_comments": body.field_comments} if body.field_comments else {}
        )
        if body.refusal_ground:
            details["refusal_ground"] = body.refusal_ground
        event = transitions.transition(
            case,
            body.to,
            user,
            note=body.note,
            details=details or None,
            expected_status=body.expected_status,
        )
    return event_out(event)


def _transmit(case: Case, user: User, body: TransitionBody) -> EventOut:
    """The move to transmitted records the transmission its body describes."""
    if body.transmission is None:
        raise errors.CaseError(
            "moving to transmitted records a transmission: give its sent_on, channel and reference",
            {"transmission": "required"},
        )
    if body.expected_status is not None and body.expected_status != case.status:
        raise errors.TransitionError(
            "status_changed", "the case has moved meanwhile", {"to": "not changed"}
        )
    given = body.transmission.model_copy(update={"note": body.transmission.note or body.note})
    row = record_from_body(case, user, given)
    moved = next(
        e
        for e in timeline.events_of(case, limit=20)
        if e.type == "transition" and (e.details or {}).get("transmission_id") == row.id
    )
    return event_out(moved)


@api_route(
    "/cases/<int:case_id>/events",
    summary="The timeline of a case, newest first",
    tag="cases",
    response=list[EventOut],
    permission="case.read",
    error_statuses=(404,),
)
def get_events(user: User, case_id: int) -> list[dict[str, Any]]:
    with _as_api_errors():
        case = access.get_case_for(user, case_id)
    return [event_out(e).model_dump(mode="json") for e in timeline.events_of(case)]


class PeriodQuery(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    start: QueryDate | None = Field(default=None, alias="from", description="first day, included")
    end: QueryDate | None = Field(default=None, alias="to", description="last day, included")

    def period(self) -> Period:
        if self.start and self.end and self.end < self.start:
            raise ApiError(422, "validation_error", "the period ends before it starts", {"to": ""})
        return Period(self.start, self.end)


@api_route(
    "/stats",
    summary="Counts by status, kind, direction, state and month of the cases opened in the "
    "period; durations (median, p90) by state and kind of those that ended in it",
    tag="cases",
    query=PeriodQuery,
    response=dict[str, Any],
    permission="stats.read",
    error_statuses=(422,),
)
def get_stats(user: User, query: PeriodQuery) -> dict[str, Any]:
    return stats.compute_stats(user, query.period())


@api_route(
    "/stats/untoc",
    summary="The figures for the UNTOC review mechanism: requests sent and received, executed, "
    "refused (by ground), pending, median and p90 days to execution, by state, kind and basis",
    tag="cases",
    query=PeriodQuery,
    response=dict[str, Any],
    permission="stats.read",
    error_statuses=(422,),
)
def get_untoc_report(user: User, query: PeriodQuery) -> dict[str, Any]:
    return untoc_report(user, query.period())
