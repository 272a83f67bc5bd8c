"""The rules of drafting: create, change, duplicate, version, check and submit requests."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date
from typing import Any

from pydantic import ValidationError
from sqlalchemy import or_, select

from ..audit.service import record as audit_record
from ..auth.models import User, utcnow
from ..directory.authorities import accepted_languages as directory_languages
from ..directory.authorities import authority_as_dict
from ..directory.legal_basis import legal_basis as find_legal_basis
from ..errors import DomainError, code_for
from ..extensions import db
from ..i18n import N_, Phrase, phrase_columns, select_locale
from ..signals import request_submitted, request_transmitted
from ..transactions import compare_and_set
from .kinds import request_kind
from .models import MlaRequest, RequestVersion
from .rules import CheckResult, RuleContext, evaluate
from .schemas import EMAIL, RequestDocument

EDITABLE_STATUSES = frozenset({"draft", "returned"})
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
#: Case statuses in which the case's own review cycle is under way: a request submitted then is
#: reviewed with the case. A request submitted into a case past them (a follow-up MLA request,
#: an extension) is reviewed, approved and sent on its own (REQUEST_REVIEW).
CASE_REVIEW_STATUSES = frozenset({"draft", "under_review", "returned"})
#: Case status -> the request statuses that move with it: only the requests of the cycle the
#: case is in, so that a request still waiting for its own review is never carried along.
CASE_MOVES_REQUESTS_FROM: dict[str, frozenset[str]] = {
    "under_review": frozenset({"submitted", "returned"}),
    "returned": frozenset({"submitted"}),
    "approved": frozenset({"submitted"}),
    "transmitted": frozenset({"approved"}),
    "withdrawn": frozenset({"submitted", "returned", "approved", "transmitted"}),
}
#: Any later case status (in execution, executed…) concerns the requests already sent.
CASE_MOVES_SENT_REQUESTS = frozenset({"transmitted"})
#: A request's own review inside a case past review: decision -> (from, to, reason required).
REQUEST_REVIEW: dict[str, tuple[str, str, bool]] = {
    "approve": ("submitted", "approved", False),
    "return": ("submitted", "returned", True),
    "transmitted": ("approved", "transmitted", False),
}
#: Who gives those decisions: the central authority, as for the case's own review.
REQUEST_REVIEWERS = frozenset({"caseworker"})
#: Objects whose given keys merge into the stored ones on a change (one level deep).
MERGED_OBJECTS = frozenset(
    {
        "requesting_authority",
        "urgent",
        "confidential",
        "proceedings",
        "signatory",
        "warrant",
        "judgment",
        "person_description",
        "preservation",
        "extradition",
    }
)
#: Facts that a duplicate keeps; what depends on the requested state is left to fill again.
NOT_DUPLICATED = ("requested_authority", "requirements_confirmed", "legal_basis", "reference")


class RequestError(DomainError, ValueError):
    """Bad input or a refused action: status (404, 409, 422), a code and messages by field."""

    def __init__(
        self, message: str, fields: dict[str, str] | None = None, status: int = 422, code: str = ""
    ) -> None:
        super().__init__(status, code_for(status, code), message, fields)


def error_text(error: DomainError) -> str:
    """A refusal (RequestError, CaseError) in the interface language, with its field details."""
    from flask_babel import gettext

    return error.shown(gettext, with_fields=True)


# -- the document ---------------------------------------------------------------------------------


def _fields_from(error: ValidationError) -> dict[str, str]:
    fields: dict[str, str] = {}
    for item in error.errors():
        location = ".".join(str(part) for part in item["loc"]) or "body"
        message = item["msg"].removeprefix("Value error, ")
        fields.setdefault(location, message)
    return fields


def validate_document(raw: dict[str, Any]) -> dict[str, Any]:
    """The document in its stored JSON form, or RequestError naming every bad field."""
    try:
        document = RequestDocument.model_validate(raw)
    except ValidationError as error:
        raise RequestError(N_("the request has invalid fields"), _fields_from(error)) from error
    data = document.model_dump(mode="json", exclude_none=True)
    _check_authority(data)
    return data


def _check_authority(data: dict[str, Any]) -> None:
    authority_id = data.get("requested_authority")
    if authority_id is None:
        return
    from ..directory.models import Authority

    if db.session.get(Authority, authority_id) is None:
        raise RequestError(
            N_("the request has invalid fields"),
            {"requested_authority": "no directory entry has this id"},
        )


def merge_changes(document: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """Apply the given fields: objects merge one level, lists and values replace, None clears."""
    merged = copy.deepcopy(document)
    for key, value in changes.items():
        if value is None:
            merged.pop(key, None)
        elif key in MERGED_OBJECTS and isinstance(value, dict):
            base = merged.get(key) if isinstance(merged.get(key), dict) else {}
            combined = {**base, **value}
            merged[key] = {k: v for k, v in combined.items() if v is not None}
        else:
            merged[key] = value
    return merged


def document_of(request: MlaRequest) -> dict[str, Any]:
    return {**copy.deepcopy(request.data or {}), "kind": request.kind}


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


def requesting_side_defaults(user: User) -> dict[str, Any]:
    """What a new draft can know of its author: the requesting authority and signatory of the
    author's latest request, else the author's own name, email and authority."""
    latest = db.session.execute(
        select(MlaRequest)
        .where(MlaRequest.owner_id == user.id, MlaRequest.is_sample.is_(False))
        .order_by(MlaRequest.updated_at.desc(), MlaRequest.id.desc())
        .limit(20)
    ).scalars()
    for request in latest:
        side = {k: v for k, v in (request.data.get("requesting_authority") or {}).items() if v}
        if side.get("name"):
            defaults: dict[str, Any] = {"requesting_authority": side}
            signatory = {k: v for k, v in (request.data.get("signatory") or {}).items() if v}
            if signatory:
                defaults["signatory"] = signatory
            return defaults
    authority = authority_dict(user.authority_id)
    side = {
        "name": (authority or {}).get("name") or None,
        "contact_name": user.display_name or None,
        # an account name the document's rules would refuse is left for the author to give
        "email": user.email if EMAIL.match(user.email or "") else None,
    }
    return {"requesting_authority": {k: v for k, v in side.items() if v}}


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


def versions_of(request: MlaRequest) -> list[RequestVersion]:
    return list(
        db.session.execute(
            select(RequestVersion)
            .where(RequestVersion.request_id == request.id)
            .order_by(RequestVersion.number.desc())
        ).scalars()
    )


def version_of(request: MlaRequest, number: int) -> RequestVersion | None:
    return db.session.execute(
        select(RequestVersion).where(
            RequestVersion.request_id == request.id, RequestVersion.number == number
        )
    ).scalar_one_or_none()


def restore_version(request: MlaRequest, number: int, actor: User) -> MlaRequest:
    version = version_of(request, number)
    if version is None:
        raise RequestError(N_("no such version"), {"version": "not found"}, 404)
    changes = {key: version.data.get(key) for key in set(version.data) | set(request.data)}
    changes["kind"] = version.data.get("kind", request.kind)
    return update_request(request, changes, actor)


# -- access ---------------------------------------------------------------------------------------


def _case_of(request: MlaRequest) -> Any:
    if request.case_id is None:
        return None
    from ..cases.models import Case

    return db.session.get(Case, request.case_id)


def can_read(user: User | None, request: MlaRequest | None) -> bool:
    """The owner, and the people who may see the case the request is filed in."""
    if user is None or request is None or not user.may("request.read"):
        return False
    if request.owner_id == user.id:
        return True
    case = _case_of(request)
    if case is None:
        return False
    from ..cases.service import can_access

    return can_access(user, case)


def can_edit(user: User, request: MlaRequest) -> bool:
    return user.may("request.draft") and can_read(user, request)


def get_request_for(user: User, request_id: int) -> MlaRequest:
    """The request if the user may see it; RequestError 404 otherwise (never 403)."""
    request = db.session.get(MlaRequest, request_id)
    if request is None or not can_read(user, request):
        raise RequestError(N_("request not found"), status=404)
    return request


def list_requests(
    user: User, kind: str | None = None, status: str | None = None, limit: int = 500
) -> list[MlaRequest]:
    if not user.may("request.read"):
        return []
    from ..cases.models import Case
    from ..cases.service import accessible_clause

    visible_cases = select(Case.id).where(accessible_clause(user))
    query = select(MlaRequest).where(
        or_(MlaRequest.owner_id == user.id, MlaRequest.case_id.in_(visible_cases))
    )
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


# -- the directory, as the rules and documents see it ----------------------------------------------


def authority_dict(authority_id: int | None) -> dict[str, Any] | None:
    """A directory entry as a plain dict (templates and rules never see database objects)."""
    if not authority_id:
        return None
    from ..directory.models import Authority

    authority = db.session.get(Authority, authority_id)
    if authority is None:
        return None
    out = dict(authority_as_dict(authority))
    out.update(
        {
            "id": authority.id,
            "country": authority.country_iso3,
            "functions": list(authority.functions or []),
            "name": authority.name,
            "name_en": authority.name_en,
            "name_ar": authority.name_ar,
            "address": authority.address,
            "email": authority.email,
            "phone": authority.phone,
            "languages": list(authority.languages or []),
            "channels": list(authority.channels or []),
            "requirements": authority.requirements or "",
        }
    )
    return out


def requirement_lines(text: str | None) -> list[str]:
    lines = [line.strip().lstrip("-•*·").strip() for line in (text or "").splitlines()]
    return [line for line in lines if line]


def accepted_languages(iso3: str | None, authority: dict[str, Any] | None) -> list[str] | None:
    """Languages the requested state accepts: the directory's answer, else the authority's."""
    if not iso3:
        return None
    languages = list(directory_languages(iso3) or [])
    if not languages and authority and authority.get("country") == iso3:
        languages = list(authority.get("languages") or [])
    return languages or None


def shared_legal_bases(
    data: dict[str, Any],
) -> tuple[list[dict[str, Any]] | None, list[str] | None]:
    """The legal-basis finder's answer (list of dicts) and the instrument codes in it."""
    requesting, requested = data.get("requesting_state"), data.get("requested_state")
    if not (requesting and requested):
        return None, None
    try:
        answer = find_legal_basis(requesting, requested, data.get("kind") or "mla")
    except (ValueError, LookupError):
        return None, None
    items = [dict(item) for item in answer or []]
    codes = [
        str(item.get("code") or "")
        for item in items
        if item.get("status") in ("applies", "check", None)
    ]
    codes = [code for code in codes if code and code != "reciprocity"]
    # no instrument recorded for either state: the directory does not know, say nothing
    return items, codes or None


