"""Tables of the search index: the folded text of cases and requests, and the persons they name."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .search_engine import table_listeners


class SearchEntry(db.Model):
    """The folded text a search matches: of a case's own fields (`request_id` empty) or of one
    request (its persons, offences, identifiers…), under the case it is filed in, if any."""

    __tablename__ = "search_entries"
    __table_args__ = {"listeners": table_listeners()}  # its trigram index (search_engine)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), nullable=True, index=True
    )
    request_id: Mapped[int | None] = mapped_column(
        ForeignKey("requests.id", ondelete="CASCADE"), nullable=True, index=True
    )
    text: Mapped[str] = mapped_column(Text, nullable=False, default="")


class PersonKey(db.Model):
    """One way of telling a person a request names: "n:<folded name>|<birth date>" (the name and
    each alias, words sorted so their order does not matter) or "d:<document or registration
    number>"; equal keys link cases."""

    __tablename__ = "person_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("requests.id", ondelete="CASCADE"), nullable=False, index=True
    )
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), nullable=True, index=True
    )
    key: Mapped[str] = mapped_column(String(300), nullable=False, index=True)
