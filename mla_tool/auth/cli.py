"""`mla-tool token` (issue, list, revoke API tokens) and the password and session commands of
`mla-tool user`."""

from __future__ import annotations

import secrets
import sys

import click
from flask.cli import with_appcontext

from ..audit import service as audit_service
from ..extensions import db
from . import tokens
from .models import ApiToken, User
from .service import UserError, find_user_by_email, set_password
from .sessions import end_sessions_of
from .tokens import revoke_token, token_by_secret, token_state, tokens_of


def _user_or_fail(email: str, active: bool = False) -> User:
    user = find_user_by_email(email)
    if user is None or (active and not user.active):
        raise click.ClickException(f"no {'active ' if active else ''}user {email}")
    return user


@click.command("token")
@click.argument("email", required=False)
@click.option("--days", type=int, default=None, help="lifetime of the new token (MLA_TOKEN_DAYS)")
@click.option("--name", default="", help="what the token is for, shown in lists")
@click.option("--list", "list_", is_flag=True, help="list the tokens of EMAIL (never the secret)")
@click.option("--revoke", "revoke", default=None, help="revoke one token: its id or the token")
@click.option("--revoke-all", "revoke_all", is_flag=True, help="revoke every token of EMAIL")
@with_appcontext
def token_command(
    email: str | None,
    days: int | None,
    name: str,
    list_: bool,
    revoke: str | None,
    revoke_all: bool,
) -> None:
    """Print a new API bearer token for EMAIL on stdout, nothing else; or list or revoke tokens."""
    if revoke is not None:
        _revoke_one(revoke)
        return
    if email is None:
        raise click.UsageError("give the user's EMAIL (or --revoke ID)")
    if list_:
        _list(email)
        return
    if revoke_all:
        user = _user_or_fail(email)
        count = tokens.revoke_all_tokens(user, actor=None)
        db.session.commit()
        click.echo(f"revoked {count} token(s) of {user.email}")
        return
    user = _user_or_fail(email, active=True)
    try:
        token = tokens.issue_token(user, name=name, days=days)
    except tokens.TokenError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(token)


def _revoke_one(value: str) -> None:
    value = value.strip()
    token = db.session.get(ApiToken, int(value)) if value.isdigit() else token_by_secret(value)
    if token is None:
        raise click.ClickException("no such token")
    changed = revoke_token(token, actor=None)
    db.session.commit()
    state = "revoked" if changed else "was already revoked"
    click.echo(f"token {token.id} of {token.user.email} {state}")


def _list(email: str) -> None:
    user = _user_or_fail(email)
    rows = tokens_of(user)
    if not rows:
        click.echo(f"{user.email} has no tokens")
        return
    click.echo(f"{'id':>6}  {'state':<8} {'created':<17} {'expires':<17} {'last used':<17} name")
    for token in rows:
        used = token.last_used_at.strftime("%Y-%m-%d %H:%M") if token.last_used_at else "never"
        click.echo(
            f"{token.id:>6}  {token_state(token):<8} {token.created_at:%Y-%m-%d %H:%M}  "
            f"{token.expires_at:%Y-%m-%d %H:%M}  {used:<17} {token.name}"
        )


@click.command("password")
@click.argument("email")
@click.option("--password-stdin", is_flag=True, help="read the new password from standard input")
@with_appcontext
def user_password_command(email: str, password_stdin: bool) -> None:
    """Set a new password (generated and printed once without --password-stdin); every session
    of the user ends."""
    user = _user_or_fail(email)
    if password_stdin:
        password, generated = sys.stdin.readline().rstrip("\n"), False
    else:
        password, generated = secrets.token_urlsafe(15), True
    try:
        ended = set_password(user, password, actor=None)
    except UserError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"password of {user.email} changed; {ended} session(s) ended")
    if generated:
        click.echo(f"password: {password}")


@click.command("end-sessions")
@click.argument("email")
@with_appcontext
def user_end_sessions_command(email: str) -> None:
    """Sign the user out everywhere: every session of theirs ends at once."""
    user = _user_or_fail(email)
    ended = end_sessions_of(user)
    audit_service.record("user.sessions_ended", "user", user.id, {"count": ended})
    db.session.commit()
    click.echo(f"{ended} session(s) of {user.email} ended")