#: Directory functions proposed first for a kind, best first (kinds add theirs as data).
PREFERRED_FUNCTIONS: dict[str, tuple[str, ...]] = {}
# Submission and transmission are announced through signals.request_submitted and
# signals.request_transmitted (e.g. an e-evidence request's expiry deadline, wired in wiring).


def proposed_authorities(iso3: str | None, kind: str = "mla") -> list[dict[str, Any]]:
    """Authorities of the requested state, the central authority for this kind first."""
    if not iso3:
        return []
    from ..directory.models import Authority

    extradition = kind in ("extradition", "provisional_arrest")
    wanted = "central_authority_extradition" if extradition else "central_authority_mla"
    rows = db.session.execute(
        select(Authority).where(Authority.country_iso3 == iso3, Authority.retired.is_(False))
    ).scalars()
    out = [authority_dict(row.id) for row in rows]
    found = [item for item in out if item]
    order = PREFERRED_FUNCTIONS.get(kind, (wanted,))

    def rank(authority: dict[str, Any]) -> int:
        functions = authority["functions"]
        return next((i for i, name in enumerate(order) if name in functions), len(order))

    return sorted(found, key=lambda a: (rank(a), a["name"]))


def rule_context(data: dict[str, Any], today: date | None = None) -> RuleContext:
    authority = authority_dict(data.get("requested_authority"))
    requirements = requirement_lines(authority["requirements"]) if authority else []
    _items, codes = shared_legal_bases(data)
    return RuleContext(
        document=data,
        accepted_languages=accepted_languages(data.get("requested_state"), authority),
        authority=authority,
        requirements=requirements,
        available_legal_bases=codes,
        today=today or date.today(),
    )


