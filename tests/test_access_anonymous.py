"""Every route, taken from the app's URL map, refuses anonymous users: a new route cannot escape."""

from __future__ import annotations

import pytest
from flask import Flask

#: Endpoints meant for anonymous users.
PUBLIC_ENDPOINTS = {
    "static",
    "auth.login",
    "auth.set_language",
    "home.index",
    "home.healthz",
    "home.readyz",
    "api.api_openapi_document",
}


def _routes(app: Flask) -> list[tuple[str, str, str]]:
    routes = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC_ENDPOINTS:
            continue
        values = {}
        for argument in rule.arguments:
            converter = rule._converters[argument].__class__.__name__  # noqa: SLF001
            values[argument] = 1 if "Integer" in converter else "x"
        path = rule.build(values, append_unknown=False)[1]  # type: ignore[index]
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            routes.append((rule.endpoint, method, path))
    return routes


def test_there_are_routes_to_check(app: Flask) -> None:
    assert len(_routes(app)) >= 3


def test_every_route_refuses_anonymous_users(app: Flask) -> None:
    client = app.test_client()
    failures = []
    for endpoint, method, path in _routes(app):
        response = client.open(path, method=method)
        if path.startswith("/api/"):
            ok = response.status_code == 401
        else:
            # pages: sent to sign in; state-changing requests may be stopped earlier by CSRF
            ok = (
                response.status_code == 302 and "/login" in response.headers.get("Location", "")
            ) or (method != "GET" and response.status_code == 400)
        if not ok:
            failures.append(f"{method} {path} ({endpoint}) -> {response.status_code}")
    assert failures == []


@pytest.mark.parametrize("path", ["/login", "/healthz", "/api/v1/openapi.json"])
def test_public_endpoints_answer(client, path: str) -> None:
    assert client.get(path).status_code == 200
