"""Each request's own review: approved or returned one by one (the case follows), sent on its own
past review; the fields a reviewer may comment on."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext
from sqlalchemy import select

from ..audit.service import record as audit_record
from ..auth.models import User, utcnow
from ..cases.access import can_access
from ..cases.errors import TransitionError
from ..cases.review import fields_not_in, review_comments
from ..cases.timeline import add_event
from ..cases.transitions import transition
from ..extensions import db
from ..i18n import N_, Phrase
from ..signals import request_reviewed, request_transmitted
from ..transactions import compare_and_set
from .access import case_of
from .errors import RequestError
from .kinds import request_kind
from .listing import requests_of_case
from .models import MlaRequest

#: Case statuses in which the case's own review cycle is under way: each request submitted then
#: is reviewed on its own while the case is under review (CYCLE_DECISIONS), and the case follows
#: once every request has its decision (CASE_FOLLOWS_DECISIONS). A request submitted into a case
#: past them (a follow-up MLA request, an extension) is reviewed, approved and sent on its own.
CASE_REVIEW_STATUSES = frozenset({"draft", "under_review", "returned"})
#: The case status in which the requests of its cycle are reviewed.
CASE_UNDER_REVIEW = "under_review"
#: A request's own review: decision -> (from, to, reason required).
REQUEST_REVIEW: dict[str, tuple[str, str, bool]] = {
    "approve": ("submitted", "approved", False),
    "return": ("submitted", "returned", True),
    "transmitted": ("approved", "transmitted", False),
}
#: The decisions given on a request of the case's review cycle (sending goes with the case).
CYCLE_DECISIONS = frozenset({"approve", "return"})
#: Request statuses that belong to the case's review cycle while it is under review.
CYCLE_STATUSES = frozenset({"submitted", "returned", "approved"})
#: Once no request of the cycle waits for a decision, the case follows the first of these request
#: statuses found among them: request status -> (case status, the note of the case's move).
CASE_FOLLOWS_DECISIONS: tuple[tuple[str, str, str], ...] = (
    ("returned", "returned", N_("Review done: %(ids)s returned for correction.")),
    ("approved", "approved", N_("Review done: every request is approved.")),
)
#: Who gives those decisions: the central authority, as for the case's own review.
REQUEST_REVIEWERS = frozenset({"caseworker"})

_CHANGED_MEANWHILE = N_(
    "someone else decided on this request or moved its case meanwhile; reload it and try again"
)


def review_cycle_of(case: Any) -> dict[int, str]:
    """The requests of the case's current review cycle: id -> status (empty past review)."""
    if case is None or case.status not in CASE_REVIEW_STATUSES:
        return {}
    # the columns, not the loaded rows: what the database holds now, another reviewer's too
    rows = db.session.execute(
        select(MlaRequest.id, MlaRequest.status).where(
            MlaRequest.case_id == case.id, MlaRequest.status.in_(CYCLE_STATUSES)
        )
    )
    return {request_id: status for request_id, status in rows}


def awaits_own_review(request: MlaRequest, case: Any) -> bool:
    """A request a reviewer decides on by itself now: submitted into a case under review, or
    submitted into (or approved in) a case that is past review."""
    if case is None:
        return False
    if case.status in CASE_REVIEW_STATUSES:
        return case.status == CASE_UNDER_REVIEW and request.status == "submitted"
    return request.status in {source for source, _, _ in REQUEST_REVIEW.values()}


def _refusal(request: MlaRequest, case: Any, decision: str) -> RequestError | None:
    """Why this decision cannot be given on this request in its case now (None: it can)."""
    source = REQUEST_REVIEW[decision][0]
    if case.status in CASE_REVIEW_STATUSES and case.status != CASE_UNDER_REVIEW:
        return RequestError(
            N_("the case is not under review: it must be submitted first"),
            {"decision": f"the case is {case.status}"},
            409,
        )
    if case.status == CASE_UNDER_REVIEW and decision not in CYCLE_DECISIONS:
        return RequestError(
            N_("a request under review is sent with its case, once the case is approved"),
            {"decision": f"the case is {case.status}"},
            409,
        )
    if request.status != source:
        return RequestError(
            f"a {request.status} request cannot be given the decision {decision}",
            {"decision": f"needs a {source} request"},
            409,
        )
    return None


