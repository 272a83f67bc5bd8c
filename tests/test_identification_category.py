"""The identification-only data category (Regulation (EU) 2023/1543 art. 3(10)): traffic data
asked for the sole purpose of identifying the user stand for the traffic data a disclosure
implies, are held to the lower threshold, are taken by the API and the wizard, print with their
label, and a request for traffic data of IP addresses seen at given moments is told of them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient

from mla_tool.forms import documents
from mla_tool.forms.eevidence.categories import CATEGORY_THRESHOLDS, categories_of, highest_category
from mla_tool.forms.eevidence.samples import sample_preservation
from mla_tool.forms.forms import parse_identifiers

IP_AT = {"type": "ip", "value": "81.2.69.160", "observed_at": "2026-12-01T14:03:00"}


def test_identification_stands_for_the_traffic_data_a_disclosure_implies() -> None:
    item = {
        "type": "disclose_traffic_data",
        "details": {"identifiers": [IP_AT], "data_categories": ["identification"]},
    }
    assert categories_of(item) == ["identification"]
    assert highest_category(item) is CATEGORY_THRESHOLDS["identification"]
    # content still asks for content
    item = {"type": "stored_content", "details": {"data_categories": ["identification"]}}
    assert categories_of(item) == ["identification", "content"]


def test_the_api_and_the_identifier_lines_take_it(
    client: FlaskClient, make_user: Callable[..., Any], api_headers: Callable[[Any], dict]
) -> None:
    headers = api_headers(make_user("prosecutor"))
    document = sample_preservation()
    document["kind"] = "emergency_disclosure"
    document.pop("preservation")
    document["measures"][0]["type"] = "disclose_traffic_data"
    document["measures"][0]["details"]["identifiers"] = [IP_AT]
    document["measures"][0]["details"]["data_categories"] = ["traffic"]
    created = client.post("/api/v1/requests", json=document, headers=headers).get_json()
    check = client.get(f"/api/v1/requests/{created['id']}/check", headers=headers).get_json()
    found = {f["code"]: f for f in check["findings"]}
    assert found["identification_only_undeclared"]["severity"] == "warning"
    assert found["identification_only_undeclared"]["reference"] == (
        "Regulation (EU) 2023/1543 art. 3(10)"
    )
    patch = {"measures": [{**document["measures"][0]}]}
    patch["measures"][0]["details"] = {
        **document["measures"][0]["details"],
        "data_categories": ["identification"],
    }
    answer = client.patch(f"/api/v1/requests/{created['id']}", json=patch, headers=headers)
    assert answer.status_code == 200, answer.get_json()
    check = client.get(f"/api/v1/requests/{created['id']}/check", headers=headers).get_json()
    assert "identification_only_undeclared" not in {f["code"] for f in check["findings"]}
    line = "ip | 81.2.69.160 | 2026-12-01T14:03:00 | UTC | categories=identification"
    assert parse_identifiers(line)[0]["data_categories"] == ["identification"]


@pytest.mark.parametrize(
    ("language", "label"), [("en", "Data requested only to identify the user"), ("fr", "")]
)
def test_the_document_names_the_category(language: str, label: str) -> None:
    document = sample_preservation()
    document["measures"][0]["details"]["data_categories"] = ["identification"]
    html = documents.render_html(None, document, language)  # a code without a label raises
    assert label in html
