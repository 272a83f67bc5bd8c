"""The OpenAPI 3 document, generated from the schemas the endpoints validate with."""

# Why OpenAPI 3.0.3 and not 3.1.0: pydantic writes JSON Schema 2020-12, which is what 3.1 uses,
# but the tools integrators feed this document to read 3.0 best: API gateways import 3.0 and
# refuse or half-read 3.1 (AWS API Gateway takes 2.0/3.0 only; other gateways and
# openapi-generator treat 3.1 as partial or beta), while 3.0 is fully read by every generator,
# openapi-python-client and schemathesis included. So the schemas are rewritten into the 3.0
# dialect (`openapi_dialect`: `nullable: true` instead of a `{"type": "null"}` option, `allOf`
# around a `$ref` with siblings, `enum` for `const`); nothing a client may send or receive
# changes. The one form 3.0 lacks is a nullable reference: it is written `allOf: [$ref]` with
# `nullable: true`, which generators and schemathesis read as "this model or null" (the strict
# 3.0.3 wording gives `nullable` without `type` no effect). tests/test_openapi_conformance.py
# validates the result with openapi-spec-validator and drives a client generated from it
# (openapi-python-client) against a live server.

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, TypeAdapter

from .errors import HTTP_CODES
from .openapi_dialect import openapi30_schema
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


def _components_from(schema: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    """`schema` in the 3.0 dialect, its `$defs` moved (converted) into `components`."""
    for name, definition in schema.pop("$defs", {}).items():
        components[name] = openapi30_schema(definition)
    return openapi30_schema(schema)


def _schema_of(kind: Any, components: dict[str, Any]) -> dict[str, Any]:
    adapter = TypeAdapter(kind)
    schema = adapter.json_schema(ref_template=REF_TEMPLATE, mode="serialization")
    schema = _components_from(schema, components)
    if isinstance(kind, type) and issubclass(kind, BaseModel):
        components[kind.__name__] = schema
        return {"$ref": REF_TEMPLATE.format(model=kind.__name__)}
    return schema


def _input_schema(model: type[BaseModel], components: dict[str, Any]) -> dict[str, Any]:
    schema = model.model_json_schema(ref_template=REF_TEMPLATE, mode="validation")
    components[model.__name__ + "Input"] = _components_from(schema, components)
    return {"$ref": REF_TEMPLATE.format(model=model.__name__ + "Input")}


def _query_schema(prop: dict[str, Any]) -> dict[str, Any]:
    """A query parameter's schema: an absent parameter, not a null one, is how None is sent."""
    schema = openapi30_schema({key: value for key, value in prop.items() if key != "title"})
    if schema.pop("nullable", False):
        if isinstance(schema.get("enum"), list):
            schema["enum"] = [value for value in schema["enum"] if value is not None]
        if schema.get("default", "") is None:
            del schema["default"]
    return schema


def _query_parameters(model: type[BaseModel]) -> list[dict[str, Any]]:
    schema = model.model_json_schema(mode="validation")
    required = set(schema.get("required", []))
    return [
        {"name": name, "in": "query", "required": name in required, "schema": _query_schema(prop)}
        for name, prop in schema.get("properties", {}).items()
    ]


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
            content = endpoint.request_content
            content = content() if callable(content) else content
            operation["requestBody"] = {"required": True, "content": content}
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
