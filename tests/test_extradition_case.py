"""Provisional arrest on the case: the arrest date starts the countdown to the formal request
(a deadline with reminders), and the request converts into the formal extradition request,
pre-filled and filed in the same case."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from mla_tool.audit.models import AuditEntry
from mla_tool.cases import errors, hooks, opening, reminders
from mla_tool.cases.models import Case, CaseEvent, Deadline
from mla_tool.extensions import db
from mla_tool.forms.checking import check_request
from mla_tool.forms.drafting import create_request, update_request
from mla_tool.forms.errors import RequestError
from mla_tool.forms.extradition import actions
from mla_tool.forms.models import MlaRequest
from mla_tool.forms.submission import submit_request
from tests.conftest import csrf_token_from
from tests.factories.extradition_cases import submitted_provisional_arrest


def case_page(client: Any, case_id: int) -> str:
    response = client.get(f"/cases/{case_id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def deadlines(case_id: int) -> list[Deadline]:
    db.session.expire_all()
    return list(db.session.execute(select(Deadline).where(Deadline.case_id == case_id)).scalars())


def test_recording_the_arrest_date_starts_the_countdown(client, make_user, login) -> None:
    user = make_user("prosecutor", country="FRA")
    login(user)
    request = submitted_provisional_arrest(user, time_limit_days=60)
    html = case_page(client, request.case_id)
    assert 'id="extradition"' in html and "60 days from the arrest" in html
    arrested = date.today() - timedelta(days=2)
    response = client.post(
        f"/cases/{request.case_id}/arrest",
        data={"csrf_token": csrf_token_from(html), "arrested_on": arrested.isoformat()},
    )
    assert response.status_code == 302
    (deadline,) = deadlines(request.case_id)
    assert deadline.kind == "provisional_arrest_limit"
    assert deadline.due_on == arrested + timedelta(days=60)
    assert deadline.remind_days == [14, 7, 3, 1]
    html = case_page(client, request.case_id)
    assert "in 58 days" in html and 'id="arrest-form"' not in html
    notes = db.session.execute(
        select(CaseEvent).where(CaseEvent.case_id == request.case_id, CaseEvent.type == "note")
    ).scalars()
    assert any("formal request is due by" in (event.note or "") for event in notes)
    assert db.session.execute(
        select(AuditEntry).where(AuditEntry.action == "case.arrest_recorded")
    ).first()

    # a second arrest date is refused and changes nothing
    response = client.post(
        f"/cases/{request.case_id}/arrest",
        data={"csrf_token": csrf_token_from(html), "arrested_on": date.today().isoformat()},
        follow_redirects=True,
    )
    assert "already recorded" in response.get_data(as_text=True)
    assert len(deadlines(request.case_id)) == 1


def test_the_countdown_reminds_like_preservation(make_user) -> None:
    user = make_user("prosecutor", country="FRA")
    request = submitted_provisional_arrest(user, time_limit_days=None)
    case = db.session.get(Case, request.case_id)
    arrested = date.today() - timedelta(days=1)
    deadline = actions.record_arrest(case, arrested, user)
    db.session.commit()
    assert deadline.due_on == arrested + timedelta(days=40)  # Model Treaty art. 9(4) default
    given = reminders.run_reminders(on=deadline.due_on - timedelta(days=14))
    assert [(r.deadline_id, r.threshold) for r in given] == [(deadline.id, 14)]
    assert reminders.run_reminders(on=deadline.due_on - timedelta(days=14)) == []
    overdue = reminders.run_reminders(on=deadline.due_on + timedelta(days=1))
    assert [r.threshold for r in overdue] == [reminders.OVERDUE_THRESHOLD]


def test_the_profile_time_limit_applies_when_the_request_has_none(make_user) -> None:
    """The requested state's profile (a maintainer's edit), never the directory's free text."""
    from mla_tool.directory.models import Authority
    from mla_tool.directory.profiles.store import set_profile

    user = make_user("prosecutor", country="FRA")
    request = submitted_provisional_arrest(user, time_limit_days=None)
    authority = db.session.get(Authority, request.requested_authority_id)
    authority.requirements = "Provisional arrest: the formal request within 45 days."
    db.session.commit()
    assert actions.time_limit_for(request).known is False  # the free text is not read
    state = request.data.get("requested_state") or authority.country_iso3
    change = {"value": 50, "source": "treaty art. 9(4)"}
    set_profile(state, {"provisional_arrest_days": change}, make_user("maintainer"))
    db.session.commit()
    limit = actions.time_limit_for(request)
    assert (limit.days, limit.source, limit.known) == (50, "treaty art. 9(4)", True)


