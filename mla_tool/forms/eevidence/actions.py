"""Actions on a submitted preservation that write to the database: follow-up, extension, panel."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from ...audit.service import record as audit_record
from ...auth.models import User
from ...cases.access import can_access
from ...cases.dates import today
from ...cases.deadlines import deadlines_of
from ...cases.models import Case
from ...cases.timeline import add_event
from ...extensions import db
from ...i18n import Phrase
from ..access import EDITABLE_STATUSES, can_read, case_of
from ..directory_facts import proposed_authorities
from ..drafting import create_request
from ..errors import RequestError
from ..fieldspec import N_
from ..models import MlaRequest
from ..request_document import document_of
from .codes import CENTRAL_MLA, PRESERVATION
from .follow_up import extension_document, follow_up_document


def _preservation_in_case(request: MlaRequest, actor: User) -> Case:
    """The case of a submitted preservation the actor may act on; RequestError otherwise."""
    if request.kind != PRESERVATION:
        raise RequestError(N_("only a preservation request can be followed up"), status=409)
    if request.case_id is None or request.status in EDITABLE_STATUSES:
        raise RequestError(
            N_("submit the preservation request first: the follow-up is filed in its case"),
            status=409,
        )
    if not actor.may("request.draft") or not can_read(actor, request):
        raise RequestError(N_("request not found"), status=404)
    case = case_of(request)
    if case is None or not can_access(actor, case):
        raise RequestError(N_("request not found"), status=404)
    return case


def _file_in_case(draft: MlaRequest, case: Case, actor: User, note: Phrase, action: str) -> None:
    """File the new draft in the preservation's case, with a timeline note and an audit entry."""
    draft.case_id = case.id
    db.session.flush()
    add_event(case, "note", actor, note=note, details={"request_id": draft.id})
    audit_record(action, "request", draft.id, {"case_id": case.id}, actor=actor)


def follow_up_of(request: MlaRequest, kind: str) -> MlaRequest | None:
    """The draft or request already made from this preservation, if any."""
    return db.session.execute(
        select(MlaRequest)
        .where(MlaRequest.duplicated_from == request.id, MlaRequest.kind == kind)
        .order_by(MlaRequest.id)
        .limit(1)
    ).scalar_one_or_none()


def convert_to_mla(request: MlaRequest, actor: User) -> MlaRequest:
    """Turn a submitted preservation into the MLA request that follows it, in the same case.

    Facts, offences, persons, identifiers and provider are carried over; the requested state's
    central authority is proposed. Made once: a second call gives the same draft.
    """
    case = _preservation_in_case(request, actor)
    existing = follow_up_of(request, "mla")
    if existing is not None:
        return existing
    document = follow_up_document(document_of(request), request.id)
    central = [
        a
        for a in proposed_authorities(document.get("requested_state"), "mla")
        if CENTRAL_MLA in a["functions"]
    ]
    if central:
        document["requested_authority"] = central[0]["id"]
    draft = create_request(actor, document, step="requested", duplicated_from=request.id)
    _file_in_case(
        draft,
        case,
        actor,
        Phrase(
            N_("Request for mutual assistance #%(draft)s drafted from preservation #%(request)s."),
            draft=draft.id,
            request=request.id,
        ),
        "request.follow_up",
    )
    return draft


def request_extension(request: MlaRequest, actor: User) -> MlaRequest:
    """A new preservation draft asking that the preservation continue, in the same case."""
    case = _preservation_in_case(request, actor)
    document = extension_document(document_of(request), request.id)
    draft = create_request(actor, document, step="necessity", duplicated_from=request.id)
    _file_in_case(
        draft,
        case,
        actor,
        Phrase(
            N_("Extension of preservation #%(request)s drafted as request #%(draft)s."),
            request=request.id,
            draft=draft.id,
        ),
        "request.extension",
    )
    return draft


def case_panel(case: Case, user: User, on: date | None = None) -> dict[str, Any] | None:
    """What the case page shows of a preservation: countdown, follow-up, extension."""
    rows = list(
        db.session.execute(
            select(MlaRequest)
            .where(MlaRequest.case_id == case.id, MlaRequest.kind == PRESERVATION)
            .order_by(MlaRequest.id)
        ).scalars()
    )
    submitted = [row for row in rows if row.status not in ("draft", "returned")]
    if not submitted:
        return None
    on = on or today()
    expiries = [d for d in deadlines_of(case) if d.kind == "preservation_expiry" and not d.done]
    expiry = min(expiries, key=lambda d: d.due_on) if expiries else None
    latest = submitted[-1]
    follow_up = follow_up_of(submitted[0], "mla")
    for row in submitted[1:]:
        follow_up = follow_up or follow_up_of(row, "mla")
    return {
        "request_id": latest.id,
        "expires_on": expiry.due_on if expiry else None,
        "days_left": (expiry.due_on - on).days if expiry else None,
        "remind_days": list(expiry.remind_days or []) if expiry else [],
        "follow_up_id": follow_up.id if follow_up else None,
        "extension_draft_id": next(
            (row.id for row in rows if row.status in ("draft", "returned")), None
        ),
        "may_act": bool(user.may("request.draft")),
    }