def check_request(request: MlaRequest, gettext: Callable[[str], str] | None = None) -> CheckResult:
    context = rule_context(document_of(request))
    context.request_id = request.id
    return evaluate(context, gettext)


# -- submitting -----------------------------------------------------------------------------------


def submit_request(
    request: MlaRequest, actor: User, case_id: int | None = None, note: str | None = None
) -> MlaRequest:
    """Send the draft to the central authority for review: the outgoing case moves to review.

    A new case is opened unless the request is already in one (returned for correction) or
    `case_id` names an existing outgoing case to file it in.
    """
    from ..cases import service as cases
    from ..cases.models import Case

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
    case = _case_of(request)
    if case is None and case_id is not None:
        case = db.session.get(Case, case_id)
        if case is None or not cases.can_access(actor, case):
            raise RequestError(N_("no such case"), {"case_id": "not found"}, 404)
        if case.direction != "outgoing":
            raise RequestError(N_("only an outgoing case takes a request"), {"case_id": "incoming"})
    if case is None:
        respond_by = (request.data.get("urgent") or {}).get("respond_by")
        try:
            case = cases.open_case(
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
        except cases.CaseError as error:
            raise RequestError(error.message, error.fields) from error
    request.case_id = case.id
    db.session.flush()
    if case.status in ("draft", "returned"):
        try:
            cases.transition(case, "under_review", actor, note=note)
        except cases.TransitionError as error:
            raise RequestError(error.message, error.fields, 409, error.code) from error
    request.status = "submitted"
    request.updated_at = utcnow()
    audit_record("request.submit", "request", request.id, {"case_id": case.id}, actor=actor)
    request_submitted.send(request, case=case, actor=actor)
    db.session.flush()
    return request


def _case_title(request: MlaRequest) -> str:
    """The subject (or the kind) and the requested state, in the submitting user's language:
    the title is written once, as the author would have typed it."""
    from flask_babel import gettext

    from ..directory.states import state_name

    language = select_locale()
    kind = request_kind(request.kind)
    subject = (request.data.get("subject") or "").strip().splitlines()
    head = subject[0][:120] if subject else gettext(kind.label)
    return f"{head} — {state_name(request.requested_state, language)}"[:300]


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
    from ..cases import service as cases

    case = _case_of(request)
    if case is None or not cases.can_access(actor, case):
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
    cases.add_event(
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
    case = _case_of(request)
    if case is None:
        return {}
    from ..cases.service import review_comments

    return review_comments(case)


def field_choices(kind_code: str) -> list[tuple[str, str]]:
    """Every field of a request kind a reviewer may comment on: (path, "Step — field")."""
    from flask_babel import gettext

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


def evaluate_document(
    data: dict[str, Any], gettext: Callable[[str], str] | None = None
) -> CheckResult:
    """The check of a document that is not (or not yet) stored."""
    return evaluate(rule_context(data), gettext)
