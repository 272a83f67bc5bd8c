"""The menu's counters (unread notifications) are counted at most every BADGE_TTL per user: a new
notification shows once that time has passed, or at once after the user's own change."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from mla_tool.cases.reminders import run_reminders
from mla_tool.home.navigation import BADGE_TTL
from tests.conftest import csrf_token_from, sign_in
from tests.factories.notifications import (  # noqa: F401  (fixtures)
    TODAY,
    _deadline,
    team,
)


def _badge(client: FlaskClient) -> int | None:
    html = client.get("/notifications/").get_data(as_text=True)
    match = re.search(
        r'href="/notifications/"[^>]*>[^<]*<span class="badge[^"]*"[^>]*>(\d+)<', html
    )
    return int(match.group(1)) if match else None


@pytest.fixture
def clock(app: Flask, monkeypatch: pytest.MonkeyPatch) -> list[datetime]:
    now = [datetime(2030, 3, 1, 9, 0)]
    monkeypatch.setitem(app.config, "MLA_CLOCK", lambda: now[0])
    return now


@pytest.fixture
def caseworker(
    team: dict[str, Any],  # noqa: F811
    login: Callable[[Any], FlaskClient],
    clock: list[datetime],
) -> FlaskClient:
    """The team's caseworker signed in, on the test clock."""
    return login(team["caseworker"])


def test_a_new_notification_shows_after_the_ttl(
    team: dict[str, Any],  # noqa: F811
    caseworker: FlaskClient,
    clock: list[datetime],
) -> None:
    assert _badge(caseworker) is None
    _deadline(team["case"], 2)
    run_reminders(TODAY)  # another process's work: nothing tells this one
    assert _badge(caseworker) is None  # still the count taken a moment ago
    clock[0] += BADGE_TTL - timedelta(seconds=1)
    assert _badge(caseworker) is None
    clock[0] += timedelta(seconds=2)
    assert _badge(caseworker) == 1


def test_the_users_own_change_counts_again_at_once(
    team: dict[str, Any],  # noqa: F811
    caseworker: FlaskClient,
) -> None:
    _deadline(team["case"], 2)
    _deadline(team["case"], 5)
    run_reminders(TODAY)
    run_reminders(TODAY + timedelta(days=2))
    assert _badge(caseworker) == 2  # signing in (a change) counted anew
    html = caseworker.get("/notifications/").get_data(as_text=True)
    caseworker.post("/notifications/read-all", data={"csrf_token": csrf_token_from(html)})
    assert _badge(caseworker) is None  # no wait for the TTL after marking them read


def test_counts_are_kept_per_user(
    team: dict[str, Any],  # noqa: F811
    app: Flask,
    caseworker: FlaskClient,
) -> None:
    assert _badge(caseworker) is None
    _deadline(team["case"], 2)
    run_reminders(TODAY)  # both are told
    prosecutor = app.test_client()  # a second browser
    assert sign_in(prosecutor, team["prosecutor"].email).status_code == 302
    assert _badge(prosecutor) == 1  # counted for this user, not the caseworker's count
    assert _badge(caseworker) is None
