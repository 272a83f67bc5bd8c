"""API tokens: stored hashed, with a name and an expiry, listed and revoked from the command line,
the API and the Account page; a revoked or expired token gets 401 from the next request on."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest

from mla_tool.auth.models import ApiToken, utcnow
from mla_tool.auth.tokens import issue_token, token_digest
from mla_tool.extensions import db
from tests.conftest import csrf_token_from
from tests.conftest import run_cli as _cli


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _row(token: str) -> ApiToken:
    db.session.commit()  # end this test's read transaction: see what the requests wrote
    return db.session.execute(
        db.select(ApiToken).where(ApiToken.token_hash == token_digest(token))
    ).scalar_one()


def test_a_token_expires(client, make_user) -> None:
    user = make_user("prosecutor")
    token = issue_token(user, name="nightly export")
    db.session.commit()
    row = _row(token)
    assert row.name == "nightly export"
    assert timedelta(days=89) < row.expires_at - row.created_at <= timedelta(days=90)
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 200
    row.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    response = client.get("/api/v1/me", headers=bearer(token))
    assert response.status_code == 401 and response.get_json()["error"]["code"] == "unauthorized"


def test_the_api_lists_the_callers_tokens_without_secrets_and_revokes_one(
    client, make_user
) -> None:
    user = make_user("caseworker")
    first = issue_token(user, name="laptop")
    second = issue_token(user, name="server", days=7)
    other = issue_token(make_user("caseworker"), name="someone else's")
    db.session.commit()
    listed = client.get("/api/v1/tokens", headers=bearer(first))
    assert listed.status_code == 200
    body = listed.get_json()
    assert [t["name"] for t in body] == ["server", "laptop"]
    assert {t["state"] for t in body} == {"active"}
    text = listed.get_data(as_text=True)
    for secret in (first, second, token_digest(first), token_digest(second)):
        assert secret not in text
    second_id = _row(second).id
    revoked = client.delete(f"/api/v1/tokens/{second_id}", headers=bearer(first))
    assert revoked.status_code == 200 and revoked.get_json()["state"] == "revoked"
    assert client.get("/api/v1/me", headers=bearer(second)).status_code == 401  # at once
    assert client.get("/api/v1/me", headers=bearer(first)).status_code == 200
    # another user's token is not found, and stays valid
    other_id = _row(other).id
    assert client.delete(f"/api/v1/tokens/{other_id}", headers=bearer(first)).status_code == 404
    assert client.get("/api/v1/me", headers=bearer(other)).status_code == 200
    # an administrator may revoke anyone's
    admin = issue_token(make_user("admin", country=None))
    db.session.commit()
    assert client.delete(f"/api/v1/tokens/{other_id}", headers=bearer(admin)).status_code == 200
    assert client.get("/api/v1/me", headers=bearer(other)).status_code == 401


def test_a_token_can_revoke_itself(client, make_user) -> None:
    token = issue_token(make_user("prosecutor"))
    db.session.commit()
    token_id = _row(token).id
    assert client.delete(f"/api/v1/tokens/{token_id}", headers=bearer(token)).status_code == 200
    assert client.get("/api/v1/tokens", headers=bearer(token)).status_code == 401


def _revoke_on_page(client, token_id: int, page: str) -> int:
    csrf = csrf_token_from(client.get(page).get_data(as_text=True))
    return client.post(f"/account/tokens/{token_id}/revoke", data={"csrf_token": csrf}).status_code


def test_the_user_revokes_their_token_on_the_account_page(client, make_user, login) -> None:
    user = make_user("prosecutor")
    token = issue_token(user, name="<b>my script</b>")
    stranger_token = issue_token(make_user("prosecutor"))
    db.session.commit()
    login(user)
    page = client.get("/account").get_data(as_text=True)
    assert "&lt;b&gt;my script&lt;/b&gt;" in page and "<b>my script</b>" not in page
    assert token not in page and token_digest(token) not in page
    assert _revoke_on_page(client, _row(token).id, "/account") == 302
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 401
    assert "revoked" in client.get("/account").get_data(as_text=True)
    # someone else's token: not found, still valid
    assert _revoke_on_page(client, _row(stranger_token).id, "/account") == 404
    assert client.get("/api/v1/me", headers=bearer(stranger_token)).status_code == 200


def test_an_administrator_revokes_anyones_token(client, make_user, login) -> None:
    owner = make_user("caseworker")
    token = issue_token(owner, name="integration")
    db.session.commit()
    login(make_user("admin", country=None))
    page = client.get("/account/users").get_data(as_text=True)
    assert owner.email in page and "integration" in page
    assert _revoke_on_page(client, _row(token).id, "/account/users") == 302
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 401


@pytest.mark.slow  # a real mla-tool process: left out of scripts/test --fast
def test_token_command_issues_lists_and_revokes(tmp_path: Path) -> None:
    from mla_tool import create_app
    from mla_tool.config import Settings

    assert _cli(tmp_path, "init").returncode == 0
    email = "robot@example.org"
    added = _cli(tmp_path, "user", "add", email, "--role", "caseworker")
    assert added.returncode == 0, added.stderr
    first = _cli(tmp_path, "token", email)
    assert first.returncode == 0 and re.fullmatch(r"mla_[A-Za-z0-9_-]+\n", first.stdout)
    second = _cli(tmp_path, "token", email, "--days", "3", "--name", "ci")
    third = _cli(tmp_path, "token", email)
    fourth = _cli(tmp_path, "token", email)
    tokens = [r.stdout.strip() for r in (first, second, third, fourth)]
    assert _cli(tmp_path, "token", email, "--days", "0").returncode != 0

    listing = _cli(tmp_path, "token", "--list", email)
    assert listing.returncode == 0
    for token in tokens:
        assert token not in listing.stdout and token_digest(token) not in listing.stdout
    ids = [int(line.split()[0]) for line in listing.stdout.splitlines()[1:]]
    assert len(ids) == 4 and "ci" in listing.stdout and "active" in listing.stdout

    settings = Settings.from_environment({"MLA_DATA_DIR": str(tmp_path)})
    served = create_app({"TESTING": True}, settings)
    api = served.test_client()  # no app context held: each request reads the database afresh
    assert all(api.get("/api/v1/me", headers=bearer(t)).status_code == 200 for t in tokens)

    by_id = _cli(tmp_path, "token", "--revoke", str(ids[-1]))  # newest first: the first token
    assert by_id.returncode == 0 and "revoked" in by_id.stdout
    assert api.get("/api/v1/me", headers=bearer(tokens[0])).status_code == 401
    by_secret = _cli(tmp_path, "token", "--revoke", tokens[1])
    assert by_secret.returncode == 0
    assert api.get("/api/v1/me", headers=bearer(tokens[1])).status_code == 401
    assert api.get("/api/v1/me", headers=bearer(tokens[2])).status_code == 200
    assert _cli(tmp_path, "token", "--revoke", "999999").returncode != 0
    everything = _cli(tmp_path, "token", "--revoke-all", email)
    assert everything.returncode == 0 and "revoked 2 token(s)" in everything.stdout
    assert api.get("/api/v1/me", headers=bearer(tokens[2])).status_code == 401
    assert api.get("/api/v1/me", headers=bearer(tokens[3])).status_code == 401
    assert "revoked" in _cli(tmp_path, "token", "--list", email).stdout
    with served.app_context():
        db.engine.dispose()


def test_the_token_tables_head_their_state_column_as_a_status(client, make_user, login) -> None:
    """'State' means a country on every other page: the Arabic token table said الدولة."""
    admin = make_user("admin", country=None)
    admin.locale = "ar"
    issue_token(admin, name="integration")
    db.session.commit()
    login(admin)
    for path in ("/account", "/account/users"):
        page = client.get(path).get_data(as_text=True)
        start = page.index('<table class="tokens">')
        table = page[start : page.index("</table>", start)]
        assert '<th scope="col">الحالة</th>' in table, path
        assert "الدولة" not in table, path
