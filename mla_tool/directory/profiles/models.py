"""The table of maintainers' edits of a state's requirement profile: one row per change, kept."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ...auth.models import utcnow
from ...extensions import db


class ProfileValue(db.Model):
    """One version of one field of a state's profile; the newest version per field is current.

    `action` "set" records `value`; "unknown" records that the value is not known (the packaged
    value no longer applies); "reset" goes back to the packaged value."""

    __tablename__ = "directory_profile_values"
    __table_args__ = (UniqueConstraint("state_iso3", "field", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    state_iso3: Mapped[str] = mapped_column(String(3), nullable=False, index=True)
    field: Mapped[str] = mapped_column(String(60), nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    action: Mapped[str] = mapped_column(String(10), nullable=False)
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    source: Mapped[str] = mapped_column(Text, nullable=False, default="")
    verified_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    actor_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    actor_email: Mapped[str | None] = mapped_column(String(320), nullable=True)
    at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
