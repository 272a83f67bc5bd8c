"""Tables of the secure exchange: fingerprint verifications of authorities' keys, and packages."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from ..auth.models import utcnow
from ..extensions import db

#: How a fingerprint was compared with the authority's own reading of it.
VERIFICATION_METHODS: tuple[str, ...] = (
    "phone",
    "videoconference",
    "in_person",
    "diplomatic_note",
    "other",
)
PACKAGE_DIRECTIONS: tuple[str, ...] = ("sent", "received")
PACKAGE_TYPES: tuple[str, ...] = ("request", "status")


class KeyVerification(db.Model):
    """Who confirmed an authority's key fingerprint, when and how; revocation ends its trust.

    A key is trusted only while a verification row holds the fingerprint of the directory
    entry's current `public_key`: a changed key needs a new verification.
    """

    __tablename__ = "exchange_key_verifications"
    __table_args__ = (Index("ix_exchange_key_verifications_fp", "fingerprint"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    authority_id: Mapped[int] = mapped_column(
        ForeignKey("directory_authorities.id", ondelete="CASCADE"), nullable=False, index=True
    )
    fingerprint: Mapped[str] = mapped_column(String(60), nullable=False)
    verified_on: Mapped[date] = mapped_column(Date, nullable=False)
    method: Mapped[str] = mapped_column(String(30), nullable=False)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    expires_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    verified_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    recorded_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    revoked_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    revoked_reason: Mapped[str] = mapped_column(Text, nullable=False, default="")


class ExchangePackage(db.Model):
    """A package this installation sealed (sent) or accepted (received).

    Received rows are the replay guard: a package id or file digest seen once is refused after.
    """

    __tablename__ = "exchange_packages"
    __table_args__ = (
        UniqueConstraint("direction", "package_id", name="uq_exchange_packages_package_id"),
        UniqueConstraint("direction", "digest", name="uq_exchange_packages_digest"),
        Index("ix_exchange_packages_reply", "in_reply_to"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    package_id: Mapped[str] = mapped_column(String(40), nullable=False)
    direction: Mapped[str] = mapped_column(String(10), nullable=False)
    type: Mapped[str] = mapped_column(String(20), nullable=False)
    digest: Mapped[str] = mapped_column(String(64), nullable=False)
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("cases.id", ondelete="SET NULL"), nullable=True, index=True
    )
    authority_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    counterpart_fingerprint: Mapped[str] = mapped_column(String(60), nullable=False)
    in_reply_to: Mapped[str | None] = mapped_column(String(40), nullable=True)
    status: Mapped[str | None] = mapped_column(String(30), nullable=True)
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)
    #: sealed file kept for download again (relative to the data folder); sent packages only
    storage_path: Mapped[str | None] = mapped_column(String(200), nullable=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
