"""Each request of a case is reviewed on its own: the case is approved only when every request of
its review cycle is, returned when one is; every decision and every move keeps its note."""

from __future__ import annotations

import json
import threading
from typing import Any

import pytest
import requests as http
from sqlalchemy import update

from mla_tool.audit.models import AuditEntry
from mla_tool.cases import review, transitions
from mla_tool.cases.errors import TransitionError
from mla_tool.cases.models import Case, CaseEvent
from mla_tool.extensions import db
from mla_tool.forms.drafting import create_request
from mla_tool.forms.errors import RequestError
from mla_tool.forms.models import MlaRequest
from mla_tool.forms.request_review import review_request
from mla_tool.forms.samples import complete_request
from mla_tool.forms.submission import submit_request
from tests.factories.authorities import make_authority
from tests.factories.review_cycles import two_requests_under_review


def statuses(*requests: MlaRequest) -> list[str]:
    db.session.expire_all()
    return [db.session.get(MlaRequest, r.id).status for r in requests]


def audit_details(action: str) -> list[dict[str, Any]]:
    rows = db.session.query(AuditEntry).filter_by(action=action).order_by(AuditEntry.id)
    return [json.loads(row.details) for row in rows]


def test_approving_the_case_never_approves_an_unreviewed_request(make_user: Any) -> None:
    prosecutor = make_user("prosecutor")
    caseworker = make_user("caseworker")
    case, first, second = two_requests_under_review(prosecutor)
    assert review.pending_review(case) == sorted([first.id, second.id])
    with pytest.raises(TransitionError) as refused:
        transitions.transition(case, "approved", caseworker, note="looks fine")
    db.session.rollback()
    assert refused.value.code == "requests_pending_review" and refused.value.status == 409
    assert refused.value.fields == {"request_ids": f"#{first.id}, #{second.id}"}
    assert statuses(first, second) == ["submitted", "submitted"]
    assert db.session.get(Case, case.id).status == "under_review"

    review_request(first, caseworker, "approve", "Urgent preservation: checked.")
    db.session.commit()
    assert statuses(first, second) == ["approved", "submitted"]
    case = db.session.get(Case, case.id)
    assert case.status == "under_review" and review.pending_review(case) == [second.id]
    with pytest.raises(TransitionError):
        transitions.transition(case, "approved", caseworker)
    db.session.rollback()
    assert statuses(first, second) == ["approved", "submitted"]


def test_return_one_resubmit_approve_and_the_case_follows_with_every_note(
    make_user: Any,
) -> None:
    prosecutor = make_user("prosecutor")
    caseworker = make_user("caseworker")
    case, first, second = two_requests_under_review(prosecutor)
    review_request(first, caseworker, "approve", "Preservation in order.")
    with pytest.raises(RequestError) as no_reason:
        review_request(second, caseworker, "return", "  ")
    assert no_reason.value.fields == {"note": "required"}
    review_request(
        second,
        caseworker,
        "return",
        "Say which mailbox.",
        field_comments={"facts": "Give the dates of the e-mails."},
    )
    db.session.commit()
    assert statuses(first, second) == ["approved", "returned"]
    case = db.session.get(Case, case.id)
    assert case.status == "returned"  # every request has its decision: the case follows
    assert review.review_comments(case, second.id) == {"facts": "Give the dates of the e-mails."}
    assert review.review_comments(case, first.id) == {}

    second = db.session.get(MlaRequest, second.id)
    submit_request(second, prosecutor, note="Mailbox named.")
    db.session.commit()
    assert statuses(first, second) == ["approved", "submitted"]  # the approval holds
    case = db.session.get(Case, case.id)
    assert case.status == "under_review" and review.pending_review(case) == [second.id]

    review_request(db.session.get(MlaRequest, second.id), caseworker, "approve", "Now complete.")
    db.session.commit()
    case = db.session.get(Case, case.id)
    assert case.status == "approved"
    assert statuses(first, second) == ["approved", "approved"]
    transitions.transition(case, "transmitted", caseworker, note="Sent by the diplomatic bag.")
    db.session.commit()
    assert statuses(first, second) == ["transmitted", "transmitted"]

    events = db.session.query(CaseEvent).filter_by(case_id=case.id).order_by(CaseEvent.id).all()
    decisions = [
        (e.details["request_id"], e.details["decision"], e.note)
        for e in events
        if e.type == "request"
    ]
    assert decisions == [
        (first.id, "approve", "Preservation in order."),
        (second.id, "return", "Say which mailbox."),
        (second.id, "approve", "Now complete."),
    ]
    moves = [(e.to_status, e.note) for e in events if e.type == "transition"]
    assert moves == [
        ("under_review", None),
        ("returned", f"Review done: #{second.id} returned for correction."),
        ("under_review", "Mailbox named."),
        ("approved", "Review done: every request is approved."),
        ("transmitted", "Sent by the diplomatic bag."),
    ]
    audited = [(d["decision"], d["note"]) for d in audit_details("request.review")]
    assert audited == [
        ("approve", "Preservation in order."),
        ("return", "Say which mailbox."),
        ("approve", "Now complete."),
    ]
    assert {"from": "approved", "to": "transmitted", "note": "Sent by the diplomatic bag."} in (
        audit_details("case.transition")
    )


