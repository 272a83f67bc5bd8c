"""Declaring API endpoints once: validation, auth and OpenAPI come from the same schemas.

`api_route` only marks a view with its declaration; `api_blueprint` (called by the app's wiring)
collects the marked views of the API modules into a fresh blueprint for each app.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import wraps
from types import ModuleType
from typing import Any

from flask import Blueprint, Flask, Response, current_app, g, jsonify, request
from pydantic import BaseModel, ValidationError

from ..auth import service as auth_service
from ..errors import DomainError
from ..extensions import db
from .errors import ApiError, domain_error_response, fields_from_validation

#: Where an app keeps the endpoints its API blueprint serves (the OpenAPI document reads them).
APP_ENDPOINTS_KEY = "mla_api_endpoints"


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
    #: a body that is no JSON model: its OpenAPI content, or a function that makes it when the
    #: document is first asked for (a schema built at import costs every app's start-up)
    request_content: dict[str, Any] | Callable[[], dict[str, Any]] | None = None
    error_statuses: tuple[int, ...] = ()
    view: Callable[..., Any] | None = None  # the wrapped view the blueprint serves


def _bearer_user() -> Any:
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
    request_content: dict[str, Any] | Callable[[], dict[str, Any]] | None = None,
    error_statuses: tuple[int, ...] = (),
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare `view(user=, body=, query=, **path_args)` at `path`, documented in OpenAPI.

    Nothing is registered here: the declaration rides on the returned function
    (`api_endpoint`) until `api_blueprint` serves it. The view returns a dict, list, pydantic
    model, (value, status) or a Response. Errors are raised as ApiError; anything the view
    wrote is rolled back when it raises.
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
            except DomainError as error:
                db.session.rollback()
                response, error_status = domain_error_response(error)
                response.status_code = error_status
                return response

        endpoint.api_endpoint = Endpoint(  # type: ignore[attr-defined]
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
            view=endpoint,
        )
        return endpoint

    return decorator


def declared_endpoints(modules: Iterable[ModuleType]) -> list[Endpoint]:
    """The endpoints declared in `modules`, module by module in the order of their definitions."""
    found: list[Endpoint] = []
    for module in modules:
        for value in vars(module).values():
            if not inspect.isfunction(value):  # module globals include proxies like `request`
                continue
            declared = getattr(value, "api_endpoint", None)
            if isinstance(declared, Endpoint) and value.__module__ == module.__name__:
                found.append(declared)
    return found


def api_blueprint(endpoints: Iterable[Endpoint]) -> Blueprint:
    """A new `/api/v1` blueprint serving `endpoints` (one per app: blueprints are not shared)."""
    blueprint = Blueprint("api", __name__, url_prefix="/api/v1")
    for declared in endpoints:
        blueprint.add_url_rule(
            declared.path,
            endpoint=declared.name,
            view_func=declared.view,
            methods=[declared.method.upper()],
        )
    return blueprint


def app_endpoints(app: Flask) -> list[Endpoint]:
    """The endpoints the app's API serves, in the order of the OpenAPI document."""
    return list(app.extensions.get(APP_ENDPOINTS_KEY, ()))


_FLASK_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


def openapi_path(path: str) -> str:
    return _FLASK_PARAM.sub(lambda m: "{" + m.group(2) + "}", path)


def path_parameters(path: str) -> list[tuple[str, str]]:
    return [(m.group(2), m.group(1) or "string") for m in _FLASK_PARAM.finditer(path)]
