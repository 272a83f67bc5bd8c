"""Sessions end on the server: sign-out, password change and an administrator end them (a copied
cookie stops working); they expire when idle and after an absolute lifetime; a one-time code is
accepted once."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from mla_tool.auth.models import User, UserSession, utcnow
from mla_tool.auth.totp import STEP_SECONDS, matching_step, new_totp_secret, totp_code
from mla_tool.config import Settings
from mla_tool.extensions import db
from tests.conftest import DEFAULT_PASSWORD, csrf_token_from, sign_in
from tests.conftest import run_cli as _cli

PAGE = "/requests/"


def signed_in(client: FlaskClient) -> bool:
    return client.get(PAGE).status_code == 200


def copy_of(app: Flask, client: FlaskClient) -> FlaskClient:
    """Another browser holding a copy of the client's session cookie."""
    cookie = client.get_cookie("session")
    assert cookie is not None
    thief = app.test_client()
    thief.set_cookie("session", cookie.value, domain=cookie.domain)
    return thief


def post_form(
    client: FlaskClient, path: str, data: dict[str, str] | None = None, page: str = "/account"
):  # noqa: E501
    token = csrf_token_from(client.get(page).get_data(as_text=True))
    return client.post(path, data={"csrf_token": token, **(data or {})})


def test_sign_out_ends_the_session_for_a_copied_cookie(app, client, make_user, login) -> None:
    login(make_user("prosecutor"))
    thief = copy_of(app, client)
    assert signed_in(thief)
    assert post_form(client, "/logout", page=PAGE).status_code == 302
    assert not signed_in(client)
    assert not signed_in(thief)  # the copy names a session the server has ended


def test_a_password_change_ends_the_other_sessions(app, client, make_user, login) -> None:
    user = make_user("caseworker")
    other_browser = app.test_client()
    assert sign_in(other_browser, user.email).status_code == 302
    login(user)
    thief = copy_of(app, other_browser)
    new_password = "a different long passphrase"
    changed = post_form(
        client,
        "/account/password",
        {"current": DEFAULT_PASSWORD, "new": new_password, "confirm": new_password},
    )
    assert changed.status_code == 302, changed.get_data(as_text=True)[:800]
    assert signed_in(client)  # the session that made the change stays
    assert not signed_in(other_browser) and not signed_in(thief)
    assert sign_in(app.test_client(), user.email).status_code == 401  # the old password
    assert sign_in(app.test_client(), user.email, new_password).status_code == 302


def test_a_password_change_renews_the_session_that_made_it(app, client, make_user, login) -> None:
    """A cookie copied from the browser that changes the password stops working too: that
    browser carries on under a new session id."""
    user = make_user("prosecutor")
    login(user)
    thief = copy_of(app, client)
    assert signed_in(thief)
    new_password = "a different long passphrase"
    changed = post_form(
        client,
        "/account/password",
        {"current": DEFAULT_PASSWORD, "new": new_password, "confirm": new_password},
    )
    assert changed.status_code == 302
    assert signed_in(client)
    assert not signed_in(thief)
    live = [row for row in db.session.scalars(db.select(UserSession)) if row.revoked_at is None]
    assert len(live) == 1


def test_a_wrong_current_password_changes_nothing(client, make_user, login) -> None:
    user = make_user("prosecutor")
    login(user)
    before = user.password_hash
    refused = post_form(
        client,
        "/account/password",
        {"current": "not my password at all", "new": "x" * 20, "confirm": "x" * 20},
    )
    assert refused.status_code == 422
    assert "The current password is not right" in refused.get_data(as_text=True)
    db.session.refresh(user)
    assert user.password_hash == before and signed_in(client)


def test_the_user_ends_one_of_their_sessions_on_the_account_page(
    app, client, make_user, login
) -> None:
    user = make_user("prosecutor")
    laptop = app.test_client()
    assert sign_in(laptop, user.email).status_code == 302
    login(user)
    page = client.get("/account").get_data(as_text=True)
    assert "This session" in page
    rows = db.session.execute(db.select(UserSession).order_by(UserSession.id)).scalars().all()
    laptop_row = rows[0]
    assert post_form(client, f"/account/sessions/{laptop_row.id}/end").status_code == 302
    assert not signed_in(laptop) and signed_in(client)
    # someone else's session is not found
    other = make_user("prosecutor")
    assert sign_in(app.test_client(), other.email).status_code == 302
    other_row = db.session.execute(
        db.select(UserSession).where(UserSession.user_id == other.id)
    ).scalar_one()
    assert post_form(client, f"/account/sessions/{other_row.id}/end").status_code == 404
    db.session.refresh(other_row)
    assert other_row.revoked_at is None


