"""Declaring API endpoints once: validation, auth and OpenAPI come from the same schemas."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from flask import Blueprint, Response, current_app, g, jsonify, request
from pydantic import BaseModel, ValidationError

from ..extensions import db
from .errors import ApiError, fields_from_validation

api_bp = Blueprint("api", __name__, url_prefix="/api/v1")


@dataclass
class Endpoint:
    """One documented operation of the API."""

    path: str
    method: str
    name: str
    summary: str
    tag: str
    body: type[BaseModel] | None = None
    query: type[BaseModel] | None = None
    response: Any = None
    status: int = 200
    permission: str | None = None
    authenticated: bool = True
    content_types: dict[str, dict[str, Any]] = field(default_factory=dict)
    request_content: dict[str, Any] | None = None
    error_statuses: tuple[int, ...] = ()


ENDPOINTS: list[Endpoint] = []


def _bearer_user() -> Any:
    from ..auth import service as auth_service

    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "unauthorized", "a bearer token is required (mla-tool token EMAIL)")
    user = auth_service.user_for_token(token.strip())
    if user is None:
        raise ApiError(401, "unauthorized", "the bearer token is not valid")
    return user


#: Largest id a table holds (a PostgreSQL integer); larger path ids are simply not found.
MAX_ID = 2_147_483_647


def _parse_body(model: type[BaseModel]) -> BaseModel:
    limit = current_app.config["MLA_MAX_JSON_BYTES"]
    if request.content_length is not None and request.content_length > limit:
        raise ApiError(413, "payload_too_large", f"a JSON body may have at most {limit} bytes")
    if not request.is_json:
        raise ApiError(415, "unsupported_media_type", "send the body as application/json")
    raw = request.get_data(cache=True)
    if len(raw) > limit:
        raise ApiError(413, "payload_too_large", f"a JSON body may have at most {limit} bytes")
    try:
        # strict: JSON has its own types; 0 is not false and 0 is not a date
        return model.model_validate_json(raw, strict=True)
    except ValidationError as error:
        if any(item["type"] == "json_invalid" for item in error.errors()):
            raise ApiError(400, "malformed_json", "the body is not valid JSON") from error
        raise ApiError(
            422,
            "validation_error",
            "the body does not match the schema",
            fields_from_validation(error),
        ) from error


def _parse_query(model: type[BaseModel]) -> BaseModel:
    values: dict[str, Any] = {}
    for key in request.args:
        items = request.args.getlist(key)
        values[key] = items if len(items) > 1 else items[0]
    try:
        return model.model_validate(values)
    except ValidationError as error:
        raise ApiError(
            422,
            "validation_error",
            "the query parameters are not valid",
            fields_from_validation(error, whole="query"),
        ) from error


def _to_response(result: Any, status: int) -> Response:
    if isinstance(result, Response):
        return result
    if isinstance(result, tuple):
        body, status = result
        result = body
    if isinstance(result, BaseModel):
        result = result.model_dump(mode="json")
    response = jsonify(result)
    response.status_code = status
    return response


def api_route(
    path: str,
    method: str = "GET",
    *,
    summary: str,
    tag: str,
    body: type[BaseModel] | None = None,
    query: type[BaseModel] | None = None,
    response: Any = None,
    status: int = 200,
    permission: str | None = None,
    authenticated: bool = True,
    content_types: dict[str, dict[str, Any]] | None = None,
    request_content: dict[str, Any] | None = None,
    error_statuses: tuple[int, ...] = (),
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register `view(user=, body=, query=, **path_args)` at `path`, documented in OpenAPI.

    The view returns a dict, list, pydantic model, (value, status) or a Response. Errors are
    raised as ApiError; anything the view wrote is rolled back when it raises.
    """

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        name = f"{view.__module__.rsplit('.', 2)[-2]}_{view.__name__}"

        @wraps(view)
        def endpoint(**path_args: Any) -> Response:
            try:
                kwargs: dict[str, Any] = dict(path_args)
                if any(isinstance(v, int) and v > MAX_ID for v in path_args.values()):
                    raise ApiError(404, "not_found", "no such object")
                if authenticated:
                    user = _bearer_user()
                    g.api_user = user
                    if permission and not user.may(permission):
                        raise ApiError(403, "forbidden", "your role may not do this")
                    kwargs["user"] = user
                if body is not None:
                    kwargs["body"] = _parse_body(body)
                if query is not None:
                    kwargs["query"] = _parse_query(query)
                result = view(**kwargs)
                out = _to_response(result, status)
                db.session.commit()
                return out
            except ApiError as error:
                db.session.rollback()
                response = jsonify(
                    {
                        "error": {
                            "code": error.code,
                            "message": error.message,
                            "fields": error.fields,
                        }
                    }
                )
                response.status_code = error.status
                return response

        api_bp.add_url_rule(path, endpoint=name, view_func=endpoint, methods=[method])
        ENDPOINTS.append(
            Endpoint(
                path=path,
                method=method.lower(),
                name=name,
                summary=summary,
                tag=tag,
                body=body,
                query=query,
                response=response,
                status=status,
                permission=permission,
                authenticated=authenticated,
                content_types=content_types or {},
                request_content=request_content,
                error_statuses=error_statuses,
            )
        )
        return endpoint

    return decorator


_FLASK_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


def openapi_path(path: str) -> str:
    return _FLASK_PARAM.sub(lambda m: "{" + m.group(2) + "}", path)


def path_parameters(path: str) -> list[tuple[str, str]]:
    return [(m.group(2), m.group(1) or "string") for m in _FLASK_PARAM.finditer(path)]
