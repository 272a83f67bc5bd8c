"""A case's dates lie between 1990 and 50 years ahead: the API refuses what the pages refuse."""

from __future__ import annotations

from datetime import date

import pytest

from mla_tool.cases.models import Case, Deadline
from mla_tool.extensions import db
from tests.conftest import csrf_token_from

FAR_PAST = "1900-01-01"
FAR_FUTURE = f"{date.today().year + 60}-01-01"


@pytest.mark.parametrize("due_date", [FAR_PAST, FAR_FUTURE])
def test_the_api_refuses_a_due_date_out_of_range(client, make_user, api_headers, due_date) -> None:
    headers = api_headers(make_user("prosecutor"))
    body = {
        "direction": "outgoing",
        "kind": "mla",
        "counterpart_state": "MAR",
        "title": "Fraud",
        "due_date": due_date,
    }
    refused = client.post("/api/v1/cases", json=body, headers=headers)
    assert refused.status_code == 422, refused.get_json()
    assert "due_date" in refused.get_json()["error"]["fields"]
    assert db.session.query(Case).count() == 0 and db.session.query(Deadline).count() == 0
    body["due_date"] = f"{date.today().year + 1}-06-30"
    assert client.post("/api/v1/cases", json=body, headers=headers).status_code == 201


def test_the_pages_refuse_the_same_due_date(client, make_user, login) -> None:
    login(make_user("prosecutor"))
    page = client.get("/cases/new?direction=outgoing")
    token = csrf_token_from(page.get_data(as_text=True))
    refused = client.post(
        "/cases/new?direction=outgoing",
        data={
            "csrf_token": token,
            "direction": "outgoing",
            "kind": "mla",
            "counterpart_state": "MAR",
            "title": "Fraud",
            "due_date": FAR_PAST,
        },
    )
    assert refused.status_code in (200, 422)
    assert "a date between 1990 and" in refused.get_data(as_text=True)
    assert db.session.query(Case).count() == 0