def test_every_transition_keeps_its_note(make_user: Any) -> None:
    caseworker = make_user("caseworker")
    from mla_tool.cases.opening import open_case

    case = open_case(
        direction="outgoing", kind="mla", counterpart_state="DEU", title="T", actor=caseworker
    )
    path = ["under_review", "approved", "transmitted", "in_execution", "executed", "closed"]
    for status in path:
        transitions.transition(case, status, caseworker, note=f"why {status}")
    db.session.commit()
    events = db.session.query(CaseEvent).filter_by(case_id=case.id, type="transition")
    assert {e.to_status: e.note for e in events} == {s: f"why {s}" for s in path}
    assert [d["note"] for d in audit_details("case.transition")] == [f"why {s}" for s in path]


def test_who_may_review_and_refusals_change_nothing(make_user: Any) -> None:
    prosecutor = make_user("prosecutor")
    caseworker = make_user("caseworker")
    stranger = make_user("caseworker", country="DEU")
    case, first, second = two_requests_under_review(prosecutor)
    with pytest.raises(RequestError) as author:
        review_request(first, prosecutor, "approve")
    assert author.value.status == 403
    with pytest.raises(RequestError) as outsider:
        review_request(first, stranger, "approve")
    assert outsider.value.status == 404
    with pytest.raises(RequestError) as early:
        review_request(first, caseworker, "transmitted")
    assert early.value.status == 409
    with pytest.raises(RequestError) as comments_on_approval:
        review_request(first, caseworker, "approve", field_comments={"facts": "x"})
    assert comments_on_approval.value.status == 422
    db.session.rollback()
    assert statuses(first, second) == ["submitted", "submitted"]
    assert db.session.query(CaseEvent).filter_by(case_id=case.id, type="request").count() == 0


def test_a_reviewer_who_lost_the_race_gets_409_and_nothing_changes(make_user: Any) -> None:
    prosecutor = make_user("prosecutor")
    caseworker = make_user("caseworker")
    case, first, second = two_requests_under_review(prosecutor)
    stale = db.session.get(MlaRequest, first.id)
    # another reviewer returned it meanwhile, behind this session's back
    db.session.execute(
        update(MlaRequest).where(MlaRequest.id == first.id).values(status="returned")
    )
    with pytest.raises(RequestError) as lost:
        review_request(stale, caseworker, "approve", "mine")
    assert lost.value.status == 409 and lost.value.code == "conflict"
    db.session.rollback()
    assert statuses(first, second) == ["submitted", "submitted"]
    assert db.session.query(CaseEvent).filter_by(case_id=case.id, type="request").count() == 0


def test_the_api_reviews_each_request_and_refuses_the_case_approval(
    client: Any, make_user: Any, api_headers: Any
) -> None:
    prosecutor = make_user("prosecutor")
    caseworker = make_user("caseworker")
    case, first, second = two_requests_under_review(prosecutor)
    headers = api_headers(caseworker)
    refused = client.post(
        f"/api/v1/cases/{case.id}/transitions", json={"to": "approved"}, headers=headers
    )
    assert refused.status_code == 409
    assert refused.get_json()["error"]["code"] == "requests_pending_review"
    for request, note in ((first, "fine"), (second, "fine too")):
        answer = client.post(
            f"/api/v1/requests/{request.id}/review",
            json={"decision": "approve", "note": note},
            headers=headers,
        )
        assert answer.status_code == 200, answer.get_json()
        assert answer.get_json()["status"] == "approved"
    again = client.post(
        f"/api/v1/requests/{first.id}/review", json={"decision": "approve"}, headers=headers
    )
    assert again.status_code == 409  # decided already: a second reviewer gets 409, not 500
    assert db.session.get(Case, case.id).status == "approved"
    events = client.get(f"/api/v1/cases/{case.id}/events", headers=headers).get_json()
    notes = [e["note"] for e in events]
    assert "fine" in notes and "fine too" in notes