def test_an_administrator_ends_a_users_sessions(app, client, make_user, login) -> None:
    user = make_user("prosecutor")
    victim_browser = app.test_client()
    assert sign_in(victim_browser, user.email).status_code == 302
    login(make_user("admin", country=None))
    listing = client.get("/account/users")
    assert listing.status_code == 200 and user.email in listing.get_data(as_text=True)
    ended = post_form(client, f"/account/users/{user.id}/end-sessions", page="/account/users")
    assert ended.status_code == 302
    assert not signed_in(victim_browser)


def test_only_an_administrator_sees_the_users_page(client, make_user, login) -> None:
    user = make_user("caseworker")
    login(user)
    assert client.get("/account/users").status_code == 403
    token = csrf_token_from(client.get("/account").get_data(as_text=True))
    response = client.post(f"/account/users/{user.id}/end-sessions", data={"csrf_token": token})
    assert response.status_code == 403 and signed_in(client)


def fresh(row: UserSession) -> UserSession:
    """The row as the database holds it now (ends this test's own read transaction first)."""
    db.session.commit()
    db.session.refresh(row)
    return row


def _session_row(user: User) -> UserSession:
    return db.session.execute(
        db.select(UserSession).where(UserSession.user_id == user.id)
    ).scalar_one()


def test_an_idle_session_expires(client, make_user, login) -> None:
    user = make_user("prosecutor")
    login(user)
    row = _session_row(user)
    row.last_seen_at = utcnow() - timedelta(minutes=29)
    db.session.commit()
    assert signed_in(client)  # within the idle window: the request renews it
    fresh(row)
    assert utcnow() - row.last_seen_at < timedelta(minutes=1)
    row.last_seen_at = utcnow() - timedelta(minutes=31)
    db.session.commit()
    assert not signed_in(client)


def test_a_session_ends_after_its_absolute_lifetime_however_active(
    client, make_user, login
) -> None:
    user = make_user("prosecutor")
    login(user)
    row = _session_row(user)
    row.created_at = utcnow() - timedelta(hours=11, minutes=59)
    db.session.commit()
    assert signed_in(client)
    row.created_at = utcnow() - timedelta(hours=12, minutes=1)
    spent = row.session_hash
    db.session.commit()
    assert not signed_in(client)
    # signing in again starts a new session and clears the spent one away
    sign_in(client, user.email)
    assert signed_in(client)
    db.session.commit()
    rows = db.session.execute(db.select(UserSession)).scalars().all()
    assert [r.session_hash != spent for r in rows] == [True]


def test_last_seen_is_recorded_at_a_resolution_not_on_every_read(client, make_user, login) -> None:
    user = make_user("prosecutor")
    login(user)
    row = _session_row(user)
    first = row.last_seen_at
    assert signed_in(client)
    assert fresh(row).last_seen_at == first  # a read stays a read
    row.last_seen_at = first - timedelta(minutes=2)
    db.session.commit()
    assert signed_in(client)
    fresh(row)
    assert row.last_seen_at > first - timedelta(minutes=1)


def test_session_settings_come_from_the_environment(tmp_path: Path) -> None:
    config = Settings.from_environment(
        {
            "MLA_DATA_DIR": str(tmp_path),
            "MLA_SESSION_IDLE_MINUTES": "5",
            "MLA_SESSION_MAX_HOURS": "2",
        }
    ).flask_config()
    assert config["MLA_SESSION_IDLE_MINUTES"] == 5 and config["MLA_SESSION_MAX_HOURS"] == 2
    defaults = Settings.from_environment({"MLA_DATA_DIR": str(tmp_path)}).flask_config()
    assert defaults["MLA_SESSION_IDLE_MINUTES"] == 30 and defaults["MLA_SESSION_MAX_HOURS"] == 12
    assert defaults["MLA_TOKEN_DAYS"] == 90


def _totp_sign_in(client: FlaskClient, email: str, code: str) -> int:
    page = client.get("/login")
    token = csrf_token_from(page.get_data(as_text=True))
    response = client.post(
        "/login",
        data={"email": email, "password": DEFAULT_PASSWORD, "totp": code, "csrf_token": token},
    )
    return response.status_code


