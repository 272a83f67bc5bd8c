"""Schemathesis drives every operation of /api/v1/openapi.json as a signed-in user: no 5xx, and
every response matches the documented schema, status codes and content types."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

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
    case.call_and_validate(headers=fuzz_headers)
