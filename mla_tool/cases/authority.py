"""The authority that holds a case (its owner's country and authority) and who belongs to it:
assignment and membership never reach outside it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, true

from ..auth.models import User
from ..extensions import db
from .models import Case


def holding_authority(case: Case) -> tuple[str | None, int | None]:
    """(country, authority id) of the case: the country it was opened in and the authority of
    the user who opened it (None where that user has no authority recorded)."""
    creator = db.session.get(User, case.created_by) if case.created_by else None
    country = case.owner_country or (creator.country_iso3 if creator else None)
    return country, (creator.authority_id if creator else None)


def belongs_to_holding_authority(case: Case, user: User) -> bool:
    country, authority_id = holding_authority(case)
    if country is not None and user.country_iso3 != country:
        return False
    return authority_id is None or user.authority_id == authority_id


def holding_authority_clause(case: Case) -> ColumnElement[bool]:
    """SQL condition on `User` matching exactly `belongs_to_holding_authority`."""
    country, authority_id = holding_authority(case)
    conditions: list[Any] = []
    if country is not None:
        conditions.append(User.country_iso3 == country)
    if authority_id is not None:
        conditions.append(User.authority_id == authority_id)
    return and_(true(), *conditions)


def colleague_by_id(case: Case, user_id: Any) -> User | None:
    """The user with this id if they belong to the case's authority; None when there is no such
    user or they belong elsewhere, so that a caller cannot tell the two apart."""
    try:
        key = int(user_id)
    except (TypeError, ValueError):
        return None
    user = db.session.get(User, key) if key > 0 else None
    if user is None or not belongs_to_holding_authority(case, user):
        return None
    return user
