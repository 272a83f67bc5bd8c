"""What approving an outgoing case takes in tests: each request of its review cycle approved on
its own (the case follows), or, for a case that holds no request, the move itself."""

from __future__ import annotations

from typing import Any

from mla_tool.cases import review, transitions
from mla_tool.extensions import db
from mla_tool.forms.models import MlaRequest
from mla_tool.forms.request_review import review_request


def approve(case: Any, caseworker: Any, note: str | None = None) -> None:
    """Approve every request under review in `case` (the case then moves to approved)."""
    pending = review.pending_review(case)
    if not pending:
        transitions.transition(case, "approved", caseworker, note=note)
        return
    for request_id in pending:
        review_request(db.session.get(MlaRequest, request_id), caseworker, "approve", note)
