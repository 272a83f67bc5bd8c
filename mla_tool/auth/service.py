"""Creating users, checking and changing passwords, the second factor."""

from __future__ import annotations

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, or_, select, update
from sqlalchemy.orm.attributes import set_committed_value

from ..audit import service as audit_service
from ..directory.states import state_by_iso3
from ..errors import InvalidError
from ..extensions import db
from .models import User
from .roles import ROLES
from .sessions import end_sessions_of
from .tokens import issue_token, user_for_token  # noqa: F401  (the names callers import)
from .totp import matching_step

_hasher = PasswordHasher()
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD_LENGTH = 12
# A fixed hash to verify against when the account does not exist, so timing says nothing;
# computed at the first sign-in attempt (not at import: it costs a tenth of a second).
_DUMMY_HASH: str | None = None


class UserError(InvalidError, ValueError):
    """A user could not be created or changed; the message says why."""


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.execute(
        select(User).where(func.lower(User.email) == normalise_email(email))
    ).scalar_one_or_none()


def login_form_accepts(email: str) -> bool:
    """The sign-in form's own test (WTForms Email): an account it refuses could never sign in."""
    try:
        validate_email(email, check_deliverability=False, allow_empty_local=False)
    except EmailNotValidError:
        return False
    return True


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
    if not EMAIL_PATTERN.match(email) or not login_form_accepts(email):
        raise UserError(f"not an email address the sign-in form accepts: {email!r}")
    if role not in ROLES:
        raise UserError(f"unknown role {role!r}; roles are: {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"password must have at least {MIN_PASSWORD_LENGTH} characters")
    if country_iso3 is not None:
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


def _dummy_hash() -> str:
    """_DUMMY_HASH, hashed once on first use."""
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = _hasher.hash("not-a-real-password-for-timing")
    return _DUMMY_HASH


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, or None; rehashes outdated argon2 parameters."""
    user = find_user_by_email(email)
    stored = user.password_hash if user else _dummy_hash()
    try:
        _hasher.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    if user is None or not user.active:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def check_new_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"password must have at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > 1024:
        raise UserError("password must have at most 1024 characters")


def set_password(
    user: User, new_password: str, actor: User | None, keep_session: str | None = None
) -> int:
    """Set a new password and end every session of the user but `keep_session` (the one that
    made the change); returns how many sessions were ended."""
    check_new_password(new_password)
    user.password_hash = hash_password(new_password)
    ended = end_sessions_of(user, keep=keep_session)
    audit_service.record(
        "user.password_changed", "user", user.id, {"sessions_ended": ended}, actor=actor
    )
    return ended


def change_own_password(
    user: User, current_password: str, new_password: str, keep_session: str | None
) -> int:
    """The user's own change: the current password must be right."""
    try:
        _hasher.verify(user.password_hash, current_password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        raise UserError("the current password is not right") from None
    if current_password == new_password:
        raise UserError("the new password must differ from the current one")
    return set_password(user, new_password, actor=user, keep_session=keep_session)


def consume_totp_code(user: User, code: str) -> bool:
    """Accept a one-time code once: its time step must be later than the last one accepted.
    The step is recorded with a compare-and-set, so two sign-ins racing with one code cannot
    both pass."""
    if not user.totp_secret:
        return False
    step = matching_step(user.totp_secret, code)
    if step is None:
        return False
    claimed = db.session.execute(
        update(User)
        .where(
            User.id == user.id,
            or_(User.totp_last_step.is_(None), User.totp_last_step < step),
        )
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        return False
    set_committed_value(user, "totp_last_step", step)
    return True


def set_locale(user: User, locale: str) -> None:
    user.locale = locale


def list_users() -> list[User]:
    return list(db.session.execute(select(User).order_by(User.email)).scalars())
