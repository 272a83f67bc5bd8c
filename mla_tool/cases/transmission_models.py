"""Table of transmissions: what went to the requested state, when, how, by whom, and its receipt."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..auth.models import utcnow
from ..extensions import db

#: How a request goes to the requested state (UNTOC art. 18(13), Budapest art. 35).
TRANSMISSION_CHANNELS: tuple[str, ...] = (
    "central_authority",
    "diplomatic",
    "interpol",
    "direct",
    "secure_exchange",
)


class Transmission(db.Model):
    """One sending of a case's request(s): date, channel, outgoing reference (or note verbale
    number), sender, the documents with their SHA-256 digests; then the acknowledgement."""

    __tablename__ = "case_transmissions"
    __table_args__ = (Index("ix_case_transmissions_case_sent", "case_id", "sent_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), nullable=False, index=True
    )
    sent_on: Mapped[date] = mapped_column(Date, nullable=False)
    channel: Mapped[str] = mapped_column(String(30), nullable=False)
    reference: Mapped[str] = mapped_column(String(120), nullable=False)
    sent_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    #: [{name, sha256, size, role: request_document|attachment, request_id, language, version,
    #: attachment_id}]
    documents: Mapped[list[dict[str, Any]]] = mapped_column(JSON, nullable=False, default=list)
    request_ids: Mapped[list[int]] = mapped_column(JSON, nullable=False, default=list)
    #: the secure exchange's package, when it went that way
    package_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    recorded_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    #: the deadline that reminds when no acknowledgement came
    ack_deadline_id: Mapped[int | None] = mapped_column(
        ForeignKey("case_deadlines.id", ondelete="SET NULL"), nullable=True
    )
    acknowledged_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    ack_reference: Mapped[str | None] = mapped_column(String(120), nullable=True)
    ack_recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    ack_recorded_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
