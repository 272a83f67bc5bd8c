"""Tables of the request wizard: requests (the document as JSON) and their numbered versions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..auth.models import utcnow
from ..extensions import db


class MlaRequest(db.Model):
    """One request of any kind; `data` holds the CONTRACT.md request document."""

    __tablename__ = "requests"
    __table_args__ = (
        Index("ix_requests_owner_status", "owner_id", "status"),
        Index("ix_requests_updated", "updated_at", "id"),  # the requests list, newest first
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(30), nullable=False, index=True)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="draft", index=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), nullable=True, index=True)
    language: Mapped[str | None] = mapped_column(String(8), nullable=True)
    requesting_state: Mapped[str | None] = mapped_column(String(3), nullable=True)
    requested_state: Mapped[str | None] = mapped_column(String(3), nullable=True, index=True)
    requested_authority_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    reference: Mapped[str | None] = mapped_column(String(500), nullable=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    #: the wizard step last saved, to resume there
    last_step: Mapped[str | None] = mapped_column(String(40), nullable=True)
    duplicated_from: Mapped[int | None] = mapped_column(Integer, nullable=True)
    is_sample: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)

    def __repr__(self) -> str:
        return f"<MlaRequest {self.id} {self.kind} {self.status}>"


class RequestVersion(db.Model):
    """A snapshot of the document at each save, numbered from 1."""

    __tablename__ = "request_versions"
    __table_args__ = (UniqueConstraint("request_id", "number", name="uq_request_versions_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("requests.id", ondelete="CASCADE"), nullable=False, index=True
    )
    number: Mapped[int] = mapped_column(Integer, nullable=False)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)
    saved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    saved_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    note: Mapped[str | None] = mapped_column(String(200), nullable=True)
    # a note the system wrote ("received in package …"): message id and parameters
    note_message: Mapped[str | None] = mapped_column(String(200), nullable=True)
    note_params: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
