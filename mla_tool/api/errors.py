"""The JSON error format of the API: {"error": {"code", "message", "fields"}}."""

from __future__ import annotations

from typing import Any

from flask import jsonify
from flask.wrappers import Response
from pydantic import ValidationError
from werkzeug.exceptions import HTTPException, default_exceptions

from ..errors import DomainError

HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "too_many_requests",
    500: "internal_error",
    503: "service_unavailable",
    507: "insufficient_storage",
}


class ApiError(DomainError):
    """Raised by API views to answer with a 4xx JSON error (services raise DomainError)."""


def error_response(
    status: int, code: str, message: str, fields: dict[str, Any] | None = None
) -> tuple[Response, int]:
    return jsonify({"error": {"code": code, "message": message, "fields": fields or {}}}), status


def domain_error_response(error: DomainError) -> tuple[Response, int]:
    """The API's answer to a refused operation: its code, its English message (or, when it has
    none, the HTTP status's usual text, as for an unknown URL) and its messages by field."""
    message = str(error.message)
    if not message and error.status in default_exceptions:
        message = str(default_exceptions[error.status].description)
    return error_response(error.status, error.code, message, error.fields)


def json_error_from_http(error: Exception, status: int) -> tuple[Response, int]:
    allowed: list[str] = []
    if isinstance(error, HTTPException):
        message = error.description or error.name
        status = error.code or status
        allowed = sorted(getattr(error, "valid_methods", None) or [])
    else:
        message = "internal error"
    response, status = error_response(status, HTTP_CODES.get(status, "error"), str(message))
    if allowed:
        response.headers["Allow"] = ", ".join(allowed)  # RFC 9110 asks for it on every 405
    return response, status


def fields_from_validation(error: ValidationError, whole: str = "body") -> dict[str, str]:
    """{field: message}; an error about the whole model (a model validator) is keyed by the
    fields it names in its context (`PydanticCustomError(..., {"fields": [...]})`), else by
    `whole` ("body", or "query" for query parameters: never a body that was not sent)."""
    fields: dict[str, str] = {}
    for item in error.errors():
        location = ".".join(str(part) for part in item["loc"])
        named = (item.get("ctx") or {}).get("fields")
        if location:
            fields.setdefault(location, item["msg"])
        elif isinstance(named, list | tuple) and named:
            for name in named:
                fields.setdefault(str(name), item["msg"])
        else:
            fields.setdefault(whole, item["msg"])
    return fields
