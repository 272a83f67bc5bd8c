"""Marks on a request's versions: the one submitted, returned, approved or sent, by whom, when,
with the note typed with it; recorded by receivers of the review's signals (connected in wiring)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from ..auth.models import utcnow
from ..cases.models import CaseEvent
from ..extensions import db
from ..i18n import N_
from .models import MlaRequest
from .version_models import RequestVersionMark

#: The marks a version may carry, in the order of a review, each with its label.
MARKS: dict[str, str] = {
    "submitted": N_("Submitted for review"),
    "returned": N_("Returned for correction"),
    "approved": N_("Approved"),
    "transmitted": N_("Transmitted"),
}
#: The request statuses that follow a case moved to "returned" by its reviewer.
RETURNED_WITH_CASE = frozenset({"submitted", "returned"})


def marks_of(request: MlaRequest) -> list[RequestVersionMark]:
    """Every mark on the request's versions, oldest first."""
    return list(
        db.session.execute(
            select(RequestVersionMark)
            .where(RequestVersionMark.request_id == request.id)
            .order_by(RequestVersionMark.at, RequestVersionMark.id)
        ).scalars()
    )


def marks_by_version(request: MlaRequest) -> dict[int, list[RequestVersionMark]]:
    """The marks of each version number (oldest first)."""
    grouped: dict[int, list[RequestVersionMark]] = {}
    for mark in marks_of(request):
        grouped.setdefault(mark.version, []).append(mark)
    return grouped


def latest_marked(request: MlaRequest, mark: str) -> int | None:
    """The number of the latest version that received this mark, if any."""
    found = [row.version for row in marks_of(request) if row.mark == mark]
    return found[-1] if found else None


def mark_version(
    request: MlaRequest,
    mark: str,
    actor_id: int | None,
    note: str | None = None,
    field_comments: dict[str, str] | None = None,
) -> RequestVersionMark | None:
    """Mark the request's current version; the same mark twice in a row on one version is one."""
    if mark not in MARKS:
        raise ValueError(f"unknown version mark {mark!r}")
    previous = db.session.execute(
        select(RequestVersionMark)
        .where(RequestVersionMark.request_id == request.id)
        .order_by(RequestVersionMark.at.desc(), RequestVersionMark.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    if previous is not None and (previous.mark, previous.version) == (mark, request.version):
        return None
    row = RequestVersionMark(
        request_id=request.id,
        version=request.version,
        mark=mark,
        actor_id=actor_id,
        at=utcnow(),
        note=(note or "").strip() or None,
        field_comments=dict(field_comments) if field_comments else None,
    )
    db.session.add(row)
    db.session.flush()
    return row


def _typed_note(event: CaseEvent | None) -> str | None:
    """The note a person typed with the event (not one the system wrote)."""
    if event is None or "said" in (event.details or {}):
        return None
    return event.note


def _latest_event(case: Any, matches: Callable[[CaseEvent], bool]) -> CaseEvent | None:
    """The case's latest timeline entry that `matches` (they are flushed before the signal)."""
    for event in db.session.execute(
        select(CaseEvent)
        .where(
            CaseEvent.case_id == case.id,
            CaseEvent.type.in_(("transition", "submission", "request")),
        )
        .order_by(CaseEvent.id.desc())
        .limit(20)
    ).scalars():
        if matches(event):
            return event
    return None


def _actor_id(actor: Any) -> int | None:
    return getattr(actor, "id", None)


def on_request_submitted(request: MlaRequest, case: Any = None, actor: Any = None) -> None:
    """Receiver of `signals.request_submitted`: the submitted version, with the author's note."""
    event = None
    if case is not None:
        event = _latest_event(
            case,
            lambda e: (
                (e.type == "transition" and e.to_status == "under_review")
                or (e.type == "submission" and (e.details or {}).get("request_id") == request.id)
            ),
        )
    mark_version(request, "submitted", _actor_id(actor), _typed_note(event))


def on_request_reviewed(
    request: MlaRequest, case: Any = None, actor: Any = None, outcome: str = ""
) -> None:
    """Receiver of `signals.request_reviewed`: the version returned or approved on its own,
    with the reviewer's note and field comments."""
    if outcome not in MARKS or outcome == "transmitted":  # a sending has its own receiver
        return
    event = None
    if case is not None:
        event = _latest_event(
            case,
            lambda e: e.type == "request" and (e.details or {}).get("request_id") == request.id,
        )
    comments = (event.details or {}).get("field_comments") if event is not None else None
    mark_version(request, outcome, _actor_id(actor), _typed_note(event), comments)


def on_request_transmitted(request: MlaRequest, case: Any = None, actor: Any = None) -> None:
    """Receiver of `signals.request_transmitted`: the version that was sent, with the note of
    its sending (the case's move, or the request's own decision)."""
    event = None
    if case is not None:
        event = _latest_event(
            case,
            lambda e: (
                (e.type == "transition" and e.to_status == "transmitted")
                or (
                    e.type == "request"
                    and (e.details or {}).get("request_id") == request.id
                    and (e.details or {}).get("decision") == "transmitted"
                )
            ),
        )
    mark_version(request, "transmitted", _actor_id(actor), _typed_note(event))


def on_case_moved(case: Any, event: CaseEvent | None = None) -> None:
    """Receiver of `signals.case_moved`: a reviewer who returns the whole case returns the
    version of each request of its review, with the case's note and field comments. (A case
    that follows its requests' own decisions marks nothing: each request was marked.)"""
    if event is None or event.to_status != "returned" or case.direction != "outgoing":
        return
    details = event.details or {}
    if "requests_reviewed" in details:
        return
    for request in db.session.execute(
        select(MlaRequest).where(
            MlaRequest.case_id == case.id, MlaRequest.status.in_(RETURNED_WITH_CASE)
        )
    ).scalars():
        mark_version(
            request, "returned", event.actor_id, _typed_note(event), details.get("field_comments")
        )
