"""Server-side sign-in sessions: the cookie names a row, the row decides whether it still holds.

A session ends when its user signs out, changes password (the other sessions), or an
administrator ends it; it expires after `MLA_SESSION_IDLE_MINUTES` without a request and
`MLA_SESSION_MAX_HOURS` after sign-in, however active.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app, has_request_context, request
from sqlalchemy import delete, select, update
from sqlalchemy.exc import SQLAlchemyError

from ..clock import utcnow  # the app's clock: tests move it instead of waiting
from ..extensions import db
from ..transactions import READ_METHODS
from .models import User, UserSession

#: The key of the Flask session that holds the random session id.
SESSION_ID_KEY = "_sid"
#: How stale `last_seen_at` may get before a request records it again: reads stay reads.
LAST_SEEN_RESOLUTION = timedelta(minutes=1)


def _digest(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def idle_limit() -> timedelta:
    return timedelta(minutes=int(current_app.config.get("MLA_SESSION_IDLE_MINUTES", 30)))


def lifetime_limit() -> timedelta:
    return timedelta(hours=int(current_app.config.get("MLA_SESSION_MAX_HOURS", 12)))


def start_session(user: User) -> str:
    """A new session for the user; returns the random id for the cookie (only its digest is
    stored)."""
    session_id = secrets.token_urlsafe(32)
    now = utcnow()
    # the user's sessions past their absolute lifetime are of no use to anyone: drop them here,
    # so the table holds at most a day or so of sign-ins per user
    db.session.execute(
        delete(UserSession)
        .where(UserSession.user_id == user.id, UserSession.created_at < now - lifetime_limit())
        .execution_options(synchronize_session=False)
    )
    db.session.add(
        UserSession(
            user_id=user.id, session_hash=_digest(session_id), created_at=now, last_seen_at=now
        )
    )
    return session_id


def session_row(session_id: str | None) -> UserSession | None:
    if not session_id or not isinstance(session_id, str):
        return None
    # populate_existing: the row as the database holds it now, even when this session loaded it
    # before (an end or a password change in another process counts from the next request)
    return db.session.execute(
        select(UserSession)
        .where(UserSession.session_hash == _digest(session_id))
        .execution_options(populate_existing=True)
    ).scalar_one_or_none()


def is_live(row: UserSession, now: datetime | None = None) -> bool:
    """Not ended, not idle too long, not older than the absolute lifetime."""
    now = now or utcnow()
    return (
        row.revoked_at is None
        and now - row.last_seen_at <= idle_limit()
        and now - row.created_at <= lifetime_limit()
    )


def user_for_session(session_id: str | None, user_id: int) -> User | None:
    """The signed-in user of a live session, recording that it was seen; None otherwise."""
    row = session_row(session_id)
    now = utcnow()
    if row is None or row.user_id != user_id or not is_live(row, now):
        return None
    user = row.user
    if not user.active:
        return None
    if now - row.last_seen_at > LAST_SEEN_RESOLUTION:
        if _request_writes():
            # the request's own transaction writes and commits anyway (on SQLite it holds the
            # write lock already: a second connection would wait for it until its timeout)
            row.last_seen_at = now
        else:
            _record_seen(row.id, now)
    return user


def _request_writes() -> bool:
    """Whether this request's transaction begins as a writer (see `mla_tool.transactions`)."""
    if not has_request_context():
        return True
    return request.method not in READ_METHODS


def _record_seen(row_id: int, now: datetime) -> None:
    # A read (GET) commits nothing: its last seen goes in a short transaction of its own, which
    # leaves the page's own transaction a read. Missing one update only shortens the idle window
    # by a minute, so a busy database is not an error here.
    try:
        with db.engine.begin() as connection:
            connection.execute(
                update(UserSession).where(UserSession.id == row_id).values(last_seen_at=now)
            )
    except SQLAlchemyError:
        current_app.logger.warning("session %s: last seen not recorded", row_id)


def end_session(session_id: str | None) -> None:
    row = session_row(session_id)
    if row is not None and row.revoked_at is None:
        row.revoked_at = utcnow()


def end_sessions_of(user: User, keep: str | None = None) -> int:
    """End every live session of the user except the one `keep` names; the number ended."""
    now = utcnow()
    keep_hash = _digest(keep) if keep else None
    ended = 0
    for row in live_sessions_of(user):
        if row.session_hash != keep_hash:
            row.revoked_at = now
            ended += 1
    return ended


def live_sessions_of(user: User) -> list[UserSession]:
    rows = db.session.execute(
        select(UserSession)
        .where(UserSession.user_id == user.id, UserSession.revoked_at.is_(None))
        .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())
    ).scalars()
    now = utcnow()
    return [row for row in rows if is_live(row, now)]


def is_current(row: UserSession, session_id: str | None) -> bool:
    return bool(session_id) and row.session_hash == _digest(str(session_id))