def review_request(
    request: MlaRequest,
    actor: User,
    decision: str,
    note: str | None = None,
    field_comments: dict[str, str] | None = None,
) -> MlaRequest:
    """The central authority approves or returns one request of a case under review (the case
    follows once every request of its cycle has a decision), or approves, returns or marks as
    sent a request filed in a case past review (REQUEST_REVIEW). The note is kept on the case's
    timeline and in the audit log. Two reviewers at once: the second gets a 409."""
    case = case_of(request)
    if case is None or not can_access(actor, case):
        raise RequestError(N_("request not found"), status=404)
    if actor.role not in REQUEST_REVIEWERS:
        raise RequestError(N_("only the central authority reviews a request"), status=403)
    if decision not in REQUEST_REVIEW:
        raise RequestError("unknown decision", {"decision": ", ".join(REQUEST_REVIEW)})
    refusal = _refusal(request, case, decision)
    if refusal is not None:
        raise refusal
    source, target, reason_required = REQUEST_REVIEW[decision]
    clean_note = (note or "").strip() or None
    comments = {k.strip(): v.strip() for k, v in (field_comments or {}).items() if v.strip()}
    if comments and decision != "return":
        raise RequestError(N_("field comments go with returning a request"), {"note": "return"})
    unknown = fields_not_in(comments, [path for path, _label in field_choices(request.kind)])
    if unknown:
        raise RequestError(
            N_("a field comment names no field of the request"),
            {"field_comments": f"unknown: {', '.join(unknown)}"},
        )
    if reason_required and clean_note is None and not comments:
        raise RequestError(N_("returning a request needs a reason"), {"note": "required"})
    now = utcnow()
    # the case's row first: two reviewers of one case take turns, so the last decision of the
    # cycle sees every other one; then the request's own status, compared and set
    if not compare_and_set(case, {"status": case.status}, {"updated_at": now}) or not (
        compare_and_set(request, {"status": source}, {"status": target, "updated_at": now})
    ):
        raise RequestError(_CHANGED_MEANWHILE, {"decision": "not changed"}, 409, "conflict")
    details: dict[str, Any] = {
        "request_id": request.id,
        "decision": decision,
        "from": source,
        "to": target,
    }
    if comments:
        details["field_comments"] = comments
    add_event(case, "request", actor, note=clean_note, details=details)
    audit_record(
        "request.review",
        "request",
        request.id,
        {"case_id": case.id, "decision": decision, "to": target, "note": clean_note},
        actor=actor,
    )
    request_reviewed.send(request, case=case, actor=actor, outcome=target)  # the author is told
    if target == "transmitted":
        request_transmitted.send(request, case=case, actor=actor)
    db.session.flush()
    if case.status == CASE_UNDER_REVIEW:
        _case_follows(case, actor)
    return request


def _case_follows(case: Any, actor: User) -> None:
    """Once no request of the cycle waits for a decision, the case moves as they say."""
    cycle = review_cycle_of(case)
    if not cycle or "submitted" in cycle.values():
        return
    for request_status, case_status, note in CASE_FOLLOWS_DECISIONS:
        ids = sorted(rid for rid, status in cycle.items() if status == request_status)
        if ids:
            said = Phrase(note, ids=", ".join(f"#{rid}" for rid in ids))
            try:
                transition(
                    case,
                    case_status,
                    actor,
                    note=said,
                    details={"requests_reviewed": {str(k): v for k, v in cycle.items()}},
                )
            except TransitionError as error:
                raise RequestError(error.message, error.fields, 409, error.code) from error
            return


def review_comments_for(request: MlaRequest) -> dict[str, str]:
    """The field comments of the latest return of this request (on its own or with its case)."""
    case = case_of(request)
    if case is None:
        return {}
    return review_comments(case, request.id)


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