def test_bad_arrest_dates_are_refused(client, make_user, login) -> None:
    user = make_user("prosecutor", country="FRA")
    login(user)
    request = submitted_provisional_arrest(user)
    html = case_page(client, request.case_id)
    for value in ("", "31/12/2026", (date.today() + timedelta(days=3)).isoformat()):
        response = client.post(
            f"/cases/{request.case_id}/arrest",
            data={"csrf_token": csrf_token_from(html), "arrested_on": value},
            follow_redirects=True,
        )
        assert response.status_code == 200
        assert deadlines(request.case_id) == [], value
    mla_case = opening.open_case(
        direction="outgoing", kind="mla", counterpart_state="ARE", title="MLA", actor=user
    )
    db.session.commit()
    try:
        actions.record_arrest(mla_case, date.today(), user)
    except errors.CaseError as error:
        assert "case" in error.fields
    else:  # pragma: no cover - the assertion is the point
        raise AssertionError("an MLA case took an arrest date")


def test_outsiders_get_404(client, make_user, login) -> None:
    owner = make_user("prosecutor", country="FRA")
    request = submitted_provisional_arrest(owner)
    outsider = make_user("prosecutor", country="ESP")
    login(outsider)
    token = csrf_token_from(client.get("/requests/").get_data(as_text=True))
    response = client.post(
        f"/cases/{request.case_id}/arrest",
        data={"csrf_token": token, "arrested_on": date.today().isoformat()},
    )
    assert response.status_code == 404
    response = client.post(f"/requests/{request.id}/convert", data={"csrf_token": token})
    assert response.status_code == 404
    assert deadlines(request.case_id) == []


def test_conversion_into_the_formal_request(client, make_user, login) -> None:
    user = make_user("prosecutor", country="FRA")
    login(user)
    request = submitted_provisional_arrest(user)
    html = case_page(client, request.case_id)
    assert 'id="convert-request"' in html
    response = client.post(
        f"/requests/{request.id}/convert", data={"csrf_token": csrf_token_from(html)}
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/step/assurances")
    db.session.expire_all()
    formal = db.session.execute(
        select(MlaRequest).where(MlaRequest.kind == "extradition")
    ).scalar_one()
    source = db.session.get(MlaRequest, request.id)
    assert formal.case_id == source.case_id
    assert formal.status == "draft" and formal.owner_id == user.id
    for key in ("persons", "offences", "warrant", "person_description", "requesting_authority"):
        assert formal.data[key] == source.data[key], key
    assert formal.data["extradition"] == {"converted_from": source.id}
    assert "urgent" not in formal.data
    assert formal.id in hooks.request_ids(db.session.get(Case, source.case_id))
    # the formal request asks for what a provisional arrest did not need
    codes = {f.code for f in check_request(formal).findings}
    assert {"speciality_undertaking_missing", "supporting_document_missing"} <= codes
    assert not check_request(formal).complete

    html = case_page(client, request.case_id)
    assert f'id="formal-request-link">#{formal.id}<' in html
    assert 'id="convert-request"' not in html
    response = client.post(
        f"/requests/{request.id}/convert",
        data={"csrf_token": csrf_token_from(html)},
        follow_redirects=True,
    )
    assert "made already" in response.get_data(as_text=True)
    count = db.session.execute(select(MlaRequest).where(MlaRequest.kind == "extradition")).all()
    assert len(count) == 1

    # once complete, the formal request goes to review in the same case
    update_request(
        formal,
        {
            "assurances": [{"type": "speciality", "text": "Only for these offences."}],
            "supporting_documents": [
                {"type": kind, "status": "attached", "language": "en", "certified": True}
                for kind in ("warrant", "law_text", "identification")
            ],
        },
        user,
    )
    submit_request(formal, user)
    db.session.commit()
    assert (formal.status, formal.case_id) == ("submitted", source.case_id)


def test_only_a_provisional_arrest_converts(make_user) -> None:
    user = make_user("prosecutor", country="FRA")
    mla = create_request(user, {"kind": "mla"})
    db.session.commit()
    try:
        actions.convert_to_extradition(mla, user)
    except RequestError as error:
        assert error.status == 409
    else:  # pragma: no cover
        raise AssertionError("an MLA request converted")
