"""`POST /api/v1/incoming-requests`: register an incoming request with its documents, whole or
not at all (JSON alone, or multipart: the JSON as the `registration` part, files as `documents`)."""

from __future__ import annotations

import json
from typing import Any

from flask import request
from pydantic import BaseModel, Field

from ...api.errors import ApiError
from ...api.openapi_dialect import openapi30_schema
from ...api.routing import api_route
from ...auth.models import User
from ...extensions import db
from ...vault.upload_parsing import ParsedFiles, parse_files
from ...vault.uploads import UploadError
from ..errors import RequestError
from .registration import parse_registration, register_incoming
from .schema import IncomingRegistration


def _inlined(schema: Any, definitions: dict[str, Any]) -> Any:
    """The schema with its `$defs` references written out (a request body stands alone)."""
    if isinstance(schema, list):
        return [_inlined(item, definitions) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if "$ref" in schema:
        return _inlined(definitions[schema["$ref"].rsplit("/", 1)[-1]], definitions)
    return {key: _inlined(value, definitions) for key, value in schema.items() if key != "$defs"}


def request_content() -> dict[str, Any]:
    """The OpenAPI content of a registration's body, made when the document is first asked for:
    the registration's JSON schema lists every state and language code (150 ms at import)."""
    registration = IncomingRegistration.model_json_schema()
    return {
        "application/json": {
            "schema": openapi30_schema(_inlined(registration, registration.get("$defs", {})))
        },
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["registration"],
                "properties": {
                    "registration": {"type": "string", "description": "the JSON registration"},
                    "documents": {
                        "type": "array",
                        "items": {"type": "string", "format": "binary"},
                        "description": "the received documents, encrypted as they arrive",
                    },
                },
            }
        },
    }


class DocumentOut(BaseModel):
    id: int
    filename: str
    size: int
    sha256: str


class RegisteredOut(BaseModel):
    case_id: int
    request_id: int
    due_date: str | None = Field(description="the case's due date (ISO 8601)")
    documents: list[DocumentOut]


def _parts() -> tuple[Any, ParsedFiles | None]:
    """The registration's JSON and, for a multipart body, its encrypted documents."""
    if request.mimetype == "application/json":
        return request.get_json(silent=True), None
    try:
        parsed = parse_files(
            request.stream, request.mimetype, request.content_length, request.mimetype_params
        )
    except UploadError as error:
        raise ApiError(error.status, error.code, error.message, error.fields) from error
    try:
        return json.loads(parsed.form.get("registration") or "null"), parsed
    except ValueError:
        parsed.discard()
        raise ApiError(
            422, "validation_error", "the registration part is not JSON", {"registration": "json"}
        ) from None


@api_route(
    "/incoming-requests",
    "POST",
    summary="Register an incoming request: its case, the request as received, its executing "
    "authority, assignee and due date, and its documents (all or nothing)",
    tag="cases",
    permission="case.register_incoming",
    request_content=request_content,
    response=RegisteredOut,
    status=201,
    error_statuses=(400, 403, 413, 415, 422, 507),
)
def register(user: User) -> Any:
    raw, parsed = _parts()
    documents = parsed.files if parsed else []
    try:
        registered = register_incoming(user, parse_registration(raw), documents)
        db.session.commit()
    except BaseException as error:
        db.session.rollback()
        if parsed:
            parsed.discard()
        if isinstance(error, RequestError):
            raise ApiError(error.status, error.code, error.message, error.fields) from error
        raise
    for incoming in documents:
        incoming.close()
    case = registered.case
    return RegisteredOut(
        case_id=case.id,
        request_id=registered.request.id,
        due_date=case.due_date.isoformat() if case.due_date else None,
        documents=[
            DocumentOut(id=a.id, filename=a.filename, size=a.size, sha256=a.sha256)
            for a in registered.attachments
        ],
    ), 201
