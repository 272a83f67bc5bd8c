"""GET /api/v1/states names each state in the eight document languages, and its OpenAPI
summary and schema say so (the interface has four: en, ar, fr, es)."""

from __future__ import annotations

from flask.testing import FlaskClient

from mla_tool.directory.states import NAME_LANGUAGES


def test_the_states_operation_says_it_names_states_in_the_eight_document_languages(
    client: FlaskClient,
) -> None:
    document = client.get("/api/v1/openapi.json").get_json()
    summary = document["paths"]["/states"]["get"]["summary"]
    names = document["components"]["schemas"]["StateOut"]["properties"]["names"]["description"]
    listed = ", ".join(NAME_LANGUAGES)
    assert len(NAME_LANGUAGES) == 8
    assert listed in summary and "eight document languages" in summary
    assert listed in names
