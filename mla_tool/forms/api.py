"""JSON API endpoints of the forms domain (registered on the shared /api/v1 blueprint)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Response

from ..api.errors import ApiError
from ..api.routing import api_route
from ..auth.models import User
from ..schema_types import utc_text
from . import documents
from .access import get_request_for
from .checking import check_request
from .document_docx import MIMETYPE
from .drafting import create_request, duplicate_request, update_request
from .eevidence import actions as eevidence
from .errors import RequestError
from .listing import list_requests
from .models import MlaRequest
from .request_document import document_of
from .request_review import REQUEST_REVIEWERS, review_request
from .schemas import (
    CheckOut,
    DocumentQuery,
    DuplicateBody,
    RequestDocument,
    RequestListQuery,
    RequestOut,
    RequestPatch,
    ReviewBody,
    SubmitBody,
)
from .submission import submit_request
from .transmission_documents import transmit_request
from .versions import versions_of

TAG = "requests"


@contextmanager
def _as_api_errors() -> Iterator[None]:
    try:
        yield
    except RequestError as error:
        raise ApiError(error.status, error.code, error.message, error.fields) from error


def request_out(request: MlaRequest) -> dict[str, Any]:
    """The document fields at the top level, with the request's own data beside them."""
    return {
        **document_of(request),
        "id": request.id,
        "status": request.status,
        "owner_id": request.owner_id,
        "case_id": request.case_id,
        "version": request.version,
        "is_sample": request.is_sample,
        "created_at": utc_text(request.created_at),
        "updated_at": utc_text(request.updated_at),
    }


def _load(user: User, request_id: int) -> MlaRequest:
    with _as_api_errors():
        return get_request_for(user, request_id)


@api_route(
    "/requests",
    "POST",
    summary="Create a draft request (the request document; all but `kind` may be empty)",
    tag=TAG,
    body=RequestDocument,
    response=RequestOut,
    status=201,
    permission="request.draft",
)
def create(user: User, body: RequestDocument) -> dict[str, Any]:
    with _as_api_errors():
        request = create_request(user, body.model_dump(mode="json", exclude_none=True))
    return request_out(request)


@api_route(
    "/requests",
    summary="Requests the caller may see (own drafts and those of their cases)",
    tag=TAG,
    query=RequestListQuery,
    response=list[RequestOut],
    permission="request.read",
)
def list_(user: User, query: RequestListQuery) -> list[dict[str, Any]]:
    return [request_out(r) for r in list_requests(user, query.kind, query.status, q=query.q)]


@api_route(
    "/requests/<int:request_id>",
    summary="One request",
    tag=TAG,
    response=RequestOut,
    permission="request.read",
)
def read(user: User, request_id: int) -> dict[str, Any]:
    return request_out(_load(user, request_id))


@api_route(
    "/requests/<int:request_id>",
    "PATCH",
    summary="Change the fields given (objects merge one level; null clears a field)",
    tag=TAG,
    body=RequestPatch,
    response=RequestOut,
    permission="request.draft",
    error_statuses=(409,),
)
def patch(user: User, request_id: int, body: RequestPatch) -> dict[str, Any]:
    request = _load(user, request_id)
    changes = body.model_dump(mode="json", exclude_unset=True)
    with _as_api_errors():
        update_request(request, changes, user)
    return request_out(request)


@api_route(
    "/requests/<int:request_id>/check",
    summary="Completeness findings, the quality score and the three most useful fixes",
    tag=TAG,
    response=CheckOut,
    permission="request.read",
)
def check(user: User, request_id: int) -> dict[str, Any]:
    return check_request(_load(user, request_id)).as_dict()


@api_route(
    "/requests/<int:request_id>/document",
    summary="The request as a document (PDF, HTML or Word) in a language (default: its own)",
    tag=TAG,
    query=DocumentQuery,
    permission="request.read",
    content_types={
        "application/pdf": {"schema": {"type": "string", "format": "binary"}},
        "text/html": {"schema": {"type": "string"}},
        MIMETYPE: {"schema": {"type": "string", "format": "binary"}},
    },
)
def document(user: User, request_id: int, query: DocumentQuery) -> Response:
    request = _load(user, request_id)
    language = query.lang or request.language or "en"
    if language not in documents.DOCUMENT_LANGUAGES:
        raise ApiError(
            422,
            "validation_error",
            "no document template in this language",
            {"lang": f"one of {', '.join(documents.DOCUMENT_LANGUAGES)}"},
        )
    return documents.document_response(request, language, query.format, user)


