"""Maintainers' edits of states' requirement profiles as stored: the one in force per field, and
every version (the table directory_profile_values)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import has_app_context
from sqlalchemy import func, select

from ...extensions import db
from .fields import SourcedValue
from .models import ProfileValue


@dataclass(frozen=True)
class Edit:
    """A maintainer's current edit of a field: `current` is None when they recorded "unknown"."""

    current: SourcedValue | None
    version: int


def latest(iso3: str, field: str | None = None) -> list[ProfileValue]:
    """The newest version of each edited field of a state (of one field, if given)."""
    newest = (
        select(ProfileValue.field, func.max(ProfileValue.version).label("version"))
        .where(ProfileValue.state_iso3 == iso3)
        .group_by(ProfileValue.field)
    )
    if field is not None:
        newest = newest.where(ProfileValue.field == field)
    sub = newest.subquery()
    return list(
        db.session.execute(
            select(ProfileValue)
            .join(
                sub,
                (ProfileValue.field == sub.c.field) & (ProfileValue.version == sub.c.version),
            )
            .where(ProfileValue.state_iso3 == iso3)
        ).scalars()
    )


def as_edit(row: ProfileValue) -> Edit | None:
    if row.action == "reset":
        return None
    if row.action == "unknown":
        return Edit(None, row.version)
    return Edit(
        SourcedValue(row.field, row.value, row.source, row.verified_on, row.note), row.version
    )


def edited_value(iso3: str | None, field: str) -> Edit | None:
    """A maintainer's edit of a state's field in force; None where the seed applies (or when
    no database is at hand)."""
    if not iso3 or not has_app_context():
        return None
    rows = latest(iso3.upper(), field)
    return as_edit(rows[0]) if rows else None


def profile_history(iso3: str) -> list[ProfileValue]:
    """Every version of every edited field of a state, newest first."""
    return list(
        db.session.execute(
            select(ProfileValue)
            .where(ProfileValue.state_iso3 == iso3.upper())
            .order_by(ProfileValue.at.desc(), ProfileValue.id.desc())
        ).scalars()
    )
