"""Schemathesis drives every operation of /api/v1/openapi.json as a signed-in user: no 5xx, and
every response matches the documented schema, status codes and content types.

What the schema can say (types, enums of state and language codes, bounds) it says, so a value the
schema allows is accepted. What it cannot say (a referenced row exists, the two states differ, a
request's own language has a document template) is answered 422 with the offending field named;
for those answers the "schema-valid request rejected" check is replaced by that contract."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

pytestmark = pytest.mark.slow  # minutes of schemathesis fuzzing: left out of scripts/test --fast

FUZZ_EXAMPLES = 15


@pytest.fixture
def api_schema(app):  # type: ignore[no-untyped-def]
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture
def fuzz_headers(make_user, api_headers):  # type: ignore[no-untyped-def]
    return api_headers(make_user("caseworker", email="fuzz@example.org"))


@schema.parametrize()
@settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_operation_under_fuzzing(case, fuzz_headers) -> None:  # type: ignore[no-untyped-def]
    response = case.call(headers=fuzz_headers)
    semantic_refusal = response.status_code == 422 and response.json()["error"].get("fields")
    excluded = [schemathesis.checks.positive_data_acceptance] if semantic_refusal else []
    case.validate_response(response, headers=fuzz_headers, excluded_checks=excluded)
    if response.status_code == 422:
        error = response.json()["error"]
        assert error["code"] == "validation_error" and error["message"], error
