"""API endpoints that belong to no domain: the OpenAPI document, the caller, the states."""

from __future__ import annotations

from typing import Any

from flask import current_app, jsonify
from flask.wrappers import Response
from pydantic import BaseModel, ConfigDict, Field

from ..auth.models import User
from ..directory.states import NAME_LANGUAGES, all_states, find_states
from .openapi import build_openapi
from .routing import api_route, app_endpoints

#: Where an app keeps its OpenAPI document, built at the first request for it.
OPENAPI_DOCUMENT_KEY = "mla_openapi_document"


class StateOut(BaseModel):
    iso3: str = Field(description="ISO 3166-1 alpha-3 code")
    iso2: str
    names: dict[str, str] = Field(
        description="names by ISO 639-1 code in the eight document languages "
        f"({', '.join(NAME_LANGUAGES)}); the interface uses the first four"
    )


class StatesQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    q: str | None = Field(default=None, max_length=200, description="part of a name or code")


class MeOut(BaseModel):
    id: int
    email: str
    role: str
    country_iso3: str | None
    locale: str | None


@api_route(
    "/openapi.json",
    summary="This OpenAPI document",
    tag="meta",
    authenticated=False,
    content_types={"application/json": {"schema": {"type": "object"}}},
)
def openapi_document() -> Response:
    document = current_app.extensions.get(OPENAPI_DOCUMENT_KEY)
    if document is None:  # the endpoints are fixed once the app serves: build it once
        document = build_openapi(app_endpoints(current_app))
        current_app.extensions[OPENAPI_DOCUMENT_KEY] = document
    return jsonify(document)


@api_route("/me", summary="The user the token belongs to", tag="meta", response=MeOut)
def me(user: User) -> MeOut:
    return MeOut(
        id=user.id,
        email=user.email,
        role=user.role,
        country_iso3=user.country_iso3,
        locale=user.locale,
    )


@api_route(
    "/states",
    summary="States (ISO 3166-1 alpha-3) with names in the eight document languages "
    f"({', '.join(NAME_LANGUAGES)})",
    tag="directory",
    query=StatesQuery,
    response=list[StateOut],
)
def states(user: User, query: StatesQuery) -> list[dict[str, Any]]:
    found = find_states(query.q) if query.q else all_states()
    return [{"iso3": s.iso3, "iso2": s.iso2, "names": s.names} for s in found]
