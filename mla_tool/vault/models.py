"""Tables of the vault: encrypted attachments of cases and their chain of custody."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from ..auth.models import utcnow
from ..extensions import db

CUSTODY_ACTIONS: tuple[str, ...] = ("upload", "download", "integrity_failure")


class Attachment(db.Model):
    """One encrypted file of a case: its wrapped data key, plaintext digest and where it lies.

    `uid` names the file on disk and is bound into every chunk's tag and into the key wrap,
    so ciphertext and keys cannot be swapped between attachments.
    """

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True, nullable=False)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), nullable=False, index=True
    )
    filename: Mapped[str] = mapped_column(String(255), nullable=False)
    content_type: Mapped[str] = mapped_column(String(120), nullable=False)
    size: Mapped[int] = mapped_column(BigInteger, nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    key_id: Mapped[str] = mapped_column(String(40), nullable=False, index=True)
    wrapped_key: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    storage_path: Mapped[str] = mapped_column(String(200), nullable=False)
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    uploaded_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)

    def __repr__(self) -> str:
        return f"<Attachment {self.id} case={self.case_id} {self.filename!r}>"


class CustodyEntry(db.Model):
    """Chain of custody: each upload, download and failed integrity check of an attachment."""

    __tablename__ = "attachment_custody"
    __table_args__ = (Index("ix_attachment_custody_attachment_at", "attachment_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    attachment_id: Mapped[int] = mapped_column(
        ForeignKey("attachments.id", ondelete="CASCADE"), nullable=False
    )
    action: Mapped[str] = mapped_column(String(20), nullable=False)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    detail: Mapped[str] = mapped_column(String(300), nullable=False, default="")
