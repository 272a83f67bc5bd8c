"""Pydantic's JSON Schema (2020-12) rewritten as OpenAPI 3.0 Schema Objects (`nullable`).

Each rewrite is one small function in `REWRITES`, applied bottom-up to every (sub)schema:
`anyOf [X, {"type": "null"}]` becomes X with `nullable: true` (and `null` in its `enum`, the
3.0.3 rule), a `$ref` that carries other keywords is wrapped in `allOf` (3.0 ignores siblings of
`$ref`), `const` becomes a one-value `enum`, a tuple's `prefixItems` become `items`, and numeric
`exclusiveMinimum`/`exclusiveMaximum` become the 3.0 boolean forms.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Schema = dict[str, Any]

NULL: Schema = {"type": "null"}
#: Keywords whose value is one schema, a map of schemas, or a list of schemas.
ONE_SCHEMA = ("items", "additionalProperties", "not")
SCHEMA_MAP = ("properties", "patternProperties")
SCHEMA_LIST = ("anyOf", "oneOf", "allOf", "prefixItems")
#: Keywords of JSON Schema 2020-12 that an OpenAPI 3.0 Schema Object does not have.
DROPPED = ("$schema", "$id", "contentMediaType", "contentEncoding")


def _nullable(schema: Schema) -> Schema:
    schema["nullable"] = True
    if isinstance(schema.get("enum"), list) and None not in schema["enum"]:
        schema["enum"] = [*schema["enum"], None]
    return schema


def _null_union(schema: Schema) -> Schema:
    """`anyOf`/`oneOf` with a `{"type": "null"}` option: the other options, nullable."""
    for keyword in ("anyOf", "oneOf"):
        options = schema.get(keyword)
        if not isinstance(options, list) or NULL not in options:
            continue
        others = [option for option in options if option != NULL]
        rest = {key: value for key, value in schema.items() if key != keyword}
        if len(others) == 1:
            return _nullable({**others[0], **rest})  # the outer title/default/description win
        return _nullable({**rest, keyword: others})
    return schema


def _type_list(schema: Schema) -> Schema:
    """`type: ["string", "null"]` (or several types): one type and `nullable`, else `anyOf`."""
    types = schema.get("type")
    if not isinstance(types, list):
        return schema
    named = [kind for kind in types if kind != "null"]
    out = {key: value for key, value in schema.items() if key != "type"}
    if len(named) == 1:
        out["type"] = named[0]
    elif named:
        out["anyOf"] = [{"type": kind} for kind in named]
    return _nullable(out) if "null" in types else out


def _const(schema: Schema) -> Schema:
    if "const" not in schema:
        return schema
    out = {key: value for key, value in schema.items() if key != "const"}
    out.setdefault("enum", [schema["const"]])
    return out


def _examples(schema: Schema) -> Schema:
    examples = schema.get("examples")
    if not isinstance(examples, list):
        return schema
    out = {key: value for key, value in schema.items() if key != "examples"}
    if examples:
        out.setdefault("example", examples[0])
    return out


def _exclusive_bounds(schema: Schema) -> Schema:
    out = dict(schema)
    for exclusive, bound in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        value = out.get(exclusive)
        if isinstance(value, int | float) and not isinstance(value, bool):
            out[bound] = value
            out[exclusive] = True
    return out


def _tuple_items(schema: Schema) -> Schema:
    """A tuple (`prefixItems`) as an array whose items may be any of the positions' schemas."""
    positions = schema.get("prefixItems")
    if not isinstance(positions, list):
        return schema
    out = {key: value for key, value in schema.items() if key not in ("prefixItems", "items")}
    distinct: list[Schema] = []
    for position in positions:
        if position not in distinct:
            distinct.append(position)
    out["items"] = distinct[0] if len(distinct) == 1 else {"anyOf": distinct}
    out.setdefault("minItems", len(positions))
    out.setdefault("maxItems", len(positions))
    return out


def _dropped_keywords(schema: Schema) -> Schema:
    out = {key: value for key, value in schema.items() if key not in DROPPED}
    if out.get("default", "") is None and not out.get("nullable"):
        del out["default"]  # a null default of a field that cannot be null says nothing
    return out


def _ref_siblings(schema: Schema) -> Schema:
    """3.0 ignores keywords beside `$ref`: keep them by wrapping the reference in `allOf`."""
    if "$ref" not in schema or len(schema) == 1:
        return schema
    rest = {key: value for key, value in schema.items() if key != "$ref"}
    return {"allOf": [{"$ref": schema["$ref"]}], **rest}


#: In order: the null forms first (they may leave a `$ref` with siblings), `$ref` siblings last.
REWRITES: tuple[Callable[[Schema], Schema], ...] = (
    _null_union,
    _type_list,
    _const,
    _examples,
    _exclusive_bounds,
    _tuple_items,
    _dropped_keywords,
    _ref_siblings,
)


def openapi30_schema(schema: Any) -> Any:
    """`schema` (JSON Schema 2020-12, as pydantic writes it) as an OpenAPI 3.0 Schema Object."""
    if not isinstance(schema, dict):
        return schema  # `true`/`false` of additionalProperties
    out: Schema = {}
    for key, value in schema.items():
        if key in ONE_SCHEMA:
            value = openapi30_schema(value)
        elif key in SCHEMA_MAP and isinstance(value, dict):
            value = {name: openapi30_schema(item) for name, item in value.items()}
        elif key in SCHEMA_LIST and isinstance(value, list):
            value = [openapi30_schema(item) for item in value]
        out[key] = value
    for rewrite in REWRITES:
        out = rewrite(out)
    return out
