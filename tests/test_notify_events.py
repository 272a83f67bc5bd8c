"""People are told: request events notify who must act, urgent items first, event emails, and the
reminder sweep under a lease (one runner at a time, each reminder once), also for the demo."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from mla_tool import signals
from mla_tool.cases import deadlines, notifications, opening, sweep, transitions
from mla_tool.cases.dates import today
from mla_tool.cases.listing import CaseFilters, list_cases
from mla_tool.cases.models import Case, Deadline, DeadlineReminder, Notification
from mla_tool.cases.notify_events import notify_event
from mla_tool.cases.reminders import run_reminders
from mla_tool.extensions import db
from mla_tool.forms.models import MlaRequest
from mla_tool.forms.request_review import review_request
from mla_tool.forms.submission import submit_request
from tests.factories.loaded_once import demo_rows
from tests.factories.notifications import MailSink, smtp  # noqa: F401 (the SMTP sink fixture)
from tests.factories.review_cycles import two_requests_under_review

TODAY = date(2030, 6, 1)


def _events(user: Any) -> list[str]:
    rows = db.session.query(Notification).filter_by(user_id=user.id).order_by(Notification.id)
    return [n.event for n in rows if n.event]


def test_each_request_event_tells_who_must_act(make_user: Any) -> None:
    prosecutor = make_user("prosecutor")
    caseworker = make_user("caseworker")
    make_user("caseworker", country="DEU")  # another authority's reviewer: never told
    case, first, second = two_requests_under_review(prosecutor)
    assert _events(caseworker) == ["submitted"]  # two submissions together: told once
    assert _events(prosecutor) == []  # the actor is never told of what they did

    review_request(first, caseworker, "approve", "Fine.")
    review_request(second, caseworker, "return", "Say which mailbox.")
    db.session.commit()
    assert _events(prosecutor) == ["approved", "returned"]  # each request's own decision

    submit_request(db.session.get(MlaRequest, second.id), prosecutor, note="Named.")
    review_request(db.session.get(MlaRequest, second.id), caseworker, "approve", "Complete.")
    db.session.commit()
    # the last request's approval and the case's approval it brings: each told
    told = db.session.query(Notification).filter_by(user_id=prosecutor.id).order_by(Notification.id)
    assert [(n.event, n.request_id) for n in told][2:] == [
        ("approved", second.id),
        ("approved", None),
    ]

    transitions.transition(db.session.get(Case, case.id), "transmitted", caseworker, note="Sent.")
    db.session.commit()
    assert _events(prosecutor) == ["approved", "returned", "approved", "approved", "transmitted"]
    other = [n for n in db.session.query(Notification) if n.user_id not in (prosecutor.id,)]
    assert {n.user_id for n in other} == {caseworker.id}


def test_an_incoming_registration_tells_the_authoritys_caseworkers(make_user: Any) -> None:
    registrar = make_user("caseworker")
    colleague = make_user("caseworker")
    make_user("caseworker", country="DEU")
    opening.open_case(
        direction="incoming",
        kind="mla",
        counterpart_state="DEU",
        title="Fraud ring",
        reference="IN-1",
        actor=registrar,
    )
    db.session.commit()
    assert _events(colleague) == ["registered"] and _events(registrar) == []


def test_urgent_items_are_flagged_and_listed_first(
    make_user: Any, client: FlaskClient, login: Any
) -> None:
    caseworker = make_user("caseworker")
    prosecutor = make_user("prosecutor", email="author@example.org")
    urgent = opening.open_case(
        direction="outgoing",
        kind="preservation",
        counterpart_state="USA",
        title="Mailbox preservation",
        reference="PRES-1",
        actor=prosecutor,
    )
    db.session.commit()
    plain = opening.open_case(
        direction="outgoing",
        kind="mla",
        counterpart_state="USA",
        title="Bank records",
        reference="MLA-1",
        actor=prosecutor,
    )
    db.session.commit()
    for case in (urgent, plain):  # the plain one is the newer
        notify_event(case, "submitted", [caseworker])
        db.session.commit()
    rows = notifications.list_for(caseworker)
    assert [(row.case_reference, row.urgent) for row in rows] == [
        ("PRES-1", True),
        ("MLA-1", False),
    ]
    login(caseworker)
    page = client.get("/notifications/").get_data(as_text=True)
    assert page.index("PRES-1") < page.index("MLA-1")
    assert "data-urgent" in page and 'data-event="submitted"' in page
    listed = list_cases(prosecutor, CaseFilters()).items  # the default sort: urgent first
    assert [case.reference for case in listed] == ["PRES-1", "MLA-1"]
    newest = list_cases(prosecutor, CaseFilters(sort="-id")).items  # a chosen sort is kept
    assert [case.reference for case in newest] == ["MLA-1", "PRES-1"]


def test_an_event_is_emailed_with_the_next_sweep(
    make_user: Any,
    smtp: MailSink,  # noqa: F811
) -> None:
    prosecutor = make_user("prosecutor")
    caseworker = make_user("caseworker", email="reviewer@example.org")
    case, _first, _second = two_requests_under_review(prosecutor)
    run_reminders(TODAY)
    assert [rcpt for rcpt, _m in smtp.messages] == [["reviewer@example.org"]]
    message = smtp.messages[0][1]
    assert message["Subject"] == f"Case {case.reference or f'#{case.id}'}: " + (
        "Request submitted for your review"
    )
    assert f"/cases/{case.id}" in message.get_content()
    run_reminders(TODAY)
    assert len(smtp.messages) == 1  # sent once
    assert caseworker.id in {n.user_id for n in db.session.query(Notification)}


# ---------------------------------------------------------------------------------------------
# The sweep and its lease


def _overdue_case(actor: Any) -> Case:
    case = opening.open_case(
        direction="outgoing",
        kind="mla",
        counterpart_state="DEU",
        title="Late",
        reference="LATE-1",
        actor=actor,
    )
    deadlines.add_deadline(case, kind="respond_by", due_on=TODAY - timedelta(days=2))
    db.session.commit()
    return case


def test_the_lease_is_held_by_one_runner_at_a_time(make_user: Any) -> None:
    assert sweep.take_lease("host-a:1")
    assert not sweep.take_lease("host-b:2")
    assert sweep.take_lease("host-a:1")  # its own lease, renewed
    sweep.release_lease("host-a:1")
    assert sweep.last_run() is not None
    assert sweep.take_lease("host-b:2")
    assert sweep.sweep(TODAY, holder="host-a:1") is None  # b holds it: a does nothing
    sweep.release_lease("host-b:2", ran=False)
    _overdue_case(make_user("caseworker"))
    assert [r.days_left for r in sweep.sweep(TODAY, holder="host-a:1") or []] == [-2]


def test_two_runners_at_once_give_each_reminder_once(app: Flask, make_user: Any) -> None:
    for n in range(5):
        _overdue_case(make_user("caseworker")).reference = f"LATE-{n}"
    db.session.commit()
    barrier = threading.Barrier(4)
    results: list[Any] = []

    def runner(name: str) -> None:
        with app.app_context():
            barrier.wait()
            for _ in range(3):
                try:
                    results.append(sweep.sweep(TODAY, holder=name))
                except Exception as error:  # noqa: BLE001 (a lost race must not pass silently)
                    results.append(error)
            db.session.remove()

    threads = [threading.Thread(target=runner, args=(f"runner-{n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not [r for r in results if isinstance(r, Exception)]
    given = sum(len(r) for r in results if r)
    assert given == 5
    db.session.expire_all()
    reminded = db.session.query(DeadlineReminder.deadline_id, DeadlineReminder.threshold).all()
    assert len(reminded) == len(set(reminded)) and len({d for d, _t in reminded}) == 5
    assert db.session.query(Notification).filter(Notification.deadline_id.isnot(None)).count() == 5


def test_the_demos_overdue_cases_are_notified_after_a_sweep(app: Flask) -> None:
    demo_rows()
    db.session.commit()
    overdue = [d for d in db.session.query(Deadline) if not d.done and d.due_on < today()]
    sweep.sweep()
    told = db.session.query(Notification).filter(Notification.deadline_id.isnot(None)).all()
    assert {n.deadline_id for n in told} >= {d.id for d in overdue}
    assert overdue  # the demo has overdue deadlines
    assert all(n.days_left is not None for n in told)


def test_the_dashboard_says_when_the_sweep_ran(
    app: Flask, make_user: Any, client: FlaskClient, login: Any
) -> None:
    user = make_user("caseworker")
    login(user)
    page = client.get("/dashboard").get_data(as_text=True)
    assert "do not run by themselves" in page and "have not run yet" in page
    app.extensions[sweep.APP_KEY] = 15
    try:
        sweep.sweep(TODAY)
        page = client.get("/dashboard").get_data(as_text=True)
        assert "run by themselves every 15 minutes" in page and "Last run:" in page
    finally:
        app.extensions.pop(sweep.APP_KEY, None)


def test_a_request_reviewed_on_its_own_tells_its_author(make_user: Any) -> None:
    prosecutor = make_user("prosecutor")
    caseworker = make_user("caseworker")
    case, first, _second = two_requests_under_review(prosecutor)
    signals.request_reviewed.send(first, case=case, actor=caseworker, outcome="returned")
    signals.request_reviewed.send(first, case=case, actor=caseworker, outcome="transmitted")
    db.session.commit()
    told = db.session.query(Notification).filter_by(user_id=prosecutor.id).all()
    assert [(n.event, n.request_id) for n in told] == [("returned", first.id)]
