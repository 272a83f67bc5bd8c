"""Transmissions on the case page and in the API: the form asks for date, channel and reference,
keeps what was typed when refused, records one transmission with the documents' digests; the
acknowledgement is recorded from the page and the API."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from sqlalchemy import func, select

from mla_tool.cases.dates import today
from mla_tool.cases.models import Case
from mla_tool.cases.transmission_models import Transmission
from mla_tool.extensions import db
from mla_tool.forms.drafting import create_request
from mla_tool.forms.models import MlaRequest
from mla_tool.forms.request_review import review_request
from mla_tool.forms.samples import complete_request
from mla_tool.forms.submission import submit_request
from tests import review_support
from tests.factories.authorities import make_authority

#: A request rendered again from the same HTML is rendered once per process (conftest).
pytestmark = pytest.mark.usefixtures("pdf_rendered_once")


def _approved_case(caseworker: Any) -> tuple[int, int]:
    request = create_request(caseworker, complete_request(requested_authority=make_authority()))
    submit_request(request, caseworker)
    case = db.session.get(Case, request.case_id)
    review_support.approve(case, caseworker)
    db.session.commit()
    return case.id, request.id


def _count() -> int:
    return db.session.execute(select(func.count()).select_from(Transmission)).scalar_one()


def test_the_case_page_records_a_transmission_and_its_acknowledgement(
    make_user: Any, login: Any, page_csrf: Any
) -> None:
    caseworker = make_user("caseworker")
    case_id, request_id = _approved_case(caseworker)
    client = login(caseworker)
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert 'id="transmission-form"' in page
    assert 'name="to" value="transmitted"' not in page  # no plain button: the form asks

    token = page_csrf(f"/cases/{case_id}")
    refused = client.post(
        f"/cases/{case_id}/transmissions",
        data={
            "csrf_token": token,
            "sent_on": today().isoformat(),
            "channel": "diplomatic",
            "reference": "",
            "note": "Typed note kept",
            "request_ids": str(request_id),
        },
    )
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert 'id="tx-reference-error"' in html and "Typed note kept" in html
    assert _count() == 0 and db.session.get(Case, case_id).status == "approved"

    sent = client.post(
        f"/cases/{case_id}/transmissions",
        data={
            "csrf_token": token,
            "sent_on": today().isoformat(),
            "channel": "diplomatic",
            "reference": "NV 45/2026",
            "request_ids": str(request_id),
        },
    )
    assert sent.status_code == 302
    db.session.expire_all()
    row = db.session.execute(select(Transmission)).scalar_one()
    assert db.session.get(Case, case_id).status == "transmitted"
    assert [(d["name"], d["request_id"]) for d in row.documents] == [
        (f"request-{request_id}-en.pdf", request_id)
    ]
    kept = row.documents[0]["attachment_id"]  # the PDF that went, kept encrypted in the vault
    pdf = client.get(f"/cases/{case_id}/attachments/{kept}").data
    assert pdf.startswith(b"%PDF") and row.documents[0]["sha256"] == hashlib.sha256(pdf).hexdigest()
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "NV 45/2026" in page and row.documents[0]["sha256"] in page

    acknowledged = client.post(
        f"/cases/{case_id}/transmissions/{row.id}/acknowledgement",
        data={
            "csrf_token": token,
            "acknowledged_on": today().isoformat(),
            "ack_reference": "AR/9",
        },
    )
    assert acknowledged.status_code == 302
    db.session.expire_all()
    assert db.session.get(Transmission, row.id).ack_reference == "AR/9"


def test_the_api_records_and_lists_transmissions(
    make_user: Any, client: Any, api_headers: Any
) -> None:
    caseworker = make_user("caseworker")
    case_id, request_id = _approved_case(caseworker)
    headers = api_headers(caseworker)
    bad = client.post(
        f"/api/v1/cases/{case_id}/transmissions",
        json={"sent_on": today().isoformat(), "channel": "pigeon", "reference": "X"},
        headers=headers,
    )
    assert bad.status_code == 422 and "channel" in str(bad.get_json()["error"]["fields"])
    sent = client.post(
        f"/api/v1/cases/{case_id}/transmissions",
        json={"sent_on": today().isoformat(), "channel": "interpol", "reference": "IP/1"},
        headers=headers,
    )
    assert sent.status_code == 201, sent.get_json()
    body = sent.get_json()
    assert (body["channel"], body["reference"], body["request_ids"]) == (
        "interpol",
        "IP/1",
        [request_id],
    )
    assert len(body["documents"][0]["sha256"]) == 64
    ack = client.post(
        f"/api/v1/cases/{case_id}/transmissions/{body['id']}/acknowledgement",
        json={"acknowledged_on": today().isoformat(), "reference": "R-1"},
        headers=headers,
    )
    assert ack.status_code == 201 and ack.get_json()["ack_reference"] == "R-1"
    listed = client.get(f"/api/v1/cases/{case_id}/transmissions", headers=headers).get_json()
    assert [t["acknowledged_on"] for t in listed] == [today().isoformat()]
    assert client.get(f"/api/v1/cases/{case_id}", headers=headers).get_json()["status"] == (
        "transmitted"
    )


def test_the_plain_move_to_transmitted_asks_for_the_transmission(
    make_user: Any, login: Any, page_csrf: Any, client: Any, api_headers: Any
) -> None:
    caseworker = make_user("caseworker")
    case_id, _request_id = _approved_case(caseworker)
    browser = login(caseworker)
    token = page_csrf(f"/cases/{case_id}")
    moved = browser.post(
        f"/cases/{case_id}/transition", data={"csrf_token": token, "to": "transmitted"}
    )
    assert moved.status_code == 302 and moved.headers["Location"].endswith("#transmission")
    headers = api_headers(caseworker)
    bare = client.post(
        f"/api/v1/cases/{case_id}/transitions", json={"to": "transmitted"}, headers=headers
    )
    assert bare.status_code == 422 and "transmission" in bare.get_json()["error"]["fields"]
    db.session.expire_all()
    assert db.session.get(Case, case_id).status == "approved" and _count() == 0

    sent = client.post(
        f"/api/v1/cases/{case_id}/transitions",
        json={
            "to": "transmitted",
            "note": "By the bag.",
            "transmission": {
                "sent_on": today().isoformat(),
                "channel": "diplomatic",
                "reference": "NV 7",
            },
        },
        headers=headers,
    )
    assert sent.status_code == 201, sent.get_json()
    event = sent.get_json()
    assert (event["to_status"], event["note"], event["details"]["reference"]) == (
        "transmitted",
        "By the bag.",
        "NV 7",
    )
    assert _count() == 1


def test_a_later_sending_marks_the_request_it_carries_as_transmitted(
    make_user: Any, client: Any, api_headers: Any
) -> None:
    caseworker = make_user("caseworker")
    case_id, first_id = _approved_case(caseworker)
    headers = api_headers(caseworker)
    body = {"sent_on": today().isoformat(), "channel": "central_authority", "reference": "CA-1"}
    assert (
        client.post(
            f"/api/v1/cases/{case_id}/transmissions", json=body, headers=headers
        ).status_code
        == 201
    )
    follow_up = create_request(caseworker, complete_request(requested_authority=make_authority()))
    submit_request(follow_up, caseworker, case_id=case_id)
    review_request(follow_up, caseworker, "approve")
    db.session.commit()
    follow_up_id = follow_up.id

    later = client.post(
        f"/api/v1/cases/{case_id}/transmissions",
        json={**body, "reference": "CA-2", "request_ids": [follow_up_id]},
        headers=headers,
    )
    assert later.status_code == 201, later.get_json()
    assert later.get_json()["request_ids"] == [follow_up_id]
    db.session.expire_all()
    assert db.session.get(MlaRequest, follow_up_id).status == "transmitted"
    assert db.session.get(MlaRequest, first_id).status == "transmitted"
    assert db.session.get(Case, case_id).status == "transmitted" and _count() == 2
