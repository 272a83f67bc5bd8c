"""Where a transaction begins outside a web request (a test, a command): a session that has read
and then writes, after another connection wrote meanwhile (the live server signing a browser
in), waits for the write lock instead of failing with "database is locked" (on SQLite a read
transaction's snapshot cannot become the writer once another connection committed; the
accessibility test met it while creating users between browser sign-ins). Both databases."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import requests
from flask import Flask

from mla_tool.auth.models import User
from mla_tool.auth.service import create_user
from mla_tool.extensions import db
from tests.conftest import DEFAULT_PASSWORD, csrf_token_from


def test_a_session_that_read_can_write_after_another_connection_wrote(
    app: Flask, make_user: Callable[..., Any]
) -> None:
    reader = make_user("prosecutor")
    assert reader.email  # this session reads (its attributes were expired by the commit)
    with app.app_context():  # another connection writes and commits meanwhile
        create_user("other@example.org", DEFAULT_PASSWORD, "caseworker", country_iso3="FRA")
        db.session.commit()
        db.session.remove()
    writer = make_user("maintainer")  # was: OperationalError, database is locked
    assert db.session.get(User, writer.id) is not None


def test_users_made_between_sign_ins_on_the_live_server(
    live_server: str, make_user: Callable[..., Any]
) -> None:
    """The accessibility test's pattern: make a user, sign it in through the live server (which
    writes its session), read, make the next user."""
    for role in ("prosecutor", "caseworker", "maintainer", "admin"):
        user = make_user(role)
        browser = requests.Session()
        token = csrf_token_from(browser.get(f"{live_server}/login", timeout=30).text)
        signed_in = browser.post(
            f"{live_server}/login",
            data={"email": user.email, "password": DEFAULT_PASSWORD, "csrf_token": token},
            allow_redirects=False,
            timeout=60,
        )
        assert signed_in.status_code == 302, signed_in.text[:500]
        assert browser.get(f"{live_server}/dashboard", timeout=30).status_code == 200
        assert user.email  # a read in the test's own session, as the page loop does


def test_a_writing_request_that_ends_without_a_commit_leaves_no_write_lock(
    app: Flask,
    client: Any,
    make_user: Callable[..., Any],
    login: Callable[[Any], Any],
    page_csrf: Callable[[str], str],
) -> None:
    """A real server ends each request's session; the tests' client shares the test's session,
    so a POST refused half-way (here: a request that does not exist) must not leave it holding
    SQLite's write lock, which every other connection (the live server) would wait for."""
    author = login(make_user("prosecutor"))
    token = page_csrf("/requests/")
    db.session.commit()  # the refused request begins the session's next transaction
    refused = author.post("/requests/999999/step/facts", data={"csrf_token": token})
    assert refused.status_code == 404
    with app.app_context():  # another connection writes: it must not wait for the test's
        create_user("other@example.org", DEFAULT_PASSWORD, "caseworker", country_iso3="FRA")
        db.session.commit()
        db.session.remove()
    assert db.session.query(User).filter_by(email="other@example.org").count() == 1
