"""The terms some measures need (issue 18): consent of a detained person to the transfer, who
conducts a videoconference and whether the person consents, how an interception is delivered,
for how long traffic data are collected in real time: asked in the measure's sub-form, taken
and refused by the API, printed with the measure and checked by warnings."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient

from mla_tool.forms import documents
from mla_tool.forms.samples import complete_request
from tests.factories.rule_cases_request_fields import INTERCEPTION, REALTIME, TRANSFER

VIDEOCONFERENCE = {
    "type": "videoconference",
    "description": "Hearing of the account manager by videoconference.",
    "link_to_facts": "He opened the account and approved the transfers.",
    "details": {
        "person": "Account manager of Emirates Example Bank PJSC",
        "conducted_by": "requesting_state",
        "person_consents": True,
        "safe_conduct": True,
    },
}


def _codes(client: FlaskClient, headers: dict[str, str], request_id: int) -> dict[str, str]:
    check = client.get(f"/api/v1/requests/{request_id}/check", headers=headers).get_json()
    return {f["code"]: f["severity"] for f in check["findings"]}


def test_the_api_takes_the_terms_and_the_rules_read_them(
    client: FlaskClient, make_user: Callable[..., Any], api_headers: Callable[[Any], dict]
) -> None:
    headers = api_headers(make_user("prosecutor"))
    document = complete_request()
    document["measures"] = [TRANSFER, VIDEOCONFERENCE, INTERCEPTION, REALTIME]
    response = client.post("/api/v1/requests", json=document, headers=headers)
    assert response.status_code == 201, response.get_json()
    request_id = response.get_json()["id"]
    codes = _codes(client, headers, request_id)
    for code in (
        "transfer_consent_missing",
        "interception_delivery_missing",
        "realtime_period_missing",
    ):
        assert codes[code] == "warning", code
    assert "videoconference_conduct_missing" not in codes
    bad = {**VIDEOCONFERENCE, "details": {**VIDEOCONFERENCE["details"], "conducted_by": "me"}}
    answer = client.patch(
        f"/api/v1/requests/{request_id}", json={"measures": [bad]}, headers=headers
    )
    assert answer.status_code == 422
    fixed = [
        {**TRANSFER, "details": {**TRANSFER["details"], "consent": True}},
        {**INTERCEPTION, "details": {**INTERCEPTION["details"], "delivery": "immediate"}},
        {
            **REALTIME,
            "details": {
                **REALTIME["details"],
                "date_range": {"from": "2027-01-01", "to": "2027-01-31"},
            },
        },
    ]
    client.patch(f"/api/v1/requests/{request_id}", json={"measures": fixed}, headers=headers)
    codes = _codes(client, headers, request_id)
    assert not {"transfer_consent_missing", "interception_delivery_missing"} & set(codes)
    assert "realtime_period_missing" not in codes


@pytest.mark.parametrize(
    ("measure_type", "names"),
    [
        ("transfer_detained_person", ("consent", "custody_and_return")),
        ("videoconference", ("conducted_by", "person_consents", "safe_conduct")),
        ("interception", ("delivery", "date_range__from")),
    ],
)
def test_the_sub_form_asks_them(
    measure_type: str,
    names: tuple[str, ...],
    client: FlaskClient,
    make_user: Callable[..., Any],
    login: Callable[[Any], FlaskClient],
    api_headers: Callable[[Any], dict],
) -> None:
    author = make_user("prosecutor")
    headers = api_headers(author)
    created = client.post("/api/v1/requests", json={"kind": "mla"}, headers=headers).get_json()
    login(author)
    url = f"/requests/{created['id']}/step/measures?type={measure_type}"
    html = client.get(url).get_data(as_text=True)
    for name in names:
        assert f'id="details-{name}"' in html, name


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            (
                "Hearing conducted by A judicial authority of the requesting State, attended by "
                "one of the requested State",
                "The person consents to the transfer Yes",
                "Delivery of the intercepted communications Recorded and transmitted afterwards",
            ),
        ),
        ("fr", ("Omar Saleh",)),
    ],
)
def test_the_document_prints_them_with_the_measure(
    language: str, expected: tuple[str, ...]
) -> None:
    document = complete_request(language)
    document["measures"] = [
        {**TRANSFER, "details": {**TRANSFER["details"], "consent": True}},
        VIDEOCONFERENCE,
        {**INTERCEPTION, "details": {**INTERCEPTION["details"], "delivery": "recorded"}},
    ]
    html = documents.render_html(None, document, language)
    text = _text(html[html.index('id="s-d"') : html.index('id="s-e"')])
    for phrase in expected:
        assert phrase in text, phrase