def _at_once(calls: list[Any]) -> list[Any]:
    """Each call in its own thread, all started at the same moment; their answers in order."""
    barrier = threading.Barrier(len(calls))
    answers: list[Any] = [None] * len(calls)

    def run(index: int) -> None:
        barrier.wait()
        answers[index] = calls[index]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_reviewers_deciding_one_request_at_once_one_wins_the_others_get_409(
    live_server: str, make_user: Any, api_headers: Any
) -> None:
    prosecutor = make_user("prosecutor")
    reviewers = [make_user("caseworker") for _ in range(4)]
    case, first, second = two_requests_under_review(prosecutor)
    url = f"{live_server}/api/v1/requests/{first.id}/review"
    headers = [api_headers(r) for r in reviewers]
    bodies = [{"decision": "approve"}, {"decision": "return", "note": "no"}] * 2
    answers = _at_once(
        [
            lambda i=i: http.post(url, json=bodies[i], headers=headers[i], timeout=60)
            for i in range(len(reviewers))
        ]
    )
    assert sorted(a.status_code for a in answers) == [200, 409, 409, 409], [a.text for a in answers]
    db.session.rollback()
    decided = db.session.query(CaseEvent).filter_by(case_id=case.id, type="request").all()
    assert len(decided) == 1
    assert statuses(first) == [decided[0].details["to"]]


def test_reviewers_approving_the_last_two_requests_at_once_approve_the_case_once(
    live_server: str, make_user: Any, api_headers: Any
) -> None:
    prosecutor = make_user("prosecutor")
    reviewers = [make_user("caseworker"), make_user("caseworker")]
    case, first, second = two_requests_under_review(prosecutor)
    headers = [api_headers(r) for r in reviewers]
    targets = [first.id, second.id]
    answers = _at_once(
        [
            lambda i=i: http.post(
                f"{live_server}/api/v1/requests/{targets[i]}/review",
                json={"decision": "approve", "note": f"reviewer {i}"},
                headers=headers[i],
                timeout=60,
            )
            for i in range(2)
        ]
    )
    codes = sorted(a.status_code for a in answers)
    assert codes in ([200, 200], [200, 409]), [a.text for a in answers]  # never a 500
    db.session.rollback()
    if codes == [200, 409]:  # the loser saw the case move under it: it tries again
        loser = targets[[a.status_code for a in answers].index(409)]
        again = http.post(
            f"{live_server}/api/v1/requests/{loser}/review",
            json={"decision": "approve"},
            headers=headers[0],
            timeout=60,
        )
        assert again.status_code == 200, again.text
        db.session.rollback()
    # neither decision was made without seeing the other: the case followed, once
    assert statuses(first, second) == ["approved", "approved"]
    assert db.session.get(Case, case.id).status == "approved"
    moves = db.session.query(CaseEvent).filter_by(
        case_id=case.id, type="transition", to_status="approved"
    )
    assert moves.count() == 1


def test_a_request_submitted_into_a_case_under_review_keeps_its_note(make_user: Any) -> None:
    prosecutor = make_user("prosecutor")
    case, first, second = two_requests_under_review(prosecutor)
    third = create_request(prosecutor, complete_request(requested_authority=make_authority()))
    submit_request(third, prosecutor, case_id=case.id, note="The follow-up for the content.")
    db.session.commit()
    submitted = db.session.query(CaseEvent).filter_by(case_id=case.id, type="submission").all()
    assert [(e.details, e.note) for e in submitted] == [
        ({"request_id": second.id}, None),
        ({"request_id": third.id}, "The follow-up for the content."),
    ]
    assert review.pending_review(db.session.get(Case, case.id)) == [first.id, second.id, third.id]
    assert review.request_decisions(case) == {}  # a submission is not a decision


def test_the_api_returns_one_request_with_comments_on_its_fields(
    client: Any, make_user: Any, api_headers: Any
) -> None:
    from mla_tool.forms.request_review import review_comments_for

    prosecutor = make_user("prosecutor")
    caseworker = make_user("caseworker")
    case, first, second = two_requests_under_review(prosecutor)
    headers = api_headers(caseworker)
    url = f"/api/v1/requests/{second.id}/review"
    unknown = client.post(
        url, json={"decision": "return", "field_comments": {"nowhere": "x"}}, headers=headers
    )
    assert unknown.status_code == 422 and "field_comments" in unknown.get_json()["error"]["fields"]
    returned = client.post(
        url,
        json={"decision": "return", "field_comments": {"facts": "Give the dates."}},
        headers=headers,
    )
    assert returned.status_code == 200 and returned.get_json()["status"] == "returned"
    assert review_comments_for(db.session.get(MlaRequest, second.id)) == {
        "facts": "Give the dates."
    }
    assert db.session.get(Case, case.id).status == "under_review"  # the first still waits
