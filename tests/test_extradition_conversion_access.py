"""Converting a provisional-arrest request into the formal request is need-to-know: a prosecutor
of another country can neither block someone else's conversion (by filing a request that claims
to be converted from it) nor learn anything about it (a non-member gets the 404 of a request that
does not exist, on the pages and in the API)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import select

from mla_tool.extensions import db
from mla_tool.forms.drafting import create_request
from mla_tool.forms.extradition import actions
from mla_tool.forms.models import MlaRequest
from tests.conftest import csrf_token_from
from tests.factories.authorities import make_authority
from tests.factories.extradition_cases import submitted_provisional_arrest
from tests.factories.extradition_requests import provisional_request

MISSING_ID = 987654


def _draft(owner: Any) -> MlaRequest:
    document = provisional_request()
    document["requested_authority"] = make_authority(functions=["central_authority_extradition"])
    draft = create_request(owner, document)
    db.session.commit()
    return draft


def _forge_formal_request(client: FlaskClient, headers: dict[str, str], victim_id: int) -> int:
    """An outsider's own extradition request claiming to be converted from `victim_id`."""
    document = {"kind": "extradition", "extradition": {"converted_from": victim_id}}
    response = client.post("/api/v1/requests", json=document, headers=headers)
    assert response.status_code == 201, response.get_json()
    return int(response.get_json()["id"])


def test_an_outsider_cannot_block_a_draft_conversion(
    client: FlaskClient,
    make_user: Callable[..., Any],
    login: Callable[[Any], FlaskClient],
    api_headers: Callable[[Any], dict[str, str]],
) -> None:
    owner = make_user("prosecutor", country="FRA")
    outsider = make_user("prosecutor", country="ESP")
    draft = _draft(owner)
    forged = _forge_formal_request(client, api_headers(outsider), draft.id)

    login(owner)
    page = client.get(f"/requests/{draft.id}/step/review").get_data(as_text=True)
    response = client.post(
        f"/requests/{draft.id}/convert",
        data={"csrf_token": csrf_token_from(page)},
        follow_redirects=True,
    )
    html = response.get_data(as_text=True)
    assert "made already" not in html and f"#{forged}" not in html
    db.session.expire_all()
    formal = db.session.execute(
        select(MlaRequest).where(MlaRequest.kind == "extradition", MlaRequest.owner_id == owner.id)
    ).scalar_one()
    assert formal.data["extradition"]["converted_from"] == draft.id
    assert actions.converted_from(db.session.get(MlaRequest, draft.id)).id == formal.id


def test_an_outsider_cannot_block_a_conversion_in_a_case(
    client: FlaskClient,
    make_user: Callable[..., Any],
    api_headers: Callable[[Any], dict[str, str]],
) -> None:
    owner = make_user("prosecutor", country="FRA")
    outsider = make_user("prosecutor", country="ESP")
    request = submitted_provisional_arrest(owner)
    _forge_formal_request(client, api_headers(outsider), request.id)
    formal = actions.convert_to_extradition(request, owner)
    db.session.commit()
    assert formal.case_id == request.case_id


def test_outsiders_get_the_404_of_a_missing_request(
    client: FlaskClient,
    make_user: Callable[..., Any],
    login: Callable[[Any], FlaskClient],
    api_headers: Callable[[Any], dict[str, str]],
) -> None:
    owner = make_user("prosecutor", country="FRA")
    draft = _draft(owner)
    filed = submitted_provisional_arrest(owner)
    outsider = make_user("prosecutor", country="ESP")
    headers = api_headers(outsider)
    login(outsider)
    token = csrf_token_from(client.get("/requests/").get_data(as_text=True))

    def same_page(body: str) -> str:
        # a CSRF token is signed with the second it is made: two pages a second apart differ there
        return re.sub(r'name="csrf_token" value="[^"]*"', 'name="csrf_token" value="T"', body)

    def page_answer(request_id: int) -> tuple[int, str]:
        response = client.post(f"/requests/{request_id}/convert", data={"csrf_token": token})
        # the page names its own address (the language form's "next"): the rest must not differ
        body = response.get_data(as_text=True).replace(f"/requests/{request_id}/", "/requests/N/")
        return response.status_code, same_page(body)

    def api_answer(request_id: int) -> tuple[int, Any]:
        response = client.get(f"/api/v1/requests/{request_id}", headers=headers)
        return response.status_code, response.get_json()

    def arrest_answer(case_id: int) -> tuple[int, str]:
        response = client.post(
            f"/cases/{case_id}/arrest", data={"csrf_token": token, "arrested_on": "2026-01-02"}
        )
        body = response.get_data(as_text=True).replace(f"/cases/{case_id}/", "/cases/N/")
        return response.status_code, same_page(body)

    missing_page, missing_api = page_answer(MISSING_ID), api_answer(MISSING_ID)
    assert missing_page[0] == 404 and missing_api[0] == 404
    for request_id in (draft.id, filed.id):
        assert page_answer(request_id) == missing_page
        assert api_answer(request_id) == missing_api
    assert arrest_answer(filed.case_id) == arrest_answer(MISSING_ID)
    assert arrest_answer(MISSING_ID)[0] == 404
    db.session.expire_all()
    assert (
        db.session.execute(select(MlaRequest).where(MlaRequest.kind == "extradition")).all() == []
    )
