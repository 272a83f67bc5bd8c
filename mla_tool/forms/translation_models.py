"""Table of the translations of a request's typed text: one row per field and target language."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..auth.models import utcnow
from ..extensions import db


class RequestTranslation(db.Model):
    """The translation of one field (`path`, e.g. `persons[0].description`) into `language`.

    `source_hash` is the SHA-256 of the source text it translates: when the field's text no
    longer has that hash, the translation is stale and the document prints the original."""

    __tablename__ = "request_translations"
    __table_args__ = (
        UniqueConstraint("request_id", "language", "path", name="uq_request_translations_field"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("requests.id", ondelete="CASCADE"), nullable=False, index=True
    )
    language: Mapped[str] = mapped_column(String(8), nullable=False)
    path: Mapped[str] = mapped_column(String(200), nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    source_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    imported_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    imported_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    #: bumped by every import: a row changed by someone else meanwhile is a 409 (StaleDataError)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    __mapper_args__ = {"version_id_col": version}
