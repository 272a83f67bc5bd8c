"""API bearer tokens: named, expiring, stored only as SHA-256, listed and revoked."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app, has_app_context
from sqlalchemy import select

from ..audit import service as audit_service
from ..errors import InvalidError
from ..extensions import db
from .models import ApiToken, User, utcnow

#: How stale a token's `last_used_at` may get before a call records it again.
TOKEN_USE_RESOLUTION = timedelta(minutes=5)
DEFAULT_TOKEN_DAYS = 90
MAX_TOKEN_DAYS = 3660
TOKEN_PREFIX = "mla_"  # noqa: S105  (a prefix that marks the string as a token, no secret)


class TokenError(InvalidError, ValueError):
    """A token could not be issued or revoked; the message says why."""


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def default_token_days() -> int:
    if has_app_context():
        return int(current_app.config.get("MLA_TOKEN_DAYS", DEFAULT_TOKEN_DAYS))
    return DEFAULT_TOKEN_DAYS


def issue_token(
    user: User, name: str = "", days: int | None = None, actor: User | None = None
) -> str:
    """A new bearer token for the user, valid `days` (default: MLA_TOKEN_DAYS); only its
    digest is kept, the token itself is returned once. `actor` is who issued it (None: the
    operator at the command line, or the signed-in user of a request)."""
    days = default_token_days() if days is None else days
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise TokenError(f"a token lives from 1 to {MAX_TOKEN_DAYS} days, not {days}")
    name = name.strip()
    if len(name) > 100:
        raise TokenError("a token name has at most 100 characters")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = utcnow()
    row = ApiToken(
        user_id=user.id,
        token_hash=token_digest(token),
        name=name,
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    db.session.add(row)
    db.session.flush()
    audit_service.record(
        "token.issue", "user", user.id, {"token_id": row.id, "days": days}, actor=actor
    )
    return token


def user_for_token(token: str) -> User | None:
    """The active owner of a token that is neither revoked nor expired; read from the database
    on every call (no cache), so a revocation holds from the next request on."""
    now = utcnow()
    row = db.session.execute(
        select(ApiToken)
        .where(
            ApiToken.token_hash == token_digest(token),
            ApiToken.revoked.is_(False),
            ApiToken.expires_at > now,
        )
        .execution_options(populate_existing=True)
    ).scalar_one_or_none()
    if row is None or not row.user.active:
        return None
    # Recorded to the minute, not on every call: a write per API request would make every
    # read a write transaction (and, on SQLite, a disk sync).
    if row.last_used_at is None or now - row.last_used_at > TOKEN_USE_RESOLUTION:
        row.last_used_at = now
    return row.user


def tokens_of(user: User) -> list[ApiToken]:
    """The user's tokens, newest first (revoked and expired ones included, marked by state)."""
    return list(
        db.session.execute(
            select(ApiToken)
            .where(ApiToken.user_id == user.id)
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        ).scalars()
    )


def token_state(token: ApiToken, now: datetime | None = None) -> str:
    """`active`, `expired` or `revoked`."""
    if token.revoked:
        return "revoked"
    if token.expires_at <= (now or utcnow()):
        return "expired"
    return "active"


def token_by_secret(token: str) -> ApiToken | None:
    return db.session.execute(
        select(ApiToken).where(ApiToken.token_hash == token_digest(token.strip()))
    ).scalar_one_or_none()


def revoke_token(token: ApiToken, actor: User | None) -> bool:
    """Revoke one token; False when it was revoked already (nothing changes then)."""
    if token.revoked:
        return False
    token.revoked = True
    token.revoked_at = utcnow()
    audit_service.record("token.revoke", "user", token.user_id, {"token_id": token.id}, actor=actor)
    return True


def revoke_all_tokens(user: User, actor: User | None) -> int:
    """Revoke every token of the user that is not revoked yet; the number revoked."""
    count = 0
    for token in tokens_of(user):
        if not token.revoked:
            token.revoked = True
            token.revoked_at = utcnow()
            count += 1
    audit_service.record("token.revoke_all", "user", user.id, {"count": count}, actor=actor)
    return count


def may_manage_token(actor: User, token: ApiToken) -> bool:
    """Its owner, or an administrator."""
    return token.user_id == actor.id or actor.may("users.manage")
