"""Drafting a request: create it, change it (a new version each time), duplicate it."""

from __future__ import annotations

import copy
from typing import Any

from ..audit.service import record as audit_record
from ..auth.models import User, utcnow
from ..extensions import db
from ..i18n import N_, Phrase, phrase_columns
from ..transactions import compare_and_set
from .access import EDITABLE_STATUSES, can_edit
from .errors import RequestError
from .models import MlaRequest, RequestVersion
from .request_document import document_of, merge_changes, validate_document

#: Facts that a duplicate keeps; what depends on the requested state is left to fill again.
NOT_DUPLICATED = ("requested_authority", "requirements_confirmed", "legal_basis", "reference")


def _apply(request: MlaRequest, data: dict[str, Any]) -> None:
    request.data = data
    request.kind = data["kind"]
    request.language = data.get("language")
    request.requesting_state = data.get("requesting_state")
    request.requested_state = data.get("requested_state")
    request.requested_authority_id = data.get("requested_authority")
    request.reference = data.get("reference")


def _snapshot(
    request: MlaRequest, actor: User | None, note: str | Phrase | None = None
) -> RequestVersion:
    version = RequestVersion(
        request_id=request.id,
        number=request.version,
        data=copy.deepcopy(request.data),
        saved_by=actor.id if actor else None,
        **phrase_columns(note, "note"),
    )
    db.session.add(version)
    return version


def create_request(
    owner: User,
    fields: dict[str, Any],
    *,
    is_sample: bool = False,
    step: str | None = None,
    duplicated_from: int | None = None,
) -> MlaRequest:
    """A new draft owned by `owner`; nothing is written when a field is bad."""
    if not owner.may("request.draft"):
        raise RequestError(N_("your role may not draft requests"), status=403, code="forbidden")
    data = validate_document(fields)
    request = MlaRequest(
        owner_id=owner.id,
        status="draft",
        version=1,
        is_sample=is_sample,
        last_step=step,
        duplicated_from=duplicated_from,
    )
    _apply(request, data)
    db.session.add(request)
    db.session.flush()
    _snapshot(request, owner, Phrase(N_("created")))
    audit_record("request.create", "request", request.id, {"kind": request.kind}, actor=owner)
    db.session.flush()
    return request


def update_request(
    request: MlaRequest, changes: dict[str, Any], actor: User, *, step: str | None = None
) -> MlaRequest:
    """Change the given fields and save a new version; refused once the request is submitted."""
    if request.status not in EDITABLE_STATUSES:
        raise RequestError(
            f"a {request.status} request cannot be changed", {"status": request.status}, 409
        )
    if not can_edit(actor, request):
        raise RequestError(N_("request not found"), status=404)
    data = validate_document(merge_changes(document_of(request), changes))
    if step:
        request.last_step = step
    if data == document_of(request):
        return request  # nothing changed: no new version
    # compare-and-set in SQL: of two simultaneous saves of this version only one gets the next
    saved = request.version
    if not compare_and_set(request, {"version": saved}, {"version": saved + 1}):
        raise RequestError(
            N_("someone else saved this request meanwhile; reload it and make your change again"),
            {"version": N_("changed by someone else")},
            409,
        )
    _apply(request, data)
    request.updated_at = utcnow()
    _snapshot(request, actor)
    audit_record(
        "request.update",
        "request",
        request.id,
        {"version": request.version, "fields": sorted(changes)},
        actor=actor,
    )
    db.session.flush()
    return request


def duplicate_request(
    request: MlaRequest, actor: User, requested_state: str | None = None
) -> MlaRequest:
    """A new draft with the same facts, e.g. to send to another state."""
    data = document_of(request)
    for key in NOT_DUPLICATED:
        data.pop(key, None)
    if requested_state:
        data["requested_state"] = requested_state
    copy_ = create_request(actor, data, step="requested", duplicated_from=request.id)
    audit_record("request.duplicate", "request", copy_.id, {"from": request.id}, actor=actor)
    return copy_
