"""Why a request cannot be signed yet is said in words, never as its status code."""

from __future__ import annotations

from typing import Any

import pytest

from mla_tool.extensions import db
from mla_tool.forms.kinds import REQUEST_STATUSES
from mla_tool.forms.models import MlaRequest
from mla_tool.signing.service import NOT_SIGNABLE_BECAUSE, SIGNABLE_STATUSES
from tests.factories.signing import sign_on_page, submitted_request


def test_every_status_that_cannot_be_signed_has_its_sentence() -> None:
    assert set(NOT_SIGNABLE_BECAUSE) == set(REQUEST_STATUSES) - set(SIGNABLE_STATUSES)


@pytest.mark.parametrize("status", sorted(NOT_SIGNABLE_BECAUSE))
def test_the_refusal_says_the_status_in_words(
    status: str, client: Any, make_user: Any, login: Any, api_headers: Any
) -> None:
    caseworker = make_user("caseworker")
    request_id = submitted_request(caseworker)
    login(caseworker)
    token_page = client.get(f"/requests/{request_id}/step/review")
    assert token_page.status_code == 200
    db.session.get(MlaRequest, request_id).status = status
    db.session.commit()
    sentence = NOT_SIGNABLE_BECAUSE[status]
    page = sign_on_page(client, request_id)
    assert page.status_code == 409
    html = page.get_data(as_text=True)
    assert sentence in html
    assert f"this request is {status}." not in html
    api = client.post(
        f"/api/v1/requests/{request_id}/document/signed", headers=api_headers(caseworker)
    )
    assert api.status_code == 409 and api.get_json()["error"]["message"] == sentence
