"""Reminder notifications: addressed to who must act, idempotent, own-only pages, real SMTP email."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from mla_tool.cases import membership
from mla_tool.cases.models import Notification
from mla_tool.cases.reminders import run_reminders
from mla_tool.config import Settings
from mla_tool.extensions import db
from tests.conftest import DEFAULT_PASSWORD, csrf_token_from
from tests.factories.notifications import (  # noqa: F401  (fixtures)
    PASSWORD,
    TODAY,
    MailSink,
    _deadline,
    _free_port,
    smtp,
    team,
)

# ---------------------------------------------------------------------------------------------
# Fixtures


def _notifications(user: Any | None = None) -> list[Notification]:
    query = db.session.query(Notification).order_by(Notification.id)
    if user is not None:
        query = query.filter_by(user_id=user.id)
    return list(query)


# ---------------------------------------------------------------------------------------------
# Who is notified, and only once


def test_members_who_must_act_are_notified_once_across_runs(team: dict[str, Any]) -> None:
    deadline = _deadline(team["case"], 2)
    first = run_reminders(TODAY)
    assert [r.deadline_id for r in first] == [deadline.id]
    rows = _notifications()
    # No one assigned: the caseworker and the prosecutor on the case, not the auditor on it.
    assert sorted(n.user_id for n in rows) == sorted([team["caseworker"].id, team["prosecutor"].id])
    assert {(n.case_id, n.deadline_id, n.threshold, n.days_left) for n in rows} == {
        (team["case"].id, deadline.id, 3, 2)
    }
    assert all(n.read_at is None and n.email_status is None for n in rows)  # no SMTP: no email
    assert run_reminders(TODAY) == []
    assert run_reminders(TODAY + timedelta(days=1)) == []
    assert len(_notifications()) == 2


def test_the_assigned_user_alone_is_notified(team: dict[str, Any]) -> None:
    membership.assign(team["case"], team["prosecutor"], team["caseworker"])
    db.session.commit()
    _deadline(team["case"], 1)
    run_reminders(TODAY)
    assert [n.user_id for n in _notifications()] == [team["prosecutor"].id]


def test_a_dry_run_notifies_nobody(team: dict[str, Any]) -> None:
    _deadline(team["case"], 1)
    assert len(run_reminders(TODAY, dry_run=True)) == 1
    assert _notifications() == []


# ---------------------------------------------------------------------------------------------
# The page


def _page(client: FlaskClient) -> str:
    response = client.get("/notifications/")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _badge(html: str) -> int | None:
    match = re.search(
        r'href="/notifications/"[^>]*>[^<]*<span class="badge[^"]*"[^>]*>(\d+)<', html
    )
    return int(match.group(1)) if match else None


def test_the_page_lists_only_the_users_own_notifications(
    team: dict[str, Any], client: FlaskClient, login: Callable[[Any], FlaskClient]
) -> None:
    _deadline(team["case"], 2, label="Reply to Berlin")
    run_reminders(TODAY)
    mine = _notifications(team["caseworker"])[0]
    theirs = _notifications(team["prosecutor"])[0]
    login(team["caseworker"])
    html = _page(client)
    assert f'data-notification="{mine.id}"' in html
    assert f'data-notification="{theirs.id}"' not in html
    assert "Reply to Berlin" in html
    assert "MLA-2030-17" in html
    assert f'href="/cases/{team["case"].id}"' in html
    assert (TODAY + timedelta(days=2)).isoformat() in html
    token = csrf_token_from(html)
    # Someone else's notification, or one that does not exist: 404, and nothing changes.
    assert (
        client.post(f"/notifications/{theirs.id}/read", data={"csrf_token": token}).status_code
        == 404
    )
    assert client.post("/notifications/999999/read", data={"csrf_token": token}).status_code == 404
    db.session.expire_all()
    assert db.session.get(Notification, theirs.id).read_at is None


def test_outsiders_and_users_taken_off_the_case_see_nothing(
    team: dict[str, Any], client: FlaskClient, login: Callable[[Any], FlaskClient]
) -> None:
    _deadline(team["case"], 2)
    run_reminders(TODAY)
    theirs = _notifications(team["prosecutor"])[0]
    login(team["outsider"])
    html = _page(client)
    assert "data-notification=" not in html
    assert "No notifications." in html
    token = csrf_token_from(html)
    assert (
        client.post(f"/notifications/{theirs.id}/read", data={"csrf_token": token}).status_code
        == 404
    )
    client.post("/logout", data={"csrf_token": token})
    # Need to know outlives the notification: off the case, its reminders are no longer shown.
    membership.remove_member(team["case"], team["prosecutor"], team["caseworker"])
    db.session.commit()
    login(team["prosecutor"])
    html = _page(client)
    assert f'data-notification="{theirs.id}"' not in html
    assert _badge(html) is None


def test_mark_read_needs_the_csrf_token_and_updates_the_badge(
    team: dict[str, Any], client: FlaskClient, login: Callable[[Any], FlaskClient]
) -> None:
    _deadline(team["case"], 2, label="First")
    _deadline(team["case"], 5, label="Second")  # outside its 3-day threshold until later
    run_reminders(TODAY)
    run_reminders(TODAY + timedelta(days=2))  # First is due today, not yet overdue
    first, second = _notifications(team["caseworker"])
    login(team["caseworker"])
    html = _page(client)
    assert _badge(html) == 2
    assert html.index("Second") < html.index("First")  # newest first
    # Without the token: refused, still unread.
    assert client.post(f"/notifications/{first.id}/read").status_code == 400
    db.session.expire_all()
    assert db.session.get(Notification, first.id).read_at is None
    token = csrf_token_from(html)
    response = client.post(f"/notifications/{first.id}/read", data={"csrf_token": token})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Notification, first.id).read_at is not None
    assert db.session.get(Notification, second.id).read_at is None
    html = client.get("/dashboard").get_data(as_text=True)
    assert _badge(html) == 1
    assert "Unread notifications" in html
    assert "MLA-2030-17 · Second" in html
    assert "MLA-2030-17 · First" not in html  # read: off the dashboard panel
    assert client.post("/notifications/read-all").status_code == 400
    client.post("/notifications/read-all", data={"csrf_token": token})
    db.session.expire_all()
    assert all(n.read_at is not None for n in _notifications(team["caseworker"]))
    assert _notifications(team["prosecutor"])[0].read_at is None  # others' stay unread
    html = _page(client)
    assert _badge(html) is None
    assert "Mark all read" not in html
    assert "Unread notifications" not in client.get("/dashboard").get_data(as_text=True)


# ---------------------------------------------------------------------------------------------
# Email through a real SMTP server


def test_each_notification_is_emailed_once(team: dict[str, Any], smtp: MailSink) -> None:
    _deadline(team["case"], 2, label="Reply to Berlin")
    run_reminders(TODAY)
    received = {rcpt[0]: message for rcpt, message in smtp.messages}
    assert sorted(received) == sorted([team["caseworker"].email, team["prosecutor"].email])
    message = received[team["caseworker"].email]
    assert message["To"] == team["caseworker"].email
    assert message["From"] == "reminders@mla.example.org"
    assert "MLA-2030-17" in message["Subject"]
    assert "in 2 days" in message["Subject"]
    body = message.get_content()
    assert f"https://mla.example.org/cases/{team['case'].id}" in body
    assert "Fraud ring" not in message.as_string()  # the title stays in the application
    assert all(n.email_status == "sent" and n.emailed_at for n in _notifications())
    run_reminders(TODAY)
    run_reminders(TODAY + timedelta(days=1))
    assert len(smtp.messages) == 2


def test_a_failed_send_is_recorded_and_retried_on_the_next_run(
    team: dict[str, Any], smtp: MailSink, caplog: pytest.LogCaptureFixture
) -> None:
    _deadline(team["case"], 2)
    smtp.reject = True
    with caplog.at_level(logging.WARNING, logger="mla_tool.cases.notifications"):
        run_reminders(TODAY)
    assert smtp.messages == []
    rows = _notifications()
    assert len(rows) == 2
    assert {n.email_status for n in rows} == {"failed"}
    assert all(n.emailed_at is None and "451" in (n.email_error or "") for n in rows)
    assert "not sent" in caplog.text
    smtp.reject = False
    run_reminders(TODAY + timedelta(days=1))  # nothing new to remind: only the retry
    assert sorted(r[0] for r, _m in smtp.messages) == sorted(
        [team["caseworker"].email, team["prosecutor"].email]
    )
    assert smtp.messages[0][1]["Subject"].endswith(", in 1 day")  # counted on the day it went
    db.session.expire_all()
    assert all(n.email_status == "sent" and n.email_attempts == 2 for n in _notifications())
    run_reminders(TODAY + timedelta(days=1))
    assert len(smtp.messages) == 2


def test_an_unreachable_server_leaves_the_emails_for_the_next_run(
    team: dict[str, Any], smtp: MailSink, app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    _deadline(team["case"], 2)
    real_port = app.config["MLA_SMTP_PORT"]
    monkeypatch.setitem(app.config, "MLA_SMTP_PORT", _free_port())  # nobody listens there
    reminders = run_reminders(TODAY)
    assert len(reminders) == 1  # the reminder itself is recorded all the same
    assert all(n.emailed_at is None for n in _notifications())
    assert "failed" in {n.email_status for n in _notifications()}
    monkeypatch.setitem(app.config, "MLA_SMTP_PORT", real_port)
    run_reminders(TODAY)
    assert len(smtp.messages) == 2


def test_the_smtp_password_is_used_but_never_logged(
    team: dict[str, Any],
    smtp: MailSink,
    app: Flask,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    _deadline(team["case"], 2)
    monkeypatch.setitem(app.config, "MLA_SMTP_USER", "mla")
    monkeypatch.setitem(app.config, "MLA_SMTP_PASSWORD", PASSWORD + "-wrong")
    with caplog.at_level(logging.DEBUG):
        run_reminders(TODAY)
    assert smtp.messages == []
    failed = [n for n in _notifications() if n.email_status == "failed"]
    assert failed and all("535" in (n.email_error or "") for n in failed)
    assert "SMTPAuthenticationError" in caplog.text
    assert PASSWORD not in caplog.text
    assert all(PASSWORD not in (n.email_error or "") for n in _notifications())
    monkeypatch.setitem(app.config, "MLA_SMTP_PASSWORD", PASSWORD)
    with caplog.at_level(logging.DEBUG):
        run_reminders(TODAY)
    assert len(smtp.messages) == 2
    assert PASSWORD not in caplog.text


def test_smtp_settings_come_from_the_environment(tmp_path: Path) -> None:
    secret = tmp_path / "smtp_password"
    secret.write_text(PASSWORD + "\n")
    settings = Settings.from_environment(
        {
            "MLA_DATA_DIR": str(tmp_path),
            "MLA_SMTP_HOST": "mail.example.org",
            "MLA_SMTP_USER": "mla",
            "MLA_SMTP_PASSWORD_FILE": str(secret),
            "MLA_SMTP_FROM": "mla@example.org",
            "MLA_SMTP_STARTTLS": "true",
        }
    )
    config = settings.flask_config()
    assert config["MLA_SMTP_HOST"] == "mail.example.org"
    assert config["MLA_SMTP_PORT"] == 25
    assert config["MLA_SMTP_PASSWORD"] == PASSWORD
    assert config["MLA_SMTP_STARTTLS"] is True
    assert PASSWORD not in repr(settings)
    bare = Settings.from_environment({"MLA_DATA_DIR": str(tmp_path), "MLA_SMTP_PORT": "587"})
    assert bare.flask_config()["MLA_SMTP_HOST"] == ""
    assert bare.smtp_port == 587


# ---------------------------------------------------------------------------------------------
# In a real browser


@pytest.mark.browser
def test_the_badge_and_mark_read_in_a_browser(
    team: dict[str, Any], live_server: str, page: Any, artifacts_dir: Path
) -> None:
    _deadline(team["case"], 2, label="Reply to Berlin")
    run_reminders(TODAY)
    page.goto(f"{live_server}/login")
    page.fill("#email", team["caseworker"].email)
    page.fill("#password", DEFAULT_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server}/dashboard")
    badge = page.locator(".mainnav a[href='/notifications/'] .badge")
    assert badge.inner_text() == "1"
    page.click(".mainnav a[href='/notifications/']")
    row = page.locator("tr.unread")
    assert row.count() == 1
    assert "Reply to Berlin" in row.inner_text()
    page.screenshot(path=str(artifacts_dir / "notifications.png"), full_page=True)
    row.locator("button", has_text="Mark read").click()
    page.wait_for_selector("tr.read")
    assert page.locator("tr.unread").count() == 0
    assert page.locator(".mainnav a[href='/notifications/'] .badge").count() == 0
    page.click("tr.read a[href^='/cases/']")
    page.wait_for_url(f"{live_server}/cases/{team['case'].id}")
