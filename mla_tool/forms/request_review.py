"""A request's own review inside a case past review (approve, return, sent); reviewers' fields."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext

from ..audit.service import record as audit_record
from ..auth.models import User, utcnow
from ..cases.access import can_access
from ..cases.review import review_comments
from ..cases.timeline import add_event
from ..extensions import db
from ..i18n import N_
from ..signals import request_transmitted
from .access import case_of
from .errors import RequestError
from .kinds import request_kind
from .listing import requests_of_case
from .models import MlaRequest

#: Case statuses in which the case's own review cycle is under way: a request submitted then is
#: reviewed with the case. A request submitted into a case past them (a follow-up MLA request,
#: an extension) is reviewed, approved and sent on its own (REQUEST_REVIEW).
CASE_REVIEW_STATUSES = frozenset({"draft", "under_review", "returned"})
#: A request's own review inside a case past review: decision -> (from, to, reason required).
REQUEST_REVIEW: dict[str, tuple[str, str, bool]] = {
    "approve": ("submitted", "approved", False),
    "return": ("submitted", "returned", True),
    "transmitted": ("approved", "transmitted", False),
}
#: Who gives those decisions: the central authority, as for the case's own review.
REQUEST_REVIEWERS = frozenset({"caseworker"})


def awaits_own_review(request: MlaRequest, case: Any) -> bool:
    """A request submitted into a case that is past review: approved and sent on its own."""
    return (
        case is not None
        and case.status not in CASE_REVIEW_STATUSES
        and request.status in {source for source, _, _ in REQUEST_REVIEW.values()}
    )


def review_request(
    request: MlaRequest, actor: User, decision: str, note: str | None = None
) -> MlaRequest:
    """The central authority approves, returns or marks as sent a request filed in a case that
    is past review (REQUEST_REVIEW); the case keeps its status, its timeline records it."""
    case = case_of(request)
    if case is None or not can_access(actor, case):
        raise RequestError(N_("request not found"), status=404)
    if actor.role not in REQUEST_REVIEWERS:
        raise RequestError(N_("only the central authority reviews a request"), status=403)
    if decision not in REQUEST_REVIEW:
        raise RequestError("unknown decision", {"decision": ", ".join(REQUEST_REVIEW)})
    source, target, reason_required = REQUEST_REVIEW[decision]
    if case.status in CASE_REVIEW_STATUSES:
        raise RequestError(
            N_("this request is reviewed with its case: change the case's status"),
            {"decision": f"the case is {case.status}"},
            409,
        )
    if request.status != source:
        raise RequestError(
            f"a {request.status} request cannot be given the decision {decision}",
            {"decision": f"needs a {source} request"},
            409,
        )
    clean_note = (note or "").strip() or None
    if reason_required and clean_note is None:
        raise RequestError(N_("returning a request needs a reason"), {"note": "required"})
    request.status = target
    request.updated_at = utcnow()
    add_event(
        case,
        "request",
        actor,
        note=clean_note,
        details={"request_id": request.id, "decision": decision, "from": source, "to": target},
    )
    audit_record(
        "request.review",
        "request",
        request.id,
        {"case_id": case.id, "decision": decision, "to": target},
        actor=actor,
    )
    if target == "transmitted":
        request_transmitted.send(request, case=case, actor=actor)
    db.session.flush()
    return request


def review_comments_for(request: MlaRequest) -> dict[str, str]:
    case = case_of(request)
    if case is None:
        return {}
    return review_comments(case)


def field_choices(kind_code: str) -> list[tuple[str, str]]:
    """Every field of a request kind a reviewer may comment on: (path, "Step — field")."""
    choices = []
    for step in request_kind(kind_code).steps:
        if step.layout in ("items", "measures"):
            choices.append((step.list_field, gettext(step.label)))
            continue
        for spec in step.fields:
            choices.append((spec.name, f"{gettext(step.label)} — {gettext(spec.label)}"))
    return choices


def review_fields_of_case(case: Any) -> list[tuple[str, str]]:
    """The fields of the request being reviewed in the case (the latest submitted one)."""
    filed = requests_of_case(case.id)
    reviewed = [r for r in filed if r.status in ("submitted", "returned")] or filed
    return field_choices(reviewed[-1].kind) if reviewed else []
