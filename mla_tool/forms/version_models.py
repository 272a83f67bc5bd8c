"""Table of the marks on a request's versions: which version was submitted, returned, approved."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..auth.models import utcnow
from ..extensions import db


class RequestVersionMark(db.Model):
    """One event of a request's review on the version it concerned: who, when, with what note."""

    __tablename__ = "request_version_marks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("requests.id", ondelete="CASCADE"), nullable=False, index=True
    )
    #: the number of the version (`request_versions.number`) the event concerned
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    #: submitted | returned | approved | transmitted (version_marks.MARKS)
    mark: Mapped[str] = mapped_column(String(20), nullable=False)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    #: a return's comments on fields: field path -> comment
    field_comments: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
