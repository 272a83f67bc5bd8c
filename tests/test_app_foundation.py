"""The assembled application: settings, headers, sign-in, roles, CSRF, sessions, languages."""

from __future__ import annotations

import os
import stat
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask

from mla_tool import create_app
from mla_tool.auth.models import utcnow
from mla_tool.config import Settings
from mla_tool.extensions import db
from tests.conftest import DEFAULT_PASSWORD, csrf_token_from, sign_in


def test_settings_default_to_sqlite_in_data_dir_and_create_secret_0600(tmp_path: Path) -> None:
    settings = Settings.from_environment({"MLA_DATA_DIR": str(tmp_path / "inst")})
    assert settings.database_url == f"sqlite:///{tmp_path / 'inst' / 'mla_tool.sqlite'}"
    secret_file = tmp_path / "inst" / "secret_key"
    assert stat.S_IMODE(os.stat(secret_file).st_mode) == 0o600
    again = Settings.from_environment({"MLA_DATA_DIR": str(tmp_path / "inst")})
    assert again.secret_key == settings.secret_key  # the generated key is reused


def test_settings_take_environment_over_defaults(tmp_path: Path) -> None:
    settings = Settings.from_environment(
        {
            "MLA_DATA_DIR": str(tmp_path),
            "MLA_DATABASE_URL": "postgresql+psycopg://u@/db",
            "MLA_SECRET_KEY": "k" * 40,
            "MLA_MASTER_KEY_FILE": str(tmp_path / "elsewhere.key"),
        }
    )
    assert settings.database_url == "postgresql+psycopg://u@/db"
    assert settings.secret_key == "k" * 40
    assert settings.master_key_file == tmp_path / "elsewhere.key"
    assert not (tmp_path / "secret_key").exists()


def test_anonymous_user_is_sent_to_login(client) -> None:
    response = client.get("/dashboard")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_security_headers_on_pages(client) -> None:
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" not in response.headers  # plain HTTP


def test_hsts_when_served_over_tls(client) -> None:
    response = client.get("/login", base_url="https://mla.example")
    assert "max-age=" in response.headers["Strict-Transport-Security"]


def test_no_inline_script_in_pages(client, make_user, login) -> None:
    login(make_user("caseworker"))
    html = client.get("/dashboard").get_data(as_text=True)
    assert "<script>" not in html and " on" + "click=" not in html


def test_login_with_right_and_wrong_password(client, make_user) -> None:
    user = make_user("prosecutor")
    assert sign_in(client, user.email, "wrong password!!").status_code == 401
    response = sign_in(client, user.email)
    assert response.status_code == 302
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Dashboard" in page and user.display_name in page


def test_password_is_stored_as_argon2(make_user) -> None:
    user = make_user("admin")
    assert user.password_hash.startswith("$argon2id$")
    assert DEFAULT_PASSWORD not in user.password_hash


def test_login_without_csrf_token_is_rejected(client, make_user) -> None:
    user = make_user()
    response = client.post("/login", data={"email": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 400
    assert client.get("/dashboard").status_code == 302


def test_logout_requires_post_with_csrf(client, make_user, login) -> None:
    login(make_user())
    assert client.post("/logout").status_code == 400
    assert client.get("/dashboard").status_code == 200
    token = csrf_token_from(client.get("/dashboard").get_data(as_text=True))
    response = client.post("/logout", data={"csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)[-800:]
    assert client.get("/dashboard").status_code == 302


def test_login_is_rate_limited(app: Flask, make_user) -> None:
    user = make_user()
    app.config["MLA_LOGIN_RATE_LIMIT"] = "3 per minute"
    try:
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = "203.0.113.77"
        statuses = [sign_in(client, user.email, "wrong password!!").status_code for _ in range(5)]
    finally:
        app.config["MLA_LOGIN_RATE_LIMIT"] = "10000 per minute"
    assert statuses[:3] == [401, 401, 401]
    assert statuses[3:] == [429, 429]


def test_open_redirect_after_login_is_refused(client, make_user) -> None:
    user = make_user()
    page = client.get("/login?next=https://evil.example/")
    token = csrf_token_from(page.get_data(as_text=True))
    response = client.post(
        "/login?next=https://evil.example/",
        data={"email": user.email, "password": DEFAULT_PASSWORD, "csrf_token": token},
    )
    assert response.headers["Location"].endswith("/dashboard")


def test_session_expires_after_idle_time(
    app: Flask, make_user, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert app.config["PERMANENT_SESSION_LIFETIME"].total_seconds() == 30 * 60
    assert app.config["MLA_SESSION_IDLE_MINUTES"] == 30
    client = app.test_client()
    user = make_user()
    sign_in(client, user.email)
    cookie = client.get_cookie("session")
    assert cookie is not None and cookie.expires is not None
    assert client.get("/dashboard").status_code == 200
    # the application's clock moves on; nothing waits for real time to pass
    start = utcnow()
    for minutes, status in ((29, 200), (58, 200), (89, 302)):
        monkeypatch.setitem(app.config, "MLA_CLOCK", lambda m=minutes: start + timedelta(minutes=m))
        # each request renews the idle window; after 31 quiet minutes the server refuses the
        # session itself, whatever the browser keeps
        assert client.get("/dashboard").status_code == status, f"{minutes} minutes later"


def test_language_switch_sets_rtl_and_is_remembered_for_the_user(
    app: Flask, client, make_user, login
) -> None:
    user = make_user("caseworker")
    login(user)
    token = csrf_token_from(client.get("/dashboard").get_data(as_text=True))
    client.post("/language", data={"lang": "ar", "csrf_token": token, "next": "/dashboard"})
    html = client.get("/dashboard").get_data(as_text=True)
    assert 'dir="rtl"' in html and 'lang="ar"' in html
    assert "لوحة" in html  # the Arabic catalogue is used
    db.session.refresh(user)
    assert user.locale == "ar"
    other = app.test_client()
    sign_in(other, user.email)
    assert 'dir="rtl"' in other.get("/dashboard").get_data(as_text=True)


def test_accept_language_chooses_the_interface_language(client) -> None:
    html = client.get("/login", headers={"Accept-Language": "ar,en;q=0.5"}).get_data(as_text=True)
    assert 'dir="rtl"' in html
    html = client.get("/login", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert 'lang="fr"' in html and 'dir="ltr"' in html


def test_unknown_page_is_a_404_page(client) -> None:
    assert client.get("/no-such-page").status_code == 404


def test_templates_are_found_from_the_package(app: Flask) -> None:
    assert Path(app.jinja_loader.searchpath[0], "base.html").exists()


@pytest.mark.parametrize("role", ["prosecutor", "caseworker", "maintainer", "admin", "auditor"])
def test_each_role_gets_a_dashboard(client, make_user, login, role) -> None:
    login(make_user(role))
    assert client.get("/dashboard").status_code == 200


def test_create_app_accepts_explicit_config(tmp_path: Path) -> None:
    settings = Settings.from_environment({"MLA_DATA_DIR": str(tmp_path)})
    application = create_app({"TESTING": True, "MLA_SESSION_FLAG": 1}, settings=settings)
    assert application.config["MLA_SESSION_FLAG"] == 1
    assert application.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
