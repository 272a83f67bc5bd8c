"""Finding a colleague by a few letters of their name or email, for the case list's "assigned
to" filter: the people of the user's authority are searched instead of all listed."""

from __future__ import annotations

from sqlalchemy import func, or_

from ..auth.models import User
from ..extensions import db
from .membership import colleagues_query

#: At most this many people are offered for one search.
SEARCH_LIMIT = 20


def find_colleagues(user: User, text: str, limit: int = SEARCH_LIMIT) -> list[User]:
    """Colleagues of `user` (`membership.colleagues_query`) whose name or email contains
    `text` (case-insensitive), by name; the first ones when `text` is empty."""
    query = colleagues_query(user)
    needle = text.strip().lower()
    if needle:
        query = query.where(
            or_(
                func.lower(User.display_name).contains(needle, autoescape=True),
                func.lower(User.email).contains(needle, autoescape=True),
            )
        )
    query = query.order_by(User.display_name, User.email).limit(limit)
    return list(db.session.execute(query).scalars())


def colleague_named(user: User, text: str) -> User | None:
    """The colleague `text` names: by their email, or the only one whose name or email contains
    it; None when nobody or several match."""
    needle = text.strip().lower()
    if not needle:
        return None
    exact = db.session.execute(
        colleagues_query(user).where(func.lower(User.email) == needle)
    ).scalar_one_or_none()
    if exact is not None:
        return exact
    found = find_colleagues(user, needle, limit=2)
    return found[0] if len(found) == 1 else None


def colleague_by_key(user: User, user_id: int | None) -> User | None:
    """The colleague of `user` with this id; None for anyone else."""
    if user_id is None:
        return None
    return db.session.execute(colleagues_query(user).where(User.id == user_id)).scalar_one_or_none()
