"""Returning a request with comments: from the case page a reviewer returns one request with
comments on its fields; its author reads the note and each comment in the wizard, on the step
that holds the field; a decision that lost a race comes back to the page with what happened."""

from __future__ import annotations

from typing import Any

from flask import Flask

from mla_tool.cases.models import Case, CaseEvent
from mla_tool.extensions import db
from mla_tool.forms.drafting import update_request
from mla_tool.forms.models import MlaRequest
from mla_tool.forms.request_review import review_request
from mla_tool.forms.submission import submit_request
from mla_tool.forms.version_marks import marks_of
from tests.conftest import csrf_token_from, sign_in
from tests.factories.review_cycles import two_requests_under_review


def _return_from_case_page(client: Any, case: Case, request: MlaRequest, **form: str) -> Any:
    token = csrf_token_from(client.get(f"/cases/{case.id}").get_data(as_text=True))
    return client.post(
        f"/requests/{request.id}/review",
        data={"csrf_token": token, "decision": "return", **form},
    )


def test_one_request_is_returned_from_the_case_page_with_field_comments(
    make_user: Any, login: Any
) -> None:
    prosecutor = make_user("prosecutor")
    caseworker = make_user("caseworker")
    case, first, second = two_requests_under_review(prosecutor)
    client = login(caseworker)
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert f'id="rf-{second.id}-1"' in page and 'value="facts"' in page
    answer = _return_from_case_page(
        client,
        case,
        second,
        note="Say which mailbox.",
        comment_field_1="facts",
        comment_text_1="Give the dates of the e-mails.",
        comment_field_2="persons",
        comment_text_2="Add the account holder.",
    )
    assert answer.status_code == 302
    assert answer.headers["Location"].endswith(f"/cases/{case.id}#case-requests")
    event = db.session.query(CaseEvent).filter_by(case_id=case.id, type="request").one()
    assert event.note == "Say which mailbox."
    assert event.details["field_comments"] == {
        "facts": "Give the dates of the e-mails.",
        "persons": "Add the account holder.",
    }
    marks = marks_of(db.session.get(MlaRequest, second.id))
    assert (
        marks[-1].mark == "returned" and marks[-1].field_comments == event.details["field_comments"]
    )


def test_a_comment_without_its_field_is_refused_and_nothing_is_saved(
    make_user: Any, login: Any
) -> None:
    prosecutor = make_user("prosecutor")
    case, first, second = two_requests_under_review(prosecutor)
    client = login(make_user("caseworker"))
    answer = _return_from_case_page(
        client, case, second, note="No.", comment_text_1="Which field is this about?"
    )
    assert answer.status_code == 302
    page = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "Choose the field each comment is about." in page
    db.session.expire_all()
    assert db.session.get(MlaRequest, second.id).status == "submitted"


def test_the_author_reads_the_note_and_each_comment_on_its_step(
    app: Flask, make_user: Any, login: Any
) -> None:
    prosecutor = make_user("prosecutor")
    caseworker = make_user("caseworker", display_name="Rania Reviewer")
    case, first, second = two_requests_under_review(prosecutor)
    review_request(
        second,
        caseworker,
        "return",
        "Say which mailbox.",
        field_comments={"facts": "Give the dates.", "persons[0].name": "Full name, please."},
    )
    db.session.commit()
    client = login(prosecutor)
    facts = client.get(f"/requests/{second.id}/step/facts").get_data(as_text=True)
    assert 'id="return-note"' in facts and "Say which mailbox." in facts
    assert "Rania Reviewer" in facts
    assert 'class="comment-here" data-field="facts"' in facts
    # the comment on another step links to that step
    assert f'href="/requests/{second.id}/step/persons"' in facts
    persons = client.get(f"/requests/{second.id}/step/persons").get_data(as_text=True)
    assert 'class="comment-here" data-field="persons[0].name"' in persons

    # corrected and submitted again: the notice is gone, the reviewer sees what changed
    second = db.session.get(MlaRequest, second.id)
    update_request(second, {"facts": "Mails of 3 May."}, prosecutor)
    submit_request(second, prosecutor)
    db.session.commit()
    assert 'id="return-note"' not in client.get(f"/requests/{second.id}/step/facts").get_data(
        as_text=True
    )
    reviewer = app.test_client()
    assert sign_in(reviewer, caseworker.email).status_code == 302
    page = reviewer.get(f"/cases/{case.id}").get_data(as_text=True)
    assert f'id="changes-since-return-{second.id}"' in page
    compared = reviewer.get(f"/requests/{second.id}/versions/compare").get_data(as_text=True)
    assert 'data-path="facts"' in compared and "Mails of 3 May." in compared


def test_a_decision_that_lost_the_race_comes_back_to_the_page(
    app: Flask, make_user: Any, login: Any
) -> None:
    prosecutor = make_user("prosecutor")
    late, early = make_user("caseworker"), make_user("caseworker")
    case, first, second = two_requests_under_review(prosecutor)
    client = login(late)
    token = csrf_token_from(client.get(f"/cases/{case.id}").get_data(as_text=True))
    # meanwhile another reviewer approves it
    other = app.test_client()
    assert sign_in(other, early.email).status_code == 302
    other_token = csrf_token_from(other.get(f"/cases/{case.id}").get_data(as_text=True))
    approved = other.post(
        f"/requests/{first.id}/review", data={"csrf_token": other_token, "decision": "approve"}
    )
    assert approved.status_code == 302
    answer = client.post(
        f"/requests/{first.id}/review",
        data={"csrf_token": token, "decision": "return", "note": "Too late."},
    )
    assert answer.status_code == 302
    page = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "Someone else decided on this request or moved its case" in page
    db.session.expire_all()
    assert db.session.get(MlaRequest, first.id).status == "approved"


def test_the_api_still_answers_a_lost_race_with_409(
    client: Any, make_user: Any, api_headers: Any
) -> None:
    prosecutor = make_user("prosecutor")
    case, first, second = two_requests_under_review(prosecutor)
    headers = api_headers(make_user("caseworker"))
    url = f"/api/v1/requests/{first.id}/review"
    assert client.post(url, json={"decision": "approve"}, headers=headers).status_code == 200
    late = client.post(url, json={"decision": "return", "note": "no"}, headers=headers)
    assert late.status_code == 409
