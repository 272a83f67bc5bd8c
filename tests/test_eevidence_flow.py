"""Preservation through the app: the 24/7 route, expiry, reminders, follow-up MLA, extension."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask

from mla_tool.cases import dates, transitions
from mla_tool.cases.errors import TransitionError
from mla_tool.cases.models import Case, CaseEvent, Deadline
from mla_tool.cases.reminders import run_reminders
from mla_tool.extensions import db
from mla_tool.forms.directory_facts import proposed_authorities
from mla_tool.forms.drafting import create_request, update_request
from mla_tool.forms.eevidence.actions import convert_to_mla, follow_up_of, request_extension
from mla_tool.forms.eevidence.routing import route_for
from mla_tool.forms.eevidence.samples import sample_preservation
from mla_tool.forms.eevidence.steps import EMERGENCY_KIND, PRESERVATION_KIND
from mla_tool.forms.errors import RequestError
from mla_tool.forms.models import MlaRequest
from mla_tool.forms.request_review import awaits_own_review, review_request
from mla_tool.forms.submission import submit_request
from tests import review_support
from tests.conftest import csrf_token_from
from tests.factories.authorities import make_authority
from tests.factories.eevidence_flow import directory, submitted_preservation
from tests.factories.sample_clock import sample_day  # noqa: F401 (a fixture)


def sent_preservation(user: Any, caseworker: Any, authority: int) -> tuple[MlaRequest, Case]:
    """A preservation submitted, approved (on its own, the case following) and transmitted with
    its case."""
    preservation = submitted_preservation(user, authority)
    case = db.session.get(Case, preservation.case_id)
    review_support.approve(case, caseworker)
    transitions.transition(case, "transmitted", caseworker)
    db.session.commit()
    return preservation, case


def expiry_deadlines(case_id: int) -> list[Deadline]:
    return list(
        db.session.query(Deadline)
        .filter_by(case_id=case_id, kind="preservation_expiry")
        .order_by(Deadline.id)
    )


def test_the_24_7_contact_is_proposed_first(make_user: Any) -> None:
    contact, central = directory()
    proposed = proposed_authorities("IRL", "preservation")
    assert [a["id"] for a in proposed] == [contact, central]
    assert [a["id"] for a in proposed_authorities("IRL", "mla")] == [central, contact]
    assert [a["function"] for a in route_for("IRL")] == [
        "cybercrime_24_7",
        "central_authority_mla",
    ]


def test_submission_opens_the_expiry_and_reminders_come_once(app: Flask, make_user: Any) -> None:
    user = make_user("prosecutor", country="FRA")
    contact, _central = directory()
    request = submitted_preservation(user, contact)
    assert request.status == "submitted" and request.case_id
    (deadline,) = expiry_deadlines(request.case_id)
    today = dates.today()
    assert deadline.due_on == today + timedelta(days=90)  # the directory's period, not 60
    assert deadline.remind_days == [14, 3]

    first = run_reminders(deadline.due_on - timedelta(days=14))
    assert [(r.deadline_id, r.threshold) for r in first] == [(deadline.id, 14)]
    assert run_reminders(deadline.due_on - timedelta(days=14)) == []  # second run: nothing
    assert [r.threshold for r in run_reminders(deadline.due_on - timedelta(days=3))] == [3]

    from mla_tool.cli import main

    runner = app.test_cli_runner()
    again = runner.invoke(main, ["reminders", "--on", (deadline.due_on).isoformat()])
    assert again.exit_code == 0, again.output
    assert "0 reminder(s) recorded" in again.output  # 14 and 3 given; due day has no threshold
    reminders = db.session.query(CaseEvent).filter_by(case_id=request.case_id, type="reminder")
    assert reminders.count() == 2


def test_without_a_recorded_period_the_expiry_is_60_days(make_user: Any) -> None:
    user = make_user("prosecutor", country="FRA")
    contact = make_authority("IRL", ["cybercrime_24_7"], languages=["en"])
    request = submitted_preservation(user, contact)
    (deadline,) = expiry_deadlines(request.case_id)
    assert deadline.due_on == dates.today() + timedelta(days=60)


def test_reminder_days_are_configurable(app: Flask, make_user: Any) -> None:
    user = make_user("prosecutor", country="FRA")
    contact, _ = directory()
    app.config["MLA_PRESERVATION_REMIND_DAYS"] = "21,7,1"
    try:
        request = submitted_preservation(user, contact)
    finally:
        app.config.pop("MLA_PRESERVATION_REMIND_DAYS")
    (deadline,) = expiry_deadlines(request.case_id)
    assert deadline.remind_days == [21, 7, 1]


def test_turning_the_preservation_into_the_mla_request(make_user: Any) -> None:
    user = make_user("prosecutor", country="FRA")
    contact, central = directory()
    preservation = submitted_preservation(user, contact)
    draft = convert_to_mla(preservation, user)
    db.session.commit()
    data = draft.data
    assert draft.kind == "mla" and draft.status == "draft"
    assert draft.case_id == preservation.case_id  # linked in the same case
    assert draft.requested_authority_id == central  # the central authority, not the 24/7 point
    source = preservation.data
    for key in ("facts", "offences", "requesting_authority", "requested_state", "subject"):
        assert data[key] == source[key], key
    (measure,) = data["measures"]
    assert measure["type"] == "disclose_traffic_data"  # the highest category preserved: traffic
    assert measure["details"]["identifiers"] == source["measures"][0]["details"]["identifiers"]
    assert measure["details"]["provider"] == {"name": "Example Mail Ltd", "country": "IRL"}
    # cites our reference, never the tool's internal number (issue 16)
    assert source["reference"] in data["purpose"] and f"#{preservation.id}" not in data["purpose"]
    # made once: the second call gives the same draft
    assert convert_to_mla(preservation, user).id == draft.id
    # the case's moves do not touch the draft being written
    case = db.session.get(Case, preservation.case_id)
    transitions.transition(case, "returned", make_user("caseworker", country="FRA"), note="fix")
    db.session.commit()
    assert db.session.get(MlaRequest, draft.id).status == "draft"
    notes = db.session.query(CaseEvent).filter_by(case_id=case.id, type="note").all()
    assert any(f"#{draft.id}" in (n.note or "") for n in notes)


def test_a_draft_cannot_be_followed_up_and_strangers_get_404(make_user: Any) -> None:
    user = make_user("prosecutor", country="FRA")
    contact, _ = directory()
    draft = create_request(user, sample_preservation(requested_authority=contact))
    db.session.commit()
    try:
        convert_to_mla(draft, user)
    except RequestError as error:
        assert error.status == 409
    else:
        raise AssertionError("a draft was followed up")
    submitted = submitted_preservation(user, contact)
    stranger = make_user("prosecutor", country="FRA")
    try:
        convert_to_mla(submitted, stranger)
    except RequestError as error:
        assert error.status == 404
    else:
        raise AssertionError("a stranger followed up a request")
    assert follow_up_of(submitted, "mla") is None


def test_an_extension_is_reviewed_on_its_own_and_replaces_the_countdown_when_sent(
    make_user: Any,
) -> None:
    user = make_user("prosecutor", country="FRA")
    caseworker = make_user("caseworker", country="FRA")
    contact, _ = directory()
    preservation, case = sent_preservation(user, caseworker, contact)
    assert db.session.get(MlaRequest, preservation.id).status == "transmitted"
    extension = request_extension(preservation, user)
    db.session.commit()
    assert extension.kind == "preservation" and extension.case_id == preservation.case_id
    assert extension.data["preservation"]["extension_of"] == preservation.id
    submit_request(extension, user)
    db.session.commit()
    # submitted for review only: the running countdown stays, nothing is added
    (running,) = expiry_deadlines(preservation.case_id)
    assert not running.done
    assert db.session.query(Deadline).filter_by(case_id=case.id, kind="other").count() == 0
    assert awaits_own_review(extension, case)
    # the case moves on; the extension, never reviewed, is not carried along
    transitions.transition(case, "in_execution", caseworker)
    db.session.commit()
    assert db.session.get(MlaRequest, extension.id).status == "submitted"
    # a prosecutor may not review it; the case's review statuses do not apply
    with pytest.raises(RequestError) as refused:
        review_request(extension, user, "approve")
    assert refused.value.status == 403
    with pytest.raises(RequestError) as no_reason:
        review_request(extension, caseworker, "return")
    assert no_reason.value.fields == {"note": "required"}
    with pytest.raises(RequestError) as not_yet:
        review_request(extension, caseworker, "transmitted")
    assert not_yet.value.status == 409
    review_request(extension, caseworker, "approve")
    db.session.commit()
    (running,) = expiry_deadlines(preservation.case_id)
    assert not running.done  # approved, not yet sent
    review_request(extension, caseworker, "transmitted", "sent by email to the 24/7 point")
    db.session.commit()
    old, new = expiry_deadlines(preservation.case_id)
    assert old.done and not new.done
    assert f"#{extension.id}" in new.label
    assert db.session.get(Case, case.id).status == "in_execution"  # the case kept its status
    timeline = db.session.query(CaseEvent).filter_by(case_id=case.id, type="request").all()
    # (the preservation's own approval, with its case, is there too)
    decided = [e.details["decision"] for e in timeline if e.details["request_id"] == extension.id]
    assert decided == ["approve", "transmitted"]


def test_a_request_submitted_during_the_cases_review_is_reviewed_in_it_and_sent_with_it(
    make_user: Any,
) -> None:
    user = make_user("prosecutor", country="FRA")
    caseworker = make_user("caseworker", country="FRA")
    contact, _ = directory()
    preservation = submitted_preservation(user, contact)
    extension = request_extension(preservation, user)
    submit_request(extension, user)
    db.session.commit()
    case = db.session.get(Case, preservation.case_id)
    # each request of the case's review is approved on its own; approving the case alone is
    # refused while one waits
    assert case.status == "under_review" and awaits_own_review(extension, case)
    with pytest.raises(TransitionError) as waits:
        transitions.transition(case, "approved", caseworker)
    assert waits.value.code == "requests_pending_review"
    db.session.rollback()
    review_request(extension, caseworker, "approve")
    assert db.session.get(Case, case.id).status == "under_review"  # the preservation waits
    with pytest.raises(RequestError) as with_case:
        review_request(extension, caseworker, "transmitted")
    assert with_case.value.status == 409  # sent with its case, once the case is approved
    review_request(db.session.get(MlaRequest, preservation.id), caseworker, "approve")
    assert db.session.get(Case, case.id).status == "approved"
    transitions.transition(case, "transmitted", caseworker)
    db.session.commit()
    assert db.session.get(MlaRequest, extension.id).status == "transmitted"
    old, new = expiry_deadlines(case.id)  # sent with the case: the extension's countdown runs
    assert old.done and f"#{extension.id}" in new.label


def test_case_page_shows_countdown_and_converts(client: Any, make_user: Any, login: Any) -> None:
    user = make_user("prosecutor", country="FRA")
    contact, _ = directory()
    preservation = submitted_preservation(user, contact)
    login(user)
    page = client.get(f"/cases/{preservation.case_id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "in 90 days" in html and 'id="turn-into-mla"' in html
    token = csrf_token_from(html)
    refused = client.post(f"/requests/{preservation.id}/follow-up")  # no CSRF token
    assert refused.status_code == 400
    response = client.post(f"/requests/{preservation.id}/follow-up", data={"csrf_token": token})
    assert response.status_code == 302
    follow_up = follow_up_of(preservation, "mla")
    assert follow_up is not None and f"/requests/{follow_up.id}" in response.headers["Location"]
    html = client.get(f"/cases/{preservation.case_id}").get_data(as_text=True)
    assert 'id="follow-up-link"' in html and 'id="turn-into-mla"' not in html
    note = f"Request for mutual assistance #{follow_up.id} drafted from preservation"
    assert note in html
    # the note the system wrote is read in each reader's language, not stored English
    user.locale = "ar"
    db.session.commit()
    html = client.get(f"/cases/{preservation.case_id}").get_data(as_text=True)
    assert f"صيغ طلب المساعدة المتبادلة رقم {follow_up.id}" in html and note not in html


def test_identifiers_show_utc_beside_local_time(
    client: Any, make_user: Any, login: Any, sample_day: Any
) -> None:
    user = make_user("prosecutor", country="FRA")
    contact, _ = directory()
    request = create_request(user, sample_preservation(requested_authority=contact))
    db.session.commit()
    login(user)
    html = client.get(f"/requests/{request.id}/step/measures").get_data(as_text=True)
    assert "2026-11-20T14:03:00 Europe/Paris" in html
    assert "= 2026-11-20 13:03:00 UTC" in html
    assert "81.2.69.160 port 51234" in html
    # where the provider sits decides the route: its 24/7 contact and central authority
    assert "Provider in IRL:" in html
    assert "<bdi>Garda 24/7 contact point</bdi> (24/7 contact point)" in html
    assert "<bdi>Department of Justice</bdi> (central authority)" in html


def test_every_step_of_both_kinds_renders(client: Any, make_user: Any, login: Any) -> None:
    user = make_user("prosecutor", country="FRA")
    contact, _ = directory()
    login(user)
    for kind in (PRESERVATION_KIND, EMERGENCY_KIND):
        document = sample_preservation(requested_authority=contact, kind=kind.code)
        request = create_request(user, document)
        db.session.commit()
        for step in kind.steps:
            page = client.get(f"/requests/{request.id}/step/{step.code}")
            assert page.status_code == 200, (kind.code, step.code)
        requested = client.get(f"/requests/{request.id}/step/requested").get_data(as_text=True)
        assert "24/7 contact or central authority" in requested
        measures = client.get(f"/requests/{request.id}/step/measures").get_data(as_text=True)
        offered = re.findall(r'<option value="([a-z_]+)"', measures.split('id="measure-type"')[1])
        assert set(offered) == set(kind.measure_codes)
    emergency = client.get(f"/requests/{request.id}/step/emergency").get_data(as_text=True)
    assert "The imminent risk to life or of serious injury" in emergency
    # the emergency request has no subject field: lists name it by its kind
    request.data = {k: v for k, v in request.data.items() if k != "subject"}
    db.session.commit()
    listed = client.get("/requests/").get_data(as_text=True)
    assert (
        f"#{request.id} \u2068Emergency disclosure\u2069 → " in listed and "Untitled" not in listed
    )


def test_the_promised_mla_date_becomes_a_deadline_and_resubmission_adds_none(
    make_user: Any,
) -> None:
    user = make_user("prosecutor", country="FRA")
    contact, _ = directory()
    promised = (dates.today() + timedelta(days=30)).isoformat()
    request = submitted_preservation(
        user, contact, preservation={"mla_to_follow": True, "mla_expected_by": promised}
    )
    deadlines = db.session.query(Deadline).filter_by(case_id=request.case_id).all()
    by_kind = {d.kind: d.due_on.isoformat() for d in deadlines}
    assert len(deadlines) == 2 and by_kind["other"] == promised
    assert "preservation_expiry" in by_kind
    # returned for correction and submitted again: the countdown is not doubled
    case = db.session.get(Case, request.case_id)
    transitions.transition(case, "returned", make_user("caseworker", country="FRA"), note="fix")
    db.session.commit()
    submit_request(request, user)
    db.session.commit()
    assert len(expiry_deadlines(request.case_id)) == 1


def test_follow_up_and_extension_through_the_api(
    client: Any, make_user: Any, api_headers: Any
) -> None:
    user = make_user("prosecutor", country="FRA")
    headers = api_headers(user)
    contact, central = directory()
    draft = create_request(user, sample_preservation(requested_authority=contact))
    db.session.commit()
    refused = client.post(f"/api/v1/requests/{draft.id}/follow-up", headers=headers)
    assert refused.status_code == 409 and refused.get_json()["error"]["message"]
    preservation = submitted_preservation(user, contact)
    made = client.post(f"/api/v1/requests/{preservation.id}/follow-up", headers=headers)
    assert made.status_code == 201, made.get_json()
    body = made.get_json()
    assert body["kind"] == "mla" and body["case_id"] == preservation.case_id
    assert body["requested_authority"] == central and body["facts"] == preservation.data["facts"]
    extended = client.post(f"/api/v1/requests/{preservation.id}/extension", headers=headers)
    assert extended.status_code == 201
    assert extended.get_json()["preservation"]["extension_of"] == preservation.id
    stranger = api_headers(make_user("prosecutor", country="FRA"))
    hidden = client.post(f"/api/v1/requests/{preservation.id}/follow-up", headers=stranger)
    assert hidden.status_code == 404


def test_the_follow_up_mla_request_is_approved_and_sent_from_the_case_page_and_the_api(
    client: Any, make_user: Any, login: Any, api_headers: Any
) -> None:
    from mla_tool.forms.samples import complete_request

    user = make_user("prosecutor", country="FRA")
    caseworker = make_user("caseworker", country="FRA")
    contact, central = directory()
    preservation, case = sent_preservation(user, caseworker, contact)
    follow_up = convert_to_mla(preservation, user)
    update_request(
        follow_up,
        {
            k: v
            for k, v in complete_request("en", requested_authority=central).items()
            if k not in ("requesting_state", "requested_state")
        },
        user,
    )
    submit_request(follow_up, user)
    db.session.commit()
    assert follow_up.status == "submitted" and db.session.get(Case, case.id).status == "transmitted"

    login(caseworker)
    html = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert f'id="approve-request-{follow_up.id}"' in html
    assert f'id="approve-request-{preservation.id}"' not in html  # sent with the case already
    token = csrf_token_from(html)
    returned = client.post(
        f"/requests/{follow_up.id}/review", data={"csrf_token": token, "decision": "return"}
    )
    assert returned.status_code == 302  # no reason: refused, nothing changed
    assert db.session.get(MlaRequest, follow_up.id).status == "submitted"
    approved = client.post(
        f"/requests/{follow_up.id}/review", data={"csrf_token": token, "decision": "approve"}
    )
    assert approved.status_code == 302 and approved.headers["Location"].endswith("#case-requests")
    assert db.session.get(MlaRequest, follow_up.id).status == "approved"
    html = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert f'id="transmitted-request-{follow_up.id}"' in html

    prosecutor_headers = api_headers(user)
    forbidden = client.post(
        f"/api/v1/requests/{follow_up.id}/review",
        json={"decision": "transmitted"},
        headers=prosecutor_headers,
    )
    assert forbidden.status_code == 403
    # the page's button opens the transmission form with this request alone chosen
    posted = client.post(
        f"/requests/{follow_up.id}/review", data={"csrf_token": token, "decision": "transmitted"}
    )
    assert posted.status_code == 302
    assert f"transmit={follow_up.id}" in posted.headers["Location"]
    assert db.session.get(MlaRequest, follow_up.id).status == "approved"
    form = client.get(posted.headers["Location"]).get_data(as_text=True)
    assert f'value="{follow_up.id}" id="tx-request-{follow_up.id}" checked' in form
    headers = api_headers(caseworker)
    bare = client.post(
        f"/api/v1/requests/{follow_up.id}/review", json={"decision": "transmitted"}, headers=headers
    )
    assert bare.status_code == 422  # sending records its transmission
    sending = {
        "decision": "transmitted",
        "transmission": {"sent_on": "2026-11-20", "channel": "direct", "reference": "NV-77"},
    }
    sent = client.post(f"/api/v1/requests/{follow_up.id}/review", json=sending, headers=headers)
    assert sent.status_code == 200, sent.get_json()
    assert sent.get_json()["status"] == "transmitted"
    records = client.get(f"/api/v1/cases/{case.id}/transmissions", headers=headers).get_json()
    assert [(r["reference"], r["request_ids"]) for r in records][-1] == ("NV-77", [follow_up.id])
    again = client.post(f"/api/v1/requests/{follow_up.id}/review", json=sending, headers=headers)
    assert again.status_code == 409
