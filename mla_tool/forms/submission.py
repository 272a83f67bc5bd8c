"""Submitting a request to the central authority for review: filed in a case, the case moved."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext

from ..audit.service import record as audit_record
from ..auth.models import User, utcnow
from ..cases.access import can_access
from ..cases.errors import CaseError, TransitionError
from ..cases.models import Case
from ..cases.opening import open_case
from ..cases.timeline import add_event
from ..cases.transitions import transition
from ..directory.states import state_name
from ..extensions import db
from ..i18n import N_, select_locale
from ..signals import request_submitted
from .access import EDITABLE_STATUSES, can_edit, case_of
from .checking import check_request
from .errors import RequestError
from .kinds import request_kind
from .models import MlaRequest


def submit_request(
    request: MlaRequest, actor: User, case_id: int | None = None, note: str | None = None
) -> MlaRequest:
    """Send the draft to the central authority for review: the outgoing case moves to review.

    A new case is opened unless the request is already in one (returned for correction) or
    `case_id` names an existing outgoing case to file it in.
    """
    if request.status not in EDITABLE_STATUSES:
        raise RequestError(f"a {request.status} request cannot be submitted", status=409)
    if not can_edit(actor, request):
        raise RequestError(N_("request not found"), status=404)
    result = check_request(request)
    if not result.complete:
        errors = {f.field: f.message for f in result.findings if f.severity == "error"}
        raise RequestError(
            N_("the request is not complete: fix the errors first"), errors, 409, "incomplete"
        )
    case = case_of(request)
    if case is None and case_id is not None:
        case = db.session.get(Case, case_id)
        if case is None or not can_access(actor, case):
            raise RequestError(N_("no such case"), {"case_id": "not found"}, 404)
        if case.direction != "outgoing":
            raise RequestError(N_("only an outgoing case takes a request"), {"case_id": "incoming"})
    if case is None:
        case = _open_case_for(request, actor)
    request.case_id = case.id
    db.session.flush()
    if case.status in ("draft", "returned"):
        try:
            transition(case, "under_review", actor, note=note)
        except TransitionError as error:
            raise RequestError(error.message, error.fields, 409, error.code) from error
    else:  # the case does not move: the timeline still says who submitted it, with the note
        add_event(
            case,
            "submission",
            actor,
            note=note,
            details={"request_id": request.id},
        )
    request.status = "submitted"
    request.updated_at = utcnow()
    audit_record("request.submit", "request", request.id, {"case_id": case.id}, actor=actor)
    request_submitted.send(request, case=case, actor=actor)
    db.session.flush()
    return request


def _open_case_for(request: MlaRequest, actor: User) -> Case:
    """A new outgoing case for the request: its kind, state, title, due date, confidentiality."""
    respond_by = (request.data.get("urgent") or {}).get("respond_by")
    try:
        return open_case(
            direction="outgoing",
            kind=request.kind,
            counterpart_state=request.requested_state or "",
            title=_case_title(request),
            actor=actor,
            reference=(request.reference or None) and request.reference[:120],
            due_date=date.fromisoformat(respond_by) if respond_by else None,
            confidential=bool((request.data.get("confidential") or {}).get("is_confidential")),
            is_sample=request.is_sample,
        )
    except CaseError as error:
        raise RequestError(error.message, error.fields) from error


def _case_title(request: MlaRequest) -> str:
    """The subject (or the kind) and the requested state, in the submitting user's language:
    the title is written once, as the author would have typed it."""
    language = select_locale()
    kind = request_kind(request.kind)
    subject = (request.data.get("subject") or "").strip().splitlines()
    head = subject[0][:120] if subject else gettext(kind.label)
    return f"{head} — {state_name(request.requested_state, language)}"[:300]