def test_a_one_time_code_is_accepted_once(app, make_user) -> None:
    user = make_user("prosecutor")
    user.totp_secret = new_totp_secret()
    db.session.commit()
    code = totp_code(user.totp_secret)
    assert _totp_sign_in(app.test_client(), user.email, code) == 302
    # the same code again (an onlooker, a phishing proxy): refused, within its 30 s
    assert _totp_sign_in(app.test_client(), user.email, code) == 401
    # the code of the step before is refused too
    import time

    earlier = totp_code(user.totp_secret, time.time() - STEP_SECONDS)
    assert _totp_sign_in(app.test_client(), user.email, earlier) == 401
    db.session.refresh(user)
    assert user.totp_last_step == matching_step(user.totp_secret, code)


def test_the_next_code_is_accepted_after_one_was_used(app, make_user) -> None:
    import time

    user = make_user("prosecutor")
    user.totp_secret = new_totp_secret()
    now = time.time()
    user.totp_last_step = int(now // STEP_SECONDS) - 1  # the previous code was used
    db.session.commit()
    assert _totp_sign_in(app.test_client(), user.email, totp_code(user.totp_secret, now)) == 302


@pytest.mark.slow  # a real mla-tool process: left out of scripts/test --fast
def test_password_and_end_sessions_commands_end_sessions(tmp_path: Path) -> None:
    """The commands, as an operator runs them, against the app that serves the sessions."""
    from mla_tool import create_app

    assert _cli(tmp_path, "init").returncode == 0
    email = "lost.laptop@example.org"
    added = _cli(
        tmp_path, "user", "add", email, "--role", "prosecutor", "--password-stdin",
        stdin=DEFAULT_PASSWORD + "\n",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    settings = Settings.from_environment({"MLA_DATA_DIR": str(tmp_path)})
    served = create_app({"TESTING": True, "MLA_LOGIN_RATE_LIMIT": "1000 per minute"}, settings)
    # no app context held open: each request has its own database session, as when served
    browser = served.test_client()
    assert sign_in(browser, email).status_code == 302 and signed_in(browser)
    changed = _cli(tmp_path, "user", "password", email, "--password-stdin",
                   stdin="the new long passphrase\n")  # fmt: skip
    assert changed.returncode == 0, changed.stderr
    assert "1 session(s) ended" in changed.stdout
    assert not signed_in(browser)
    assert sign_in(browser, email, "the new long passphrase").status_code == 302
    ended = _cli(tmp_path, "user", "end-sessions", email)
    assert ended.returncode == 0 and "1 session(s)" in ended.stdout
    assert not signed_in(browser)
    short = _cli(tmp_path, "user", "password", email, "--password-stdin", stdin="short\n")
    assert short.returncode != 0 and "12 characters" in short.stderr
    with served.app_context():
        db.engine.dispose()


def test_two_sign_ins_racing_with_one_code_let_one_in(live_server, make_user) -> None:
    """The step is claimed with a compare-and-set: of two simultaneous sign-ins with the same
    code, on the real server, exactly one gets in."""
    import threading

    import requests as http

    user = make_user("prosecutor")
    user.totp_secret = new_totp_secret()
    db.session.commit()
    code = totp_code(user.totp_secret)
    browsers = [http.Session() for _ in range(4)]
    forms = []
    for browser in browsers:
        page = browser.get(f"{live_server}/login", timeout=30)
        forms.append(
            {
                "email": user.email,
                "password": DEFAULT_PASSWORD,
                "totp": code,
                "csrf_token": csrf_token_from(page.text),
            }
        )
    start = threading.Barrier(len(browsers))
    statuses: list[int] = []

    def sign_in_now(browser: http.Session, form: dict[str, str]) -> None:
        start.wait()
        response = browser.post(
            f"{live_server}/login", data=form, allow_redirects=False, timeout=60
        )
        statuses.append(response.status_code)

    threads = [
        threading.Thread(target=sign_in_now, args=(b, f))
        for b, f in zip(browsers, forms, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    assert sorted(statuses) == [302, 401, 401, 401]


def test_a_write_after_a_quiet_minute_neither_waits_nor_loses_last_seen(
    client, make_user, login
) -> None:
    """A POST holds the write lock from its first query (SQLite): recording last seen beside it
    must not wait for that lock."""
    import time

    user = make_user("prosecutor")
    login(user)
    token = csrf_token_from(client.get("/account").get_data(as_text=True))
    row = _session_row(user)
    row.last_seen_at = utcnow() - timedelta(minutes=5)
    db.session.commit()
    started = time.monotonic()
    response = client.post("/account/sessions/end-others", data={"csrf_token": token})
    elapsed = time.monotonic() - started
    assert response.status_code == 302
    assert elapsed < 5, f"the request waited {elapsed:.1f} s"
    assert utcnow() - fresh(row).last_seen_at < timedelta(minutes=1)
