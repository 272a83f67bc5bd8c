"""The case pages: register, assign, move, timeline entries, deadlines, members, list, dashboard."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient

from mla_tool.audit.models import AuditEntry
from mla_tool.cases import access, correspondence, membership, opening, review, transitions
from mla_tool.cases.models import Case, CaseEvent, Deadline
from mla_tool.extensions import db
from tests.conftest import csrf_token_from, sign_in


def _token(client: FlaskClient, path: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get(path).get_data(True))
    assert match
    return match.group(1)


@pytest.fixture
def caseworker(make_user: Callable[..., Any]) -> Any:
    return make_user("caseworker", country="FRA", display_name="Claire Caseworker")


def test_register_an_incoming_request_and_work_on_it(
    caseworker: Any,
    make_user: Callable[..., Any],
    login: Callable[[Any], FlaskClient],
) -> None:
    prosecutor = make_user("prosecutor", country="FRA", display_name="Paul Prosecutor")
    client = login(caseworker)
    form = client.get("/cases/new?direction=incoming")
    assert form.status_code == 200 and "Register an incoming request" in form.get_data(True)
    token = _token(client, "/cases/new?direction=incoming")
    bad = client.post(
        "/cases/new?direction=incoming",
        data={
            "csrf_token": token,
            "direction": "incoming",
            "kind": "mla",
            "counterpart_state": "ZZZ",
            "title": "X",
        },
    )
    assert bad.status_code == 200 and db.session.query(Case).count() == 0
    assert 'id="counterpart_state"' in bad.get_data(True) and "Not a valid choice" in bad.get_data(
        True
    )
    # the state is picked from the list, by name in the reader's language
    assert '<option value="BRA">Brazil</option>' in form.get_data(True)
    created = client.post(
        "/cases/new?direction=incoming",
        data={
            "csrf_token": token,
            "direction": "incoming",
            "kind": "mla",
            "counterpart_state": "BRA",
            "title": "Hearing of a witness",
            "reference": "BR-7",
            "due_date": (date.today() - timedelta(days=1)).isoformat(),
            "assigned_to": str(prosecutor.id),
            "received_on": "2026-11-20",
            "channel": "diplomatic",
        },
    )
    assert created.status_code == 302
    case = db.session.query(Case).one()
    assert (case.direction, case.status, case.counterpart_state) == ("incoming", "received", "BRA")
    assert case.assigned_to == prosecutor.id and access.is_member(prosecutor, case)
    url = f"/cases/{case.id}"
    page = client.get(url).get_data(True)
    assert "Hearing of a witness" in page and "overdue" in page
    assert "Paul Prosecutor" in page and "Diplomatic channel" in page
    token = _token(client, url)

    # refusal needs a reason: refused without one, nothing changes
    client.post(f"{url}/transition", data={"csrf_token": token, "to": "under_review"})
    response = client.post(f"{url}/transition", data={"csrf_token": token, "to": "refused"})
    assert response.status_code == 409  # the page again, the form as sent
    assert "Moving the case to “Refused” needs a reason" in response.get_data(True)
    db.session.expire_all()
    assert db.session.get(Case, case.id).status == "under_review"
    # a step the workflow does not have is refused in words, not codes
    refused = client.post(f"{url}/transition", data={"csrf_token": token, "to": "executed"})
    refused = refused.get_data(True)
    assert "This case cannot go from “Under review” to “Executed”." in refused
    assert "allowed:" not in refused
    client.post(f"{url}/transition", data={"csrf_token": token, "to": "in_execution"})
    db.session.expire_all()
    assert db.session.get(Case, case.id).status == "in_execution"

    entries = [
        ("notes", {"note": "Called the court."}),
        (
            "correspondence",
            {
                "way": "sent",
                "channel": "email",
                "on": "2026-11-21",
                "summary": "Acknowledged receipt.",
            },
        ),
        (
            "consultations",
            {
                "basis": "untoc_18_26",
                "with_whom": "Brasília CA",
                "on": "2026-11-22",
                "summary": "Consulted before postponing.",
            },
        ),
        (
            "info-requests",
            {
                "way": "sent",
                "on": "2026-11-23",
                "respond_by": "2030-01-10",
                "summary": "Need the witness address.",
            },
        ),
        (
            "deadlines",
            {"kind": "other", "due_on": "2030-02-01", "label": "Court date", "remind_days": "7, 1"},
        ),
    ]
    for path, data in entries:
        reply = client.post(f"{url}/{path}", data={"csrf_token": token, **data})
        assert reply.status_code == 302, path
    types = [e.type for e in db.session.query(CaseEvent).filter_by(case_id=case.id)]
    for expected in ("note", "correspondence", "consultation", "info_request", "deadline"):
        assert expected in types
    deadlines = {d.label: d for d in db.session.query(Deadline).filter_by(case_id=case.id)}
    assert deadlines["Court date"].remind_days == [7, 1]
    assert "Reply to information request" in deadlines
    timeline = client.get(url).get_data(True)
    for text in (
        "Called the court.",
        "Acknowledged receipt.",
        "Need the witness address.",
        "Court date",
        "UNTOC art. 18(26)",
    ):
        assert text in timeline
    done = client.post(
        f"{url}/deadlines/{deadlines['Court date'].id}/done", data={"csrf_token": token}
    )
    assert done.status_code == 302
    db.session.expire_all()
    assert db.session.get(Deadline, deadlines["Court date"].id).done

    # bad entry: changes nothing
    before = db.session.query(CaseEvent).count()
    client.post(
        f"{url}/correspondence",
        data={"csrf_token": token, "way": "sent", "channel": "pigeon", "on": "x", "summary": ""},
    )
    assert db.session.query(CaseEvent).count() == before

    # members: add, then remove
    colleague = make_user("caseworker", country="FRA")
    assert (
        client.post(
            f"{url}/members",
            data={"csrf_token": token, "user_id": colleague.id, "role_in_case": "member"},
        ).status_code
        == 302
    )
    assert access.is_member(colleague, case)
    assert (
        client.post(f"{url}/members/{colleague.id}/remove", data={"csrf_token": token}).status_code
        == 302
    )
    assert not access.is_member(colleague, case)
    actions = {a for (a,) in db.session.query(AuditEntry.action)}
    assert {
        "case.open",
        "case.transition",
        "case.assign",
        "case.member_add",
        "case.member_remove",
    } <= actions


def test_return_with_field_comments_from_the_page(
    caseworker: Any, make_user: Callable[..., Any], login: Callable[[Any], FlaskClient]
) -> None:
    prosecutor = make_user("prosecutor", country="FRA")
    case = opening.open_case(
        direction="outgoing", kind="mla", counterpart_state="DEU", title="D", actor=prosecutor
    )
    transitions.transition(case, "under_review", prosecutor)
    db.session.commit()
    client = login(caseworker)
    url = f"/cases/{case.id}"
    token = _token(client, url)
    client.post(
        f"{url}/transition",
        data={"csrf_token": token, "to": "returned", "field_comments": "nonsense without colon"},
    )
    db.session.expire_all()
    assert db.session.get(Case, case.id).status == "under_review"
    client.post(
        f"{url}/transition",
        data={
            "csrf_token": token,
            "to": "returned",
            "field_comments": "facts: add dates\npurpose: why?",
        },
    )
    db.session.expire_all()
    assert review.review_comments(db.session.get(Case, case.id)) == {
        "facts": "add dates",
        "purpose": "why?",
    }
    assert "add dates" in client.get(url).get_data(True)


def test_return_a_filed_request_with_comments_chosen_by_field(
    caseworker: Any, make_user: Callable[..., Any], login: Callable[[Any], FlaskClient]
) -> None:
    from mla_tool.forms.drafting import create_request
    from mla_tool.forms.models import MlaRequest
    from mla_tool.forms.samples import complete_request
    from mla_tool.forms.submission import submit_request

    prosecutor = make_user("prosecutor", country="FRA")
    from tests.factories.authorities import make_authority

    draft = create_request(prosecutor, complete_request(requested_authority=make_authority()))
    submit_request(draft, prosecutor)
    db.session.commit()
    case_id = draft.case_id
    client = login(caseworker)
    url = f"/cases/{case_id}"
    page = client.get(url).get_data(as_text=True)
    # the return form offers the request's fields by name, no paths to type
    assert 'name="comment_field_1"' in page and '<option value="facts">' in page
    assert 'name="field_comments"' not in page
    token = csrf_token_from(page)
    refused = {"csrf_token": token, "to": "returned", "comment_text_1": "which field?"}
    client.post(f"{url}/transition", data=refused)
    unknown = {
        "csrf_token": token,
        "to": "returned",
        "field_comments": "nonexistent_field: never shown to anyone",
    }
    client.post(f"{url}/transition", data=unknown)
    db.session.expire_all()
    assert db.session.get(Case, case_id).status == "under_review"
    client.post(
        f"{url}/transition",
        data={
            "csrf_token": token,
            "to": "returned",
            "note": "Two things to fix.",
            "comment_field_1": "facts",
            "comment_text_1": "Give the dates of the transfers.",
            "comment_field_2": "measures",
            "comment_text_2": "Say which period the bank records cover.",
        },
    )
    db.session.expire_all()
    assert db.session.get(Case, case_id).status == "returned"
    page = client.get(url).get_data(as_text=True)
    assert "Give the dates of the transfers." in page and "<dt>Facts" in page

    # the author sees each comment by its field's name and which steps have some
    client = client.application.test_client()
    assert sign_in(client, prosecutor.email).status_code == 302
    facts = client.get(f"/requests/{draft.id}/step/facts").get_data(as_text=True)
    assert 'id="step-comments-facts"' in facts and 'id="step-comments-measures"' in facts
    assert "Give the dates of the transfers." in facts and "<code>facts</code>" not in facts
    item = db.session.get(MlaRequest, draft.id)
    submit_request(item, prosecutor)
    db.session.commit()
    again = client.get(f"/requests/{draft.id}/step/facts").get_data(as_text=True)
    assert "Give the dates of the transfers." not in again  # submitted again: read and done


def test_list_filters_sort_and_dashboard_panels(
    caseworker: Any, make_user: Callable[..., Any], login: Callable[[Any], FlaskClient]
) -> None:
    prosecutor = make_user("prosecutor", country="FRA")
    late = opening.open_case(
        direction="incoming",
        kind="extradition",
        counterpart_state="ESP",
        title="Late one",
        actor=caseworker,
        due_date=date.today() - timedelta(days=2),
    )
    draft = opening.open_case(
        direction="outgoing",
        kind="mla",
        counterpart_state="DEU",
        title="My draft",
        actor=prosecutor,
    )
    membership.add_member(draft, caseworker, "supervisor", caseworker)
    membership.assign(late, prosecutor, caseworker)
    for i in range(30):
        opening.open_case(
            direction="incoming",
            kind="mla",
            counterpart_state="USA",
            title=f"Bulk {i:02d}",
            actor=caseworker,
        )
    db.session.commit()
    client = login(caseworker)
    html = client.get("/cases/?overdue=1").get_data(True)
    assert "Late one" in html and "My draft" not in html and "Bulk" not in html
    assert 'class="overdue"' in html
    html = client.get("/cases/?direction=outgoing").get_data(True)
    assert "My draft" in html and "Late one" not in html
    html = client.get("/cases/?kind=extradition&country=esp").get_data(True)
    assert "Late one" in html and "Bulk" not in html
    assert '<option value="ESP" selected>Spain</option>' in html  # the picker keeps the filter
    html = client.get(f"/cases/?assigned_to={prosecutor.id}").get_data(True)
    assert "Late one" in html and "Bulk" not in html
    html = client.get("/cases/?q=bulk+07").get_data(True)
    assert "Bulk 07" in html and "Bulk 08" not in html
    first = client.get("/cases/?sort=id").get_data(True)
    assert 'rel="next"' in first and f"#{late.id}<" in first
    second = client.get("/cases/?sort=id&page=2").get_data(True)
    assert f"#{late.id}<" not in second and 'rel="prev"' in second
    assert client.get("/cases/?status=bogus").status_code == 200  # flashed, not a 500
    dashboard = client.get("/dashboard").get_data(True)
    assert "My queue" in dashboard and "Overdue" in dashboard and "Late one" in dashboard
    assert "Register an incoming request" in dashboard
    # the due date is a <time>: its digits keep their order in a right-to-left line
    due = late.due_date.isoformat()
    assert f'due <time datetime="{due}">{due}</time>' in dashboard
    from flask import current_app

    from tests.conftest import sign_in

    mine = current_app.test_client()
    assert sign_in(mine, prosecutor.email).status_code == 302
    board = mine.get("/dashboard").get_data(True)
    assert "Outgoing cases in preparation" in board and "My draft" in board and "Late one" in board
    assert "Cases" in board  # nav item


def test_the_consultation_form_proposes_the_article_of_the_case_kind(
    caseworker: Any, login: Callable[[Any], FlaskClient]
) -> None:
    client = login(caseworker)
    for kind, article in (("mla", "untoc_18_26"), ("extradition", "untoc_16_16")):
        case = opening.open_case(
            direction="incoming", kind=kind, counterpart_state="DEU", title=kind, actor=caseworker
        )
        db.session.commit()
        page = client.get(f"/cases/{case.id}").get_data(as_text=True)
        assert re.search(
            rf'<option selected value="{article}"|<option value="{article}" selected', page
        )


def test_refusing_an_incoming_request_reminds_to_consult_first(
    caseworker: Any, login: Callable[[Any], FlaskClient]
) -> None:
    client = login(caseworker)
    case = opening.open_case(
        direction="incoming", kind="mla", counterpart_state="DEU", title="R", actor=caseworker
    )
    transitions.transition(case, "under_review", caseworker)
    db.session.commit()
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert 'id="consult-before-refused"' in page and "18(26)" in page
    correspondence.record_consultation(
        case,
        caseworker,
        basis="untoc_18_26",
        with_whom="Bundesamt für Justiz",
        on=date.today(),
        summary="Asked for more facts.",
    )
    db.session.commit()
    assert 'id="consult-before-refused"' not in client.get(f"/cases/{case.id}").get_data(True)


def test_an_arabic_case_page_lists_reminder_days_with_the_arabic_comma(
    caseworker: Any, login: Callable[[Any], FlaskClient]
) -> None:
    from mla_tool.cases.deadlines import add_deadline

    case = opening.open_case(
        direction="incoming", kind="mla", counterpart_state="ESP", title="T", actor=caseworker
    )
    due = date.today() + timedelta(days=30)
    add_deadline(case, kind="respond_by", due_on=due, remind_days=[7, 2], actor=caseworker)
    caseworker.locale = "ar"
    db.session.commit()
    html = login(caseworker).get(f"/cases/{case.id}").get_data(as_text=True)
    assert "7، 2" in html and "7, 2" not in html
    assert f'<time datetime="{due.isoformat()}">' in html
