"""The OpenAPI 3 document, generated from the schemas the endpoints validate with."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, TypeAdapter

from .errors import HTTP_CODES
from .routing import MAX_ID, Endpoint, openapi_path, path_parameters

REF_TEMPLATE = "#/components/schemas/{model}"
PATH_TYPES = {
    "int": {"type": "integer", "minimum": 0, "maximum": MAX_ID},
    "string": {"type": "string"},
    "path": {"type": "string"},
}

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "fields"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "fields": {"type": "object", "additionalProperties": True},
            },
        }
    },
}


def _schema_of(kind: Any, components: dict[str, Any]) -> dict[str, Any]:
    adapter = TypeAdapter(kind)
    schema = adapter.json_schema(ref_template=REF_TEMPLATE, mode="serialization")
    for name, definition in schema.pop("$defs", {}).items():
        components[name] = definition
    if isinstance(kind, type) and issubclass(kind, BaseModel):
        components[kind.__name__] = schema
        return {"$ref": REF_TEMPLATE.format(model=kind.__name__)}
    return schema


def _input_schema(model: type[BaseModel], components: dict[str, Any]) -> dict[str, Any]:
    schema = model.model_json_schema(ref_template=REF_TEMPLATE, mode="validation")
    for name, definition in schema.pop("$defs", {}).items():
        components[name] = definition
    components[model.__name__ + "Input"] = schema
    return {"$ref": REF_TEMPLATE.format(model=model.__name__ + "Input")}


def _query_parameters(model: type[BaseModel]) -> list[dict[str, Any]]:
    schema = model.model_json_schema(mode="validation")
    required = set(schema.get("required", []))
    parameters = []
    for name, prop in schema.get("properties", {}).items():
        prop = dict(prop)
        prop.pop("title", None)
        if "anyOf" in prop:  # Optional[X]: the query string carries X
            options = [option for option in prop.pop("anyOf") if option.get("type") != "null"]
            prop.update(options[0] if options else {"type": "string"})
        parameters.append(
            {"name": name, "in": "query", "required": name in required, "schema": prop}
        )
    return parameters


def build_openapi(endpoints: Iterable[Endpoint], server_url: str = "/api/v1") -> dict[str, Any]:
    components: dict[str, Any] = {"Error": ERROR_SCHEMA}
    paths: dict[str, dict[str, Any]] = {}
    for endpoint in endpoints:
        operation: dict[str, Any] = {
            "operationId": endpoint.name,
            "summary": endpoint.summary,
            "tags": [endpoint.tag],
            "parameters": [
                {
                    "name": name,
                    "in": "path",
                    "required": True,
                    "schema": PATH_TYPES.get(kind, {"type": "string"}),
                }
                for name, kind in path_parameters(endpoint.path)
            ],
            "responses": {},
        }
        if endpoint.query is not None:
            operation["parameters"] += _query_parameters(endpoint.query)
        if endpoint.body is not None:
            operation["requestBody"] = {
                "required": True,
                "content": {
                    "application/json": {"schema": _input_schema(endpoint.body, components)}
                },
            }
        elif endpoint.request_content is not None:
            operation["requestBody"] = {"required": True, "content": endpoint.request_content}
        success: dict[str, Any] = {"description": "success"}
        if endpoint.content_types:
            success["content"] = endpoint.content_types
        elif endpoint.response is not None:
            success["content"] = {
                "application/json": {"schema": _schema_of(endpoint.response, components)}
            }
        operation["responses"][str(endpoint.status)] = success
        error_statuses = set(endpoint.error_statuses)
        if endpoint.authenticated:
            error_statuses |= {401}
            operation["security"] = [{"bearerAuth": []}]
        else:
            operation["security"] = []
        if endpoint.permission:
            error_statuses.add(403)
        if endpoint.body is not None:
            error_statuses |= {400, 413, 415, 422}
        if endpoint.query is not None:
            error_statuses.add(422)
        if path_parameters(endpoint.path):
            error_statuses.add(404)
        for status in sorted(error_statuses):
            operation["responses"][str(status)] = {
                "description": HTTP_CODES.get(status, "error"),
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
            }
        paths.setdefault(openapi_path(endpoint.path), {})[endpoint.method] = operation
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "mla_tool API",
            "version": "1",
            "description": "Requests for mutual legal assistance and extradition, the directory of "
            "competent authorities and the case tracker. Authenticate with "
            "`Authorization: Bearer <token>` from `mla-tool token EMAIL`.",
        },
        "servers": [{"url": server_url}],
        "paths": paths,
        "components": {
            "schemas": components,
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
        },
    }
