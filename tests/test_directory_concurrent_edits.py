"""Simultaneous edits of one directory entry compare-and-set its version in SQL: of two editors of
one version only one saves, the other gets 409 and a clear message (its typed input kept on the
page), never a 500 and never a silent overwrite; on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from mla_tool.directory.authorities import create_authority, patch_authority
from mla_tool.directory.errors import DirectoryError
from mla_tool.directory.models import Authority, DirectoryVersion
from mla_tool.extensions import db
from tests.factories.concurrency import CLIENTS, at_once, detached, statuses
from tests.factories.directory_entries import ENTRY, form_data


@pytest.fixture
def entry_id() -> int:
    authority = create_authority(ENTRY)
    db.session.commit()
    return authority.id


def _saved_by_someone_else(app: Flask, authority_id: int, email: str) -> None:
    with app.app_context():
        patch_authority(db.session.get(Authority, authority_id), {"email": email})
        db.session.commit()
        db.session.remove()


def _versions(authority_id: int) -> list[int]:
    return list(
        db.session.execute(
            select(DirectoryVersion.version)
            .where(
                DirectoryVersion.object_type == "authority",
                DirectoryVersion.object_id == authority_id,
            )
            .order_by(DirectoryVersion.version)
        ).scalars()
    )


def test_an_edit_of_a_version_read_before_another_save_is_refused(
    app: Flask, entry_id: int
) -> None:
    stale = detached(db.session.get(Authority, entry_id))
    _saved_by_someone_else(app, entry_id, "first@example.org")
    db.session.add(stale)
    assert stale.version == 1  # what the loser read
    with pytest.raises(DirectoryError) as refused:
        patch_authority(stale, {"email": "second@example.org"})
    assert refused.value.status == 409
    db.session.rollback()
    stored = db.session.get(Authority, entry_id)
    assert (stored.version, stored.email) == (2, "first@example.org")
    assert _versions(entry_id) == [1, 2]


def test_the_edit_page_refuses_a_save_over_a_newer_version_and_keeps_the_input(
    app: Flask,
    client: FlaskClient,
    login: Callable[[Any], FlaskClient],
    make_user: Callable[..., Any],
    entry_id: int,
) -> None:
    login(make_user("maintainer"))
    url = f"/directory/{entry_id}/edit"
    page = client.get(url).get_data(as_text=True)
    seen = re.search(r'name="version" value="(\d+)"', page)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert seen and token and seen.group(1) == "1"

    _saved_by_someone_else(app, entry_id, "first@example.org")
    answer = client.post(
        url,
        data=form_data(csrf_token=token.group(1), version=seen.group(1), email="mine@example.org"),
    )

    assert answer.status_code == 409
    html = answer.get_data(as_text=True)
    assert "Someone else saved this entry while you were editing it" in html
    assert 'value="mine@example.org"' in html  # nothing typed is lost
    assert 'name="version" value="2"' in html  # saving again is a deliberate choice
    db.session.expire_all()
    stored = db.session.get(Authority, entry_id)
    assert (stored.version, stored.email) == (2, "first@example.org")

    again = client.post(
        url, data=form_data(csrf_token=token.group(1), version="2", email="mine@example.org")
    )
    assert again.status_code == 302
    db.session.expire_all()
    assert db.session.get(Authority, entry_id).email == "mine@example.org"
    assert _versions(entry_id) == [1, 2, 3]


def test_simultaneous_api_edits_of_one_version_one_wins_the_others_get_409(
    live_server: str,
    make_user: Callable[..., Any],
    api_headers: Callable[[Any], dict[str, str]],
    entry_id: int,
) -> None:
    maintainer = make_user("maintainer")
    headers = [api_headers(maintainer) for _ in range(CLIENTS)]
    url = f"{live_server}/api/v1/authorities/{entry_id}"

    answers = at_once(
        CLIENTS,
        lambda i: requests.put(
            url,
            json={"email": f"editor{i}@example.org", "expected_version": 1},
            headers=headers[i],
            timeout=60,
        ),
    )

    assert statuses(answers) == [200] + [409] * (CLIENTS - 1)
    winner = next(i for i, answer in enumerate(answers) if answer.status_code == 200)
    loser = next(answer for answer in answers if answer.status_code == 409)
    assert loser.json()["error"]["code"] == "conflict"
    db.session.expire_all()
    stored = db.session.get(Authority, entry_id)
    assert (stored.version, stored.email) == (2, f"editor{winner}@example.org")
    assert _versions(entry_id) == [1, 2]


def test_simultaneous_api_edits_without_a_version_never_fail_with_500(
    live_server: str,
    make_user: Callable[..., Any],
    api_headers: Callable[[Any], dict[str, str]],
    entry_id: int,
) -> None:
    maintainer = make_user("maintainer")
    headers = [api_headers(maintainer) for _ in range(CLIENTS)]
    url = f"{live_server}/api/v1/authorities/{entry_id}"

    answers = at_once(
        CLIENTS,
        lambda i: requests.put(
            url, json={"email": f"editor{i}@example.org"}, headers=headers[i], timeout=60
        ),
    )

    codes = statuses(answers)
    assert set(codes) <= {200, 409}, [a.text[:300] for a in answers]
    saved = codes.count(200)
    assert saved >= 1
    db.session.expire_all()
    assert db.session.get(Authority, entry_id).version == 1 + saved
    assert _versions(entry_id) == list(range(1, saved + 2))
    versions_stored = db.session.execute(
        select(func.count())
        .select_from(DirectoryVersion)
        .where(DirectoryVersion.object_id == entry_id)
    ).scalar_one()
    assert versions_stored == 1 + saved