@api_route(
    "/requests/<int:request_id>/submit",
    "POST",
    summary="Submit the draft for review: opens the outgoing case (or files it in `case_id`)",
    tag=TAG,
    body=SubmitBody,
    response=RequestOut,
    permission="request.draft",
    error_statuses=(409,),
)
def submit(user: User, request_id: int, body: SubmitBody) -> dict[str, Any]:
    request = _load(user, request_id)
    with _as_api_errors():
        submit_request(request, user, case_id=body.case_id, note=body.note)
    return request_out(request)


@api_route(
    "/requests/<int:request_id>/review",
    "POST",
    summary="The central authority's decision on one request: approve or return it while its "
    "case is under review (the case is approved once every request is, returned when one is), "
    "or approve, return or send one filed in a case past review, sending recording its "
    "transmission (409 when decided meanwhile)",
    tag=TAG,
    body=ReviewBody,
    response=RequestOut,
    permission="request.read",
    error_statuses=(403, 409),
)
def review(user: User, request_id: int, body: ReviewBody) -> dict[str, Any]:
    request = _load(user, request_id)
    with _as_api_errors():
        if body.decision == "transmitted":
            _transmit(request, user, body)
        else:
            review_request(request, user, body.decision, body.note, body.field_comments)
    return request_out(request)


def _transmit(request: MlaRequest, user: User, body: ReviewBody) -> None:
    """Sending a request records its transmission (the same record as the case page's form)."""
    if user.role not in REQUEST_REVIEWERS:  # who may, before what is missing
        raise RequestError("only the central authority records a transmission", status=403)
    given = body.transmission
    if given is None or (given.request_ids and given.request_ids != [request.id]):
        raise RequestError(
            "recording a request as sent records its transmission: give its sent_on, channel "
            "and reference (request_ids, if given, this request's id alone)",
            {"transmission": "required" if given is None else "request_ids: this request"},
        )
    transmit_request(
        request,
        user,
        attachment_ids=given.attachment_ids,
        sent_on=given.sent_on,
        channel=given.channel,
        reference=given.reference,
        note=given.note or body.note,
    )


@api_route(
    "/requests/<int:request_id>/duplicate",
    "POST",
    summary="A new draft with the same facts (e.g. to another requested state)",
    tag=TAG,
    body=DuplicateBody,
    response=RequestOut,
    status=201,
    permission="request.draft",
)
def duplicate(user: User, request_id: int, body: DuplicateBody) -> dict[str, Any]:
    request = _load(user, request_id)
    with _as_api_errors():
        copy = duplicate_request(request, user, body.requested_state)
    return request_out(copy)


@api_route(
    "/requests/<int:request_id>/versions",
    summary="The saved versions of a request, newest first",
    tag=TAG,
    permission="request.read",
    response=list[dict[str, Any]],
)
def versions(user: User, request_id: int) -> list[dict[str, Any]]:
    request = _load(user, request_id)
    return [
        {
            "number": v.number,
            "saved_at": utc_text(v.saved_at),
            "saved_by": v.saved_by,
            "note": v.note,
            "data": v.data,
        }
        for v in versions_of(request)
    ]


@api_route(
    "/requests/<int:request_id>/follow-up",
    "POST",
    summary="Turn a submitted preservation into the follow-up MLA draft in the same case",
    tag=TAG,
    response=RequestOut,
    status=201,
    permission="request.draft",
    error_statuses=(409,),
)
def follow_up(user: User, request_id: int) -> dict[str, Any]:
    request = _load(user, request_id)
    with _as_api_errors():
        draft = eevidence.convert_to_mla(request, user)
    return request_out(draft)


@api_route(
    "/requests/<int:request_id>/extension",
    "POST",
    summary="Draft a request to extend a submitted preservation (same case, same data)",
    tag=TAG,
    response=RequestOut,
    status=201,
    permission="request.draft",
    error_statuses=(409,),
)
def extension(user: User, request_id: int) -> dict[str, Any]:
    request = _load(user, request_id)
    with _as_api_errors():
        draft = eevidence.request_extension(request, user)
    return request_out(draft)
