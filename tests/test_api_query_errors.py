"""A refused query names its query parameters, never a request body that was not sent."""

from __future__ import annotations

import re

from mla_tool.api.routing import app_endpoints
from mla_tool.auth.roles import ROLES


def test_audit_date_range_in_the_wrong_order_names_since_and_until(
    client, make_user, api_headers
) -> None:  # type: ignore[no-untyped-def]
    headers = api_headers(make_user("auditor"))
    refused = client.get("/api/v1/audit?since=2030-01-01&until=2020-01-01", headers=headers)
    assert refused.status_code == 422
    fields = refused.get_json()["error"]["fields"]
    assert set(fields) == {"since", "until"}
    assert "since must not be after until" in fields["since"]


#: Values query fields refuse: not a number or date, overlong text, out of range, no such day.
BAD_VALUES = ("not-a-value", "x" * 5000, "-99999999999", "2030-02-31")


def test_every_query_model_error_names_a_parameter(app, client, make_user, api_headers) -> None:  # type: ignore[no-untyped-def]
    users = {role: make_user(role) for role in ROLES}
    headers = {role: api_headers(user) for role, user in users.items()}
    checked = 0
    for endpoint in app_endpoints(app):
        if endpoint.query is None:
            continue
        role = next(
            role
            for role in ROLES
            if not endpoint.permission or users[role].may(endpoint.permission)
        )
        path = "/api/v1" + re.sub(r"<(?:\w+:)?\w+>", "1", endpoint.path)
        names = set(endpoint.query.model_fields)
        for name in endpoint.query.model_fields:
            for value in [*BAD_VALUES, "unknown"]:
                query = {name: value} if value != "unknown" else {"no_such_parameter": "1"}
                response = client.open(
                    path, method=endpoint.method.upper(), query_string=query, headers=headers[role]
                )
                if response.status_code != 422:
                    continue
                fields = response.get_json()["error"]["fields"]
                allowed = names | {"no_such_parameter"}
                assert fields and {key.split(".")[0] for key in fields} <= allowed, (
                    endpoint.path,
                    query,
                    fields,
                )
                checked += 1
    assert checked > 0
