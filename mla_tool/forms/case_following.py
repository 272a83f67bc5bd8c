"""Requests follow their case: when the case moves, the requests of its current cycle move too."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ..auth.models import User
from ..extensions import db
from ..signals import request_transmitted
from .models import MlaRequest

#: Case status -> request status, followed when the case moves.
CASE_TO_REQUEST_STATUS = {
    "under_review": "submitted",
    "returned": "returned",
    "approved": "approved",
    "transmitted": "transmitted",
    "in_execution": "transmitted",
    "info_requested": "transmitted",
    "partially_executed": "transmitted",
    "executed": "transmitted",
    "refused": "transmitted",
    "closed": "transmitted",
    "withdrawn": "withdrawn",
}
#: Case status -> the request statuses that move with it: only the requests of the cycle the
#: case is in, so that a request still waiting for its own review is never carried along.
CASE_MOVES_REQUESTS_FROM: dict[str, frozenset[str]] = {
    "under_review": frozenset({"submitted", "returned"}),
    "returned": frozenset({"submitted"}),
    # each request is approved on its own (forms.request_review): the case never carries one
    "approved": frozenset(),
    "transmitted": frozenset({"approved"}),
    "withdrawn": frozenset({"submitted", "returned", "approved", "transmitted"}),
}
#: Any later case status (in execution, executed…) concerns the requests already sent.
CASE_MOVES_SENT_REQUESTS = frozenset({"transmitted"})


def follow_case(case: Any, event: Any) -> None:
    """Receiver of `signals.case_moved`: the requests of the case's current cycle follow it."""
    status = CASE_TO_REQUEST_STATUS.get(case.status)
    if status is None:
        return
    sources = CASE_MOVES_REQUESTS_FROM.get(case.status, CASE_MOVES_SENT_REQUESTS)
    actor = db.session.get(User, event.actor_id) if getattr(event, "actor_id", None) else None
    for request in db.session.execute(
        # a draft filed in the case (a follow-up being written) keeps its own status, and so
        # does a request waiting for its own review
        select(MlaRequest).where(MlaRequest.case_id == case.id, MlaRequest.status.in_(sources))
    ).scalars():
        previous, request.status = request.status, status
        if status == "transmitted" and previous != "transmitted":
            request_transmitted.send(request, case=case, actor=actor)
