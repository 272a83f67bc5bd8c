"""Creating users, checking passwords and API tokens."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select

from ..audit import service as audit_service
from ..extensions import db
from .models import ApiToken, User, utcnow
from .roles import ROLES

_hasher = PasswordHasher()
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD_LENGTH = 12
# A fixed hash to verify against when the account does not exist, so timing says nothing.
_DUMMY_HASH = _hasher.hash("not-a-real-password-for-timing")


class UserError(ValueError):
    """A user could not be created or changed; the message says why."""


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.execute(
        select(User).where(func.lower(User.email) == normalise_email(email))
    ).scalar_one_or_none()


def create_user(
    email: str,
    password: str,
    role: str,
    country_iso3: str | None = None,
    display_name: str = "",
    is_sample: bool = False,
    actor: User | None = None,
) -> User:
    email = normalise_email(email)
    if not EMAIL_PATTERN.match(email):
        raise UserError(f"not an email address: {email!r}")
    if role not in ROLES:
        raise UserError(f"unknown role {role!r}; roles are: {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"password must have at least {MIN_PASSWORD_LENGTH} characters")
    if country_iso3 is not None:
        from ..directory.states import state_by_iso3

        country_iso3 = country_iso3.upper()
        if state_by_iso3(country_iso3) is None:
            raise UserError(f"unknown ISO 3166-1 alpha-3 code {country_iso3!r}")
    if find_user_by_email(email) is not None:
        raise UserError(f"a user {email} exists already")
    user = User(
        email=email,
        password_hash=hash_password(password),
        role=role,
        country_iso3=country_iso3,
        display_name=display_name or email.split("@")[0],
        is_sample=is_sample,
    )
    db.session.add(user)
    db.session.flush()
    audit_service.record(
        "user.create", "user", user.id, {"email": email, "role": role}, actor=actor
    )
    return user


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, or None; rehashes outdated argon2 parameters."""
    user = find_user_by_email(email)
    stored = user.password_hash if user else _DUMMY_HASH
    try:
        _hasher.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    if user is None or not user.active:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


#: How stale a token's `last_used_at` may get before a call records it again.
TOKEN_USE_RESOLUTION = timedelta(minutes=5)


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User) -> str:
    """A new bearer token for the user; only its digest is kept."""
    token = "mla_" + secrets.token_urlsafe(32)
    db.session.add(ApiToken(user_id=user.id, token_hash=_token_digest(token)))
    audit_service.record("token.issue", "user", user.id, {}, actor=user)
    return token


def user_for_token(token: str) -> User | None:
    row = db.session.execute(
        select(ApiToken).where(
            ApiToken.token_hash == _token_digest(token), ApiToken.revoked.is_(False)
        )
    ).scalar_one_or_none()
    if row is None or not row.user.active:
        return None
    now = utcnow()
    # Recorded to the minute, not on every call: a write per API request would make every
    # read a write transaction (and, on SQLite, a disk sync).
    if row.last_used_at is None or now - row.last_used_at > TOKEN_USE_RESOLUTION:
        row.last_used_at = now
    return row.user


def set_locale(user: User, locale: str) -> None:
    user.locale = locale


def list_users() -> list[User]:
    return list(db.session.execute(select(User).order_by(User.email)).scalars())
