"""Who issued a token, as the audit log says: `mla-tool token` is run by an operator, not by the
user the token is for, so the entry names no actor (as `mla-tool token --revoke` does); the
token's owner is the entry's object."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from mla_tool.audit.models import AuditEntry
from mla_tool.auth.tokens import issue_token
from mla_tool.extensions import db


def test_a_token_issued_from_the_command_line_is_not_logged_as_the_users_own_act(
    app: Any, make_user: Callable[..., Any]
) -> None:
    from mla_tool.auth.cli import token_command

    user = make_user("caseworker")
    result = app.test_cli_runner().invoke(token_command, [user.email, "--name", "reporting"])
    assert result.exit_code == 0, result.output
    entry = db.session.execute(
        select(AuditEntry).where(AuditEntry.action == "token.issue")
    ).scalar_one()
    assert (entry.object_type, entry.object_id) == ("user", str(user.id))
    assert entry.actor_id is None and entry.actor_email is None


def test_an_issuer_given_is_the_actor(make_user: Callable[..., Any]) -> None:
    admin = make_user("admin")
    user = make_user("caseworker")
    issue_token(user, name="reporting", actor=admin)
    entry = db.session.execute(
        select(AuditEntry).where(AuditEntry.action == "token.issue")
    ).scalar_one()
    assert entry.actor_id == admin.id
